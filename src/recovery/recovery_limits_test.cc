// A programme's caps per object and per person and its budget, applied when claims are valued,
// on every backend (SQLite and the test PostgreSQL server): the sums come from the store.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <functional>

#include "recovery/keys.h"
#include "recovery/recovery.h"
#include "store/postgres/pg_test_database.h"

namespace aftermath::recovery {
namespace {

struct Backend {
  std::string name;
  std::function<std::string()> make_url;
};
void PrintTo(const Backend& backend, std::ostream* os) { *os << backend.name; }

std::string TempSqliteUrl() {
  static int n = 0;
  auto dir = std::filesystem::temp_directory_path() /
             ("aftermath_recovery_limits_test_" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  auto path = dir / ("r" + std::to_string(++n) + ".db");
  std::filesystem::remove(path);
  return "sqlite:" + path.string();
}

// Fails (never skips) without the test PostgreSQL server.
std::string TempPostgresUrl() {
  auto url = testing::CreateTestDatabase();
  if (!url.ok()) {
    ADD_FAILURE() << url.status().ToString();
    return "";
  }
  return *url;
}

const names::NameEngine& Engine() {
  static const names::NameEngine* engine = new names::NameEngine(*names::NameEngine::Create());
  return *engine;
}

std::string Iin(const char* yymmdd, int n) {
  return *CompleteKzId(fmt::format("{}3{:04d}", yymmdd, n));
}
std::string Hash(char c) { return std::string(64, c); }

class RecoveryLimitsTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    auto store = OpenStore(GetParam().make_url());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(store).value();
    recovery_ = std::make_unique<Recovery>(*store_, clock_, Engine(), &ids_);
    // Caps of 10 mln per object and 12 mln per person, 20 mln in all; a valuer above 1 mln.
    auto p = recovery_->CreateProgramme("usr_admin", {.code = "almaty-shops",
                                                      .name = "Looted shops",
                                                      .claim_kinds = {ClaimKind::kBusinessProperty},
                                                      .amount_rule = AmountRule::kAssessed,
                                                      .cap_per_object = 10'000'000,
                                                      .cap_per_person = 12'000'000,
                                                      .budget = 20'000'000,
                                                      .valuer_threshold = 1'000'000,
                                                      .period_start = {2026, 1, 1}});
    ASSERT_TRUE(p.ok()) << p.status().ToString();
    programme_ = *p;
  }

  // A complete, checked claim of `iin` on the shop at `address` (or on `object_id`), inspected
  // with `damage`: valued by the schedule at once when within the valuer threshold.
  Claim Inspected(const std::string& name, const std::string& iin, const std::string& address,
                  int64_t damage, const std::string& object_id = {}) {
    NewClaim c{.kind = ClaimKind::kBusinessProperty,
               .programme = programme_.code,
               .object_id = object_id,
               .applicant_name = name,
               .applicant_id = iin,
               .iban = "KZ86125KZT5004100100",
               .amount_claimed = damage,
               .documents = {{"id_card", Hash('1'), "image/jpeg", 10},
                             {"title_deed", Hash('2'), "application/pdf", 10}}};
    if (object_id.empty()) c.object = NewObject{.kind = ObjectKind::kShop, .address = address};
    auto in = recovery_->SubmitClaim("usr_clerk", c);
    EXPECT_TRUE(in.ok()) << in.status().ToString();
    if (!in.ok()) return {};
    std::string id = in->claim.id;
    EXPECT_EQ(recovery_->ReviewClaim("usr_clerk", id)->state, ClaimState::kComplete);
    EXPECT_TRUE(recovery_->CheckClaim("usr_clerk", id).ok());
    auto a = recovery_->RecordAssessment("usr_inspector", {.object_id = in->claim.object_id,
                                                           .claim_id = id,
                                                           .grade = DamageGrade::kD3,
                                                           .looted = true,
                                                           .asset_damage = damage});
    EXPECT_TRUE(a.ok()) << a.status().ToString();
    return recovery_->GetClaim("usr_clerk", id)->claim;
  }

  FakeClock clock_{*ParseTimestamp("2026-02-02T05:00:00Z")};
  TimeOrderedIdGenerator ids_{clock_, 11};
  std::unique_ptr<Store> store_;
  std::unique_ptr<Recovery> recovery_;
  Programme programme_;
};

TEST_P(RecoveryLimitsTest, CapsPerObjectAndPersonAndTheBudgetBoundWhatIsValued) {
  const std::string owner = Iin("900101", 1), co_owner = Iin("850115", 2), other = Iin("770707", 3);
  // A: 8 mln on shop X.
  Claim a = Inspected("Ахметов Ерлан", owner, "ул. Абая 10, бутик 5", 8'000'000);
  ASSERT_EQ(a.state, ClaimState::kInspected);
  auto valued_a = recovery_->ValueClaim("usr_valuer", a.id, 8'000'000);
  ASSERT_TRUE(valued_a.ok()) << valued_a.status().ToString();
  EXPECT_EQ(valued_a->amount_valued, 8'000'000);
  // B: the co-owner of shop X asks 5 mln; the cap per object leaves 2 mln.
  Claim b = Inspected("Ахметова Айгуль", co_owner, "", 5'000'000, a.object_id);
  auto valued_b = recovery_->ValueClaim("usr_valuer", b.id, 5'000'000);
  ASSERT_TRUE(valued_b.ok()) << valued_b.status().ToString();
  EXPECT_EQ(valued_b->amount_valued, 2'000'000);
  // C: A's owner again, for shop Y, 7 mln; the cap per person leaves 4 mln.
  Claim c = Inspected("Ахметов Ерлан", owner, "ул. Гоголя 20, бутик 1", 7'000'000);
  auto valued_c = recovery_->ValueClaim("usr_valuer", c.id, 7'000'000);
  ASSERT_TRUE(valued_c.ok()) << valued_c.status().ToString();
  EXPECT_EQ(valued_c->amount_valued, 4'000'000);
  // 14 mln valued of 20: D's 9 mln does not fit, and the refusal names the programme and sums.
  Claim d = Inspected("Жумабеков Арман", other, "ул. Жибек Жолы 50", 9'000'000);
  auto refused = recovery_->ValueClaim("usr_valuer", d.id, 9'000'000);
  ASSERT_EQ(refused.status().code(), StatusCode::kFailedPrecondition);
  const std::string& why = refused.status().message();
  EXPECT_NE(why.find("almaty-shops"), std::string::npos) << why;
  EXPECT_NE(why.find("6000000 of its budget of 20000000"), std::string::npos) << why;
  EXPECT_NE(why.find("9000000"), std::string::npos) << why;
  EXPECT_EQ(recovery_->GetClaim("usr_clerk", d.id)->claim.state, ClaimState::kInspected);
  auto valued_d = recovery_->ValueClaim("usr_valuer", d.id, 6'000'000);
  ASSERT_TRUE(valued_d.ok()) << valued_d.status().ToString();

  // E is within the valuer threshold: the schedule would value it, but the budget is spent, so
  // it stays inspected with a note saying why.
  Claim e = Inspected("Сейткалиев Нурлан", Iin("660606", 4), "ул. Абая 52, бутик 14", 500'000);
  EXPECT_EQ(e.state, ClaimState::kInspected);
  EXPECT_FALSE(e.amount_valued.has_value());
  EXPECT_NE(e.notes.find("programme almaty-shops has 0 of its budget"), std::string::npos)
      << e.notes;
  // A withdrawn claim gives its sum back.
  ASSERT_TRUE(recovery_->WithdrawClaim("usr_clerk", b.id, "the co-owners settled").ok());
  auto valued_e = recovery_->ValueClaim("usr_valuer", e.id, 500'000);
  ASSERT_TRUE(valued_e.ok()) << valued_e.status().ToString();
  EXPECT_EQ(valued_e->amount_valued, 500'000);
}

TEST_P(RecoveryLimitsTest, AFixedSumIsHeldBackWhenTheBudgetHasNoRoom) {
  auto family = recovery_->CreateProgramme("usr_admin", {.code = "families",
                                                         .name = "Families of the killed",
                                                         .claim_kinds = {ClaimKind::kFamilySupport},
                                                         .amount_rule = AmountRule::kFixed,
                                                         .fixed_amount = 7'000'000,
                                                         .budget = 10'000'000,
                                                         .period_start = {2026, 1, 1}});
  ASSERT_TRUE(family.ok()) << family.status().ToString();
  std::vector<std::string> ids;
  for (int i = 0; i < 2; ++i) {
    Person p{.id = NewId(kPersonIdPrefix), .created_at = clock_.Now(), .updated_at = clock_.Now()};
    p.names = {{.full_name = fmt::format("Погибший {}", i)}};
    {
      auto tx = std::move(store_->Begin(TransactionMode::kWrite)).value();
      ASSERT_TRUE(tx->InsertPerson(p).ok());
      ASSERT_TRUE(tx->AppendAudit({.at = clock_.Now(), .actor = "test", .action = "test"}).ok());
      ASSERT_TRUE(tx->Commit().ok());
    }
    auto in = recovery_->SubmitClaim(
        "usr_clerk", {.kind = ClaimKind::kFamilySupport,
                      .programme = "families",
                      .person_id = p.id,
                      .applicant_name = fmt::format("Вдова {}", i),
                      .applicant_id = Iin("700101", 10 + i),
                      .iban = "KZ86125KZT5004100100",
                      .relation = "жена",
                      .documents = {{"id_card", Hash('1'), "image/jpeg", 10},
                                    {"death_certificate", Hash('3'), "application/pdf", 10}}});
    ASSERT_TRUE(in.ok()) << in.status().ToString();
    ASSERT_EQ(recovery_->ReviewClaim("usr_clerk", in->claim.id)->state, ClaimState::kComplete);
    ids.push_back(in->claim.id);
  }
  EXPECT_EQ(recovery_->CheckClaim("usr_clerk", ids[0])->state, ClaimState::kValued);
  auto second = recovery_->CheckClaim("usr_clerk", ids[1]);
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(second->state, ClaimState::kChecked);  // 3 mln left: 7 mln does not fit
  EXPECT_NE(second->notes.find("families has 3000000 of its budget of 10000000"), std::string::npos)
      << second->notes;
}

INSTANTIATE_TEST_SUITE_P(Backends, RecoveryLimitsTest,
                         ::testing::Values(Backend{"sqlite", TempSqliteUrl},
                                           Backend{"postgres", TempPostgresUrl}),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace aftermath::recovery

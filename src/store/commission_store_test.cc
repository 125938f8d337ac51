// The register's commissions (store/commission_records.h) on every backend, SQLite and the test
// PostgreSQL server: round trips, and the guards the database keeps itself whoever writes (one
// undecided agenda item per claim, one vote per member, claim and session, one signature per
// member and act, a final act never changes).
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <iterator>

#include "common/ids.h"
#include "store/postgres/pg_test_database.h"
#include "store/store.h"

namespace aftermath {
namespace {

struct Backend {
  std::string name;
  std::function<std::string()> make_url;
};
void PrintTo(const Backend& backend, std::ostream* os) { *os << backend.name; }

std::string TempSqliteUrl() {
  static int n = 0;
  auto dir = std::filesystem::temp_directory_path() /
             ("aftermath_commission_store_test_" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  auto path = dir / ("c" + std::to_string(++n) + ".db");
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

// Runs SQL outside the store, as another program with the database's password would.
Status ExecRaw(const std::string& url, const std::string& sql) {
  if (!url.starts_with("sqlite:")) return testing::ExecOnDatabase(url, sql);
  sqlite3* db = nullptr;
  int rc = sqlite3_open(url.substr(7).c_str(), &db);
  char* error = nullptr;
  if (rc == SQLITE_OK) rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
  Status s = rc == SQLITE_OK ? Status::Ok() : Internal(error ? error : sqlite3_errmsg(db));
  sqlite3_free(error);
  sqlite3_close(db);
  return s;
}

class CommissionStoreTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    url_ = GetParam().make_url();
    auto s = OpenStore(url_);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(s).value();
    now_ = *ParseTimestamp("2026-03-02T09:00:00Z");
    programme_.id = NewId(kProgrammeIdPrefix);
    programme_.code = "shops";
    programme_.name = "Shops";
    programme_.claim_kinds = {ClaimKind::kBusinessProperty};
    programme_.period_start = {2026, 1, 1};
    programme_.created_at = programme_.updated_at = now_;
    Commit([&](Transaction& tx) {
      Status st = tx.InsertProgramme(programme_);
      ASSERT_TRUE(st.ok()) << st.ToString();
      for (int i = 0; i < 2; ++i) {
        Claim c{.id = NewId(kClaimIdPrefix),
                .kind = ClaimKind::kBusinessProperty,
                .state = ClaimState::kReady,
                .programme_id = programme_.id,
                .amount_valued = 1'000'000,
                .created_by = "usr_test",
                .submitted_at = now_,
                .updated_at = now_};
        ASSERT_TRUE(tx.InsertClaim(c).ok());
        claims_.push_back(c.id);
      }
    });
    commission_ = Commission{.id = NewId(kCommissionIdPrefix),
                             .programme_id = programme_.id,
                             .name = "District commission",
                             .quorum = 2,
                             .members = {{chair_, CommissionRole::kChair},
                                         {secretary_, CommissionRole::kSecretary},
                                         {member_, CommissionRole::kMember}},
                             .created_by = "usr_admin",
                             .created_at = now_,
                             .updated_at = now_};
    Commit([&](Transaction& tx) { ASSERT_TRUE(tx.InsertCommission(commission_).ok()); });
  }

  std::unique_ptr<Transaction> Write() {
    auto tx = store_->Begin(TransactionMode::kWrite);
    EXPECT_TRUE(tx.ok()) << tx.status().ToString();
    return std::move(tx).value();
  }
  std::unique_ptr<Transaction> Read() {
    return std::move(store_->Begin(TransactionMode::kRead)).value();
  }
  void Commit(const std::function<void(Transaction&)>& write) {
    auto tx = Write();
    write(*tx);
    ASSERT_TRUE(tx->AppendAudit({.at = now_,
                                 .actor = "test",
                                 .action = "test.write",
                                 .entity_type = "test",
                                 .entity_id = "x"})
                    .ok());
    Status s = tx->Commit();
    ASSERT_TRUE(s.ok()) << s.ToString();
  }
  CommissionSession OpenSession() {
    CommissionSession s{.id = NewId(kCommissionSessionIdPrefix),
                        .commission_id = commission_.id,
                        .present = {chair_, member_},
                        .opened_by = chair_,
                        .opened_at = now_};
    Commit([&](Transaction& tx) {
      ASSERT_TRUE(tx.InsertCommissionSession(s).ok());
      for (size_t i = 0; i < claims_.size(); ++i) {
        ASSERT_TRUE(tx.InsertAgendaItem({.session_id = s.id,
                                         .claim_id = claims_[i],
                                         .ordinal = static_cast<int>(i),
                                         .recused = i == 0 ? "" : secretary_ + ":inspected"})
                        .ok());
      }
    });
    return s;
  }

  std::string url_;
  std::unique_ptr<Store> store_;
  Timestamp now_;
  Programme programme_;
  std::vector<std::string> claims_;
  std::string chair_ = NewId(kUserIdPrefix), secretary_ = NewId(kUserIdPrefix),
              member_ = NewId(kUserIdPrefix);
  Commission commission_;
};

TEST_P(CommissionStoreTest, CommissionRoundTripsWithItsMembers) {
  Commission got = *Read()->GetCommission(commission_.id);
  EXPECT_EQ(got.name, commission_.name);
  EXPECT_EQ(got.quorum, 2);
  EXPECT_EQ(got.members, commission_.members);
  EXPECT_EQ(got.programme_id, programme_.id);
  EXPECT_EQ(Read()->ListCommissions()->size(), 1u);
  EXPECT_EQ(Read()->GetCommission("com_nope").status().code(), StatusCode::kNotFound);

  Commission stale = got;
  got.members.pop_back();
  got.quorum = 1;
  got.updated_at = now_;
  Commit([&](Transaction& tx) { ASSERT_TRUE(tx.UpdateCommission(got).ok()); });
  {
    auto tx = Write();
    EXPECT_EQ(tx->UpdateCommission(stale).code(), StatusCode::kAborted);
  }
  Commission now = *Read()->GetCommission(commission_.id);
  EXPECT_EQ(now.version, 2);
  EXPECT_EQ(now.members.size(), 2u);
  EXPECT_EQ(now.quorum, 1);
}

TEST_P(CommissionStoreTest, QuorumBelowOneIsRefusedByTheDatabase) {
  Commission c = commission_;
  c.id = NewId(kCommissionIdPrefix);
  c.quorum = 0;
  auto tx = Write();
  EXPECT_EQ(tx->InsertCommission(c).code(), StatusCode::kInvalidArgument);
}

TEST_P(CommissionStoreTest, DeclarationsAreListedByMemberAndMadeOnce) {
  InterestDeclaration d{.id = NewId(kDeclarationIdPrefix),
                        .commission_id = commission_.id,
                        .user_id = member_,
                        .claim_id = claims_[0],
                        .declared_at = now_};
  Commit([&](Transaction& tx) { ASSERT_TRUE(tx.InsertDeclaration(d).ok()); });
  EXPECT_EQ(Read()->ListDeclarations(commission_.id, member_)->size(), 1u);
  EXPECT_EQ(Read()->ListDeclarations(commission_.id, chair_)->size(), 0u);
  auto all = *Read()->ListDeclarations(commission_.id, "");
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].claim_id, claims_[0]);
  EXPECT_EQ(all[0].declared_at, now_);
  InterestDeclaration again = d;
  again.id = NewId(kDeclarationIdPrefix);
  auto tx = Write();
  EXPECT_EQ(tx->InsertDeclaration(again).code(), StatusCode::kAlreadyExists);
}

TEST_P(CommissionStoreTest, SessionAgendaAndVotesRoundTrip) {
  CommissionSession s = OpenSession();
  CommissionSession got = *Read()->GetCommissionSession(s.id);
  EXPECT_EQ(got.present, s.present);
  EXPECT_EQ(got.state, SessionState::kOpen);
  EXPECT_FALSE(got.closed_at);
  auto agenda = *Read()->ListAgenda(s.id);
  ASSERT_EQ(agenda.size(), 2u);
  EXPECT_EQ(agenda[0].claim_id, claims_[0]);
  EXPECT_EQ(agenda[1].recused, secretary_ + ":inspected");
  EXPECT_EQ(agenda[1].decision, Decision::kPending);

  Vote v{.session_id = s.id,
         .claim_id = claims_[0],
         .user_id = member_,
         .choice = VoteChoice::kApprove,
         .cast_at = now_};
  Commit([&](Transaction& tx) { ASSERT_TRUE(tx.InsertVote(v).ok()); });
  {
    auto tx = Write();
    Vote twice = v;
    twice.choice = VoteChoice::kReject;
    EXPECT_EQ(tx->InsertVote(twice).code(), StatusCode::kAlreadyExists);
  }
  {
    // A vote on a claim that is not on the session's agenda: the foreign key refuses it.
    auto tx = Write();
    Vote stray = v;
    stray.claim_id = NewId(kClaimIdPrefix);
    EXPECT_FALSE(tx->InsertVote(stray).ok());
  }
  EXPECT_EQ(*Read()->ListVotes(s.id, claims_[0]), std::vector<Vote>{v});
  EXPECT_TRUE(Read()->ListVotes(s.id, claims_[1])->empty());
  EXPECT_EQ(Read()->ListVotes(s.id, "")->size(), 1u);

  agenda[0].decision = Decision::kApproved;
  agenda[0].amount = 900'000;
  agenda[0].decided_by = chair_;
  agenda[0].decided_at = now_;
  Commit([&](Transaction& tx) { ASSERT_TRUE(tx.UpdateAgendaItem(agenda[0]).ok()); });
  EXPECT_EQ(Read()->ListAgenda(s.id)->at(0), agenda[0]);
  EXPECT_EQ(*Read()->ListClaimItems(claims_[0]), std::vector<AgendaItem>{agenda[0]});

  got.state = SessionState::kClosed;
  got.closed_at = now_;
  Commit([&](Transaction& tx) { ASSERT_TRUE(tx.UpdateCommissionSession(got).ok()); });
  EXPECT_EQ(Read()->GetCommissionSession(s.id)->state, SessionState::kClosed);
  EXPECT_EQ(Read()->ListCommissionSessions(commission_.id)->size(), 1u);
}

TEST_P(CommissionStoreTest, AnApprovalWithoutAnAmountIsRefusedByTheDatabase) {
  CommissionSession s = OpenSession();
  AgendaItem item = Read()->ListAgenda(s.id)->at(0);
  item.decision = Decision::kApproved;
  item.amount = 0;
  auto tx = Write();
  EXPECT_EQ(tx->UpdateAgendaItem(item).code(), StatusCode::kInvalidArgument);
}

TEST_P(CommissionStoreTest, AClaimIsOnOneAgendaAtATimeWhileUndecided) {
  CommissionSession first = OpenSession();
  CommissionSession second{.id = NewId(kCommissionSessionIdPrefix),
                           .commission_id = commission_.id,
                           .present = {chair_, member_},
                           .opened_by = chair_,
                           .opened_at = now_};
  Commit([&](Transaction& tx) { ASSERT_TRUE(tx.InsertCommissionSession(second).ok()); });
  {
    auto tx = Write();
    EXPECT_EQ(tx->InsertAgendaItem({.session_id = second.id, .claim_id = claims_[0]}).code(),
              StatusCode::kAlreadyExists);
  }
  AgendaItem item = Read()->ListAgenda(first.id)->at(0);
  item.decision = Decision::kRejected;
  item.reason = "not the owner";
  item.decided_at = now_;
  Commit([&](Transaction& tx) { ASSERT_TRUE(tx.UpdateAgendaItem(item).ok()); });
  // Decided: it may go on a later session's agenda (an appeal).
  Commit([&](Transaction& tx) {
    ASSERT_TRUE(tx.InsertAgendaItem({.session_id = second.id, .claim_id = claims_[0]}).ok());
  });
  EXPECT_EQ(Read()->ListClaimItems(claims_[0])->size(), 2u);
  // Several claims' items at once: each claim's in the order ListClaimItems gives them; a claim
  // named that has none (or is unknown) adds nothing.
  std::vector<std::string> ids = {claims_[1], NewId(kClaimIdPrefix), claims_[0]};
  std::vector<AgendaItem> all = *Read()->ListClaimsItems(ids);
  size_t seen = 0;
  for (const auto& id : ids) {
    std::vector<AgendaItem> mine;
    std::copy_if(all.begin(), all.end(), std::back_inserter(mine),
                 [&](const AgendaItem& x) { return x.claim_id == id; });
    EXPECT_EQ(mine, *Read()->ListClaimItems(id)) << id;
    seen += mine.size();
  }
  EXPECT_EQ(seen, all.size());
  EXPECT_EQ(all.size(), 3u);
  EXPECT_TRUE(Read()->ListClaimsItems({})->empty());
}

TEST_P(CommissionStoreTest, AFinalActNeverChangesWhoeverWrites) {
  CommissionSession s = OpenSession();
  SessionAct act{.id = NewId(kActIdPrefix),
                 .session_id = s.id,
                 .content = "aftermath commission act 1\n",
                 .sha256 = std::string(64, 'a'),
                 .created_at = now_};
  Commit([&](Transaction& tx) { ASSERT_TRUE(tx.InsertAct(act).ok()); });
  // A draft may still be finalised; signatures are counted once per member.
  Commit([&](Transaction& tx) {
    ASSERT_TRUE(tx.InsertSignature(act.id, {chair_, now_}).ok());
    ASSERT_TRUE(tx.InsertSignature(act.id, {member_, now_}).ok());
  });
  {
    auto tx = Write();
    EXPECT_EQ(tx->InsertSignature(act.id, {chair_, now_}).code(), StatusCode::kAlreadyExists);
  }
  Commit([&](Transaction& tx) { ASSERT_TRUE(tx.FinalizeAct(act.id, now_).ok()); });
  SessionAct got = *Read()->GetAct(act.id);
  EXPECT_EQ(got.final_at, now_);
  EXPECT_EQ(got.content, act.content);
  EXPECT_EQ(got.signatures.size(), 2u);

  {
    auto tx = Write();
    EXPECT_EQ(tx->FinalizeAct(act.id, now_ + std::chrono::hours(1)).code(),
              StatusCode::kInvalidArgument);
  }
  EXPECT_FALSE(
      ExecRaw(url_, "UPDATE recovery_acts SET content = 'forged' WHERE id = '" + act.id + "'")
          .ok());
  EXPECT_FALSE(ExecRaw(url_, "DELETE FROM recovery_acts WHERE id = '" + act.id + "'").ok());
  EXPECT_EQ(Read()->GetAct(act.id)->content, act.content);

  // A correction is a new act that supersedes it, once.
  SessionAct correction{.id = NewId(kActIdPrefix),
                        .session_id = s.id,
                        .supersedes = act.id,
                        .content = "aftermath commission act 1\nsupersedes\n",
                        .sha256 = std::string(64, 'b'),
                        .created_at = now_ + std::chrono::seconds(1)};
  Commit([&](Transaction& tx) { ASSERT_TRUE(tx.InsertAct(correction).ok()); });
  {
    auto tx = Write();
    SessionAct twice = correction;
    twice.id = NewId(kActIdPrefix);
    EXPECT_EQ(tx->InsertAct(twice).code(), StatusCode::kAlreadyExists);
  }
  auto acts = *Read()->ListActs(s.id);
  ASSERT_EQ(acts.size(), 2u);
  EXPECT_EQ(acts[1].supersedes, act.id);
  EXPECT_FALSE(acts[1].final_at);
}

TEST_P(CommissionStoreTest, ApprovalTiersRoundTripAndAreReplacedWhole) {
  std::vector<ApprovalTier> tiers = {{5'000'000, {SignOffRole::kChair}},
                                     {20'000'000, {SignOffRole::kChair, SignOffRole::kFinance}}};
  Commit([&](Transaction& tx) { ASSERT_TRUE(tx.ReplaceApprovalTiers(programme_.id, tiers).ok()); });
  EXPECT_EQ(*Read()->ListApprovalTiers(programme_.id), tiers);
  Commit([&](Transaction& tx) {
    ASSERT_TRUE(tx.ReplaceApprovalTiers(programme_.id, {{1, {SignOffRole::kFinance}}}).ok());
  });
  EXPECT_EQ(Read()->ListApprovalTiers(programme_.id)->size(), 1u);
}

TEST_P(CommissionStoreTest, OnePersonGivesOneSignOffOfAnApprovedItemOnly) {
  CommissionSession s = OpenSession();
  {
    // Not approved yet: the database refuses.
    auto tx = Write();
    EXPECT_EQ(tx->InsertSignOff({s.id, claims_[0], SignOffRole::kChair, chair_, now_}).code(),
              StatusCode::kInvalidArgument);
  }
  AgendaItem item = Read()->ListAgenda(s.id)->at(0);
  item.decision = Decision::kApproved;
  item.amount = 30'000'000;
  item.decided_at = now_;
  Commit([&](Transaction& tx) {
    ASSERT_TRUE(tx.UpdateAgendaItem(item).ok());
    ASSERT_TRUE(tx.InsertSignOff({s.id, claims_[0], SignOffRole::kChair, chair_, now_}).ok());
  });
  {
    auto tx = Write();  // the same person for the other role
    EXPECT_EQ(tx->InsertSignOff({s.id, claims_[0], SignOffRole::kFinance, chair_, now_}).code(),
              StatusCode::kAlreadyExists);
  }
  {
    auto tx = Write();  // a second chair's sign-off
    EXPECT_EQ(tx->InsertSignOff({s.id, claims_[0], SignOffRole::kChair, member_, now_}).code(),
              StatusCode::kAlreadyExists);
  }
  Commit([&](Transaction& tx) {
    ASSERT_TRUE(tx.InsertSignOff({s.id, claims_[0], SignOffRole::kFinance, member_, now_}).ok());
  });
  auto given = *Read()->ListSignOffs(s.id, claims_[0]);
  ASSERT_EQ(given.size(), 2u);
  EXPECT_EQ(given[0].role, SignOffRole::kChair);
  EXPECT_EQ(given[1].user_id, member_);
  EXPECT_EQ(Read()->ListSignOffs(s.id, "")->size(), 2u);
  EXPECT_TRUE(Read()->ListSignOffs(s.id, claims_[1])->empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, CommissionStoreTest,
                         ::testing::Values(Backend{"sqlite", TempSqliteUrl},
                                           Backend{"postgres", TempPostgresUrl}),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace aftermath

// The register's payments (store/payment_records.h) on every backend, SQLite and the test
// PostgreSQL server: round trips, and each guard the database keeps against paying wrongly,
// written around the register's code (straight into the store and in raw SQL), so that a bug
// above the store cannot pay twice either.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <functional>
#include <map>
#include <random>
#include <set>
#include <thread>

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
             ("aftermath_payment_store_test_" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  auto path = dir / ("p" + std::to_string(++n) + ".db");
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

class PaymentStoreTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    url_ = GetParam().make_url();
    auto s = OpenStore(url_);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(s).value();
    now_ = *ParseTimestamp("2026-03-02T09:00:00Z");
    programme_ = Programme{.id = NewId(kProgrammeIdPrefix),
                           .code = "shops",
                           .name = "Shops",
                           .claim_kinds = {ClaimKind::kBusinessProperty},
                           .cap_per_object = 10'000'000,
                           .budget = 25'000'000,
                           .period_start = {2026, 1, 1},
                           .created_at = now_,
                           .updated_at = now_};
    object_ = AffectedObject{.id = NewId(kObjectIdPrefix),
                             .kind = ObjectKind::kShop,
                             .address = "ул. Абая 10",
                             .created_by = "usr_test",
                             .created_at = now_,
                             .updated_at = now_};
    commission_ = Commission{.id = NewId(kCommissionIdPrefix),
                             .name = "C",
                             .quorum = 1,
                             .members = {{chair_, CommissionRole::kChair}},
                             .created_by = "usr_admin",
                             .created_at = now_,
                             .updated_at = now_};
    commission_.programme_id = programme_.id;
    session_ = CommissionSession{.id = NewId(kCommissionSessionIdPrefix),
                                 .commission_id = commission_.id,
                                 .present = {chair_},
                                 .opened_by = chair_,
                                 .opened_at = now_};
    list_ = PaymentList{.id = NewId(kPaymentListIdPrefix),
                        .programme_id = programme_.id,
                        .created_by = "usr_fin",
                        .created_at = now_};
    Commit([&](Transaction& tx) {
      Status st = tx.InsertProgramme(programme_);
      ASSERT_TRUE(st.ok()) << st.ToString();
      ASSERT_TRUE(tx.InsertObject(object_).ok());
      ASSERT_TRUE(tx.InsertCommission(commission_).ok());
      ASSERT_TRUE(tx.InsertCommissionSession(session_).ok());
      ASSERT_TRUE(tx.InsertPaymentList(list_).ok());
    });
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
  // Runs `write` in a transaction of its own and returns what the store said (rolled back).
  Status Try(const std::function<Status(Transaction&)>& write) {
    auto tx = Write();
    return write(*tx);
  }

  // An approved claim on the session's agenda for `amount`, on the object unless `no_object`.
  std::string Approved(int64_t amount, bool no_object = false) {
    Claim c{.id = NewId(kClaimIdPrefix),
            .kind = ClaimKind::kBusinessProperty,
            .state = ClaimState::kApproved,
            .programme_id = programme_.id,
            .object_id = no_object ? "" : object_.id,
            .amount_valued = amount,
            .created_by = "usr_test",
            .submitted_at = now_,
            .updated_at = now_};
    Commit([&](Transaction& tx) {
      ASSERT_TRUE(tx.InsertClaim(c).ok());
      ASSERT_TRUE(tx.InsertAgendaItem({.session_id = session_.id,
                                       .claim_id = c.id,
                                       .ordinal = ordinal_++,
                                       .decision = Decision::kApproved,
                                       .amount = amount,
                                       .decided_by = chair_,
                                       .decided_at = now_})
                      .ok());
    });
    return c.id;
  }
  void FinalAct() {
    SessionAct act{.id = NewId(kActIdPrefix),
                   .session_id = session_.id,
                   .content = "act",
                   .sha256 = std::string(64, 'a'),
                   .created_at = now_,
                   .final_at = now_};
    Commit([&](Transaction& tx) { ASSERT_TRUE(tx.InsertAct(act).ok()); });
  }
  Payment Pay(const std::string& claim, int64_t amount, std::string payee_id) {
    return Payment{.id = NewId(kPaymentIdPrefix),
                   .list_id = list_.id,
                   .programme_id = programme_.id,
                   .claim_id = claim,
                   .session_id = session_.id,
                   .object_id = object_.id,
                   .payee_name = "Ахметов Ерлан",
                   .payee_id = std::move(payee_id),
                   .iban = "KZ75601A861001725391",
                   .bic = "HSBKKZKX",
                   .amount = amount,
                   .created_at = now_};
  }

  std::string url_;
  std::unique_ptr<Store> store_;
  Timestamp now_;
  Programme programme_;
  AffectedObject object_;
  Commission commission_;
  CommissionSession session_;
  PaymentList list_;
  std::string chair_ = NewId(kUserIdPrefix);
  int ordinal_ = 0;
};

TEST_P(PaymentStoreTest, NoPaymentWithoutAFinalApprovalOfItsAmount) {
  std::string claim = Approved(4'000'000);
  Payment p = Pay(claim, 4'000'000, "900101300017");
  EXPECT_EQ(Try([&](Transaction& tx) { return tx.InsertPayment(p); }).code(),
            StatusCode::kInvalidArgument);  // the act is not final
  FinalAct();
  Payment more = Pay(claim, 4'000'001, "900101300017");
  EXPECT_EQ(Try([&](Transaction& tx) { return tx.InsertPayment(more); }).code(),
            StatusCode::kInvalidArgument);  // more than approved
  Payment unknown = Pay(NewId(kClaimIdPrefix), 4'000'000, "");
  EXPECT_FALSE(Try([&](Transaction& tx) { return tx.InsertPayment(unknown); }).ok());
  Commit([&](Transaction& tx) { ASSERT_TRUE(tx.InsertPayment(p).ok()); });
  Payment got = *Read()->GetPayment(p.id);
  EXPECT_EQ(got.amount, 4'000'000);
  EXPECT_EQ(got.state, PaymentState::kQueued);
  EXPECT_EQ(got.iban, p.iban);
  EXPECT_EQ(*Read()->SumLivePayments(programme_.id), 4'000'000);
  // A second live payment of the claim.
  Payment again = Pay(claim, 4'000'000, "");
  EXPECT_EQ(Try([&](Transaction& tx) { return tx.InsertPayment(again); }).code(),
            StatusCode::kAlreadyExists);
  // Raw SQL cannot slip one in either.
  EXPECT_FALSE(ExecRaw(url_,
                       "INSERT INTO recovery_payments (id, version, list_id, programme_id, "
                       "claim_id, session_id, bic, amount, state, created_at) VALUES "
                       "('pay_raw', 1, '" +
                           list_.id + "', '" + programme_.id + "', '" + Approved(1'000) + "', '" +
                           session_.id + "', 'HSBKKZKX', 2000, 'queued', '2026-03-02T09:00:00Z')")
                   .ok());
}

TEST_P(PaymentStoreTest, NeverMoreOnAnObjectThanItsCapNorInAProgrammeThanItsBudget) {
  std::string a = Approved(6'000'000), b = Approved(5'000'000), c = Approved(2'000'000);
  std::string d = Approved(9'000'000, true), e = Approved(9'000'000, true);
  FinalAct();
  Commit([&](Transaction& tx) {
    ASSERT_TRUE(tx.InsertPayment(Pay(a, 6'000'000, "900101300017")).ok());
  });
  Payment over = Pay(b, 5'000'000, "850115400911");  // 11 mln on a 10 mln object
  EXPECT_EQ(Try([&](Transaction& tx) { return tx.InsertPayment(over); }).code(),
            StatusCode::kInvalidArgument);
  Commit([&](Transaction& tx) {
    ASSERT_TRUE(tx.InsertPayment(Pay(c, 2'000'000, "850115400911")).ok());
    Payment pd = Pay(d, 9'000'000, "");
    pd.object_id.clear();
    ASSERT_TRUE(tx.InsertPayment(pd).ok());  // 17 mln of the 25 mln budget
  });
  Payment pe = Pay(e, 9'000'000, "");
  pe.object_id.clear();
  EXPECT_EQ(Try([&](Transaction& tx) { return tx.InsertPayment(pe); }).code(),
            StatusCode::kInvalidArgument);  // 26 mln
}

// InsertPayments writes up to 256 rows a statement, and PostgreSQL checks the budget once per
// statement (migration 0023): each guard must still hold between the rows of one call, across
// its statements, and against what is already there; a refusal leaves nothing of the call.
TEST_P(PaymentStoreTest, APaymentBatchIsGuardedAsItsRowsOneByOne) {
  std::vector<std::string> small;
  for (int i = 0; i < 300; ++i) small.push_back(Approved(50'000, true));
  std::string a = Approved(6'000'000), b = Approved(5'000'000);
  std::string c = Approved(4'000'000, true), d = Approved(4'000'000, true);
  std::string e = Approved(9'000'000, true), f = Approved(2'000'000, true);
  FinalAct();
  auto no_object = [&](const std::string& claim, int64_t amount, std::string payee) {
    Payment p = Pay(claim, amount, std::move(payee));
    p.object_id.clear();
    return p;
  };
  // 300 payments (two statements), 15 mln of the 25 mln budget.
  std::vector<Payment> batch;
  for (size_t i = 0; i < small.size(); ++i) {
    batch.push_back(no_object(small[i], 50'000, i % 2 ? "" : "9001013" + std::to_string(10000 + i)));
  }
  Commit([&](Transaction& tx) {
    Status s = tx.InsertPayments(batch);
    ASSERT_TRUE(s.ok()) << s.ToString();
  });
  EXPECT_EQ(Read()->ListPayments({.list_id = list_.id, .limit = 1000})->size(), 300u);
  EXPECT_EQ(Read()->GetProgrammeTotals(programme_.id)->live, 15'000'000);
  // The object's cap (10 mln) between two rows of one call.
  EXPECT_EQ(Try([&](Transaction& tx) {
              return tx.InsertPayments({Pay(a, 6'000'000, ""), Pay(b, 5'000'000, "")});
            }).code(),
            StatusCode::kInvalidArgument);
  // One payee twice in one call; one claim twice in one call.
  EXPECT_EQ(Try([&](Transaction& tx) {
              return tx.InsertPayments(
                  {no_object(c, 4'000'000, "850115400911"), no_object(d, 4'000'000, "850115400911")});
            }).code(),
            StatusCode::kAlreadyExists);
  EXPECT_EQ(Try([&](Transaction& tx) {
              return tx.InsertPayments({no_object(c, 4'000'000, ""), no_object(c, 4'000'000, "")});
            }).code(),
            StatusCode::kAlreadyExists);
  // The budget: 15 + 4 + 9 = 28 mln of 25, the last row of the call over it.
  EXPECT_EQ(Try([&](Transaction& tx) {
              return tx.InsertPayments({no_object(c, 4'000'000, ""), no_object(e, 9'000'000, "")});
            }).code(),
            StatusCode::kInvalidArgument);
  // Nothing of a refused call stays; the budget's total is what is paid.
  EXPECT_EQ(Read()->ListPayments({.list_id = list_.id, .limit = 1000})->size(), 300u);
  EXPECT_EQ(Read()->GetProgrammeTotals(programme_.id)->live, 15'000'000);
  // Up to the budget exactly: 15 + 4 + 4 + 2 = 25 mln.
  Commit([&](Transaction& tx) {
    Status s = tx.InsertPayments({no_object(c, 4'000'000, ""), no_object(d, 4'000'000, ""),
                                  no_object(f, 2'000'000, "")});
    ASSERT_TRUE(s.ok()) << s.ToString();
  });
  EXPECT_EQ(Read()->GetProgrammeTotals(programme_.id)->live, 25'000'000);
  EXPECT_EQ(*Read()->SumLivePayments(programme_.id), 25'000'000);
  // The list exported: no further payment on it, in a call of several.
  Commit([&](Transaction& tx) {
    PaymentList l = *tx.GetPaymentList(list_.id);
    l.exported_at = now_;
    l.state = PaymentListState::kExported;
    ASSERT_TRUE(tx.UpdatePaymentList(l).ok());
  });
  EXPECT_EQ(Try([&](Transaction& tx) {
              return tx.InsertPayments({Pay(a, 6'000'000, "")});
            }).code(),
            StatusCode::kInvalidArgument);
}

TEST_P(PaymentStoreTest, OnePersonIsPaidOncePerProgrammeAndNeverWhenDeadOrDetained) {
  std::string a = Approved(1'000'000, true), b = Approved(1'000'000, true);
  std::string c = Approved(1'000'000, true), d = Approved(1'000'000, true);
  FinalAct();
  Commit([&](Transaction& tx) {
    Payment p = Pay(a, 1'000'000, "900101300017");
    p.object_id.clear();
    ASSERT_TRUE(tx.InsertPayment(p).ok());
  });
  Payment twice = Pay(b, 1'000'000, "900101300017");
  twice.object_id.clear();
  EXPECT_EQ(Try([&](Transaction& tx) { return tx.InsertPayment(twice); }).code(),
            StatusCode::kAlreadyExists);

  for (PersonStatus status : {PersonStatus::kDeceased, PersonStatus::kDetained}) {
    Person person{.id = NewId(kPersonIdPrefix),
                  .names = {PersonName{.full_name = "Сейткалиев Нурлан"}},
                  .status = status,
                  .created_at = now_,
                  .updated_at = now_};
    Commit([&](Transaction& tx) { ASSERT_TRUE(tx.InsertPerson(person).ok()); });
    Payment p = Pay(c, 1'000'000, "");
    p.object_id.clear();
    p.payee_person_id = person.id;
    EXPECT_EQ(Try([&](Transaction& tx) { return tx.InsertPayment(p); }).code(),
              StatusCode::kInvalidArgument)
        << ToString(status);
  }
  // A record merged into another keeps its own status: the payment must name the survivor.
  Person survivor{.id = NewId(kPersonIdPrefix),
                  .names = {PersonName{.full_name = "Сейткалиев Марат"}},
                  .status = PersonStatus::kDeceased,
                  .created_at = now_,
                  .updated_at = now_};
  Person merged_away = survivor;
  merged_away.id = NewId(kPersonIdPrefix);
  merged_away.status = PersonStatus::kHospitalised;
  merged_away.merged_into = survivor.id;
  Commit([&](Transaction& tx) {
    ASSERT_TRUE(tx.InsertPerson(survivor).ok());
    ASSERT_TRUE(tx.InsertPerson(merged_away).ok());
    ASSERT_TRUE(tx.UpdatePerson(merged_away).ok());  // an insert writes no merged_into
  });
  {
    Payment p = Pay(c, 1'000'000, "");
    p.object_id.clear();
    p.payee_person_id = merged_away.id;
    EXPECT_EQ(Try([&](Transaction& tx) { return tx.InsertPayment(p); }).code(),
              StatusCode::kInvalidArgument);
  }
  Person alive{.id = NewId(kPersonIdPrefix),
               .names = {PersonName{.full_name = "Сейткалиева Айгуль"}},
               .status = PersonStatus::kHospitalised,
               .created_at = now_,
               .updated_at = now_};
  Commit([&](Transaction& tx) {
    ASSERT_TRUE(tx.InsertPerson(alive).ok());
    Payment p = Pay(d, 1'000'000, "");
    p.object_id.clear();
    p.payee_person_id = alive.id;
    ASSERT_TRUE(tx.InsertPayment(p).ok());
  });
}

TEST_P(PaymentStoreTest, AListIsExportedOnceAndAPaidPaymentNeverChanges) {
  std::string a = Approved(1'000'000);
  FinalAct();
  Payment p = Pay(a, 1'000'000, "900101300017");
  Commit([&](Transaction& tx) { ASSERT_TRUE(tx.InsertPayment(p).ok()); });
  PaymentList l = *Read()->GetPaymentList(list_.id);
  l.state = PaymentListState::kExported;
  l.exported_at = now_;
  l.export_format = "pain.001.001.03";
  l.export_sha256 = std::string(64, 'e');
  Commit([&](Transaction& tx) { ASSERT_TRUE(tx.UpdatePaymentList(l).ok()); });
  ++l.version;
  PaymentList again = l;
  again.exported_at = now_ + std::chrono::hours(1);
  again.export_sha256 = std::string(64, 'f');
  EXPECT_EQ(Try([&](Transaction& tx) { return tx.UpdatePaymentList(again); }).code(),
            StatusCode::kInvalidArgument);
  EXPECT_FALSE(ExecRaw(url_, "UPDATE recovery_payment_lists SET exported_at = NULL WHERE id = '" +
                                 l.id + "'")
                   .ok());
  // Nothing is added to a list once it went to the bank.
  Payment late = Pay(Approved(1'000, true), 1'000, "");
  late.object_id.clear();
  EXPECT_EQ(Try([&](Transaction& tx) { return tx.InsertPayment(late); }).code(),
            StatusCode::kInvalidArgument);

  Payment sent = *Read()->GetPayment(p.id);
  sent.state = PaymentState::kPaid;
  sent.paid_at = now_;
  Commit([&](Transaction& tx) { ASSERT_TRUE(tx.UpdatePayment(sent).ok()); });
  ++sent.version;
  Payment back = sent;
  back.state = PaymentState::kReturned;
  back.return_reason = "AC01";
  EXPECT_EQ(Try([&](Transaction& tx) { return tx.UpdatePayment(back); }).code(),
            StatusCode::kInvalidArgument);
  Payment repaid = sent;
  repaid.paid_at = now_ + std::chrono::hours(2);
  EXPECT_EQ(Try([&](Transaction& tx) { return tx.UpdatePayment(repaid); }).code(),
            StatusCode::kInvalidArgument);
  EXPECT_FALSE(ExecRaw(url_, "DELETE FROM recovery_payments WHERE id = '" + p.id + "'").ok());
  EXPECT_EQ(Read()->GetPayment(p.id)->state, PaymentState::kPaid);
  EXPECT_EQ(Read()->ListPayments({.list_id = list_.id})->size(), 1u);
  EXPECT_EQ(Read()->ListPaymentLists(programme_.id)->size(), 1u);
}

TEST_P(PaymentStoreTest, AReturnedPaymentIsSentAgainAsANewPayment) {
  std::string a = Approved(1'000'000);
  FinalAct();
  Payment p = Pay(a, 1'000'000, "900101300017");
  Commit([&](Transaction& tx) { ASSERT_TRUE(tx.InsertPayment(p).ok()); });
  p = *Read()->GetPayment(p.id);
  p.state = PaymentState::kReturned;
  p.return_reason = "AC04";
  p.returned_at = now_;
  Commit([&](Transaction& tx) { ASSERT_TRUE(tx.UpdatePayment(p).ok()); });
  ++p.version;
  Payment revived = p;
  revived.state = PaymentState::kSent;
  EXPECT_EQ(Try([&](Transaction& tx) { return tx.UpdatePayment(revived); }).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(*Read()->SumLivePayments(programme_.id), 0);
  Payment resent = Pay(a, 1'000'000, "900101300017");
  resent.resent_from = p.id;
  resent.iban = "KZ56722S000001234567";
  resent.bic = "CASPKZKA";
  Commit([&](Transaction& tx) { ASSERT_TRUE(tx.InsertPayment(resent).ok()); });
  EXPECT_EQ(Read()->ListPayments({.claim_id = a})->size(), 2u);
  EXPECT_EQ(Read()->ListPayments({.state = PaymentState::kReturned})->size(), 1u);
}

// A randomized property test of the guards (issue #17): random payments, straight into the
// store, for random claims (approved or not, their act final or not), objects, payees (some
// recorded dead or detained), amounts (some not the approved one), lists (some exported), and
// random bank fates (paid, returned, paid twice, returned after paid). Whatever the store takes,
// afterwards: no payment without a final approval of its amount, no claim or payee with two live
// payments, no object above its cap, the budget held, no payee dead or detained, nothing on a
// list after its export, nothing paid changed. AFTERMATH_PROPERTY_STEPS sets the steps (300 for
// make check; the larger run in docs/benchmarks.md).
// A bank's answer changes payments and claims by the hundred: UpdatePayments and
// UpdateClaimStates write them a statement per 256 rows, each row at its version, and the audit
// rows of one commit go into the chain a statement per 256 rows too. 300 rows: one full
// statement and the rest in smaller ones.
TEST_P(PaymentStoreTest, BatchUpdatesWriteEveryRowAtItsVersionAndTheAuditChainHolds) {
  constexpr int kRows = 300;
  FinalAct();
  std::vector<Payment> pays;
  std::vector<std::string> claims;
  Commit([&](Transaction& tx) {
    for (int i = 0; i < kRows; ++i) {
      Claim c{.id = NewId(kClaimIdPrefix),
              .kind = ClaimKind::kBusinessProperty,
              .state = ClaimState::kApproved,
              .programme_id = programme_.id,
              .amount_valued = 10'000,
              .created_by = "usr_test",
              .submitted_at = now_,
              .updated_at = now_};
      ASSERT_TRUE(tx.InsertClaim(c).ok());
      ASSERT_TRUE(tx.InsertAgendaItem({.session_id = session_.id,
                                       .claim_id = c.id,
                                       .ordinal = ordinal_++,
                                       .decision = Decision::kApproved,
                                       .amount = 10'000,
                                       .decided_by = chair_,
                                       .decided_at = now_})
                      .ok());
      Payment p = Pay(c.id, 10'000, "");
      p.object_id.clear();
      Status st = tx.InsertPayment(p);
      ASSERT_TRUE(st.ok()) << st.ToString();
      pays.push_back(p);
      claims.push_back(c.id);
    }
  });
  for (auto& p : pays) p.state = PaymentState::kSent;
  Commit([&](Transaction& tx) {
    Status st = tx.UpdatePayments(pays);
    ASSERT_TRUE(st.ok()) << st.ToString();
  });
  for (auto& p : pays) ++p.version;

  // One row moved on: the whole batch is refused, naming it, and nothing of it is kept.
  std::vector<Payment> paid = pays;
  for (auto& p : paid) {
    p.state = PaymentState::kPaid;
    p.paid_at = now_;
  }
  paid[kRows - 3].version = 1;
  Status stale = Try([&](Transaction& tx) { return tx.UpdatePayments(paid); });
  EXPECT_EQ(stale.code(), StatusCode::kAborted) << stale.ToString();
  EXPECT_NE(stale.message().find(paid[kRows - 3].id), std::string::npos) << stale.ToString();
  paid[kRows - 3].version = 2;
  std::vector<Payment> twice = {paid[0], paid[1], paid[0]};
  EXPECT_EQ(Try([&](Transaction& tx) { return tx.UpdatePayments(twice); }).code(),
            StatusCode::kInvalidArgument);
  auto unchanged = Read()->ListPayments({.list_id = list_.id});
  ASSERT_TRUE(unchanged.ok());
  for (const auto& p : *unchanged) {
    EXPECT_EQ(p.state, PaymentState::kSent) << p.id;
    EXPECT_EQ(p.version, 2) << p.id;
  }

  // The answer: every payment paid, every claim paid, an audit row each.
  std::vector<ClaimStatus> statuses;
  {
    auto tx = Read();
    auto got = tx->ListClaimStatusesOnList(list_.id);
    ASSERT_TRUE(got.ok()) << got.status().ToString();
    statuses = *got;
    EXPECT_TRUE(tx->ListClaimStatusesOnList("pls_unknown")->empty());
  }
  ASSERT_EQ(statuses.size(), static_cast<size_t>(kRows));
  std::set<std::string> want(claims.begin(), claims.end());
  for (const auto& c : statuses) {
    EXPECT_TRUE(want.contains(c.id)) << c.id;
    EXPECT_EQ(c.state, ClaimState::kApproved);
    EXPECT_EQ(c.kind, ClaimKind::kBusinessProperty);
  }
  std::vector<ClaimStatus> stale_claims = statuses;
  stale_claims[kRows / 2].version += 1;
  Status moved = Try(
      [&](Transaction& tx) { return tx.UpdateClaimStates(stale_claims, ClaimState::kPaid, now_); });
  EXPECT_EQ(moved.code(), StatusCode::kAborted) << moved.ToString();
  EXPECT_NE(moved.message().find(stale_claims[kRows / 2].id), std::string::npos);

  auto [seq_before, hash_before] = *Read()->AuditHead();
  {
    auto tx = Write();
    Status st = tx->UpdateClaimStates(statuses, ClaimState::kPaid, now_);
    ASSERT_TRUE(st.ok()) << st.ToString();
    st = tx->UpdatePayments(paid);
    ASSERT_TRUE(st.ok()) << st.ToString();
    for (const auto& p : paid) {
      ASSERT_TRUE(tx->AppendAudit({.at = now_,
                                   .actor = "usr_fin",
                                   .action = "claim.paid",
                                   .entity_type = "recovery_claim",
                                   .entity_id = p.claim_id,
                                   .detail = "payment=" + p.id})
                      .ok());
    }
    st = tx->Commit();
    ASSERT_TRUE(st.ok()) << st.ToString();
  }
  auto tx = Read();
  auto after = tx->ListPayments({.list_id = list_.id});
  ASSERT_TRUE(after.ok());
  ASSERT_EQ(after->size(), static_cast<size_t>(kRows));
  for (const auto& p : *after) {
    EXPECT_EQ(p.state, PaymentState::kPaid) << p.id;
    EXPECT_EQ(p.version, 3) << p.id;
    EXPECT_TRUE(p.paid_at && *p.paid_at == now_) << p.id;
  }
  auto claims_after = tx->ListClaimStatusesOnList(list_.id);
  ASSERT_TRUE(claims_after.ok());
  ASSERT_EQ(claims_after->size(), static_cast<size_t>(kRows));
  for (const auto& c : *claims_after) {
    EXPECT_EQ(c.state, ClaimState::kPaid) << c.id;
    EXPECT_EQ(c.version, 2) << c.id;
  }
  EXPECT_EQ(tx->GetProgrammeTotals(programme_.id)->live, int64_t{kRows} * 10'000);
  // The chain: one row per payment, in order, each linked to the one before and hashed.
  auto rows = tx->ListAudit(seq_before, 2 * kRows);
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), static_cast<size_t>(kRows));
  std::string prev = hash_before;
  for (size_t i = 0; i < rows->size(); ++i) {
    const AuditEvent& e = (*rows)[i];
    EXPECT_EQ(e.seq, seq_before + 1 + static_cast<int64_t>(i));
    EXPECT_EQ(e.prev_hash, prev);
    EXPECT_EQ(e.hash, AuditHash(e)) << e.seq;
    EXPECT_EQ(e.detail, "payment=" + paid[i].id);
    prev = e.hash;
  }
  EXPECT_EQ(tx->AuditHead()->second, prev);
}

TEST_P(PaymentStoreTest, RandomPaymentsNeverBreakTheGuards) {
  int steps = 300;
  if (const char* env = std::getenv("AFTERMATH_PROPERTY_STEPS")) steps = std::atoi(env);
  std::mt19937_64 rng(20260302);
  auto pick = [&](size_t n) { return static_cast<size_t>(rng() % n); };
  // A second session whose act stays a draft: its approvals are not final.
  CommissionSession draft{.id = NewId(kCommissionSessionIdPrefix),
                          .commission_id = commission_.id,
                          .present = {chair_},
                          .opened_by = chair_,
                          .opened_at = now_};
  Commit([&](Transaction& tx) { ASSERT_TRUE(tx.InsertCommissionSession(draft).ok()); });
  struct Approval {
    std::string claim, session, object;
    int64_t amount;
  };
  std::vector<Approval> approvals;
  std::vector<AffectedObject> objects = {object_};
  for (int i = 0; i < 3; ++i) {
    AffectedObject o = object_;
    o.id = NewId(kObjectIdPrefix);
    objects.push_back(o);
    Commit([&](Transaction& tx) { ASSERT_TRUE(tx.InsertObject(o).ok()); });
  }
  std::vector<std::string> persons;
  for (PersonStatus st : {PersonStatus::kHospitalised, PersonStatus::kDeceased,
                          PersonStatus::kDetained, PersonStatus::kSafe}) {
    Person person{.id = NewId(kPersonIdPrefix),
                  .names = {PersonName{.full_name = "Сейткалиев Нурлан"}},
                  .status = st,
                  .created_at = now_,
                  .updated_at = now_};
    Commit([&](Transaction& tx) { ASSERT_TRUE(tx.InsertPerson(person).ok()); });
    persons.push_back(person.id);
  }
  const std::vector<std::string> payees = {"", "900101300017", "850115400911", "770707300001",
                                           "880808300002"};
  std::vector<std::string> lists = {list_.id};
  FinalAct();
  int accepted = 0, refused = 0;
  std::set<std::string> exported;            // lists exported so far
  std::map<std::string, Timestamp> paid_at;  // payments paid so far, and when
  for (int step = 0; step < steps; ++step) {
    switch (pick(6)) {
      case 0: {  // a new approval, on the final session or the draft one
        bool final = pick(4) != 0;
        int64_t amount = 500'000 * static_cast<int64_t>(1 + pick(8));
        std::string object = pick(3) ? objects[pick(objects.size())].id : "";
        Claim c{.id = NewId(kClaimIdPrefix),
                .kind = ClaimKind::kBusinessProperty,
                .state = ClaimState::kApproved,
                .programme_id = programme_.id,
                .object_id = object,
                .amount_valued = amount,
                .created_by = "usr_test",
                .submitted_at = now_,
                .updated_at = now_};
        std::string session = final ? session_.id : draft.id;
        Commit([&](Transaction& tx) {
          ASSERT_TRUE(tx.InsertClaim(c).ok());
          ASSERT_TRUE(tx.InsertAgendaItem({.session_id = session,
                                           .claim_id = c.id,
                                           .ordinal = ordinal_++,
                                           .decision = Decision::kApproved,
                                           .amount = amount,
                                           .decided_at = now_})
                          .ok());
        });
        approvals.push_back({c.id, session, object, amount});
        break;
      }
      case 1:
      case 2: {  // a payment for some approval (maybe with another amount or a dead payee)
        if (approvals.empty()) break;
        const Approval& a = approvals[pick(approvals.size())];
        Payment p = Pay(a.claim, pick(5) ? a.amount : a.amount + 1, payees[pick(payees.size())]);
        p.session_id = a.session;
        p.object_id = a.object;
        p.list_id = lists[pick(lists.size())];
        if (pick(3) == 0) p.payee_person_id = persons[pick(persons.size())];
        auto tx = Write();
        Status s = tx->InsertPayment(p);
        if (s.ok()) {
          ASSERT_TRUE(tx->AppendAudit({.at = now_,
                                       .actor = "t",
                                       .action = "t",
                                       .entity_type = "t",
                                       .entity_id = p.id})
                          .ok());
          ASSERT_TRUE(tx->Commit().ok());
          EXPECT_FALSE(exported.contains(p.list_id)) << p.id << " added to an exported list";
          ++accepted;
        } else {
          ASSERT_TRUE(s.code() == StatusCode::kInvalidArgument ||
                      s.code() == StatusCode::kAlreadyExists)
              << s.ToString();
          ++refused;
        }
        break;
      }
      case 3: {  // a bank's fate for some payment, right or wrong
        auto all = *Read()->ListPayments({});
        if (all.empty()) break;
        Payment p = all[pick(all.size())];
        bool paid = pick(2);
        p.state = paid ? PaymentState::kPaid : PaymentState::kReturned;
        if (paid) p.paid_at = now_ + std::chrono::seconds(step);
        if (!paid) p.returned_at = now_;
        bool was_paid = paid_at.contains(p.id);
        auto tx = Write();
        if (tx->UpdatePayment(p).ok()) {
          ASSERT_TRUE(tx->AppendAudit({.at = now_,
                                       .actor = "t",
                                       .action = "t",
                                       .entity_type = "t",
                                       .entity_id = p.id})
                          .ok());
          ASSERT_TRUE(tx->Commit().ok());
          EXPECT_FALSE(was_paid) << p.id << " paid twice or changed after it was paid";
          if (paid) paid_at[p.id] = *p.paid_at;
        }
        break;
      }
      case 4: {  // export a list (once) or open a new one
        if (pick(2)) {
          PaymentList l{.id = NewId(kPaymentListIdPrefix),
                        .programme_id = programme_.id,
                        .created_by = "usr_fin",
                        .created_at = now_};
          Commit([&](Transaction& tx) { ASSERT_TRUE(tx.InsertPaymentList(l).ok()); });
          lists.push_back(l.id);
        } else {
          PaymentList l = *Read()->GetPaymentList(lists[pick(lists.size())]);
          l.exported_at = now_ + std::chrono::seconds(step);
          l.state = PaymentListState::kExported;
          auto tx = Write();
          bool again = exported.contains(l.id);
          if (tx->UpdatePaymentList(l).ok()) {
            ASSERT_TRUE(tx->AppendAudit({.at = now_,
                                         .actor = "t",
                                         .action = "t",
                                         .entity_type = "t",
                                         .entity_id = l.id})
                            .ok());
            ASSERT_TRUE(tx->Commit().ok());
            EXPECT_FALSE(again) << l.id << " exported twice";
            exported.insert(l.id);
          }
        }
        break;
      }
      default:
        break;
    }
  }
  // The invariants, read back.
  auto all = *Read()->ListPayments({});
  std::map<std::string, int> live_by_claim, live_by_payee;
  std::map<std::string, int64_t> by_object;
  int64_t total = 0;
  std::map<std::string, Approval> approval_of;
  for (const auto& a : approvals) approval_of[a.claim] = a;
  for (const auto& p : all) {
    ASSERT_TRUE(approval_of.contains(p.claim_id));
    const Approval& a = approval_of[p.claim_id];
    EXPECT_EQ(p.amount, a.amount) << p.id;
    EXPECT_EQ(p.session_id, session_.id) << p.id << ": paid from a draft act";
    if (!p.payee_person_id.empty()) {
      EXPECT_TRUE(p.payee_person_id == persons[0] || p.payee_person_id == persons[3])
          << p.id << ": paid to a payee recorded dead or detained";
    }
    if (paid_at.contains(p.id)) {
      EXPECT_EQ(p.state, PaymentState::kPaid) << p.id;
      EXPECT_EQ(p.paid_at, paid_at[p.id]) << p.id;
    }
    if (p.state == PaymentState::kReturned) continue;
    ++live_by_claim[p.claim_id];
    if (!p.payee_id.empty()) ++live_by_payee[p.payee_id];
    if (!p.object_id.empty()) by_object[p.object_id] += p.amount;
    total += p.amount;
  }
  for (const auto& [claim, n] : live_by_claim) EXPECT_EQ(n, 1) << claim << " paid twice";
  for (const auto& [payee, n] : live_by_payee) EXPECT_EQ(n, 1) << payee << " paid twice";
  for (const auto& [object, sum] : by_object) EXPECT_LE(sum, programme_.cap_per_object) << object;
  EXPECT_LE(total, programme_.budget);
  EXPECT_GT(accepted, 0);
  EXPECT_GT(refused, 0);
}

// The running totals per programme (migration 0017) after a random mix of writes: claims valued,
// revalued, withdrawn and moved between programmes; agenda items approved, rejected and
// reapproved; payments put on lists, sent, paid, returned and sent again; some transactions
// rolled back. After every few steps each programme's totals equal a fresh sum of its rows, and
// at the end the budget guard, reading the total, still refuses one tenge over the budget.
TEST_P(PaymentStoreTest, RunningTotalsEqualAFreshSumAfterRandomWrites) {
  int steps = 400;
  if (const char* env = std::getenv("AFTERMATH_PROPERTY_STEPS")) steps = std::atoi(env);
  std::mt19937_64 rng(20261206);
  auto pick = [&](size_t n) { return static_cast<size_t>(rng() % n); };
  Programme other = programme_;
  other.id = NewId(kProgrammeIdPrefix);
  other.code = "homes";
  other.budget = 0;
  other.cap_per_object = 0;
  Commit([&](Transaction& tx) { ASSERT_TRUE(tx.InsertProgramme(other).ok()); });
  const std::vector<std::string> programmes = {programme_.id, other.id};
  FinalAct();

  auto fresh = [&](const std::string& programme) {
    auto tx = Read();
    ProgrammeTotals t;
    PageRequest page{.limit = 200};
    for (;;) {
      auto claims = tx->ListClaims({.programme_id = programme}, page);
      EXPECT_TRUE(claims.ok()) << claims.status().ToString();
      if (!claims.ok()) return t;
      for (const Claim& c : claims->items) {
        if (c.amount_valued && c.state != ClaimState::kWithdrawn) t.valued += *c.amount_valued;
        auto items = *tx->ListClaimItems(c.id);
        for (const AgendaItem& i : items) {
          if (i.decision == Decision::kApproved) t.approved += i.amount;
        }
      }
      if (claims->next_cursor.empty()) break;
      page.cursor = claims->next_cursor;
    }
    auto payments = *tx->ListPayments({.programme_id = programme});
    for (const Payment& p : payments) {
      if (p.state != PaymentState::kReturned) t.live += p.amount;
    }
    return t;
  };
  auto check = [&](int step) {
    for (const auto& programme : programmes) {
      ProgrammeTotals want = fresh(programme);
      auto got = Read()->GetProgrammeTotals(programme);
      ASSERT_TRUE(got.ok()) << got.status().ToString();
      EXPECT_EQ(got->valued, want.valued) << programme << " after step " << step;
      EXPECT_EQ(got->approved, want.approved) << programme << " after step " << step;
      EXPECT_EQ(got->live, want.live) << programme << " after step " << step;
      if (programme == programme_.id) {
        EXPECT_LE(got->live, programme_.budget);
        EXPECT_EQ(*Read()->SumLivePayments(programme), want.live);
        EXPECT_EQ(*Read()->SumValued({.programme_id = programme}), want.valued);
      }
    }
  };
  // Runs `write` and commits it (or, when `keep` is false, rolls it back); false when the store
  // refused a write.
  auto write = [&](const std::function<Status(Transaction&)>& w, bool keep = true) {
    auto tx = Write();
    Status st = w(*tx);
    if (!st.ok() || !keep) return st.ok();
    EXPECT_TRUE(tx->AppendAudit({.at = now_, .actor = "t", .action = "t"}).ok());
    Status c = tx->Commit();
    EXPECT_TRUE(c.ok()) << c.ToString();
    return c.ok();
  };

  std::vector<std::string> claims;
  std::set<std::string> on_agenda;  // claims with an item on the final session
  std::vector<std::string> lists = {list_.id};
  int accepted = 0, refused = 0;
  for (int step = 0; step < steps; ++step) {
    bool keep = pick(8) != 0;  // one write in eight is rolled back
    switch (pick(8)) {
      case 0:
      case 1: {  // a claim, valued or not, in either programme, maybe withdrawn
        Claim c{.id = NewId(kClaimIdPrefix),
                .kind = ClaimKind::kBusinessProperty,
                .state = pick(6) ? ClaimState::kValued : ClaimState::kWithdrawn,
                .programme_id = programmes[pick(4) == 0 ? 1 : 0],
                .object_id = pick(2) ? object_.id : "",
                .created_by = "usr_test",
                .submitted_at = now_,
                .updated_at = now_};
        if (pick(5)) c.amount_valued = 250'000 * static_cast<int64_t>(1 + pick(12));
        if (write([&](Transaction& tx) { return tx.InsertClaim(c); }, keep)) {
          if (keep) claims.push_back(c.id);
        }
        break;
      }
      case 2: {  // revalued, withdrawn, reinstated or moved
        if (claims.empty()) break;
        Claim c = *Read()->GetClaim(claims[pick(claims.size())]);
        switch (pick(4)) {
          case 0:
            c.amount_valued = 250'000 * static_cast<int64_t>(1 + pick(12));
            break;
          case 1:
            c.amount_valued.reset();
            break;
          case 2:
            c.state = c.state == ClaimState::kWithdrawn ? ClaimState::kValued
                                                        : ClaimState::kWithdrawn;
            break;
          default:
            c.programme_id = c.programme_id == programme_.id ? other.id : programme_.id;
            break;
        }
        write([&](Transaction& tx) { return tx.UpdateClaim(c); }, keep);
        break;
      }
      case 3: {  // on the final session's agenda: pending, approved or rejected
        if (claims.empty()) break;
        std::string claim = claims[pick(claims.size())];
        if (on_agenda.contains(claim)) {  // decided again (an appeal, a correction)
          auto items = *Read()->ListClaimItems(claim);
          AgendaItem i = items.front();
          for (const auto& x : items) {
            if (x.session_id == session_.id) i = x;
          }
          i.decision = pick(3) ? Decision::kApproved : Decision::kRejected;
          i.amount = i.decision == Decision::kApproved
                         ? 250'000 * static_cast<int64_t>(1 + pick(12))
                         : 0;
          i.decided_at = now_;
          write([&](Transaction& tx) { return tx.UpdateAgendaItem(i); }, keep);
          break;
        }
        AgendaItem i{.session_id = session_.id,
                     .claim_id = claim,
                     .ordinal = ordinal_++,
                     .decision = pick(4) ? Decision::kApproved : Decision::kPending};
        if (i.decision == Decision::kApproved) {
          i.amount = 250'000 * static_cast<int64_t>(1 + pick(12));
          i.decided_by = chair_;
          i.decided_at = now_;
        }
        if (write([&](Transaction& tx) { return tx.InsertAgendaItem(i); }, keep) && keep) {
          on_agenda.insert(claim);
        }
        break;
      }
      case 4:
      case 5: {  // a payment of an approval as it stands (the guards may refuse it)
        if (on_agenda.empty()) break;
        auto it = on_agenda.begin();
        std::advance(it, static_cast<std::ptrdiff_t>(pick(on_agenda.size())));
        Claim c = *Read()->GetClaim(*it);
        AgendaItem item;
        auto items = *Read()->ListClaimItems(c.id);
        for (const auto& x : items) {
          if (x.session_id == session_.id) item = x;
        }
        Payment p = Pay(c.id, std::max<int64_t>(item.amount, 1), "");
        p.programme_id = c.programme_id;
        p.object_id = c.object_id;
        p.list_id = lists[pick(lists.size())];
        // A returned payment of the claim is sent again, as the register does.
        auto earlier = *Read()->ListPayments({.claim_id = c.id});
        for (const auto& x : earlier) {
          if (x.state == PaymentState::kReturned) p.resent_from = x.id;
        }
        bool ok = write([&](Transaction& tx) { return tx.InsertPayment(p); }, keep);
        (ok ? accepted : refused) += 1;
        break;
      }
      case 6: {  // the payment's next state: sent, paid or returned (some refused)
        auto all = *Read()->ListPayments({});
        if (all.empty()) break;
        Payment p = all[pick(all.size())];
        switch (pick(3)) {
          case 0:
            p.state = PaymentState::kSent;
            break;
          case 1:
            p.state = PaymentState::kPaid;
            p.paid_at = now_ + std::chrono::seconds(step);
            break;
          default:
            p.state = PaymentState::kReturned;
            p.returned_at = now_;
            p.return_reason = "AC04";
            break;
        }
        write([&](Transaction& tx) { return tx.UpdatePayment(p); }, keep);
        break;
      }
      default: {  // a new list
        PaymentList l{.id = NewId(kPaymentListIdPrefix),
                      .programme_id = programme_.id,
                      .created_by = "usr_fin",
                      .created_at = now_};
        if (write([&](Transaction& tx) { return tx.InsertPaymentList(l); }, keep) && keep) {
          lists.push_back(l.id);
        }
        break;
      }
    }
    if (step % 25 == 24) {
      check(step);
      if (HasFailure()) return;
    }
  }
  check(steps);
  EXPECT_GT(accepted, 0);
  EXPECT_GT(refused, 0);

  // The budget guard reads the total: one tenge over what is left is refused, what is left is
  // taken (on a list of its own, no object, no payee).
  int64_t left = programme_.budget - Read()->GetProgrammeTotals(programme_.id)->live;
  ASSERT_GE(left, 0);
  PaymentList last{.id = NewId(kPaymentListIdPrefix),
                   .programme_id = programme_.id,
                   .created_by = "usr_fin",
                   .created_at = now_};
  Commit([&](Transaction& tx) { ASSERT_TRUE(tx.InsertPaymentList(last).ok()); });
  auto pay_rest = [&](int64_t amount) {
    std::string claim = Approved(amount, true);
    Payment p = Pay(claim, amount, "");
    p.object_id.clear();
    p.list_id = last.id;
    auto tx = Write();
    Status st = tx->InsertPayment(p);
    if (st.ok()) {
      EXPECT_TRUE(tx->AppendAudit({.at = now_, .actor = "t", .action = "t"}).ok());
      st = tx->Commit();
    }
    return st;
  };
  Status over = pay_rest(left + 1);
  EXPECT_EQ(over.code(), StatusCode::kInvalidArgument) << over.ToString();
  EXPECT_NE(over.message().find("budget"), std::string::npos) << over.ToString();
  if (left > 0) {
    Status rest = pay_rest(left);
    EXPECT_TRUE(rest.ok()) << rest.ToString();
    EXPECT_EQ(Read()->GetProgrammeTotals(programme_.id)->live, programme_.budget);
    EXPECT_EQ(pay_rest(1).code(), StatusCode::kInvalidArgument);
  }
  check(steps + 1);
}

// Two servers writing (issue #17): two stores over one PostgreSQL database, each in a thread of
// its own, pay the same approvals at random, read the bank's fates and export the same lists at
// once. The guards must hold across them as they hold for one: one live payment per claim and
// per payee, no object above its cap, the budget held, nothing paid from a draft act, nothing
// paid changed, a list exported once, and nothing added to a list after its export committed.
// AFTERMATH_TWO_WRITERS_STEPS sets each writer's steps (200 for make check; the larger run in
// docs/benchmarks.md).
class PaymentTwoWritersTest : public PaymentStoreTest {};

TEST_P(PaymentTwoWritersTest, TwoServersWritingAtOnceNeverBreakTheGuards) {
  int steps = 200;
  if (const char* env = std::getenv("AFTERMATH_TWO_WRITERS_STEPS")) steps = std::atoi(env);
  CommissionSession draft{.id = NewId(kCommissionSessionIdPrefix),
                          .commission_id = commission_.id,
                          .present = {chair_},
                          .opened_by = chair_,
                          .opened_at = now_};
  Commit([&](Transaction& tx) { ASSERT_TRUE(tx.InsertCommissionSession(draft).ok()); });
  struct Approval {
    std::string claim, session, object;
    int64_t amount;
  };
  std::vector<AffectedObject> objects = {object_};
  for (int i = 0; i < 3; ++i) {
    AffectedObject o = object_;
    o.id = NewId(kObjectIdPrefix);
    objects.push_back(o);
    Commit([&](Transaction& tx) { ASSERT_TRUE(tx.InsertObject(o).ok()); });
  }
  std::vector<std::string> persons;
  for (PersonStatus st : {PersonStatus::kHospitalised, PersonStatus::kDeceased,
                          PersonStatus::kDetained, PersonStatus::kSafe}) {
    Person person{.id = NewId(kPersonIdPrefix),
                  .names = {PersonName{.full_name = "Сейткалиев Нурлан"}},
                  .status = st,
                  .created_at = now_,
                  .updated_at = now_};
    Commit([&](Transaction& tx) { ASSERT_TRUE(tx.InsertPerson(person).ok()); });
    persons.push_back(person.id);
  }
  // Approvals enough for both writers to fight over: 40 final, 10 on the draft act.
  std::mt19937_64 setup_rng(20261205);
  std::vector<Approval> approvals;
  for (int i = 0; i < 50; ++i) {
    bool final = i < 40;
    int64_t amount = 500'000 * static_cast<int64_t>(1 + setup_rng() % 8);
    std::string object = setup_rng() % 3 ? objects[setup_rng() % objects.size()].id : "";
    Claim c{.id = NewId(kClaimIdPrefix),
            .kind = ClaimKind::kBusinessProperty,
            .state = ClaimState::kApproved,
            .programme_id = programme_.id,
            .object_id = object,
            .amount_valued = amount,
            .created_by = "usr_test",
            .submitted_at = now_,
            .updated_at = now_};
    std::string session = final ? session_.id : draft.id;
    Commit([&](Transaction& tx) {
      ASSERT_TRUE(tx.InsertClaim(c).ok());
      ASSERT_TRUE(tx.InsertAgendaItem({.session_id = session,
                                       .claim_id = c.id,
                                       .ordinal = ordinal_++,
                                       .decision = Decision::kApproved,
                                       .amount = amount,
                                       .decided_at = now_})
                      .ok());
    });
    approvals.push_back({c.id, session, object, amount});
  }
  std::vector<std::string> lists = {list_.id};
  for (int i = 0; i < 7; ++i) {
    PaymentList l{.id = NewId(kPaymentListIdPrefix),
                  .programme_id = programme_.id,
                  .created_by = "usr_fin",
                  .created_at = now_};
    Commit([&](Transaction& tx) { ASSERT_TRUE(tx.InsertPaymentList(l).ok()); });
    lists.push_back(l.id);
  }
  FinalAct();
  const std::vector<std::string> payees = {
      "", "900101300017", "850115400911", "770707300001", "880808300002", "660606300003"};

  // What each writer saw commit: payments it paid, lists it exported and what they held then.
  struct Seen {
    int accepted = 0, refused = 0, exports = 0;
    std::map<std::string, Timestamp> paid_at;
    std::map<std::string, std::set<std::string>> on_export;  // list -> payments after export
    std::vector<std::string> errors;
  };
  std::vector<Seen> seen(2);
  auto writer = [&](int w) {
    Seen& me = seen[w];
    auto opened = OpenStore(url_);
    if (!opened.ok()) {
      me.errors.push_back(opened.status().ToString());
      return;
    }
    std::unique_ptr<Store> store = std::move(opened).value();
    std::mt19937_64 rng(1000 + w);
    auto pick = [&](size_t n) { return static_cast<size_t>(rng() % n); };
    auto commit = [&](Transaction& tx, const std::string& id) {
      Status a = tx.AppendAudit({.at = now_,
                                 .actor = "t",
                                 .action = "t",
                                 .entity_type = "t",
                                 .entity_id = id})
                     .status();
      return a.ok() ? tx.Commit() : a;
    };
    for (int step = 0; step < steps; ++step) {
      auto began = store->Begin(TransactionMode::kWrite);
      if (!began.ok()) {
        me.errors.push_back(began.status().ToString());
        return;
      }
      auto tx = std::move(began).value();
      switch (pick(4)) {
        case 0:
        case 1: {  // a payment for some approval (maybe another amount, a dead payee)
          const Approval& a = approvals[pick(approvals.size())];
          Payment p = Pay(a.claim, pick(5) ? a.amount : a.amount + 1, payees[pick(payees.size())]);
          p.session_id = a.session;
          p.object_id = a.object;
          p.list_id = lists[pick(lists.size())];
          if (pick(3) == 0) p.payee_person_id = persons[pick(persons.size())];
          Status s = tx->InsertPayment(p);
          if (s.ok()) s = commit(*tx, p.id);
          if (s.ok()) {
            ++me.accepted;
          } else if (s.code() == StatusCode::kInvalidArgument ||
                     s.code() == StatusCode::kAlreadyExists) {
            ++me.refused;
          } else {
            me.errors.push_back(s.ToString());
          }
          break;
        }
        case 2: {  // a bank's fate for some payment, right or wrong
          auto all = tx->ListPayments({});
          if (!all.ok() || all->empty()) break;
          Payment p = (*all)[pick(all->size())];
          bool paid = pick(2);
          bool was_paid = p.state == PaymentState::kPaid;
          p.state = paid ? PaymentState::kPaid : PaymentState::kReturned;
          if (paid) p.paid_at = now_ + std::chrono::seconds(step * 2 + w);
          if (!paid) p.returned_at = now_;
          Status s = tx->UpdatePayment(p);
          if (s.ok()) s = commit(*tx, p.id);
          if (s.ok()) {
            if (was_paid) me.errors.push_back(p.id + " paid twice or changed after it was paid");
            if (paid) me.paid_at[p.id] = *p.paid_at;
          }
          break;
        }
        default: {  // export a list (once)
          auto l = tx->GetPaymentList(lists[pick(lists.size())]);
          if (!l.ok()) break;
          bool again = l->exported_at.has_value();
          l->exported_at = now_ + std::chrono::seconds(step * 2 + w);
          l->state = PaymentListState::kExported;
          Status s = tx->UpdatePaymentList(*l);
          if (s.ok()) s = commit(*tx, l->id);
          if (!s.ok()) break;
          if (again) me.errors.push_back(l->id + " exported twice");
          ++me.exports;
          // What the list holds once its export committed: nothing may join it later.
          auto read = store->Begin(TransactionMode::kRead);
          if (!read.ok()) break;
          auto on = (*read)->ListPayments({.list_id = l->id});
          if (!on.ok()) break;
          for (const auto& p : *on) me.on_export[l->id].insert(p.id);
          me.on_export[l->id].insert("");  // an empty list was exported too
          break;
        }
      }
    }
  };
  std::thread first(writer, 0), second(writer, 1);
  first.join();
  second.join();
  for (const auto& me : seen) {
    for (const auto& e : me.errors) ADD_FAILURE() << e;
  }

  auto all = *Read()->ListPayments({});
  std::map<std::string, int> live_by_claim, live_by_payee;
  std::map<std::string, int64_t> by_object;
  std::map<std::string, std::set<std::string>> by_list;
  int64_t total = 0;
  std::map<std::string, Approval> approval_of;
  for (const auto& a : approvals) approval_of[a.claim] = a;
  for (const auto& p : all) {
    ASSERT_TRUE(approval_of.contains(p.claim_id));
    const Approval& a = approval_of[p.claim_id];
    EXPECT_EQ(p.amount, a.amount) << p.id;
    EXPECT_EQ(p.session_id, session_.id) << p.id << ": paid from a draft act";
    if (!p.payee_person_id.empty()) {
      EXPECT_TRUE(p.payee_person_id == persons[0] || p.payee_person_id == persons[3])
          << p.id << ": paid to a payee recorded dead or detained";
    }
    by_list[p.list_id].insert(p.id);
    for (const auto& me : seen) {
      if (auto it = me.paid_at.find(p.id); it != me.paid_at.end()) {
        EXPECT_EQ(p.state, PaymentState::kPaid) << p.id;
        EXPECT_EQ(p.paid_at, it->second) << p.id;
      }
    }
    if (p.state == PaymentState::kReturned) continue;
    ++live_by_claim[p.claim_id];
    if (!p.payee_id.empty()) ++live_by_payee[p.payee_id];
    if (!p.object_id.empty()) by_object[p.object_id] += p.amount;
    total += p.amount;
  }
  for (const auto& [claim, n] : live_by_claim) EXPECT_EQ(n, 1) << claim << " paid twice";
  for (const auto& [payee, n] : live_by_payee) EXPECT_EQ(n, 1) << payee << " paid twice";
  for (const auto& [object, sum] : by_object) EXPECT_LE(sum, programme_.cap_per_object) << object;
  EXPECT_LE(total, programme_.budget);
  for (const auto& me : seen) {
    for (const auto& [list, held] : me.on_export) {
      for (const auto& id : by_list[list]) {
        EXPECT_TRUE(held.contains(id)) << id << " joined list " << list << " after its export";
      }
    }
  }
  int accepted = seen[0].accepted + seen[1].accepted, refused = seen[0].refused + seen[1].refused;
  EXPECT_GT(accepted, 0);
  EXPECT_GT(refused, 0);
  EXPECT_GT(seen[0].exports + seen[1].exports, 0);
  std::printf("two writers: %d steps each, %d payments accepted, %d refused, %d exports\n", steps,
              accepted, refused, seen[0].exports + seen[1].exports);
}

// PostgreSQL only: an SQLite file has one writer at a time.
INSTANTIATE_TEST_SUITE_P(TwoWriters, PaymentTwoWritersTest,
                         ::testing::Values(Backend{"postgres", TempPostgresUrl}),
                         [](const auto& info) { return info.param.name; });

INSTANTIATE_TEST_SUITE_P(Backends, PaymentStoreTest,
                         ::testing::Values(Backend{"sqlite", TempSqliteUrl},
                                           Backend{"postgres", TempPostgresUrl}),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace aftermath

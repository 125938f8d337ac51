// One conformance suite every backend must pass; a backend joins by adding its URL factory.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <functional>
#include <map>
#include <set>
#include <thread>

#include "common/ids.h"
#include "store/postgres/pg_test_database.h"
#include "store/store.h"

namespace aftermath {
namespace {

struct Backend {
  std::string name;
  std::function<std::string()> make_url;  // a fresh, empty database each call
};

// Names the backend in test listings (CTest shows "GetParam() = postgres", not raw bytes).
void PrintTo(const Backend& backend, std::ostream* os) { *os << backend.name; }

std::string TempSqliteUrl() {
  static int n = 0;
  auto dir = std::filesystem::temp_directory_path() /
             ("aftermath_store_test_" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  auto path = dir / ("t" + std::to_string(++n) + ".db");
  std::filesystem::remove(path);
  return "sqlite:" + path.string();
}

// A fresh database on the test PostgreSQL server. When there is none, the test fails (it never
// skips): CI must not go green without PostgreSQL.
std::string TempPostgresUrl() {
  auto url = testing::CreateTestDatabase();
  if (!url.ok()) {
    ADD_FAILURE() << url.status().ToString();
    return "";
  }
  return *url;
}

// Runs `sql` on the database at `url` past the store, as a damaged disk or a hand edit would.
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

class StoreConformanceTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    url_ = GetParam().make_url();
    auto s = OpenStore(url_);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(s).value();
    now_ = *ParseTimestamp("2026-01-06T10:00:00Z");
  }

  std::unique_ptr<Transaction> Write() {
    auto tx = store_->Begin(TransactionMode::kWrite);
    EXPECT_TRUE(tx.ok()) << tx.status().ToString();
    return std::move(tx).value();
  }
  std::unique_ptr<Transaction> Read() { return std::move(store_->Begin(TransactionMode::kRead)).value(); }

  void Audit(Transaction& tx, std::string action, std::string id) {
    AuditEvent e{.at = now_, .actor = "test", .action = std::move(action),
                 .entity_type = "test", .entity_id = std::move(id)};
    ASSERT_TRUE(tx.AppendAudit(e).ok());
  }

  Source MakeSource(std::string name, SourceKind kind) {
    return Source{.id = NewId(kSourceIdPrefix), .name = std::move(name), .kind = kind,
                  .trust = DefaultTrust(kind), .created_at = now_};
  }

  Person MakePerson(std::string name, Timestamp at) {
    Person p;
    p.id = NewId(kPersonIdPrefix);
    p.names = {PersonName{.full_name = std::move(name)}};
    p.sex = Sex::kMale;
    p.birth_date = *ParsePartialDate("1990-03");
    p.approx_age = 35;
    p.status = PersonStatus::kHospitalised;
    p.created_at = p.updated_at = at;
    return p;
  }

  std::string url_;
  std::unique_ptr<Store> store_;
  Timestamp now_;
};

TEST_P(StoreConformanceTest, MigratesToTheLatestVersion) {
  EXPECT_EQ(*store_->SchemaVersion(), store_->LatestSchemaVersion());
  EXPECT_GE(store_->LatestSchemaVersion(), 1);
  // Migrating again is a no-op.
  EXPECT_TRUE(store_->Migrate().ok());
}

TEST_P(StoreConformanceTest, PersonRoundTripsWithAllNames) {
  Person p = MakePerson("Тоқаев Қасым-Жомарт Кемелұлы", now_);
  p.names.push_back({.full_name = "Kassym-Jomart Tokayev", .surname = "Tokayev"});
  p.features = "шрам на левой руке";
  p.home_locality = "Алматы";
  {
    auto tx = Write();
    ASSERT_TRUE(tx->InsertPerson(p).ok());
    Audit(*tx, "person.create", p.id);
    ASSERT_TRUE(tx->Commit().ok());
  }
  auto got = Read()->GetPerson(p.id);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(got->names, p.names);
  EXPECT_EQ(got->sex, Sex::kMale);
  EXPECT_EQ(got->birth_date.ToString(), "1990-03");
  EXPECT_EQ(got->approx_age, 35);
  EXPECT_EQ(got->features, p.features);
  EXPECT_EQ(got->status, PersonStatus::kHospitalised);
  EXPECT_EQ(got->created_at, now_);
  EXPECT_EQ(got->display_name(), "Тоқаев Қасым-Жомарт Кемелұлы");
}

TEST_P(StoreConformanceTest, UnknownIdIsNotFound) {
  EXPECT_EQ(Read()->GetPerson("per_0000000000000000").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(Read()->GetInquiry("inq_0000000000000000").status().code(), StatusCode::kNotFound);
}

TEST_P(StoreConformanceTest, WriteWithoutAuditDoesNotCommit) {
  Person p = MakePerson("Иванов Иван", now_);
  {
    auto tx = Write();
    ASSERT_TRUE(tx->InsertPerson(p).ok());
    Status s = tx->Commit();
    EXPECT_EQ(s.code(), StatusCode::kFailedPrecondition);
  }
  EXPECT_EQ(Read()->GetPerson(p.id).status().code(), StatusCode::kNotFound);
}

TEST_P(StoreConformanceTest, UncommittedTransactionRollsBack) {
  Person p = MakePerson("Иванов Иван", now_);
  {
    auto tx = Write();
    ASSERT_TRUE(tx->InsertPerson(p).ok());
    Audit(*tx, "person.create", p.id);
  }
  EXPECT_EQ(Read()->GetPerson(p.id).status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(Read()->ListAudit(0, 10)->empty());
}

TEST_P(StoreConformanceTest, StaleVersionIsAConflict) {
  Person p = MakePerson("Серiков Ерлан", now_);
  {
    auto tx = Write();
    ASSERT_TRUE(tx->InsertPerson(p).ok());
    Audit(*tx, "person.create", p.id);
    ASSERT_TRUE(tx->Commit().ok());
  }
  Person first = *Read()->GetPerson(p.id);
  Person second = first;
  first.status = PersonStatus::kSafe;
  {
    auto tx = Write();
    ASSERT_TRUE(tx->UpdatePerson(first).ok());
    Audit(*tx, "person.update", p.id);
    ASSERT_TRUE(tx->Commit().ok());
  }
  second.status = PersonStatus::kDeceased;
  {
    auto tx = Write();
    EXPECT_EQ(tx->UpdatePerson(second).code(), StatusCode::kAborted);
  }
  Person now = *Read()->GetPerson(p.id);
  EXPECT_EQ(now.status, PersonStatus::kSafe);
  EXPECT_EQ(now.version, 2);
}

TEST_P(StoreConformanceTest, ListsPersonsNewestFirstInPages) {
  std::vector<std::string> ids;
  {
    auto tx = Write();
    for (int i = 0; i < 7; ++i) {
      Person p = MakePerson("Person " + std::to_string(i), now_ + std::chrono::seconds(i));
      if (i % 2) p.status = PersonStatus::kDetained;
      ASSERT_TRUE(tx->InsertPerson(p).ok());
      ids.push_back(p.id);
    }
    Audit(*tx, "person.create", "batch");
    ASSERT_TRUE(tx->Commit().ok());
  }
  std::vector<std::string> seen;
  PageRequest page{.limit = 3};
  int pages = 0;
  do {
    auto r = Read()->ListPersons({}, page);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    for (auto& p : r->items) seen.push_back(p.id);
    page.cursor = r->next_cursor;
    ++pages;
  } while (!page.cursor.empty());
  EXPECT_EQ(pages, 3);
  std::vector<std::string> expected(ids.rbegin(), ids.rend());
  EXPECT_EQ(seen, expected);

  auto detained = Read()->ListPersons({.status = PersonStatus::kDetained}, {.limit = 10});
  ASSERT_TRUE(detained.ok());
  EXPECT_EQ(detained->items.size(), 3u);
  EXPECT_EQ(*Read()->CountPersons(), 7);
}

TEST_P(StoreConformanceTest, ReportsAreUniquePerSourceRecordId) {
  Source src = MakeSource("City Hospital No. 4", SourceKind::kHospital);
  Person p = MakePerson("Серiков Ерлан", now_);
  Report r{.id = NewId(kReportIdPrefix), .source_id = src.id, .external_id = "H4-0017",
           .person_id = p.id, .name = {.full_name = "СЕРИКОВ ЕРЛАН"},
           .status = PersonStatus::kHospitalised, .facility = "City Hospital No. 4",
           .observed_at = now_, .received_at = now_, .raw = "СЕРИКОВ ЕРЛАН;1990"};
  {
    auto tx = Write();
    ASSERT_TRUE(tx->InsertSource(src).ok());
    ASSERT_TRUE(tx->InsertPerson(p).ok());
    ASSERT_TRUE(tx->InsertReport(r).ok());
    Audit(*tx, "report.create", r.id);
    ASSERT_TRUE(tx->Commit().ok());
  }
  {
    Report dup = r;
    dup.id = NewId(kReportIdPrefix);
    auto tx = Write();
    EXPECT_EQ(tx->InsertReport(dup).code(), StatusCode::kAlreadyExists);
  }
  auto found = Read()->FindReportByExternalId(src.id, "H4-0017");
  ASSERT_TRUE(found.ok());
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->id, r.id);
  EXPECT_EQ((*found)->raw, r.raw);
  EXPECT_FALSE(Read()->FindReportByExternalId(src.id, "H4-9999")->has_value());
  auto list = Read()->ListReports({.person_id = p.id}, {.limit = 10});
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->items.size(), 1u);
}

// A PFIF record's kind, dates and extension (issue #20) are kept; the records whose expiry
// date has passed are found while their person is not yet purged.
TEST_P(StoreConformanceTest, PfifRecordsKeepTheirDatesAndExpiredOnesAreListed) {
  Source src = MakeSource("Person Finder", SourceKind::kOther);
  Person p = MakePerson("Ахметова Сауле", now_), q = MakePerson("Ли Анна", now_);
  auto record = [&](const Person& person, std::string id, Timestamp expires) {
    return Report{.id = NewId(kReportIdPrefix), .source_id = src.id, .external_id = std::move(id),
                  .person_id = person.id, .name = {.full_name = person.display_name()},
                  .observed_at = now_, .received_at = now_, .pfif_kind = PfifKind::kPerson,
                  .entered_at = now_ - std::chrono::hours(2), .expires_at = expires,
                  .extension = R"({"author_name":"Сосед"})"};
  };
  Report due = record(p, "pf.example/p1", now_ - std::chrono::minutes(1));
  Report later = record(q, "pf.example/p2", now_ + std::chrono::hours(1));
  Report note{.id = NewId(kReportIdPrefix), .source_id = src.id, .external_id = "pf.example/n1",
              .person_id = p.id, .observed_at = now_, .received_at = now_,
              .pfif_kind = PfifKind::kNote};
  {
    auto tx = Write();
    ASSERT_TRUE(tx->InsertSource(src).ok());
    ASSERT_TRUE(tx->InsertPerson(p).ok());
    ASSERT_TRUE(tx->InsertPerson(q).ok());
    for (const auto& r : {due, later, note}) ASSERT_TRUE(tx->InsertReport(r).ok());
    Audit(*tx, "report.create", due.id);
    ASSERT_TRUE(tx->Commit().ok());
  }
  auto got = Read()->GetReport(due.id);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(got->pfif_kind, PfifKind::kPerson);
  EXPECT_EQ(got->entered_at, due.entered_at);
  EXPECT_EQ(got->expires_at, due.expires_at);
  EXPECT_EQ(got->extension, due.extension);
  EXPECT_EQ(Read()->GetReport(note.id)->pfif_kind, PfifKind::kNote);
  EXPECT_EQ(Read()->GetReport(note.id)->expires_at, std::nullopt);
  auto expired = Read()->ListExpiredPfifRecords(now_, 10);
  ASSERT_TRUE(expired.ok()) << expired.status().ToString();
  ASSERT_EQ(expired->size(), 1u);
  EXPECT_EQ((*expired)[0].id, due.id);
  EXPECT_EQ(Read()->ListExpiredPfifRecords(now_ + std::chrono::hours(2), 10)->size(), 2u);
  {
    auto tx = Write();
    ASSERT_TRUE(tx->PurgePerson(p.id, now_).ok());
    Audit(*tx, "person.purge", p.id);
    ASSERT_TRUE(tx->Commit().ok());
  }
  // A purged record's placeholder keeps its kind and dates; its other fields are gone.
  got = Read()->GetReport(due.id);
  EXPECT_EQ(got->pfif_kind, PfifKind::kPerson);
  EXPECT_EQ(got->expires_at, due.expires_at);
  EXPECT_EQ(got->extension, "");
  EXPECT_TRUE(Read()->ListExpiredPfifRecords(now_, 10)->empty());
}

// The PFIF feeds page through reports in the order received, from a time on.
TEST_P(StoreConformanceTest, ReportsAreListedInTheOrderReceivedFromATimeOn) {
  Source a = MakeSource("Person Finder", SourceKind::kOther);
  Source b = MakeSource("Hospital", SourceKind::kHospital);
  Person p = MakePerson("Ахметова Сауле", now_);
  std::vector<Report> reports;
  for (int i = 0; i < 5; ++i) {
    // Two at each time but the last, ids in order of creation.
    reports.push_back(Report{.id = NewId(kReportIdPrefix), .source_id = i % 2 ? b.id : a.id,
                             .external_id = "r" + std::to_string(i), .person_id = p.id,
                             .observed_at = now_,
                             .received_at = now_ + std::chrono::minutes(i / 2)});
  }
  {
    auto tx = Write();
    ASSERT_TRUE(tx->InsertSource(a).ok());
    ASSERT_TRUE(tx->InsertSource(b).ok());
    ASSERT_TRUE(tx->InsertPerson(p).ok());
    for (auto it = reports.rbegin(); it != reports.rend(); ++it) {
      ASSERT_TRUE(tx->InsertReport(*it).ok());
    }
    Audit(*tx, "report.create", p.id);
    ASSERT_TRUE(tx->Commit().ok());
  }
  auto ids = [](const Result<std::vector<Report>>& got) {
    std::string out;
    EXPECT_TRUE(got.ok()) << got.status().ToString();
    for (const auto& r : *got) out += r.external_id + " ";
    return out;
  };
  EXPECT_EQ(ids(Read()->ListReportsSince("", now_, "", 10)), "r0 r1 r2 r3 r4 ");
  EXPECT_EQ(ids(Read()->ListReportsSince("", now_ + std::chrono::minutes(1), "", 10)), "r2 r3 r4 ");
  EXPECT_EQ(ids(Read()->ListReportsSince("", reports[2].received_at, reports[2].id, 2)), "r3 r4 ");
  EXPECT_EQ(ids(Read()->ListReportsSince("", now_, "", 3)), "r0 r1 r2 ");
  EXPECT_EQ(ids(Read()->ListReportsSince(b.id, now_, "", 10)), "r1 r3 ");
  EXPECT_EQ(ids(Read()->ListReportsSince(a.id, now_ + std::chrono::minutes(2), "", 10)), "r4 ");
}

TEST_P(StoreConformanceTest, ReportForUnknownSourceIsRejected) {
  Report r{.id = NewId(kReportIdPrefix), .source_id = "src_0000000000000000",
           .observed_at = now_, .received_at = now_};
  auto tx = Write();
  EXPECT_FALSE(tx->InsertReport(r).ok());
}

TEST_P(StoreConformanceTest, InquiryRoundTripsAndUpdatesWithVersion) {
  Inquiry q{.id = NewId(kInquiryIdPrefix), .sought_name = "Yerlan Serikov",
            .sought_sex = Sex::kMale, .last_seen_place = "Republic Square",
            .last_seen_at = now_, .inquirer_name = "Aigul Serikova",
            .inquirer_relation = "mother", .callback_phone = "+7 701 123 45 67",
            .created_at = now_, .updated_at = now_};
  {
    auto tx = Write();
    ASSERT_TRUE(tx->InsertInquiry(q).ok());
    Audit(*tx, "inquiry.create", q.id);
    ASSERT_TRUE(tx->Commit().ok());
  }
  Inquiry got = *Read()->GetInquiry(q.id);
  EXPECT_EQ(got.sought_name, q.sought_name);
  EXPECT_EQ(got.last_seen_at, now_);
  EXPECT_EQ(got.callback_phone, q.callback_phone);
  got.state = InquiryState::kWithdrawn;
  {
    auto tx = Write();
    ASSERT_TRUE(tx->UpdateInquiry(got).ok());
    Audit(*tx, "inquiry.update", q.id);
    ASSERT_TRUE(tx->Commit().ok());
  }
  EXPECT_EQ(Read()->GetInquiry(q.id)->state, InquiryState::kWithdrawn);
  EXPECT_EQ(Read()->ListInquiries({.state = InquiryState::kOpen}, {})->items.size(), 0u);
}

// The matcher's "candidate found": the state, updated_at and version change, nothing else; a
// stale version is refused; other servers learn of it through the change feed.
TEST_P(StoreConformanceTest, InquiryStateUpdatesAloneWithVersion) {
  Inquiry q{.id = NewId(kInquiryIdPrefix),
            .sought_name = "Yerlan Serikov",
            .inquirer_name = "Aigul Serikova",
            .callback_phone = "+7 701 123 45 67",
            .created_at = now_,
            .updated_at = now_};
  {
    auto tx = Write();
    ASSERT_TRUE(tx->InsertInquiry(q).ok());
    Audit(*tx, "inquiry.create", q.id);
    ASSERT_TRUE(tx->Commit().ok());
  }
  const int64_t seq = *Read()->LatestChangeSeq();
  const Inquiry before = *Read()->GetInquiry(q.id);
  const Timestamp later = now_ + std::chrono::minutes(5);
  {
    auto tx = Write();
    ASSERT_TRUE(
        tx->UpdateInquiryState(q.id, before.version, InquiryState::kCandidateFound, later).ok());
    EXPECT_EQ(tx->UpdateInquiryState(q.id, before.version, InquiryState::kOpen, later).code(),
              StatusCode::kAborted);  // the version moved on
    Audit(*tx, "inquiry.update", q.id);
    ASSERT_TRUE(tx->Commit().ok());
  }
  Inquiry after = *Read()->GetInquiry(q.id);
  EXPECT_EQ(after.state, InquiryState::kCandidateFound);
  EXPECT_EQ(after.updated_at, later);
  EXPECT_EQ(after.version, before.version + 1);
  EXPECT_EQ(after.sought_name, before.sought_name);
  EXPECT_EQ(after.callback_phone, before.callback_phone);
  EXPECT_EQ(after.created_at, before.created_at);
  EXPECT_EQ(Read()->ListInquiries({.state = InquiryState::kCandidateFound}, {})->items.size(), 1u);
  auto changes = *Read()->ListChanges(seq, 100);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].entity_id, q.id);
  EXPECT_EQ(Write()->UpdateInquiryState("inq_unknown", 1, InquiryState::kOpen, later).code(),
            StatusCode::kAborted);
}

TEST_P(StoreConformanceTest, AuditRowsFormAHashChain) {
  for (int i = 0; i < 3; ++i) {
    auto tx = Write();
    Audit(*tx, "test.event", std::to_string(i));
    ASSERT_TRUE(tx->Commit().ok());
  }
  auto rows = *Read()->ListAudit(0, 100);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].seq, 1);
  EXPECT_EQ(rows[0].prev_hash, std::string(64, '0'));
  for (size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(AuditHash(rows[i]), rows[i].hash);
    if (i) {
      EXPECT_EQ(rows[i].prev_hash, rows[i - 1].hash);
    }
  }
  AuditEvent forged = rows[1];
  forged.actor = "someone else";
  EXPECT_NE(AuditHash(forged), rows[1].hash);
  EXPECT_EQ(rows[0].mac, "");  // opened without an audit MAC
}

// The store keeps what the injected MAC function returns for each row's hash, and reads it back.
TEST_P(StoreConformanceTest, AuditRowsCarryTheInjectedMac) {
  {
    auto tx = Write();
    Audit(*tx, "test.unkeyed", "1");
    ASSERT_TRUE(tx->Commit().ok());
  }
  store_.reset();
  auto keyed = OpenStore(url_, {.audit_mac = [](std::string_view m) {
                           return "mac(" + std::string(m) + ")";
                         }});
  ASSERT_TRUE(keyed.ok()) << keyed.status().ToString();
  ASSERT_TRUE((*keyed)->AuditMac());
  {
    auto tx = std::move((*keyed)->Begin(TransactionMode::kWrite)).value();
    Audit(*tx, "test.keyed", "2");
    ASSERT_TRUE(tx->Commit().ok());
  }
  auto rows = *std::move((*keyed)->Begin(TransactionMode::kRead)).value()->ListAudit(0, 10);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].mac, "");
  EXPECT_EQ(rows[1].mac, "mac(" + rows[1].hash + ")");
  EXPECT_EQ(AuditHash(rows[1]), rows[1].hash);  // the MAC is not part of the chain link
}

TEST_P(StoreConformanceTest, ConcurrentWritersAllLand) {
  constexpr int kThreads = 4, kEach = 25;
  std::vector<std::thread> threads;
  std::atomic<int> failures = 0;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        auto tx = store_->Begin(TransactionMode::kWrite);
        if (!tx.ok()) { ++failures; continue; }
        Person p = MakePerson("P" + std::to_string(t * 100 + i), now_);
        AuditEvent e{.at = now_, .actor = "test", .action = "person.create"};
        if (!(*tx)->InsertPerson(p).ok() || !(*tx)->AppendAudit(e).ok() || !(*tx)->Commit().ok())
          ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(*Read()->CountPersons(), kThreads * kEach);
  auto rows = *Read()->ListAudit(0, 1000);
  ASSERT_EQ(rows.size(), size_t(kThreads * kEach));
  for (size_t i = 1; i < rows.size(); ++i) EXPECT_EQ(rows[i].prev_hash, rows[i - 1].hash);
}

TEST_P(StoreConformanceTest, ChangeFeedListsWhatEachCommitTouched) {
  Person p = MakePerson("Yerlan Serikov", now_);
  Inquiry q{.id = NewId(kInquiryIdPrefix), .sought_name = "Yerlan Serikov",
            .created_at = now_, .updated_at = now_};
  {
    auto tx = Write();
    ASSERT_TRUE(tx->InsertPerson(p).ok());
    ASSERT_TRUE(tx->UpdatePerson(p).ok());  // touched twice, listed once
    ASSERT_TRUE(tx->InsertInquiry(q).ok());
    Audit(*tx, "person.create", p.id);
    ASSERT_TRUE(tx->Commit().ok());
  }
  {
    auto tx = Write();  // rolled back: leaves nothing in the feed
    ASSERT_TRUE(tx->InsertPerson(MakePerson("Aigul Serikova", now_)).ok());
    Audit(*tx, "person.create", "x");
  }
  auto changes = *Read()->ListChanges(0, 100);
  ASSERT_EQ(changes.size(), 2u);
  std::set<std::pair<std::string, std::string>> seen;
  for (const auto& c : changes) {
    seen.insert({c.entity_type, c.entity_id});
    EXPECT_EQ(c.origin, store_->Origin());
  }
  EXPECT_TRUE(seen.contains({"person", p.id}));
  EXPECT_TRUE(seen.contains({"inquiry", q.id}));
  EXPECT_LT(changes[0].seq, changes[1].seq);
  EXPECT_EQ(*Read()->LatestChangeSeq(), changes[1].seq);
  EXPECT_EQ(Read()->ListChanges(changes[0].seq, 100)->size(), 1u);

  // Another process has another origin; its commits follow in the same feed.
  auto other = std::move(OpenStore(url_)).value();
  EXPECT_NE(other->Origin(), store_->Origin());
  {
    auto tx = std::move(other->Begin(TransactionMode::kWrite)).value();
    ASSERT_TRUE(tx->PurgePerson(p.id, now_).ok());
    Audit(*tx, "person.purge", p.id);
    ASSERT_TRUE(tx->Commit().ok());
  }
  auto after = *Read()->ListChanges(changes[1].seq, 100);
  ASSERT_EQ(after.size(), 1u);
  EXPECT_EQ(after[0].entity_id, p.id);
  EXPECT_EQ(after[0].origin, other->Origin());

  // Pruning old entries never lets a seq be handed out again.
  {
    auto tx = Write();
    ASSERT_TRUE(tx->PruneChanges(SystemClock().Now() + std::chrono::hours(1)).ok());
    ASSERT_TRUE(tx->Commit().ok());  // bookkeeping needs no audit event
  }
  EXPECT_TRUE(Read()->ListChanges(0, 100)->empty());
  {
    auto tx = Write();
    ASSERT_TRUE(tx->InsertInquiry({.id = NewId(kInquiryIdPrefix), .sought_name = "X Y",
                                   .created_at = now_, .updated_at = now_}).ok());
    Audit(*tx, "inquiry.create", "y");
    ASSERT_TRUE(tx->Commit().ok());
  }
  EXPECT_GT(Read()->ListChanges(0, 100)->at(0).seq, after[0].seq);
}

TEST_P(StoreConformanceTest, ChangeWaiterWakesOnAnotherProcesssCommit) {
  auto waiter = store_->WatchChanges();
  waiter->Wait(std::chrono::milliseconds(10));  // connects (PostgreSQL)
  auto other = std::move(OpenStore(url_)).value();
  std::thread writer([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    auto tx = std::move(other->Begin(TransactionMode::kWrite)).value();
    ASSERT_TRUE(tx->InsertPerson(MakePerson("Yerlan Serikov", now_)).ok());
    Audit(*tx, "person.create", "x");
    ASSERT_TRUE(tx->Commit().ok());
  });
  auto started = std::chrono::steady_clock::now();
  // PostgreSQL wakes on NOTIFY long before the timeout; SQLite has no notifications, so its
  // waiter sleeps the timeout out and followers poll.
  bool notifying = GetParam().name == "postgres";
  auto timeout = std::chrono::milliseconds(notifying ? 20000 : 500);
  waiter->Wait(timeout);
  auto waited = std::chrono::steady_clock::now() - started;
  writer.join();
  if (notifying) {
    EXPECT_LT(waited, std::chrono::seconds(10));
  } else {
    EXPECT_GE(waited, timeout);
  }
  EXPECT_EQ(Read()->ListChanges(0, 10)->size(), 1u);
}

// Issue #14 item 6: every personal column (store/personal_data.h) of a purged inquiry and person
// is blank afterwards; the tombstone and the messages to another inquiry's phone stay.
TEST_P(StoreConformanceTest, PurgeBlanksEveryPersonalColumn) {
  const std::string kPhone = "+7 701 555 01 23";
  Source src = MakeSource("City Hospital No. 4", SourceKind::kHospital);
  Person p = MakePerson("Planted Surname Given", now_);
  p.names.push_back({.full_name = "Planted Other Spelling", .surname = "Planted"});
  p.features = "planted scar";
  p.home_locality = "planted locality";
  Person other = MakePerson("Planted Absorbed", now_);
  Report r{.id = NewId(kReportIdPrefix), .source_id = src.id, .external_id = "H4-1",
           .person_id = p.id, .name = {.full_name = "Planted Report Name", .surname = "Planted"},
           .sex = Sex::kMale, .birth_date = *ParsePartialDate("1990"), .approx_age = 36,
           .features = "planted report features", .status = PersonStatus::kHospitalised,
           .facility = "City Hospital No. 4", .location = "planted ward", .observed_at = now_,
           .received_at = now_, .notes = "planted report notes", .raw = "planted,raw,row",
           .extension = R"({"author_phone":"planted phone"})"};
  Inquiry q{.id = NewId(kInquiryIdPrefix), .sought_name = "Planted Sought",
            .sought_sex = Sex::kMale, .sought_birth_date = *ParsePartialDate("1990"),
            .sought_approx_age = 36, .sought_home_locality = "planted home",
            .last_seen_place = "planted square", .last_seen_at = now_,
            .sought_features = "planted sought features", .inquirer_name = "Planted Inquirer",
            .inquirer_relation = "planted sister", .callback_phone = kPhone,
            .state = InquiryState::kClosed, .person_id = p.id, .notes = "planted inquiry notes",
            .created_at = now_, .updated_at = now_, .closed_at = now_};
  Inquiry live = q;  // the same family asking again: not purged, keeps the phone
  live.id = NewId(kInquiryIdPrefix);
  live.callback_phone = "+7 701 555 09 99";
  Match m{.id = NewId(kMatchIdPrefix), .person_id = p.id, .inquiry_id = q.id, .score = 0.9,
          .explanation = "planted explanation", .created_at = now_};
  Match mr{.id = NewId(kMatchIdPrefix), .person_id = other.id, .report_id = r.id, .score = 0.8,
           .explanation = "planted report explanation", .created_at = now_};
  CallbackTask cb{.id = NewId(kCallbackIdPrefix), .inquiry_id = q.id, .person_id = p.id,
                  .match_id = m.id, .family_code = "12345678", .due_at = now_,
                  .note = "planted callback note", .created_at = now_, .updated_at = now_};
  MergeRecord merge{.id = NewId(kMergeIdPrefix), .survivor_id = p.id, .absorbed_id = other.id,
                    .snapshot = R"({"planted":"snapshot"})", .survivor_version = 1,
                    .created_by = "test", .created_at = now_};
  OutboxMessage sms{.id = NewId(kOutboxIdPrefix), .channel = "sms", .recipient = kPhone,
                    .body = "planted body", .created_at = now_, .last_error = "planted error"};
  OutboxMessage kept{.id = NewId(kOutboxIdPrefix), .channel = "sms",
                     .recipient = live.callback_phone, .body = "kept body", .created_at = now_};
  {
    auto tx = Write();
    ASSERT_TRUE(tx->InsertSource(src).ok());
    ASSERT_TRUE(tx->InsertPerson(p).ok());
    ASSERT_TRUE(tx->InsertPerson(other).ok());
    ASSERT_TRUE(tx->InsertReport(r).ok());
    ASSERT_TRUE(tx->InsertInquiry(q).ok());
    ASSERT_TRUE(tx->InsertInquiry(live).ok());
    ASSERT_TRUE(tx->InsertMatch(m).ok());
    ASSERT_TRUE(tx->InsertMatch(mr).ok());
    ASSERT_TRUE(tx->InsertCallback(cb).ok());
    ASSERT_TRUE(tx->InsertMerge(merge).ok());
    ASSERT_TRUE(tx->InsertOutbox(sms).ok());
    ASSERT_TRUE(tx->InsertOutbox(kept).ok());
    Audit(*tx, "test.plant", p.id);
    ASSERT_TRUE(tx->Commit().ok());
  }
  {
    auto tx = Write();
    ASSERT_TRUE(tx->PurgeInquiry(q.id, now_).ok());
    ASSERT_TRUE(tx->PurgePerson(p.id, now_).ok());
    Audit(*tx, "test.purge", p.id);
    ASSERT_TRUE(tx->Commit().ok());
  }
  auto tx = Read();
  auto gq = *tx->GetInquiry(q.id);
  EXPECT_TRUE(gq.purged_at.has_value());
  EXPECT_EQ(gq.state, InquiryState::kClosed);  // the tombstone stays
  for (const std::string& v : {gq.sought_name, gq.sought_home_locality, gq.last_seen_place,
                               gq.sought_features, gq.inquirer_name, gq.inquirer_relation,
                               gq.callback_phone, gq.notes, gq.sought_birth_date.ToString()}) {
    EXPECT_EQ(v, "");
  }
  EXPECT_FALSE(gq.sought_approx_age.has_value());
  EXPECT_FALSE(gq.last_seen_at.has_value());
  EXPECT_EQ(tx->GetInquiry(live.id)->inquirer_name, "Planted Inquirer");  // not purged
  auto gp = *tx->GetPerson(p.id);
  EXPECT_TRUE(gp.purged_at.has_value());
  EXPECT_TRUE(gp.names.empty());
  EXPECT_EQ(gp.features + gp.home_locality + gp.birth_date.ToString(), "");
  EXPECT_EQ(gp.status, PersonStatus::kHospitalised);
  auto gr = *tx->GetReport(r.id);
  EXPECT_EQ(gr.name.full_name + gr.name.surname + gr.features + gr.location + gr.notes + gr.raw +
                gr.birth_date.ToString(),
            "");
  EXPECT_EQ(gr.external_id, "H4-1");
  EXPECT_EQ(tx->GetMatch(m.id)->explanation, "");
  EXPECT_EQ(tx->GetMatch(mr.id)->explanation, "");  // about the purged person's report
  auto gcb = *tx->GetCallback(cb.id);
  EXPECT_EQ(gcb.note + gcb.family_code, "");
  auto gm = *tx->GetMerge(merge.id);
  EXPECT_EQ(gm.snapshot, "");
  EXPECT_EQ(gm.survivor_version, 0);  // can no longer be undone
  std::map<std::string, OutboxMessage> outbox;
  auto messages = tx->ListOutbox(false, 100);
  ASSERT_TRUE(messages.ok());
  for (auto& o : *messages) outbox[o.id] = o;
  EXPECT_EQ(outbox[sms.id].recipient + outbox[sms.id].body + outbox[sms.id].last_error, "");
  EXPECT_EQ(outbox[kept.id].recipient, live.callback_phone);
  EXPECT_EQ(outbox[kept.id].body, "kept body");
}

// A corrupt stored value is DataLoss naming the table, the column and the row, from every read
// of it; never the epoch or a default enum served as if true.
void ExpectDataLoss(const Status& s, std::string_view where, std::string_view row) {
  EXPECT_EQ(s.code(), StatusCode::kDataLoss) << s.ToString();
  EXPECT_NE(s.message().find(where), std::string::npos) << s.ToString();
  EXPECT_NE(s.message().find(row), std::string::npos) << s.ToString();
}

TEST_P(StoreConformanceTest, CorruptTimestampIsDataLossNamingTableAndColumn) {
  Person p = MakePerson("Corrupt Timestamp", now_);
  {
    auto tx = Write();
    ASSERT_TRUE(tx->InsertPerson(p).ok());
    Audit(*tx, "person.create", p.id);
    ASSERT_TRUE(tx->Commit().ok());
  }
  ASSERT_TRUE(ExecRaw(url_, "UPDATE persons SET updated_at = '2026-13-99' WHERE id = '" + p.id +
                                "'").ok());
  auto tx = Read();
  Status got = tx->GetPerson(p.id).status();
  ExpectDataLoss(got, "persons.updated_at", p.id);
  EXPECT_NE(got.message().find("'2026-13-99' is not a timestamp"), std::string::npos)
      << got.ToString();
  ExpectDataLoss(tx->ListPersons({}, {.limit = 10}).status(), "persons.updated_at", p.id);
  ExpectDataLoss(tx->ScanIndexRows("", 10).status(), "persons.updated_at", p.id);
  ExpectDataLoss(tx->LoadIndexRow(p.id).status(), "persons.updated_at", p.id);
}

TEST_P(StoreConformanceTest, CorruptEnumIsDataLossNamingTableAndColumn) {
  Person p = MakePerson("Corrupt Enum", now_);
  Inquiry q{.id = NewId(kInquiryIdPrefix), .sought_name = "Corrupt Enum",
            .state = InquiryState::kOpen, .created_at = now_, .updated_at = now_};
  {
    auto tx = Write();
    ASSERT_TRUE(tx->InsertPerson(p).ok());
    ASSERT_TRUE(tx->InsertInquiry(q).ok());
    Audit(*tx, "test.plant", q.id);
    ASSERT_TRUE(tx->Commit().ok());
  }
  ASSERT_TRUE(ExecRaw(url_, "UPDATE inquiries SET channel = 'carrier pigeon' WHERE id = '" +
                                q.id + "'").ok());
  ASSERT_TRUE(ExecRaw(url_, "UPDATE persons SET sex = 'x' WHERE id = '" + p.id + "'").ok());
  auto tx = Read();
  ExpectDataLoss(tx->GetInquiry(q.id).status(), "inquiries.channel", q.id);
  ExpectDataLoss(tx->ListInquiries({}, {.limit = 10}).status(), "inquiries.channel", q.id);
  ExpectDataLoss(tx->UnmatchedInquiries(10).status(), "inquiries.channel", q.id);
  ExpectDataLoss(tx->ScanOpenInquiries("", 10).status(), "inquiries.channel", q.id);
  ExpectDataLoss(tx->GetPerson(p.id).status(), "persons.sex", p.id);
  ExpectDataLoss(tx->ScanIndexRows("", 10).status(), "persons.sex", p.id);
}

TEST_P(StoreConformanceTest, CorruptDateIsDataLossNamingTableAndColumn) {
  Source src = MakeSource("Corrupt Date Hospital", SourceKind::kHospital);
  Person p = MakePerson("Corrupt Date", now_);
  Report r{.id = NewId(kReportIdPrefix), .source_id = src.id, .external_id = "CD-1",
           .person_id = p.id, .name = {.full_name = "Corrupt Date"}, .birth_date = *ParsePartialDate("1990"),
           .observed_at = now_, .received_at = now_};
  {
    auto tx = Write();
    ASSERT_TRUE(tx->InsertSource(src).ok());
    ASSERT_TRUE(tx->InsertPerson(p).ok());
    ASSERT_TRUE(tx->InsertReport(r).ok());
    Audit(*tx, "test.plant", r.id);
    ASSERT_TRUE(tx->Commit().ok());
  }
  ASSERT_TRUE(ExecRaw(url_, "UPDATE reports SET birth_date = '1990-02-31' WHERE id = '" + r.id +
                                "'").ok());
  auto tx = Read();
  Status got = tx->GetReport(r.id).status();
  ExpectDataLoss(got, "reports.birth_date", r.id);
  // A birth date is personal data: the message names where, not what.
  EXPECT_EQ(got.message().find("1990-02-31"), std::string::npos) << got.ToString();
  ExpectDataLoss(tx->ListReports({.person_id = p.id}, {.limit = 10}).status(),
                 "reports.birth_date", r.id);
  ExpectDataLoss(tx->UnmatchedReports(10).status(), "reports.birth_date", r.id);
  ExpectDataLoss(tx->FindReportByExternalId(src.id, "CD-1").status(), "reports.birth_date", r.id);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreConformanceTest,
                         ::testing::Values(Backend{"sqlite", TempSqliteUrl},
                                           Backend{"postgres", TempPostgresUrl}),
                         [](const auto& info) { return info.param.name; });

TEST(OpenStoreTest, RejectsUnknownSchemes) {
  EXPECT_EQ(OpenStore("mysql://x").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(OpenStore("sqlite:").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(OpenStore("postgres:x").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(OpenStore("postgresql://h/db?nonsense=1").status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_FALSE(OpenStore("sqlite:/nonexistent-dir/x/y.db").ok());
}

TEST(SqliteStoreTest, AuditLogIsAppendOnlyInTheDatabase) {
  std::string url = TempSqliteUrl();
  auto store = std::move(OpenStore(url)).value();
  {
    auto tx = std::move(store->Begin(TransactionMode::kWrite)).value();
    ASSERT_TRUE(tx->AppendAudit({.actor = "test", .action = "x"}).ok());
    ASSERT_TRUE(tx->Commit().ok());
  }
  // A direct UPDATE through SQLite is refused by the schema's trigger.
  std::string cmd = "sqlite3 " + url.substr(7) + " \"UPDATE audit_log SET actor='x'\" 2>&1";
  FILE* f = popen(cmd.c_str(), "r");
  ASSERT_NE(f, nullptr);
  char buf[256] = {};
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  pclose(f);
  EXPECT_NE(std::string(buf, n).find("append-only"), std::string::npos) << buf;
}

TEST(PostgresStoreTest, AuditLogIsAppendOnlyInTheDatabase) {
  std::string url = TempPostgresUrl();
  auto store = OpenStore(url);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  {
    auto tx = std::move((*store)->Begin(TransactionMode::kWrite)).value();
    ASSERT_TRUE(tx->AppendAudit({.actor = "test", .action = "x"}).ok());
    ASSERT_TRUE(tx->Commit().ok());
  }
  // Direct changes through libpq are refused by the schema's triggers.
  for (const char* sql : {"UPDATE audit_log SET actor = 'x'", "DELETE FROM audit_log",
                          "TRUNCATE audit_log"}) {
    Status s = testing::ExecOnDatabase(url, sql);
    EXPECT_NE(s.message().find("append-only"), std::string::npos) << sql << ": " << s.ToString();
  }
  auto tx = std::move((*store)->Begin(TransactionMode::kRead)).value();
  EXPECT_EQ(tx->ListAudit(0, 10)->size(), 1u);
}

TEST(PostgresStoreTest, DescribesWithoutPassword) {
  auto url = testing::TestPostgresUrl();
  ASSERT_TRUE(url.ok()) << url.status().ToString();
  auto store = OpenStore(TempPostgresUrl());
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  EXPECT_TRUE((*store)->Describe().starts_with("postgresql://")) << (*store)->Describe();
  EXPECT_NE((*store)->Describe().find("/aftermath_test_"), std::string::npos);
}

TEST(PostgresStoreTest, UnreachableServerIsUnavailable) {
  // Port 1 on loopback: nothing listens there.
  auto store = OpenStore("postgresql://nobody@127.0.0.1:1/none?connect_timeout=2");
  EXPECT_EQ(store.status().code(), StatusCode::kUnavailable) << store.status().ToString();
}

TEST(PostgresStoreTest, UnmigratedDatabaseIsVersionZero) {
  auto store = OpenStore(TempPostgresUrl(), {.migrate = false});
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  EXPECT_EQ(*(*store)->SchemaVersion(), 0);
  ASSERT_TRUE((*store)->Migrate().ok());
  EXPECT_EQ(*(*store)->SchemaVersion(), (*store)->LatestSchemaVersion());
}

TEST(PostgresStoreTest, ReconnectsAfterTheServerDropsPooledConnections) {
  std::string url = TempPostgresUrl();
  auto store = OpenStore(url);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  ASSERT_TRUE(std::move((*store)->Begin(TransactionMode::kRead)).value()->CountPersons().ok());
  // What a server restart does to the idle connections in the pool.
  ASSERT_TRUE(testing::ExecOnDatabase(url,
                                      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                      "WHERE datname = current_database() AND "
                                      "pid <> pg_backend_pid()")
                  .ok());
  auto tx = (*store)->Begin(TransactionMode::kRead);
  ASSERT_TRUE(tx.ok()) << tx.status().ToString();
  auto count = (*tx)->CountPersons();
  EXPECT_TRUE(count.ok()) << count.status().ToString();
}

TEST(PostgresStoreTest, ReclaimsSpace) {
  auto store = OpenStore(TempPostgresUrl());
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  Status s = (*store)->ReclaimSpace();
  EXPECT_TRUE(s.ok()) << s.ToString();
}

TEST(PostgresStoreTest, ConcurrentOpenersMigrateOnce) {
  std::string url = TempPostgresUrl();
  std::vector<std::thread> threads;
  std::atomic<int> failures = 0;
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&] {
      auto s = OpenStore(url);
      if (!s.ok()) ++failures;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
}

}  // namespace
}  // namespace aftermath

// The damage & support register's aggregate (store/recovery_records.h) on every backend: the
// same suite as store_conformance_test, against SQLite and the test PostgreSQL server.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <functional>

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
             ("aftermath_recovery_store_test_" + std::to_string(getpid()));
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

std::string Hash(char c) { return std::string(64, c); }

class RecoveryStoreTest : public ::testing::TestWithParam<Backend> {
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
  std::unique_ptr<Transaction> Read() {
    return std::move(store_->Begin(TransactionMode::kRead)).value();
  }
  void Audit(Transaction& tx, std::string id) {
    ASSERT_TRUE(tx.AppendAudit({.at = now_,
                                .actor = "test",
                                .action = "test.write",
                                .entity_type = "test",
                                .entity_id = std::move(id)})
                    .ok());
  }
  // Runs `write` in a transaction of its own and commits it with an audit row.
  void Commit(const std::function<void(Transaction&)>& write) {
    auto tx = Write();
    write(*tx);
    Audit(*tx, "x");
    Status s = tx->Commit();
    ASSERT_TRUE(s.ok()) << s.ToString();
  }

  Programme MakeProgramme(std::string code) {
    Programme p;
    p.id = NewId(kProgrammeIdPrefix);
    p.code = std::move(code);
    p.name = "Support of looted businesses";
    p.claim_kinds = {ClaimKind::kBusinessProperty, ClaimKind::kHome};
    p.object_kinds = {ObjectKind::kShop};
    p.amount_rule = AmountRule::kAssessed;
    p.cap_per_object = 50'000'000;
    p.cap_per_person = 60'000'000;
    p.budget = 9'000'000'000;
    p.valuer_threshold = 10'000'000;
    p.period_start = {2022, 1, 5};
    p.period_end = {2022, 12, 31};
    p.opens_from_direct_line = true;
    p.created_at = p.updated_at = now_;
    return p;
  }

  AffectedObject MakeObject() {
    AffectedObject o;
    o.id = NewId(kObjectIdPrefix);
    o.kind = ObjectKind::kShop;
    o.name = "Магазин «Арай»";
    o.address = "г. Алматы, ул. Абая 10, бутик 5";
    o.locality_key = "almt";
    o.address_key = "ab|10|5";
    o.building_key = "ab|10";
    o.cadastral = "20:321:012:345:1/5";
    o.bin = "971240001315";
    o.premises = "бутик 5";
    o.description = "витрина разбита";
    o.owners = {{"Ахметов Ерлан", "900101300017", 6000}, {"Ахметова Айгуль", "", 4000}};
    o.created_by = "usr_test";
    o.created_at = o.updated_at = now_;
    return o;
  }

  Claim MakeClaim(const Programme& p, const AffectedObject* o) {
    Claim c;
    c.id = NewId(kClaimIdPrefix);
    c.kind = ClaimKind::kBusinessProperty;
    c.channel = ClaimChannel::kFieldForm;
    c.programme_id = p.id;
    if (o) c.object_id = o->id;
    c.applicant_name = "Ахметов Ерлан";
    c.applicant_id = "900101300017";
    c.applicant_phone = "+77011234567";
    c.applicant_address = "ул. Абая 10";
    c.iban = "KZ86125KZT5004100100";
    c.address_key = "ab|10|5";
    c.building_key = "ab|10";
    c.amount_claimed = 12'500'000;
    c.documents = {{"id_card", Hash('a'), "image/jpeg", 1234},
                   {"photo", Hash('b'), "image/png", 99}};
    c.created_by = "usr_test";
    c.submitted_at = c.updated_at = now_;
    return c;
  }

  std::string url_;
  std::unique_ptr<Store> store_;
  Timestamp now_;
};

TEST_P(RecoveryStoreTest, ProgrammeRoundTripsAndItsCodeIsUnique) {
  Programme p = MakeProgramme("almaty-2022-business");
  Commit([&](Transaction& tx) { ASSERT_TRUE(tx.InsertProgramme(p).ok()); });
  Programme got = *Read()->GetProgramme(p.id);
  EXPECT_EQ(got.code, p.code);
  EXPECT_EQ(got.claim_kinds, p.claim_kinds);
  EXPECT_EQ(got.object_kinds, p.object_kinds);
  EXPECT_EQ(got.budget, 9'000'000'000);
  EXPECT_EQ(got.period_start, p.period_start);
  EXPECT_EQ(got.period_end, p.period_end);
  EXPECT_TRUE(got.opens_from_direct_line);
  EXPECT_TRUE(got.active);
  EXPECT_EQ((*Read()->FindProgrammeByCode(p.code))->id, p.id);
  EXPECT_FALSE(Read()->FindProgrammeByCode("nope")->has_value());
  {
    Programme twin = MakeProgramme(p.code);
    auto tx = Write();
    EXPECT_EQ(tx->InsertProgramme(twin).code(), StatusCode::kAlreadyExists);
  }
  Programme stale = got;
  got.active = false;
  Commit([&](Transaction& tx) { ASSERT_TRUE(tx.UpdateProgramme(got).ok()); });
  {
    auto tx = Write();
    EXPECT_EQ(tx->UpdateProgramme(stale).code(), StatusCode::kAborted);
  }
  Programme now = *Read()->GetProgramme(p.id);
  EXPECT_FALSE(now.active);
  EXPECT_EQ(now.version, 2);
  EXPECT_EQ(Read()->ListProgrammes()->size(), 1u);
}

TEST_P(RecoveryStoreTest, ObjectRoundTripsWithOwnersAndIsFoundByEachKey) {
  AffectedObject o = MakeObject();
  AffectedObject car{.id = NewId(kObjectIdPrefix),
                     .kind = ObjectKind::kVehicle,
                     .vin = "1M8GDM9AXKP042788",
                     .plate = "123ABC02",
                     .created_by = "usr_test",
                     .created_at = now_,
                     .updated_at = now_};
  Commit([&](Transaction& tx) {
    ASSERT_TRUE(tx.InsertObject(o).ok());
    ASSERT_TRUE(tx.InsertObject(car).ok());
  });
  auto tx = Read();
  AffectedObject got = *tx->GetObject(o.id);
  EXPECT_EQ(got.owners, o.owners);
  EXPECT_EQ(got.address, o.address);
  EXPECT_EQ(got.cadastral, o.cadastral);
  EXPECT_EQ(got.premises, o.premises);
  using V = std::vector<std::string>;
  EXPECT_EQ(*tx->FindObjectIds(ObjectKey::kCadastral, o.cadastral, 10), V{o.id});
  EXPECT_EQ(*tx->FindObjectIds(ObjectKey::kBin, o.bin, 10), V{o.id});
  EXPECT_EQ(*tx->FindObjectIds(ObjectKey::kAddress, "ab|10|5", 10), V{o.id});
  EXPECT_EQ(*tx->FindObjectIds(ObjectKey::kBuilding, "ab|10", 10), V{o.id});
  EXPECT_EQ(*tx->FindObjectIds(ObjectKey::kVin, car.vin, 10), V{car.id});
  EXPECT_EQ(*tx->FindObjectIds(ObjectKey::kPlate, car.plate, 10), V{car.id});
  // An empty key finds nothing, though many objects have it empty.
  EXPECT_TRUE(tx->FindObjectIds(ObjectKey::kVin, "", 10)->empty());
  EXPECT_EQ(*tx->CountObjects(), 2);
  auto page = tx->ListObjects(ObjectKind::kVehicle, {.limit = 10});
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].id, car.id);
  tx.reset();

  got.owners = {{"Ахметов Ерлан", "900101300017", 10000}};
  Commit([&](Transaction& tx) { ASSERT_TRUE(tx.UpdateObject(got).ok()); });
  EXPECT_EQ(Read()->GetObject(o.id)->owners.size(), 1u);
  EXPECT_EQ(Read()->GetObject(o.id)->version, 2);
}

TEST_P(RecoveryStoreTest, ClaimRoundTripsAndIsFoundByEachKey) {
  Programme p = MakeProgramme("p1");
  AffectedObject o = MakeObject();
  Claim c = MakeClaim(p, &o);
  c.external_id = "kobo:uuid-1";
  c.relation = "owner";
  c.severity = InjurySeverity::kModerate;
  c.amount_valued = 9'000'000;
  c.valuation = ValuationMethod::kSchedule;
  c.completed_at = now_;
  c.due_at = now_ + std::chrono::hours(24 * 7);
  Commit([&](Transaction& tx) {
    ASSERT_TRUE(tx.InsertProgramme(p).ok());
    ASSERT_TRUE(tx.InsertObject(o).ok());
    ASSERT_TRUE(tx.InsertClaim(c).ok());
  });
  auto tx = Read();
  Claim got = *tx->GetClaim(c.id);
  EXPECT_EQ(got.documents, c.documents);
  EXPECT_EQ(got.applicant_name, c.applicant_name);
  EXPECT_EQ(got.object_id, o.id);
  EXPECT_EQ(got.person_id, "");
  EXPECT_EQ(got.amount_valued, 9'000'000);
  EXPECT_EQ(got.valuation, ValuationMethod::kSchedule);
  EXPECT_EQ(got.severity, InjurySeverity::kModerate);
  EXPECT_EQ(got.due_at, c.due_at);
  EXPECT_FALSE(got.ready_at.has_value());
  EXPECT_EQ((*tx->FindClaimByExternalId("kobo:uuid-1"))->id, c.id);
  EXPECT_FALSE(tx->FindClaimByExternalId("kobo:other")->has_value());
  using V = std::vector<std::string>;
  EXPECT_EQ(*tx->FindClaimIds(ClaimKey::kApplicantId, "900101300017", 10), V{c.id});
  EXPECT_EQ(*tx->FindClaimIds(ClaimKey::kIban, c.iban, 10), V{c.id});
  EXPECT_EQ(*tx->FindClaimIds(ClaimKey::kPhone, c.applicant_phone, 10), V{c.id});
  EXPECT_EQ(*tx->FindClaimIds(ClaimKey::kObject, o.id, 10), V{c.id});
  EXPECT_EQ(*tx->FindClaimIds(ClaimKey::kPhoto, Hash('b'), 10), V{c.id});
  EXPECT_EQ(*tx->FindClaimIds(ClaimKey::kAddress, "ab|10|5", 10), V{c.id});
  EXPECT_EQ(*tx->FindClaimIds(ClaimKey::kBuilding, "ab|10", 10), V{c.id});
  EXPECT_TRUE(tx->FindClaimIds(ClaimKey::kPerson, "", 10)->empty());
  EXPECT_EQ(*tx->CountClaims(), 1);
}

TEST_P(RecoveryStoreTest, ExternalIdsAndDirectLineCasesAreUnique) {
  Programme p = MakeProgramme("p1");
  Claim a = MakeClaim(p, nullptr);
  a.external_id = "kobo:uuid-1";
  Commit([&](Transaction& tx) {
    ASSERT_TRUE(tx.InsertProgramme(p).ok());
    ASSERT_TRUE(tx.InsertClaim(a).ok());
  });
  {
    Claim b = MakeClaim(p, nullptr);
    b.external_id = a.external_id;
    auto tx = Write();
    EXPECT_EQ(tx->InsertClaim(b).code(), StatusCode::kAlreadyExists);
  }
  // Claims without an external id are many.
  Commit([&](Transaction& tx) {
    ASSERT_TRUE(tx.InsertClaim(MakeClaim(p, nullptr)).ok());
    ASSERT_TRUE(tx.InsertClaim(MakeClaim(p, nullptr)).ok());
  });
  // One family case per person and programme.
  Person dead{.id = NewId(kPersonIdPrefix),
              .status = PersonStatus::kDeceased,
              .created_at = now_,
              .updated_at = now_};
  Claim family = MakeClaim(p, nullptr);
  family.kind = ClaimKind::kFamilySupport;
  family.person_id = dead.id;
  Commit([&](Transaction& tx) {
    ASSERT_TRUE(tx.InsertPerson(dead).ok());
    ASSERT_TRUE(tx.InsertClaim(family).ok());
  });
  {
    Claim twin = family;
    twin.id = NewId(kClaimIdPrefix);
    auto tx = Write();
    EXPECT_EQ(tx->InsertClaim(twin).code(), StatusCode::kAlreadyExists);
  }
  EXPECT_EQ(*Read()->FindClaimIds(ClaimKey::kPerson, dead.id, 10),
            std::vector<std::string>{family.id});
}

TEST_P(RecoveryStoreTest, ClaimsListInPagesAndOverdueOnesInDueOrder) {
  Programme p = MakeProgramme("p1");
  std::vector<Claim> claims;
  for (int i = 0; i < 5; ++i) {
    Claim c = MakeClaim(p, nullptr);
    c.submitted_at = c.updated_at = now_ + std::chrono::minutes(i);
    c.state = i % 2 == 0 ? ClaimState::kChecked : ClaimState::kSubmitted;
    c.documents.resize(static_cast<size_t>(i % 3));  // 0, 1 or 2 documents, each its own
    if (i % 2 == 0) {
      c.completed_at = now_;
      c.due_at = now_ + std::chrono::hours(10 - i);
    }
    claims.push_back(c);
  }
  Commit([&](Transaction& tx) {
    ASSERT_TRUE(tx.InsertProgramme(p).ok());
    for (const auto& c : claims) ASSERT_TRUE(tx.InsertClaim(c).ok());
  });
  auto tx = Read();
  auto first = *tx->ListClaims({}, {.limit = 3});
  ASSERT_EQ(first.items.size(), 3u);
  EXPECT_EQ(first.items[0].id, claims[4].id);  // newest first
  EXPECT_FALSE(first.next_cursor.empty());
  auto second = *tx->ListClaims({}, {.limit = 3, .cursor = first.next_cursor});
  ASSERT_EQ(second.items.size(), 2u);
  EXPECT_EQ(second.items[1].id, claims[0].id);
  EXPECT_TRUE(second.next_cursor.empty());
  auto checked = *tx->ListClaims({.state = ClaimState::kChecked}, {.limit = 10});
  EXPECT_EQ(checked.items.size(), 3u);
  auto overdue = *tx->ListOverdueClaims(now_ + std::chrono::hours(9), 10);
  ASSERT_EQ(overdue.size(), 2u);  // due at +6 h and +8 h; the one due at +10 h is not late
  EXPECT_EQ(overdue[0].id, claims[4].id);
  EXPECT_EQ(overdue[1].id, claims[2].id);
  // Each listed claim carries its own documents (read for a whole page at once).
  auto documents_of = [&](const std::string& id) {
    for (const auto& c : claims) {
      if (c.id == id) return c.documents;
    }
    return std::vector<ClaimDocument>{};
  };
  for (const auto& page : {first, second}) {
    for (const auto& c : page.items) EXPECT_EQ(c.documents, documents_of(c.id)) << c.id;
  }
  for (const auto& c : overdue) EXPECT_EQ(c.documents, documents_of(c.id)) << c.id;
}

TEST_P(RecoveryStoreTest, UpdatesAreVersionedAndReplaceDocuments) {
  Programme p = MakeProgramme("p1");
  Claim c = MakeClaim(p, nullptr);
  Commit([&](Transaction& tx) {
    ASSERT_TRUE(tx.InsertProgramme(p).ok());
    ASSERT_TRUE(tx.InsertClaim(c).ok());
  });
  Claim got = *Read()->GetClaim(c.id);
  Claim stale = got;
  got.state = ClaimState::kComplete;
  got.documents.pop_back();
  got.ready_at = now_;
  Commit([&](Transaction& tx) { ASSERT_TRUE(tx.UpdateClaim(got).ok()); });
  {
    auto tx = Write();
    EXPECT_EQ(tx->UpdateClaim(stale).code(), StatusCode::kAborted);
  }
  Claim now = *Read()->GetClaim(c.id);
  EXPECT_EQ(now.version, 2);
  EXPECT_EQ(now.state, ClaimState::kComplete);
  EXPECT_EQ(now.documents.size(), 1u);
  EXPECT_EQ(now.ready_at, now_);
  EXPECT_TRUE(Read()->FindClaimIds(ClaimKey::kPhoto, Hash('b'), 10)->empty());
}

TEST_P(RecoveryStoreTest, AssessmentsKeepTheirPhotosAndWorksTheirProgress) {
  AffectedObject o = MakeObject();
  Assessment a{.id = NewId(kAssessmentIdPrefix),
               .object_id = o.id,
               .inspector = "usr_insp",
               .grade = DamageGrade::kD4,
               .looted = true,
               .burned = true,
               .asset_damage = 14'000'000,
               .lost_income = 2'500'000,
               .notes = "крыша обрушена",
               .inspected_at = now_,
               .created_at = now_};
  a.photos = {{Hash('c'), "image/jpeg", 2'000'000, now_, 43.2389, 76.8897},
              {Hash('d'), "image/heic", 100, std::nullopt, std::nullopt, std::nullopt}};
  RestorationWork w{.id = NewId(kWorkIdPrefix),
                    .object_id = o.id,
                    .contractor = "ТОО Курылыс",
                    .budget = 30'000'000,
                    .progress_pct = 10,
                    .started_at = now_,
                    .created_at = now_,
                    .updated_at = now_};
  Commit([&](Transaction& tx) {
    ASSERT_TRUE(tx.InsertObject(o).ok());
    ASSERT_TRUE(tx.InsertAssessment(a).ok());
    ASSERT_TRUE(tx.InsertWork(w).ok());
  });
  Assessment got = *Read()->GetAssessment(a.id);
  EXPECT_EQ(got.photos, a.photos);
  EXPECT_EQ(got.grade, DamageGrade::kD4);
  EXPECT_TRUE(got.looted && got.burned);
  EXPECT_EQ(got.asset_damage, 14'000'000);
  EXPECT_EQ(got.lost_income, 2'500'000);
  EXPECT_EQ(got.claim_id, "");
  EXPECT_EQ(Read()->ListAssessments(o.id)->size(), 1u);
  RestorationWork done = *Read()->GetWork(w.id);
  done.progress_pct = 100;
  done.completed_at = now_;
  Commit([&](Transaction& tx) { ASSERT_TRUE(tx.UpdateWork(done).ok()); });
  auto works = *Read()->ListWorks(o.id);
  ASSERT_EQ(works.size(), 1u);
  EXPECT_EQ(works[0].progress_pct, 100);
  EXPECT_EQ(works[0].completed_at, now_);
  EXPECT_EQ(works[0].version, 2);
}

TEST_P(RecoveryStoreTest, KinAndConflicts) {
  Programme p = MakeProgramme("p1");
  Claim a = MakeClaim(p, nullptr), b = MakeClaim(p, nullptr);
  Inquiry q{.id = NewId(kInquiryIdPrefix),
            .sought_name = "Сейтказиев Марат",
            .inquirer_name = "Сейтказиева Гульнар",
            .callback_phone = "+77015550123",
            .created_at = now_,
            .updated_at = now_};
  KinProposal k{.id = NewId(kKinIdPrefix),
                .claim_id = a.id,
                .inquiry_id = q.id,
                .name = q.inquirer_name,
                .relation = "жена",
                .phone = q.callback_phone,
                .created_at = now_};
  Conflict c{.id = NewId(kConflictIdPrefix),
             .claim_id = b.id,
             .other_claim_id = a.id,
             .reason = ConflictReason::kSameIban,
             .reasons = "same_iban,same_applicant",
             .score = 1.0,
             .created_at = now_};
  Commit([&](Transaction& tx) {
    ASSERT_TRUE(tx.InsertProgramme(p).ok());
    ASSERT_TRUE(tx.InsertClaim(a).ok());
    ASSERT_TRUE(tx.InsertClaim(b).ok());
    ASSERT_TRUE(tx.InsertInquiry(q).ok());
    ASSERT_TRUE(tx.InsertKin(k).ok());
    ASSERT_TRUE(tx.InsertConflict(c).ok());
  });
  auto kin = *Read()->ListKin(a.id);
  ASSERT_EQ(kin.size(), 1u);
  EXPECT_EQ(kin[0].phone, q.callback_phone);
  EXPECT_EQ(kin[0].state, KinState::kProposed);
  EXPECT_EQ(Read()->ListKinOfInquiry(q.id)->size(), 1u);
  kin[0].state = KinState::kConfirmed;
  kin[0].decided_by = "usr_clerk";
  kin[0].decided_at = now_;
  Commit([&](Transaction& tx) { ASSERT_TRUE(tx.UpdateKin(kin[0]).ok()); });
  EXPECT_EQ(Read()->ListKin(a.id)->at(0).state, KinState::kConfirmed);

  {
    Conflict twin = c;
    twin.id = NewId(kConflictIdPrefix);
    auto tx = Write();
    EXPECT_EQ(tx->InsertConflict(twin).code(), StatusCode::kAlreadyExists);
  }
  // Listed from either side.
  EXPECT_EQ(Read()->ListConflicts({.claim_id = a.id})->size(), 1u);
  EXPECT_EQ(Read()->ListConflicts({.claim_id = b.id})->size(), 1u);
  Conflict got = *Read()->GetConflict(c.id);
  EXPECT_EQ(got.reasons, "same_iban,same_applicant");
  got.state = ConflictState::kDuplicate;
  got.resolved_by = "usr_sup";
  got.resolved_at = now_;
  Commit([&](Transaction& tx) { ASSERT_TRUE(tx.UpdateConflict(got).ok()); });
  EXPECT_TRUE(Read()->ListConflicts({.state = ConflictState::kOpen})->empty());
  EXPECT_EQ(Read()->ListConflicts({.state = ConflictState::kDuplicate})->size(), 1u);
}

// A purge of the direct line's person or inquiry leaves nothing personal in the cases the
// register opened from it, and touches no other claim.
TEST_P(RecoveryStoreTest, PurgeOfTheDirectLineBlanksWhatTheRegisterTookFromIt) {
  Programme p = MakeProgramme("family");
  Person dead{.id = NewId(kPersonIdPrefix),
              .status = PersonStatus::kDeceased,
              .created_at = now_,
              .updated_at = now_};
  dead.names = {{.full_name = "Planted Deceased"}};
  Inquiry q{.id = NewId(kInquiryIdPrefix),
            .sought_name = "Planted Deceased",
            .inquirer_name = "Planted Widow",
            .callback_phone = "+77015550123",
            .state = InquiryState::kClosed,
            .person_id = dead.id,
            .created_at = now_,
            .updated_at = now_,
            .closed_at = now_};
  Claim family = MakeClaim(p, nullptr);
  family.kind = ClaimKind::kFamilySupport;
  family.person_id = dead.id;
  family.applicant_name = "Planted Widow";
  family.relation = "planted wife";
  family.notes = "planted notes";
  family.documents = {{"death_certificate", Hash('d'), "application/pdf", 10},
                      {"id_card", Hash('a'), "image/jpeg", 1234}};  // 'a' is the shop's too
  KinProposal k{.id = NewId(kKinIdPrefix),
                .claim_id = family.id,
                .inquiry_id = q.id,
                .name = "Planted Widow",
                .relation = "planted wife",
                .phone = "+77015550123",
                .created_at = now_};
  Claim other = MakeClaim(p, nullptr);  // a shop owner's claim: not the direct line's
  Commit([&](Transaction& tx) {
    ASSERT_TRUE(tx.InsertProgramme(p).ok());
    ASSERT_TRUE(tx.InsertPerson(dead).ok());
    ASSERT_TRUE(tx.InsertInquiry(q).ok());
    ASSERT_TRUE(tx.InsertClaim(family).ok());
    ASSERT_TRUE(tx.InsertClaim(other).ok());
    ASSERT_TRUE(tx.InsertKin(k).ok());
  });
  Commit([&](Transaction& tx) {
    ASSERT_TRUE(tx.PurgeInquiry(q.id, now_).ok());
    ASSERT_TRUE(tx.PurgePerson(dead.id, now_).ok());
  });
  auto tx = Read();
  Claim f = *tx->GetClaim(family.id);
  EXPECT_EQ(f.applicant_name + f.applicant_id + f.applicant_phone + f.applicant_address + f.iban +
                f.relation + f.address_key + f.building_key + f.notes,
            "");
  EXPECT_EQ(f.state, family.state);  // the tombstone stays
  EXPECT_EQ(f.version, 2);
  auto kin = *tx->ListKin(family.id);
  ASSERT_EQ(kin.size(), 1u);
  EXPECT_EQ(kin[0].name + kin[0].relation + kin[0].phone, "");
  Claim o = *tx->GetClaim(other.id);
  EXPECT_EQ(o.applicant_name, other.applicant_name);
  EXPECT_EQ(o.iban, other.iban);
  // The case's documents go; the files they named stay needed only where another record
  // names them too.
  EXPECT_TRUE(f.documents.empty());
  EXPECT_EQ(o.documents, other.documents);
  EXPECT_FALSE(*tx->IsFileReferenced(Hash('d')));
  EXPECT_TRUE(*tx->IsFileReferenced(Hash('a')));
}

TEST_P(RecoveryStoreTest, ValuedAmountsAddUpByProgrammeObjectAndApplicant) {
  Programme p = MakeProgramme("p1"), q = MakeProgramme("p2");
  AffectedObject o = MakeObject();
  Claim a = MakeClaim(p, &o), b = MakeClaim(p, &o), c = MakeClaim(p, nullptr),
        d = MakeClaim(p, nullptr), e = MakeClaim(q, &o), unvalued = MakeClaim(p, &o);
  a.amount_valued = 1'000;
  b.amount_valued = 20'000;
  b.applicant_id = "850115400911";
  c.amount_valued = 300'000;
  d.amount_valued = 4'000'000;
  d.state = ClaimState::kWithdrawn;  // withdrawn: no longer counts
  e.amount_valued = 50'000'000;      // another programme
  Assessment s{.id = NewId(kAssessmentIdPrefix),
               .object_id = o.id,
               .inspector = "usr_insp",
               .photos = {{.sha256 = Hash('e'), .media_type = "image/jpeg", .size = 5}},
               .inspected_at = now_,
               .created_at = now_};
  Commit([&](Transaction& tx) {
    ASSERT_TRUE(tx.InsertProgramme(p).ok());
    ASSERT_TRUE(tx.InsertProgramme(q).ok());
    ASSERT_TRUE(tx.InsertObject(o).ok());
    for (const Claim* x : {&a, &b, &c, &d, &e, &unvalued}) ASSERT_TRUE(tx.InsertClaim(*x).ok());
    ASSERT_TRUE(tx.InsertAssessment(s).ok());
  });
  auto tx = Read();
  EXPECT_EQ(*tx->SumValued({.programme_id = p.id}), 321'000);
  EXPECT_EQ(*tx->SumValued({.programme_id = p.id, .except_claim_id = c.id}), 21'000);
  EXPECT_EQ(*tx->SumValued({.programme_id = p.id, .object_id = o.id}), 21'000);
  EXPECT_EQ(*tx->SumValued({.programme_id = p.id, .object_id = o.id, .except_claim_id = a.id}),
            20'000);
  EXPECT_EQ(*tx->SumValued({.programme_id = p.id, .applicant_id = "900101300017"}), 301'000);
  EXPECT_EQ(*tx->SumValued({.programme_id = p.id, .applicant_id = "850115400911"}), 20'000);
  EXPECT_EQ(*tx->SumValued({.programme_id = q.id}), 50'000'000);
  EXPECT_EQ(*tx->SumValued({.programme_id = NewId(kProgrammeIdPrefix)}), 0);
  EXPECT_TRUE(*tx->IsFileReferenced(Hash('a')));  // a claim's document
  EXPECT_TRUE(*tx->IsFileReferenced(Hash('e')));  // an assessment's photo
  EXPECT_FALSE(*tx->IsFileReferenced(Hash('f')));
}

TEST_P(RecoveryStoreTest, CorruptStateIsDataLossNamingTableAndColumn) {
  Programme p = MakeProgramme("p1");
  Claim c = MakeClaim(p, nullptr);
  Commit([&](Transaction& tx) {
    ASSERT_TRUE(tx.InsertProgramme(p).ok());
    ASSERT_TRUE(tx.InsertClaim(c).ok());
  });
  ASSERT_TRUE(ExecRaw(url_, "UPDATE recovery_claims SET state = 'paid-twice'").ok());
  Status s = Read()->GetClaim(c.id).status();
  EXPECT_EQ(s.code(), StatusCode::kDataLoss) << s.ToString();
  EXPECT_NE(s.message().find("recovery_claims.state"), std::string::npos) << s.ToString();
  EXPECT_NE(s.message().find(c.id), std::string::npos) << s.ToString();
  ASSERT_TRUE(ExecRaw(url_, "UPDATE recovery_programmes SET claim_kinds = 'home,cash'").ok());
  EXPECT_EQ(Read()->GetProgramme(p.id).status().code(), StatusCode::kDataLoss);
}

INSTANTIATE_TEST_SUITE_P(Backends, RecoveryStoreTest,
                         ::testing::Values(Backend{"sqlite", TempSqliteUrl},
                                           Backend{"postgres", TempPostgresUrl}),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace aftermath

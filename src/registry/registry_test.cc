#include "registry/registry.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

namespace aftermath {
namespace {

class RegistryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto dir = std::filesystem::temp_directory_path() /
               ("aftermath_registry_test_" + std::to_string(getpid()));
    std::filesystem::create_directories(dir);
    path_ = (dir / (std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) +
                    ".db")).string();
    std::filesystem::remove(path_);
    store_ = std::move(OpenStore("sqlite:" + path_)).value();
    registry_ = std::make_unique<Registry>(*store_, clock_);
    hospital_ = *registry_->CreateSource("test", {.name = "City Hospital No. 4",
                                                  .kind = SourceKind::kHospital});
    public_ = *registry_->CreateSource("test", {.name = "Public", .kind = SourceKind::kPublic});
    morgue_ = *registry_->CreateSource("test", {.name = "City Morgue", .kind = SourceKind::kMorgue});
  }

  std::vector<Match> Matches() {
    return *store_->Begin(TransactionMode::kRead).value()->ListMatches({.limit = 1000});
  }

  NewReport HospitalReport() {
    return NewReport{.source_id = hospital_.id, .external_id = "H4-17",
                     .full_name = "Серіков Ерлан Маратұлы", .sex = Sex::kMale,
                     .status = PersonStatus::kHospitalised, .facility = "City Hospital No. 4"};
  }

  int AuditCount() { return int(store_->Begin(TransactionMode::kRead).value()->ListAudit(0, 10000)->size()); }

  FakeClock clock_{*ParseTimestamp("2026-01-06T10:00:00Z")};
  std::string path_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<Registry> registry_;
  Source hospital_, public_, morgue_;
};

TEST_F(RegistryTest, ReportCreatesAPersonWithStatusAndHistory) {
  auto out = registry_->RecordReport("op", HospitalReport());
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out->change, ReportOutcome::Change::kCreated);
  Person p = *registry_->GetPerson("op", out->report.person_id);
  EXPECT_EQ(p.display_name(), "Серіков Ерлан Маратұлы");
  EXPECT_EQ(p.status, PersonStatus::kHospitalised);
  EXPECT_EQ(p.facility, "City Hospital No. 4");
  auto history = *registry_->StatusHistory("op", p.id);
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(history[0].source_id, hospital_.id);
}

TEST_F(RegistryTest, ResentReportWithSameRecordIdChangesNothing) {
  auto first = *registry_->RecordReport("op", HospitalReport());
  int audits = AuditCount();
  auto again = *registry_->RecordReport("op", HospitalReport());
  EXPECT_EQ(again.change, ReportOutcome::Change::kUnchanged);
  EXPECT_EQ(again.report.id, first.report.id);
  EXPECT_EQ(AuditCount(), audits);
  EXPECT_EQ(*store_->Begin(TransactionMode::kRead).value()->CountPersons(), 1);
}

TEST_F(RegistryTest, AListSentAgainDoesNotRestoreAPurgedPerson) {
  auto first = *registry_->RecordReport("op", HospitalReport());
  {
    auto tx = std::move(store_->Begin(TransactionMode::kWrite)).value();
    ASSERT_TRUE(tx->PurgePerson(first.report.person_id, clock_.Now()).ok());
    ASSERT_TRUE(tx->AppendAudit({.at = clock_.Now(), .actor = "cli:purge",
                                 .action = "person.purge"})
                    .ok());
    ASSERT_TRUE(tx->Commit().ok());
  }
  auto again = registry_->RecordReport("op", HospitalReport());
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().code(), StatusCode::kInvalidArgument);
  auto tx = std::move(store_->Begin(TransactionMode::kRead)).value();
  EXPECT_EQ(tx->GetReport(first.report.id)->name.full_name, "");
  EXPECT_TRUE(tx->GetPerson(first.report.person_id)->names.empty());
}

TEST_F(RegistryTest, CorrectedReportUpdatesTheSameRecord) {
  auto first = *registry_->RecordReport("op", HospitalReport());
  NewReport corrected = HospitalReport();
  corrected.location = "Ward 3";
  auto second = registry_->RecordReport("op", corrected);
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(second->change, ReportOutcome::Change::kUpdated);
  EXPECT_EQ(second->report.id, first.report.id);
  EXPECT_EQ(registry_->GetReport("op", first.report.id)->location, "Ward 3");
  EXPECT_EQ(registry_->GetReport("op", first.report.id)->version, 2);
}

TEST_F(RegistryTest, PublicReportCannotOverrideAHospital) {
  auto first = *registry_->RecordReport("op", HospitalReport());
  NewReport prank{.source_id = public_.id, .person_id = first.report.person_id,
                  .full_name = "Сериков Ерлан", .status = PersonStatus::kDeceased,
                  .attach = Attach::kAnyPerson};  // filed by staff: attached as named
  ASSERT_TRUE(registry_->RecordReport("anon", prank).ok());
  Person p = *registry_->GetPerson("op", first.report.person_id);
  EXPECT_EQ(p.status, PersonStatus::kHospitalised);
  EXPECT_EQ(p.names.size(), 2u);  // the new spelling is kept
  EXPECT_EQ(registry_->StatusHistory("op", p.id)->size(), 2u);  // and visible in history
}

TEST_F(RegistryTest, BadInputNamesTheFieldAndWritesNothing) {
  int audits = AuditCount();
  NewReport r = HospitalReport();
  r.source_id = "src_0000000000000000";
  EXPECT_EQ(registry_->RecordReport("op", r).status().field(), "source_id");
  r = HospitalReport();
  r.person_id = "per_0000000000000000";
  r.attach = Attach::kAnyPerson;  // staff may be told; a source is not (see below)
  EXPECT_EQ(registry_->RecordReport("op", r).status().field(), "person_id");
  r = HospitalReport();
  r.full_name = "";
  r.sex = Sex::kUnknown;
  EXPECT_EQ(registry_->RecordReport("op", r).status().field(), "full_name");
  EXPECT_EQ(AuditCount(), audits);
}

TEST_F(RegistryTest, UnidentifiedPersonIsRecorded) {
  NewReport r{.source_id = hospital_.id, .sex = Sex::kMale, .approx_age = 30,
              .features = "tattoo on the left arm", .status = PersonStatus::kDeceased};
  auto out = registry_->RecordReport("op", r);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  Person p = *registry_->GetPerson("op", out->report.person_id);
  EXPECT_TRUE(p.names.empty());
  EXPECT_EQ(p.approx_age, 30);
}

TEST_F(RegistryTest, InquiryUpdateWithStaleVersionIsAConflict) {
  Inquiry q{.sought_name = "Yerlan Serikov", .inquirer_name = "Aigul Serikova",
            .inquirer_relation = "mother", .callback_phone = "+7 701 123 45 67"};
  Inquiry opened = *registry_->OpenInquiry("op1", q);
  EXPECT_EQ(opened.taken_by, "op1");
  Inquiry a = opened, b = opened;
  a.notes = "called back once";
  ASSERT_TRUE(registry_->UpdateInquiry("op1", a).ok());
  b.notes = "something else";
  EXPECT_EQ(registry_->UpdateInquiry("op2", b).status().code(), StatusCode::kAborted);
  EXPECT_EQ(registry_->GetInquiry("op1", opened.id)->notes, "called back once");
}

TEST_F(RegistryTest, ReadsAreAudited) {
  auto out = *registry_->RecordReport("op", HospitalReport());
  int before = AuditCount();
  ASSERT_TRUE(registry_->GetPerson("op7", out.report.person_id).ok());
  auto rows = *store_->Begin(TransactionMode::kRead).value()->ListAudit(before, 10);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].actor, "op7");
  EXPECT_EQ(rows[0].action, "person.read");
  EXPECT_EQ(rows[0].entity_id, out.report.person_id);
}

// Issue #14, item 4: a morgue clerk named a hospital's patient and made them dead.
TEST_F(RegistryTest, ASourceAttachesOnlyToPersonsItReported) {
  auto patient = *registry_->RecordReport("clerk-h", HospitalReport());
  std::string patient_id = patient.report.person_id;
  NewReport claim{.source_id = morgue_.id, .external_id = "M-1", .person_id = patient_id,
                  .full_name = "Сериков Ерлан", .status = PersonStatus::kDeceased};
  auto out = registry_->RecordReport("clerk-m", claim);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out->change, ReportOutcome::Change::kCreated);
  EXPECT_NE(out->report.person_id, patient_id);  // a person of its own
  EXPECT_EQ(registry_->GetPerson("op", patient_id)->status, PersonStatus::kHospitalised);
  EXPECT_EQ(registry_->StatusHistory("op", patient_id)->size(), 1u);
  EXPECT_EQ(registry_->GetPerson("op", patient_id)->names.size(), 1u);
  // The claim waits in the review queue as "same person?" for an operator.
  auto matches = Matches();
  ASSERT_EQ(matches.size(), 1u);
  EXPECT_EQ(matches[0].person_id, patient_id);
  EXPECT_EQ(matches[0].report_id, out->report.id);
  EXPECT_EQ(matches[0].decision, MatchDecision::kPending);

  // Sent again (a replay, a retry): nothing new, and no second proposal.
  auto again = registry_->RecordReport("clerk-m", claim);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->change, ReportOutcome::Change::kUnchanged);
  EXPECT_EQ(Matches().size(), 1u);

  // The hospital may add to its own patient's record.
  NewReport discharged{.source_id = hospital_.id, .external_id = "H4-18",
                       .person_id = patient_id, .status = PersonStatus::kSafe};
  auto own = registry_->RecordReport("clerk-h", discharged);
  ASSERT_TRUE(own.ok()) << own.status().ToString();
  EXPECT_EQ(own->report.person_id, patient_id);
  EXPECT_EQ(registry_->GetPerson("op", patient_id)->status, PersonStatus::kSafe);

  // An operator who confirms the claim merges the two; then the morgue's word counts. That
  // makes the patient dead, so it is a second, explicit step, as confirming a death is.
  for (const char* one_key : {"", "unidentified"}) {
    auto refused = registry_->DecideMatch("op", matches[0].id, MatchDecision::kConfirmed, one_key);
    EXPECT_EQ(refused.status().code(), StatusCode::kFailedPrecondition);
    EXPECT_EQ(refused.status().field(), "acknowledged");
  }
  EXPECT_EQ(registry_->GetPerson("op", patient_id)->status, PersonStatus::kSafe);
  auto merged =
      registry_->DecideMatchView("op", matches[0].id, MatchDecision::kConfirmed, "deceased");
  ASSERT_TRUE(merged.ok()) << merged.status().ToString();
  ASSERT_FALSE(merged->merge_id.empty());
  EXPECT_EQ(registry_->GetPerson("op", patient_id)->status, PersonStatus::kDeceased);

  // Undoing the merge gives the patient back his own status and the question back to the queue.
  ASSERT_TRUE(registry_->UndoMerge("op", merged->merge_id).ok());
  EXPECT_EQ(registry_->GetPerson("op", patient_id)->status, PersonStatus::kSafe);
  ASSERT_EQ(Matches().size(), 1u);
  EXPECT_EQ(Matches()[0].decision, MatchDecision::kPending);
  ASSERT_TRUE(
      registry_->DecideMatch("op", matches[0].id, MatchDecision::kConfirmed, "deceased").ok());
  EXPECT_EQ(registry_->GetPerson("op", patient_id)->status, PersonStatus::kDeceased);
  EXPECT_EQ(registry_->GetReport("op", out->report.id)->person_id, patient_id);
  // After the merge the morgue has reported the patient and attaches directly.
  NewReport later{.source_id = morgue_.id, .external_id = "M-2", .person_id = patient_id,
                  .status = PersonStatus::kDeceased};
  EXPECT_EQ(registry_->RecordReport("clerk-m", later)->report.person_id, patient_id);
}

// No existence oracle: an id that names nobody is answered as one that names someone else's.
TEST_F(RegistryTest, AnUnknownPersonIdIsAnsweredAsAForbiddenOne) {
  auto patient = *registry_->RecordReport("clerk-h", HospitalReport());
  auto named = [&](std::string person_id, std::string external_id, std::string name) {
    return NewReport{.source_id = morgue_.id, .external_id = std::move(external_id),
                     .person_id = std::move(person_id), .full_name = std::move(name),
                     .status = PersonStatus::kDeceased};
  };
  auto known = registry_->RecordReport("m", named(patient.report.person_id, "M-1", "A B"));
  auto unknown = registry_->RecordReport("m", named("per_0000000000000000", "M-2", "A B"));
  ASSERT_TRUE(known.ok() && unknown.ok());
  EXPECT_EQ(known->change, unknown->change);
  EXPECT_NE(unknown->report.person_id, "per_0000000000000000");
  EXPECT_EQ(Matches().size(), 1u);  // only the real person has something to review
  // Without a name the report must describe someone: the same refusal for both.
  auto known_bare = registry_->RecordReport("m", named(patient.report.person_id, "M-3", ""));
  auto unknown_bare = registry_->RecordReport("m", named("per_0000000000000000", "M-4", ""));
  ASSERT_FALSE(known_bare.ok());
  EXPECT_EQ(known_bare.status().ToString(), unknown_bare.status().ToString());
  EXPECT_EQ(known_bare.status().field(), "full_name");
}

TEST_F(RegistryTest, ImportedBatchesAreHeldToTheSameRule) {
  auto patient = *registry_->RecordReport("clerk-h", HospitalReport());
  std::vector<NewReport> batch = {
      {.source_id = morgue_.id, .external_id = "M-1", .person_id = patient.report.person_id,
       .full_name = "Сериков Ерлан", .status = PersonStatus::kDeceased}};
  auto out = registry_->RecordReports("cli:import", batch);
  ASSERT_TRUE(out.ok() && (*out)[0].ok());
  EXPECT_NE((*out)[0]->report.person_id, patient.report.person_id);
  EXPECT_EQ(registry_->GetPerson("op", patient.report.person_id)->status,
            PersonStatus::kHospitalised);
  EXPECT_EQ(Matches().size(), 1u);
}

TEST_F(RegistryTest, StaffFileUnderTheCallCentre) {
  Source line = *registry_->CallCentreSource("usr_op");
  EXPECT_EQ(line.kind, SourceKind::kCallCenter);
  EXPECT_EQ(line.name, kCallCentreSourceName);
  EXPECT_EQ(registry_->CallCentreSource("usr_op2")->id, line.id);  // found, not made again
  EXPECT_LT(line.trust, morgue_.trust);
}

// Issue #14, item 5: a report "observed" in 3026 pinned the status for ever.
TEST_F(RegistryTest, DatesInTheFutureAreRefused) {
  NewReport r = HospitalReport();
  r.observed_at = *ParseTimestamp("3026-01-01T00:00:00Z");
  EXPECT_EQ(registry_->RecordReport("h", r).status().field(), "observed_at");
  r.observed_at = clock_.Now() + std::chrono::minutes(11);
  EXPECT_EQ(registry_->RecordReport("h", r).status().field(), "observed_at");
  r.observed_at = clock_.Now() + std::chrono::minutes(5);  // a clock a little ahead
  EXPECT_TRUE(registry_->RecordReport("h", r).ok());
  r = HospitalReport();
  r.external_id = "H4-99";
  r.birth_date = *ParsePartialDate("2090");
  EXPECT_EQ(registry_->RecordReport("h", r).status().field(), "birth_date");
  EXPECT_EQ(registry_->CreatePerson("op", {.full_name = "A B",
                                           .birth_date = *ParsePartialDate("2026-01-07")})
                .status().field(),
            "birth_date");
  Inquiry q{.sought_name = "Yerlan Serikov", .sought_birth_date = *ParsePartialDate("2090"),
            .inquirer_name = "Aigul Serikova", .callback_phone = "+7 701 123 45 67"};
  EXPECT_EQ(registry_->OpenInquiry("op", q).status().field(), "sought_birth_date");
}

// A future time already in the database (written before dates were checked) no longer wins.
TEST_F(RegistryTest, AFutureTimeAlreadyRecordedDoesNotPinTheStatus) {
  auto first = *registry_->RecordReport("h", HospitalReport());
  {
    auto tx = std::move(store_->Begin(TransactionMode::kWrite)).value();
    StatusEvent forged{.id = "sev_0000000000000001", .person_id = first.report.person_id,
                       .report_id = first.report.id, .source_id = hospital_.id,
                       .status = PersonStatus::kDeceased,
                       .observed_at = *ParseTimestamp("3026-01-01T00:00:00Z"),
                       .recorded_at = clock_.Now() + std::chrono::milliseconds(1)};
    ASSERT_TRUE(tx->InsertStatusEvent(forged).ok());
    ASSERT_TRUE(tx->AppendAudit({.at = clock_.Now(), .actor = "test", .action = "report.create"})
                    .ok());
    ASSERT_TRUE(tx->Commit().ok());
  }
  clock_.Advance(std::chrono::hours(1));
  NewReport safe{.source_id = hospital_.id, .external_id = "H4-18",
                 .person_id = first.report.person_id, .status = PersonStatus::kSafe};
  ASSERT_TRUE(registry_->RecordReport("h", safe).ok());
  EXPECT_EQ(registry_->GetPerson("op", first.report.person_id)->status, PersonStatus::kSafe);
}

// Issue #14, item 11: names with U+202E and U+200B.
TEST_F(RegistryTest, NamesAreKeptWithoutInvisibleCharacters) {
  NewReport r = HospitalReport();
  r.full_name = "Серіков\u200b Ерлан";
  r.other_names = {"Serikov\ufeff Yerlan"};
  auto out = registry_->RecordReport("h", r);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out->report.name.full_name, "Серіков Ерлан");
  Person p = *registry_->GetPerson("op", out->report.person_id);
  ASSERT_EQ(p.names.size(), 2u);
  EXPECT_EQ(p.names[1].full_name, "Serikov Yerlan");

  r = HospitalReport();
  r.external_id = "H4-20";
  r.full_name = "\u202eнавре вокіреС";
  EXPECT_EQ(registry_->RecordReport("h", r).status().field(), "full_name");
  r.full_name = "Серіков Ерлан";
  r.other_names = {"Ivan\u2066Petrov"};
  EXPECT_EQ(registry_->RecordReport("h", r).status().field(), "other_names");
  Inquiry q{.sought_name = "Yerlan\u200b Serikov", .inquirer_name = "Aigul\u200b Serikova",
            .callback_phone = "+7 701 123 45 67"};
  auto opened = registry_->OpenInquiry("op", q);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  EXPECT_EQ(opened->sought_name, "Yerlan Serikov");
  EXPECT_EQ(opened->inquirer_name, "Aigul Serikova");
  q.inquirer_name = "Aigul\u202e";
  EXPECT_EQ(registry_->OpenInquiry("op", q).status().field(), "inquirer_name");
}

}  // namespace
// Issue #19: two operators could call the same family. A claim holds for kCallbackClaim, then
// lapses, so a call an operator walked away from is not lost.
TEST_F(RegistryTest, ACallbackClaimHoldsOffOthersUntilItLapses) {
  Inquiry q{.sought_name = "Yerlan Serikov",
            .inquirer_name = "Aigul Serikova",
            .inquirer_relation = "mother",
            .callback_phone = "+7 701 123 45 67"};
  Inquiry opened = *registry_->OpenInquiry("op1", q);
  auto patient = *registry_->RecordReport("clerk", HospitalReport());
  {  // as the matcher proposes it (this fixture runs none)
    auto tx = std::move(store_->Begin(TransactionMode::kWrite)).value();
    ASSERT_TRUE(tx->InsertMatch({.id = "mat_claim",
                                 .person_id = patient.report.person_id,
                                 .inquiry_id = opened.id,
                                 .score = 0.95,
                                 .created_at = clock_.Now()})
                    .ok());
    ASSERT_TRUE(
        tx->AppendAudit({.at = clock_.Now(), .actor = "matcher", .action = "match.create"}).ok());
    Status committed = tx->Commit();
    ASSERT_TRUE(committed.ok()) << committed.ToString();
  }
  ASSERT_TRUE(registry_->DecideMatch("op1", "mat_claim", MatchDecision::kConfirmed).ok());
  auto calls = *registry_->ListCallbacks("op1", CallbackState::kPending, 10);
  ASSERT_EQ(calls.size(), 1u);
  const std::string id = calls[0].id;

  auto held = registry_->ClaimCallback("anna", id);
  ASSERT_TRUE(held.ok()) << held.status().ToString();
  EXPECT_EQ(held->claimed_by, "anna");
  EXPECT_EQ(registry_->ClaimCallback("boris", id).status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(registry_->RecordCallOutcome("boris", id, Registry::CallOutcome::kInformed, "")
                .status()
                .code(),
            StatusCode::kFailedPrecondition);
  clock_.Advance(Registry::kCallbackClaim - std::chrono::seconds(1));
  EXPECT_FALSE(registry_->ClaimCallback("boris", id).ok());
  clock_.Advance(std::chrono::seconds(2));
  auto taken_over = registry_->ClaimCallback("boris", id);
  ASSERT_TRUE(taken_over.ok()) << taken_over.status().ToString();
  EXPECT_EQ(taken_over->claimed_by, "boris");
  auto informed = registry_->RecordCallOutcome("boris", id, Registry::CallOutcome::kInformed, "");
  ASSERT_TRUE(informed.ok()) << informed.status().ToString();
  EXPECT_TRUE(informed->claimed_by.empty());
  EXPECT_EQ(registry_->ClaimCallback("anna", id).status().code(), StatusCode::kFailedPrecondition);
}

}  // namespace aftermath

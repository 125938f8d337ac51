// The register's use cases on a real SQLite store (the PostgreSQL side of the store is the
// conformance suite's, store/recovery_store_test.cc).
#include "recovery/recovery.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "recovery/keys.h"

namespace aftermath::recovery {
namespace {

std::string Hash(char c) { return std::string(64, c); }

const names::NameEngine& Engine() {
  static const names::NameEngine* engine = new names::NameEngine(*names::NameEngine::Create());
  return *engine;
}

// A valid IIN for a person born on `yymmdd`, the n-th of that day.
std::string Iin(const char* yymmdd, int n) {
  return *CompleteKzId(fmt::format("{}3{:04d}", yymmdd, n));
}

class RecoveryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("aftermath_recovery_test_" + std::to_string(getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    store_ = std::move(OpenStore("sqlite:" + (dir_ / "r.db").string())).value();
    recovery_ = std::make_unique<Recovery>(*store_, clock_, Engine(), &ids_);
    business_ = Programme{.code = "almaty-2022-business",
                          .name = "Looted businesses",
                          .claim_kinds = {ClaimKind::kBusinessProperty},
                          .amount_rule = AmountRule::kAssessed,
                          .cap_per_object = 50'000'000,
                          .valuer_threshold = 10'000'000,
                          .period_start = {2026, 1, 1},
                          .period_end = {2026, 12, 31}};
    business_ = *recovery_->CreateProgramme("usr_admin", business_);
    homes_ = *recovery_->CreateProgramme("usr_admin", {.code = "almaty-2022-homes",
                                                       .name = "Homes",
                                                       .claim_kinds = {ClaimKind::kHome},
                                                       .amount_rule = AmountRule::kAssessed,
                                                       .period_start = {2026, 1, 1},
                                                       .period_end = {2026, 6, 30}});
  }
  void TearDown() override {
    recovery_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  NewClaim Shop(std::string applicant, std::string address, std::string iin = {}) {
    NewClaim c{.kind = ClaimKind::kBusinessProperty,
               .channel = ClaimChannel::kWebForm,
               .programme = business_.code,
               .applicant_name = std::move(applicant),
               .applicant_id = std::move(iin),
               .amount_claimed = 8'000'000};
    c.object = NewObject{.kind = ObjectKind::kShop, .address = std::move(address)};
    return c;
  }
  IntakeOutcome Submit(const NewClaim& c) {
    auto r = recovery_->SubmitClaim("usr_clerk", c);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : IntakeOutcome{};
  }
  std::vector<AuditEvent> AuditRows(const std::string& action) {
    auto tx = std::move(store_->Begin(TransactionMode::kRead)).value();
    return *tx->QueryAudit({.action = action, .limit = 1000});
  }

  std::filesystem::path dir_;
  FakeClock clock_{*ParseTimestamp("2026-01-05T05:00:00Z")};  // Monday 10:00 in Almaty
  TimeOrderedIdGenerator ids_{clock_, 7};
  std::unique_ptr<Store> store_;
  std::unique_ptr<Recovery> recovery_;
  Programme business_, homes_;
};

TEST_F(RecoveryTest, InvalidKeysAreRefusedNamingTheField) {
  NewClaim c = Shop("Ахметов Ерлан", "ул. Абая 10", "900101300018");
  auto r = recovery_->SubmitClaim("usr_clerk", c);
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(r.status().field(), "applicant_id");
  c = Shop("Ахметов Ерлан", "ул. Абая 10");
  c.iban = "KZ86125KZT5004100101";
  EXPECT_EQ(recovery_->SubmitClaim("usr_clerk", c).status().field(), "iban");
  c = Shop("Ахметов Ерлан", "ул. Абая 10");
  c.object->cadastral = "20:321";
  EXPECT_EQ(recovery_->SubmitClaim("usr_clerk", c).status().field(), "object.cadastral");
  c = Shop("Ахметов Ерлан", "ул. Абая 10");
  c.documents = {{"photo", "abc", "image/jpeg", 10}};
  EXPECT_EQ(recovery_->SubmitClaim("usr_clerk", c).status().field(), "documents[0].sha256");
  c = Shop("", "ул. Абая 10");
  EXPECT_EQ(recovery_->SubmitClaim("usr_clerk", c).status().field(), "applicant_name");
  c = Shop("Ахметов Ерлан", "ул. Абая 10");
  c.programme = "no-such-programme";
  EXPECT_EQ(recovery_->SubmitClaim("usr_clerk", c).status().code(), StatusCode::kNotFound);
  c = Shop("Ахметов Ерлан", "ул. Абая 10");
  c.object->kind = ObjectKind::kHome;  // a business programme does not take a home
  EXPECT_EQ(recovery_->SubmitClaim("usr_clerk", c).status().code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(
      *[&] { return std::move(store_->Begin(TransactionMode::kRead)).value(); }()->CountClaims(),
      0);
}

// The case: a looted shop claimed in Russian, then again in Kazakh with the owner's
// name in Latin letters.
TEST_F(RecoveryTest, TheSameShopInRussianAndThenInKazakhWithALatinNameIsFlagged) {
  auto first = Submit(Shop("Сейткалиев Нурлан Маратович", "г. Алматы, ул. Абая, д. 52, бутик 14"));
  EXPECT_TRUE(first.object_created);
  EXPECT_TRUE(first.conflicts.empty());
  auto second = Submit(Shop("Seitkaliyev Nurlan", "Алматы қ., Абай даңғылы, 52 үй, бутик 14"));
  ASSERT_EQ(second.conflicts.size(), 1u);
  const Conflict& c = second.conflicts[0];
  EXPECT_EQ(c.claim_id, second.claim.id);
  EXPECT_EQ(c.other_claim_id, first.claim.id);
  EXPECT_EQ(c.reason, ConflictReason::kSimilarApplicant);
  EXPECT_GE(c.score, 0.8);
  // A different person's shop in the same building but another unit is not flagged.
  auto third = Submit(Shop("Жумабекова Айгерим", "ул. Абая 52, бутик 15"));
  EXPECT_TRUE(third.conflicts.empty());
  // A co-owner claiming the same unit is: both sides to decide.
  auto fourth = Submit(Shop("Иманова Салтанат", "Abay ave 52, boutique 14"));
  ASSERT_EQ(fourth.conflicts.size(), 2u);
  EXPECT_EQ(fourth.conflicts[0].reason, ConflictReason::kSameAddress);
}

TEST_F(RecoveryTest, ExactKeysFindTheSameObjectAndTheSameApplicant) {
  NewClaim a = Shop("Ахметов Ерлан", "ул. Толе би 59", Iin("900101", 1));
  a.object->cadastral = "20:321:012:345";
  auto first = Submit(a);
  NewClaim b = Shop("Ахметова Айгуль", "Tole bi street 59/1", Iin("920202", 2));
  b.object->cadastral = "20-321-012-345";
  auto second = Submit(b);
  EXPECT_FALSE(second.object_created);
  EXPECT_EQ(second.claim.object_id, first.claim.object_id);
  ASSERT_EQ(second.conflicts.size(), 1u);
  EXPECT_EQ(second.conflicts[0].reason, ConflictReason::kSameObject);
  // The same applicant again for the same shop.
  NewClaim c = a;
  c.applicant_name = "Akhmetov Yerlan";
  auto third = Submit(c);
  bool same_applicant = false;
  for (const auto& k : third.conflicts) {
    same_applicant |=
        k.reason == ConflictReason::kSameApplicant && k.other_claim_id == first.claim.id;
  }
  EXPECT_TRUE(same_applicant);
  // One owner's second shop elsewhere is a claim of its own.
  auto fourth = Submit(Shop("Ахметов Ерлан", "ул. Сейфуллина 100", Iin("900101", 1)));
  EXPECT_TRUE(fourth.conflicts.empty());
}

TEST_F(RecoveryTest, OneIinInTwoProgrammesOfOnePeriodIsFlagged) {
  std::string iin = Iin("850315", 7);
  auto shop = Submit(Shop("Оспанов Бауыржан", "ул. Гоголя 3", iin));
  NewClaim home{.kind = ClaimKind::kHome,
                .programme = homes_.code,
                .applicant_name = "Оспанов Бауыржан",
                .applicant_id = iin};
  home.object = NewObject{.kind = ObjectKind::kHome, .address = "мкр Самал-2, д. 5, кв. 17"};
  auto second = Submit(home);
  ASSERT_EQ(second.conflicts.size(), 1u);
  EXPECT_EQ(second.conflicts[0].reason, ConflictReason::kTwoProgrammes);
  EXPECT_EQ(second.conflicts[0].other_claim_id, shop.claim.id);
}

TEST_F(RecoveryTest, SharedIbanAndReusedPhotoAreFlagged) {
  NewClaim a = Shop("Нуриев Тимур", "ул. Жарокова 12", Iin("800101", 1));
  a.iban = "KZ86125KZT5004100100";
  a.documents = {{"photo", Hash('a'), "image/jpeg", 1000}};
  Submit(a);
  NewClaim b = Shop("Қасымова Дана", "ул. Жандосова 40", Iin("810101", 2));
  b.iban = "kz86 125k zt50 0410 0100";
  auto second = Submit(b);
  ASSERT_EQ(second.conflicts.size(), 1u);
  EXPECT_EQ(second.conflicts[0].reason, ConflictReason::kSameIban);
  NewClaim c = Shop("Болатов Арман", "ул. Тимирязева 2", Iin("820101", 3));
  c.documents = {{"photo", Hash('a'), "image/jpeg", 1000}};
  auto third = Submit(c);
  ASSERT_EQ(third.conflicts.size(), 1u);
  EXPECT_EQ(third.conflicts[0].reason, ConflictReason::kSamePhoto);
  // The same id-card scan on two claims of one applicant is not a reused damage photo.
  NewClaim d = Shop("Болатов Арман", "ул. Манаса 7", Iin("820101", 3));
  d.documents = {{"id_card", Hash('e'), "image/jpeg", 1000}};
  NewClaim e = Shop("Болатов Арман", "ул. Манаса 9", Iin("820101", 3));
  e.documents = {{"id_card", Hash('e'), "image/jpeg", 1000}};
  Submit(d);
  EXPECT_TRUE(Submit(e).conflicts.empty());
}

TEST_F(RecoveryTest, DryRunWritesNothingAndExternalIdsMakeIntakeIdempotent) {
  NewClaim a = Shop("Ахметов Ерлан", "ул. Абая 10");
  a.external_id = "kobo:0b6f";
  auto dry = recovery_->SubmitClaim("usr_clerk", a, WriteMode::kDryRun);
  ASSERT_TRUE(dry.ok()) << dry.status().ToString();
  {
    auto tx = std::move(store_->Begin(TransactionMode::kRead)).value();
    EXPECT_EQ(*tx->CountClaims(), 0);
    EXPECT_EQ(*tx->CountObjects(), 0);
  }
  auto first = Submit(a);
  EXPECT_EQ(first.change, IntakeOutcome::Change::kCreated);
  auto again = Submit(a);
  EXPECT_EQ(again.change, IntakeOutcome::Change::kExisting);
  EXPECT_EQ(again.claim.id, first.claim.id);
  auto tx = std::move(store_->Begin(TransactionMode::kRead)).value();
  EXPECT_EQ(*tx->CountClaims(), 1);
}

TEST_F(RecoveryTest, AClaimGoesFromSubmittedToReadyWithinFiveWorkingDays) {
  NewClaim a = Shop("Ахметов Ерлан", "ул. Абая 10", Iin("900101", 1));
  auto intake = Submit(a);
  std::string id = intake.claim.id;
  auto incomplete = *recovery_->ReviewClaim("usr_clerk", id);
  EXPECT_EQ(incomplete.state, ClaimState::kIncomplete);
  EXPECT_EQ(incomplete.missing, "iban, document:id_card, document:title_deed");
  ClaimChanges changes{.version = incomplete.version, .iban = "KZ86125KZT5004100100"};
  changes.documents = std::vector<ClaimDocument>{{"id_card", Hash('1'), "image/jpeg", 10},
                                                 {"title_deed", Hash('2'), "application/pdf", 10}};
  auto updated = recovery_->UpdateClaim("usr_clerk", id, changes);
  ASSERT_TRUE(updated.ok()) << updated.status().ToString();
  // A stale version is refused.
  EXPECT_EQ(recovery_->UpdateClaim("usr_clerk", id, changes).status().code(), StatusCode::kAborted);
  auto complete = *recovery_->ReviewClaim("usr_clerk", id);
  EXPECT_EQ(complete.state, ClaimState::kComplete);
  // Five working days: Wednesday 7 January (Orthodox Christmas) is a public holiday.
  EXPECT_EQ(complete.due_at, *ParseTimestamp("2026-01-13T05:00:00Z"));  // next Tuesday
  EXPECT_EQ(recovery_->MarkReady("usr_clerk", id).status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(recovery_->CheckClaim("usr_clerk", id)->state, ClaimState::kChecked);
  // Within the valuer threshold: inspected and valued by the schedule at once.
  auto assessment =
      recovery_->RecordAssessment("usr_inspector", {.object_id = intake.claim.object_id,
                                                    .grade = DamageGrade::kD3,
                                                    .looted = true,
                                                    .asset_damage = 6'000'000,
                                                    .lost_income = 900'000,
                                                    .photos = {{Hash('3'), "image/jpeg", 5000}}});
  ASSERT_TRUE(assessment.ok()) << assessment.status().ToString();
  auto valued = *recovery_->GetClaim("usr_clerk", id);
  EXPECT_EQ(valued.claim.state, ClaimState::kValued);
  EXPECT_EQ(valued.claim.amount_valued, 6'000'000);
  EXPECT_EQ(valued.claim.valuation, ValuationMethod::kSchedule);
  ASSERT_EQ(valued.assessments.size(), 1u);
  EXPECT_EQ(valued.assessments[0].lost_income, 900'000);
  // Not yet overdue on Friday; overdue the Wednesday after.
  clock_.Advance(std::chrono::hours(24 * 4));
  EXPECT_TRUE(recovery_->ListOverdue("usr_clerk", 10)->empty());
  clock_.Advance(std::chrono::hours(24 * 5));
  EXPECT_EQ(recovery_->ListOverdue("usr_clerk", 10)->size(), 1u);
  auto ready = recovery_->MarkReady("usr_clerk", id);
  ASSERT_TRUE(ready.ok()) << ready.status().ToString();
  EXPECT_EQ(ready->state, ClaimState::kReady);
  EXPECT_TRUE(recovery_->ListOverdue("usr_clerk", 10)->empty());
  EXPECT_EQ(recovery_->WithdrawClaim("usr_clerk", id, "").status().code(),
            StatusCode::kFailedPrecondition);
}

TEST_F(RecoveryTest, AboveTheThresholdAValuerValues) {
  NewClaim a = Shop("Ахметов Ерлан", "ул. Абая 10", Iin("900101", 1));
  a.iban = "KZ86125KZT5004100100";
  a.documents = {{"id_card", Hash('1'), "image/jpeg", 10},
                 {"title_deed", Hash('2'), "application/pdf", 10}};
  auto intake = Submit(a);
  std::string id = intake.claim.id;
  ASSERT_EQ(recovery_->ReviewClaim("usr_clerk", id)->state, ClaimState::kComplete);
  ASSERT_TRUE(recovery_->CheckClaim("usr_clerk", id).ok());
  ASSERT_TRUE(recovery_
                  ->RecordAssessment("usr_inspector", {.object_id = intake.claim.object_id,
                                                       .claim_id = id,
                                                       .grade = DamageGrade::kD5,
                                                       .burned = true,
                                                       .asset_damage = 75'000'000})
                  .ok());
  EXPECT_EQ(recovery_->GetClaim("usr_clerk", id)->claim.state, ClaimState::kInspected);
  auto valued = recovery_->ValueClaim("usr_valuer", id, 75'000'000);
  ASSERT_TRUE(valued.ok()) << valued.status().ToString();
  EXPECT_EQ(valued->amount_valued, 50'000'000);  // the programme's cap per object
  EXPECT_EQ(valued->valuation, ValuationMethod::kValuer);
}

TEST_F(RecoveryTest, AClaimCompleteBeforeNauryzIsDueAfterIt) {
  // Thursday 2026-03-19, 11:00 in Almaty. Nauryz: Saturday 21 to Monday 23 March, and the days
  // off of the weekend's two move to Tuesday 24 and Wednesday 25.
  clock_.Advance(*ParseTimestamp("2026-03-19T06:00:00Z") - clock_.Now());
  NewClaim a = Shop("Ахметов Ерлан", "ул. Абая 10", Iin("900101", 1));
  a.iban = "KZ86125KZT5004100100";
  a.documents = {{"id_card", Hash('1'), "image/jpeg", 10},
                 {"title_deed", Hash('2'), "application/pdf", 10}};
  auto complete = recovery_->ReviewClaim("usr_clerk", Submit(a).claim.id);
  ASSERT_TRUE(complete.ok()) << complete.status().ToString();
  ASSERT_EQ(complete->state, ClaimState::kComplete);
  // Fri 20, Thu 26, Fri 27, Mon 30, Tue 31 March.
  EXPECT_EQ(complete->due_at, *ParseTimestamp("2026-03-31T06:00:00Z"));
  // Not overdue over the holidays.
  clock_.Advance(std::chrono::hours(24 * 8));  // Friday 27 March
  EXPECT_TRUE(recovery_->ListOverdue("usr_clerk", 10)->empty());

  // A day off configured for the server (Kurban ait, 27 May 2026) counts out too.
  WorkingCalendar calendar = WorkingCalendar::Kazakhstan();
  calendar.AddDaysOff(*ParseDaysOff("2026-05-27", "holidays"));
  Recovery configured(*store_, clock_, Engine(), &ids_, nullptr, calendar);
  clock_.Advance(*ParseTimestamp("2026-05-25T04:00:00Z") - clock_.Now());  // Monday
  NewClaim b = Shop("Жумабеков Арман", "ул. Гоголя 5", Iin("880202", 2));
  b.iban = "KZ86125KZT5004100100";
  b.documents = a.documents;
  auto due = configured.ReviewClaim("usr_clerk", Submit(b).claim.id);
  ASSERT_TRUE(due.ok()) << due.status().ToString();
  // Tue 26, Thu 28, Fri 29 May, Mon 1, Tue 2 June.
  EXPECT_EQ(due->due_at, *ParseTimestamp("2026-06-02T04:00:00Z"));
}

TEST_F(RecoveryTest, FilesAreKeptByHashOnlyWhenTheyAreWhatTheySayAndWithinTheLimit) {
  FileStore files(dir_ / "files");
  Recovery with_files(*store_, clock_, Engine(), &ids_, &files);
  std::string png = std::string("\x89PNG\r\n\x1A\n", 8) + "a shop front";
  auto kept = with_files.StoreFile("usr_inspector", png, "image/png");
  ASSERT_TRUE(kept.ok()) << kept.status().ToString();
  EXPECT_EQ(kept->sha256, Sha256Hex(png));
  EXPECT_TRUE(files.Has(kept->sha256));
  EXPECT_EQ(with_files.StoreFile("usr_inspector", png, "image/png")->sha256, kept->sha256);
  auto lying = with_files.StoreFile("usr_inspector", png, "image/jpeg");
  EXPECT_EQ(lying.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(lying.status().field(), "file");
  EXPECT_EQ(with_files.StoreFile("usr_inspector", "GIF89a", "image/gif").status().field(),
            "media_type");
  std::string huge = "%PDF-" + std::string(kMaxFileBytes, 'x');
  EXPECT_EQ(with_files.StoreFile("usr_inspector", huge, "application/pdf").status().field(),
            "file");
  EXPECT_EQ(recovery_->StoreFile("usr_inspector", png, "image/png").status().code(),
            StatusCode::kUnavailable);  // no files directory
  EXPECT_EQ(AuditRows("file.store").size(), 2u);
}

TEST_F(RecoveryTest, RestorationWorksProgressToCompletion) {
  auto object = recovery_->RegisterObject("usr_inspector", {.kind = ObjectKind::kSocialFacility,
                                                            .name = "School No. 12",
                                                            .address = "г. Алматы, ул. Абая 10"});
  ASSERT_TRUE(object.ok()) << object.status().ToString();
  auto work = recovery_->StartWork("usr_inspector", {.object_id = object->id,
                                                     .contractor = "ТОО «Курылыс»",
                                                     .budget = 120'000'000,
                                                     .progress_pct = 10});
  ASSERT_TRUE(work.ok()) << work.status().ToString();
  EXPECT_FALSE(work->completed_at.has_value());
  EXPECT_EQ(recovery_->StartWork("usr_inspector", {.object_id = object->id, .contractor = ""})
                .status()
                .field(),
            "contractor");
  EXPECT_EQ(
      recovery_->UpdateWork("usr_inspector", work->id, work->version, 101, "").status().field(),
      "progress_pct");
  auto half = recovery_->UpdateWork("usr_inspector", work->id, work->version, 50, "roof done");
  ASSERT_TRUE(half.ok()) << half.status().ToString();
  EXPECT_EQ(recovery_->UpdateWork("usr_inspector", work->id, work->version, 60, "").status().code(),
            StatusCode::kAborted);  // stale
  auto done = recovery_->UpdateWork("usr_inspector", work->id, half->version, 100, "");
  ASSERT_TRUE(done.ok()) << done.status().ToString();
  EXPECT_TRUE(done->completed_at.has_value());
  EXPECT_EQ(
      recovery_->UpdateWork("usr_inspector", work->id, done->version, 100, "").status().code(),
      StatusCode::kFailedPrecondition);
  auto view = recovery_->GetObject("usr_inspector", object->id);
  ASSERT_EQ(view->works.size(), 1u);
  EXPECT_EQ(view->works[0].progress_pct, 100);
  EXPECT_EQ(view->works[0].notes, "roof done");
  EXPECT_EQ(AuditRows("work.complete").size(), 1u);
}

TEST_F(RecoveryTest, ResolutionsHoldAndReleaseAndAreUndoable) {
  auto first = Submit(Shop("Сейткалиев Нурлан", "ул. Абая 52, бутик 14"));
  auto second = Submit(Shop("Seitkaliyev Nurlan", "Abay ave 52, boutique 14"));
  ASSERT_EQ(second.conflicts.size(), 1u);
  Conflict c = second.conflicts[0];
  auto resolved =
      recovery_->ResolveConflict("usr_supervisor", c.id, c.version, Resolution::kDuplicate);
  ASSERT_TRUE(resolved.ok()) << resolved.status().ToString();
  EXPECT_EQ(resolved->state, ConflictState::kDuplicate);
  auto held = recovery_->GetClaim("usr_clerk", second.claim.id);
  EXPECT_EQ(held->claim.duplicate_of, first.claim.id);
  EXPECT_EQ(recovery_->ReviewClaim("usr_clerk", second.claim.id).status().code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(recovery_
                ->ResolveConflict("usr_supervisor", c.id, resolved->version,
                                  Resolution::kNotDuplicate, "two boutiques")
                .status()
                .code(),
            StatusCode::kFailedPrecondition);
  // A stale version is refused; the right one undoes.
  EXPECT_EQ(recovery_->UndoResolution("usr_supervisor", c.id, c.version).status().code(),
            StatusCode::kAborted);
  auto undone = recovery_->UndoResolution("usr_supervisor", c.id, resolved->version);
  ASSERT_TRUE(undone.ok()) << undone.status().ToString();
  EXPECT_EQ(undone->state, ConflictState::kOpen);
  EXPECT_EQ(recovery_->GetClaim("usr_clerk", second.claim.id)->claim.duplicate_of, "");
  EXPECT_EQ(AuditRows("conflict.resolve").size(), 1u);
  EXPECT_EQ(AuditRows("conflict.undo").size(), 1u);
  EXPECT_EQ(AuditRows("claim.hold").size(), 1u);
  EXPECT_EQ(AuditRows("claim.release").size(), 1u);
  auto views = *recovery_->ListConflicts("usr_supervisor", {.state = ConflictState::kOpen});
  ASSERT_EQ(views.size(), 1u);
  EXPECT_EQ(views[0].claim.applicant_name, "Seitkaliyev Nurlan");
  EXPECT_EQ(views[0].other.applicant_name, "Сейткалиев Нурлан");

  // Both claims going on lets both be paid: not without the supervisor's reason, kept with it.
  auto bare = recovery_->ResolveConflict("usr_supervisor", c.id, undone->version,
                                         Resolution::kNotDuplicate, "  ");
  EXPECT_EQ(bare.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(bare.status().field(), "note");
  auto both = recovery_->ResolveConflict("usr_supervisor", c.id, undone->version,
                                         Resolution::kNotDuplicate, " boutiques 14 and 14a ");
  ASSERT_TRUE(both.ok()) << both.status().ToString();
  auto kept = *recovery_->ListConflicts("usr_supervisor", {.state = ConflictState::kNotDuplicate});
  ASSERT_EQ(kept.size(), 1u);
  EXPECT_EQ(kept[0].conflict.resolution_note, "boutiques 14 and 14a");
  // Undone, the reason goes with the resolution.
  ASSERT_TRUE(recovery_->UndoResolution("usr_supervisor", c.id, both->version).ok());
  views = *recovery_->ListConflicts("usr_supervisor", {.state = ConflictState::kOpen});
  ASSERT_EQ(views.size(), 1u);
  EXPECT_EQ(views[0].conflict.resolution_note, "");
}

// Intake's lookup: the object a clerk's text names, by a key as typed or an address in any
// script; the same building's other units after the same flat; nothing for another street.
TEST_F(RecoveryTest, AnObjectIsFoundByItsKeyOrItsAddressInAnotherScript) {
  NewClaim a = Shop("Ахметов Ерлан", "г. Алматы, ул. Абая, д. 10, кв. 5", Iin("900101", 1));
  a.object->cadastral = "20:321:012:345";
  auto flat = Submit(a).claim.object_id;
  auto neighbour = Submit(Shop("Серикова Дана", "ул. Абая, д. 10, кв. 6", Iin("920202", 2)))
                       .claim.object_id;
  auto elsewhere = Submit(Shop("Жумабаев Арман", "ул. Сейфуллина 100", Iin("930303", 3)))
                       .claim.object_id;
  auto ids = [&](std::string_view text) {
    auto found = recovery_->FindObjects("usr_clerk", text);
    EXPECT_TRUE(found.ok()) << found.status().ToString();
    std::vector<std::string> out;
    for (const auto& o : found.ok() ? *found : std::vector<AffectedObject>{}) out.push_back(o.id);
    return out;
  };
  EXPECT_EQ(ids("20-321-012-345"), std::vector<std::string>{flat});
  EXPECT_EQ(ids("Abay ave 10-5, Almaty"), (std::vector<std::string>{flat, neighbour}));
  EXPECT_EQ(ids("Абай даңғылы, 10 үй"), (std::vector<std::string>{flat, neighbour}));
  EXPECT_TRUE(ids("ул. Абая, д. 12").empty());
  EXPECT_EQ(ids("Seifullin street 100"), std::vector<std::string>{elsewhere});
  auto rows = AuditRows("object.search");
  ASSERT_EQ(rows.size(), 5u);
  int naming_the_neighbour = 0;
  for (const auto& row : rows) {
    EXPECT_EQ(row.actor, "usr_clerk");
    EXPECT_EQ(row.detail.find("Абая"), std::string::npos) << row.detail;  // ids only
    naming_the_neighbour += row.detail.find(neighbour) != std::string::npos;
  }
  EXPECT_EQ(naming_the_neighbour, 2);
}

TEST_F(RecoveryTest, EveryReadOfPersonalDataIsAudited) {
  auto intake = Submit(Shop("Ахметов Ерлан", "ул. Абая 10"));
  ASSERT_TRUE(recovery_->GetClaim("usr_reader", intake.claim.id).ok());
  ASSERT_TRUE(recovery_->ListClaims("usr_reader", {}, {.limit = 10}).ok());
  ASSERT_TRUE(recovery_->GetObject("usr_reader", intake.claim.object_id).ok());
  ASSERT_TRUE(recovery_->ListConflicts("usr_reader", {}).ok());
  for (const char* action : {"claim.read", "claim.list", "object.read", "conflict.list"}) {
    auto rows = AuditRows(action);
    ASSERT_EQ(rows.size(), 1u) << action;
    EXPECT_EQ(rows[0].actor, "usr_reader");
    EXPECT_EQ(rows[0].detail.find("Ахметов"), std::string::npos) << rows[0].detail;
  }
  EXPECT_NE(AuditRows("claim.read")[0].detail.find(intake.claim.id), std::string::npos);
}

// ---- the direct line ----

class DirectLineTest : public RecoveryTest {
 protected:
  void SetUp() override {
    RecoveryTest::SetUp();
    family_ = *recovery_->CreateProgramme("usr_admin", {.code = "family-2026",
                                                        .name = "Families of the killed",
                                                        .claim_kinds = {ClaimKind::kFamilySupport},
                                                        .amount_rule = AmountRule::kFixed,
                                                        .fixed_amount = 7'000'000,
                                                        .period_start = {2026, 1, 1},
                                                        .opens_from_direct_line = true});
    injury_ = *recovery_->CreateProgramme("usr_admin", {.code = "injured-2026",
                                                        .name = "The injured",
                                                        .claim_kinds = {ClaimKind::kInjurySupport},
                                                        .amount_rule = AmountRule::kBySeverity,
                                                        .amount_light = 500'000,
                                                        .amount_moderate = 1'000'000,
                                                        .amount_severe = 2'000'000,
                                                        .period_start = {2026, 1, 1},
                                                        .opens_from_direct_line = true});
    Timestamp now = clock_.Now();
    morgue_ = {.id = NewId(kSourceIdPrefix),
               .name = "Central morgue",
               .kind = SourceKind::kMorgue,
               .trust = 90,
               .created_at = now};
    family_src_ = {.id = NewId(kSourceIdPrefix),
                   .name = "A family",
                   .kind = SourceKind::kFamily,
                   .trust = 10,
                   .created_at = now};
    Write([&](Transaction& tx) {
      ASSERT_TRUE(tx.InsertSource(morgue_).ok());
      ASSERT_TRUE(tx.InsertSource(family_src_).ok());
    });
  }

  void Write(const std::function<void(Transaction&)>& write) {
    auto tx = std::move(store_->Begin(TransactionMode::kWrite)).value();
    write(*tx);
    ASSERT_TRUE(tx->AppendAudit({.at = clock_.Now(), .actor = "test", .action = "test"}).ok());
    ASSERT_TRUE(tx->Commit().ok());
  }
  Person Dead(const std::string& name, const Source& source) {
    Person p{.id = NewId(kPersonIdPrefix),
             .status = PersonStatus::kDeceased,
             .status_source_id = source.id,
             .created_at = clock_.Now(),
             .updated_at = clock_.Now()};
    p.names = {{.full_name = name}};
    Write([&](Transaction& tx) { ASSERT_TRUE(tx.InsertPerson(p).ok()); });
    return p;
  }
  Inquiry Seeking(const Person& p, const std::string& caller, const std::string& phone) {
    Inquiry q{.id = NewId(kInquiryIdPrefix),
              .sought_name = p.display_name(),
              .inquirer_name = caller,
              .inquirer_relation = "жена",
              .callback_phone = phone,
              .state = InquiryState::kConfirmed,
              .person_id = p.id,
              .created_at = clock_.Now(),
              .updated_at = clock_.Now()};
    Write([&](Transaction& tx) { ASSERT_TRUE(tx.InsertInquiry(q).ok()); });
    return q;
  }
  std::vector<Claim> ClaimsOf(const std::string& person_id) {
    auto tx = std::move(store_->Begin(TransactionMode::kRead)).value();
    std::vector<Claim> out;
    auto ids = tx->FindClaimIds(ClaimKey::kPerson, person_id, 100);
    for (const auto& id : *ids) {
      out.push_back(*tx->GetClaim(id));
    }
    return out;
  }

  Programme family_, injury_;
  Source morgue_, family_src_;
};

TEST_F(DirectLineTest, AMorgueReportOpensAFamilyCaseWithTheKinFromTheInquiry) {
  Person p = Dead("Сейтказиев Марат", morgue_);
  Inquiry q = Seeking(p, "Сейтказиева Гульнар", "8 701 555 01 23");
  ASSERT_TRUE(recovery_->SyncFromDirectLine({p.id}, {}).ok());
  auto claims = ClaimsOf(p.id);
  ASSERT_EQ(claims.size(), 1u);
  EXPECT_EQ(claims[0].kind, ClaimKind::kFamilySupport);
  EXPECT_EQ(claims[0].channel, ClaimChannel::kDirectLine);
  EXPECT_EQ(claims[0].programme_id, family_.id);
  auto view = *recovery_->GetClaim("usr_clerk", claims[0].id);
  EXPECT_EQ(view.person_name, "Сейтказиев Марат");
  ASSERT_EQ(view.kin.size(), 1u);
  EXPECT_EQ(view.kin[0].inquiry_id, q.id);
  EXPECT_EQ(view.kin[0].name, "Сейтказиева Гульнар");
  // Following the feed again changes nothing.
  ASSERT_TRUE(recovery_->SyncFromDirectLine({p.id}, {q.id}).ok());
  EXPECT_EQ(ClaimsOf(p.id).size(), 1u);
  EXPECT_EQ(recovery_->GetClaim("usr_clerk", claims[0].id)->kin.size(), 1u);
  // The operator confirms the payee.
  auto confirmed = recovery_->ConfirmPayee("usr_clerk", claims[0].id, view.kin[0].id);
  ASSERT_TRUE(confirmed.ok()) << confirmed.status().ToString();
  EXPECT_EQ(confirmed->applicant_name, "Сейтказиева Гульнар");
  EXPECT_EQ(confirmed->applicant_phone, "+77015550123");
  EXPECT_EQ(confirmed->relation, "жена");
  EXPECT_EQ(AuditRows("claim.open_from_direct_line").size(), 1u);
  EXPECT_EQ(AuditRows("claim.open_from_direct_line")[0].actor, kDirectLineActor);
}

TEST_F(DirectLineTest, AnUndoneConfirmationWithdrawsThePayee) {
  Person p = Dead("Сейтказиев Марат", morgue_);
  Inquiry q = Seeking(p, "Сейтказиева Гульнар", "+77015550123");
  ASSERT_TRUE(recovery_->SyncFromDirectLine({p.id}, {}).ok());
  std::string claim_id = ClaimsOf(p.id)[0].id;
  auto kin = recovery_->GetClaim("usr_clerk", claim_id)->kin;
  ASSERT_TRUE(recovery_->ConfirmPayee("usr_clerk", claim_id, kin[0].id).ok());
  // The inquiry no longer names the person (the confirmation was undone in the line).
  Write([&](Transaction& tx) {
    Inquiry changed = *tx.GetInquiry(q.id);
    changed.person_id.clear();
    changed.state = InquiryState::kOpen;
    ASSERT_TRUE(tx.UpdateInquiry(changed).ok());
  });
  ASSERT_TRUE(recovery_->SyncFromDirectLine({}, {q.id}).ok());
  auto view = *recovery_->GetClaim("usr_clerk", claim_id);
  EXPECT_EQ(view.kin[0].state, KinState::kWithdrawn);
  EXPECT_EQ(view.claim.applicant_name, "");
  EXPECT_EQ(view.claim.applicant_phone, "");
  EXPECT_EQ(recovery_->ConfirmPayee("usr_clerk", claim_id, kin[0].id).status().code(),
            StatusCode::kFailedPrecondition);
}

TEST_F(DirectLineTest, OnlyTrustedSourcesOpenCasesAndMergesAreFollowed) {
  Person rumour = Dead("Кто-то Сказал", family_src_);
  ASSERT_TRUE(recovery_->SyncFromDirectLine({rumour.id}, {}).ok());
  EXPECT_TRUE(ClaimsOf(rumour.id).empty());

  Person a = Dead("Бекова Алия", morgue_), b = Dead("Bekova Aliya", morgue_);
  ASSERT_TRUE(recovery_->SyncFromDirectLine({a.id, b.id}, {}).ok());
  ASSERT_EQ(ClaimsOf(a.id).size(), 1u);
  ASSERT_EQ(ClaimsOf(b.id).size(), 1u);
  // The line merges b into a: b's case is a duplicate of a's and is withdrawn.
  Write([&](Transaction& tx) {
    Person absorbed = *tx.GetPerson(b.id);
    absorbed.merged_into = a.id;
    ASSERT_TRUE(tx.UpdatePerson(absorbed).ok());
  });
  ASSERT_TRUE(recovery_->SyncFromDirectLine({b.id}, {}).ok());
  auto of_b = ClaimsOf(b.id);
  ASSERT_EQ(of_b.size(), 1u);
  EXPECT_EQ(of_b[0].state, ClaimState::kWithdrawn);
  EXPECT_EQ(of_b[0].duplicate_of, ClaimsOf(a.id)[0].id);

  // A person no longer reported dead: the case the line opened is withdrawn.
  Write([&](Transaction& tx) {
    Person alive = *tx.GetPerson(a.id);
    alive.status = PersonStatus::kSafe;
    ASSERT_TRUE(tx.UpdatePerson(alive).ok());
  });
  ASSERT_TRUE(recovery_->SyncFromDirectLine({a.id}, {}).ok());
  EXPECT_EQ(ClaimsOf(a.id)[0].state, ClaimState::kWithdrawn);
}

TEST_F(DirectLineTest, HospitalReportsOpenInjuryCasesValuedBySeverity) {
  Source hospital{.id = NewId(kSourceIdPrefix),
                  .name = "City Hospital No. 4",
                  .kind = SourceKind::kHospital,
                  .trust = 80,
                  .created_at = clock_.Now()};
  Write([&](Transaction& tx) { ASSERT_TRUE(tx.InsertSource(hospital).ok()); });
  Person p{.id = NewId(kPersonIdPrefix),
           .status = PersonStatus::kHospitalised,
           .status_source_id = hospital.id,
           .created_at = clock_.Now(),
           .updated_at = clock_.Now()};
  p.names = {{.full_name = "Жаксылыков Ержан"}};
  Write([&](Transaction& tx) { ASSERT_TRUE(tx.InsertPerson(p).ok()); });
  auto caught_up = recovery_->CatchUpWithDirectLine();
  ASSERT_TRUE(caught_up.ok()) << caught_up.status().ToString();
  EXPECT_EQ(*caught_up, 1);
  auto claims = ClaimsOf(p.id);
  ASSERT_EQ(claims.size(), 1u);
  EXPECT_EQ(claims[0].kind, ClaimKind::kInjurySupport);
  std::string id = claims[0].id;
  ClaimChanges changes{.version = claims[0].version,
                       .applicant_name = "Жаксылыков Ержан",
                       .applicant_id = Iin("770707", 5),
                       .iban = "KZ86125KZT5004100100"};
  changes.severity = InjurySeverity::kSevere;
  changes.documents =
      std::vector<ClaimDocument>{{"id_card", Hash('1'), "image/jpeg", 10},
                                 {"medical_certificate", Hash('2'), "application/pdf", 10}};
  auto updated = recovery_->UpdateClaim("usr_clerk", id, changes);
  ASSERT_TRUE(updated.ok()) << updated.status().ToString();
  ASSERT_EQ(recovery_->ReviewClaim("usr_clerk", id)->state, ClaimState::kComplete);
  auto checked = *recovery_->CheckClaim("usr_clerk", id);
  EXPECT_EQ(checked.state, ClaimState::kValued);  // no inspection: the sum for its severity
  EXPECT_EQ(checked.amount_valued, 2'000'000);
  EXPECT_EQ(checked.valuation, ValuationMethod::kFixed);
}

// The direct line's reports carry a status (in hospital) and a facility, not how badly a person
// is hurt (model/records.h Report and Person have no such field): an injury case opens with its
// severity unknown and asks for it before it can be complete.
TEST_F(DirectLineTest, AnInjuryCaseOpensWithItsSeverityUnknownAndAsksForIt) {
  Source hospital{.id = NewId(kSourceIdPrefix),
                  .name = "City Hospital No. 7",
                  .kind = SourceKind::kHospital,
                  .trust = 80,
                  .created_at = clock_.Now()};
  Write([&](Transaction& tx) { ASSERT_TRUE(tx.InsertSource(hospital).ok()); });
  Person p{.id = NewId(kPersonIdPrefix),
           .status = PersonStatus::kHospitalised,
           .status_source_id = hospital.id,
           .facility = "City Hospital No. 7, surgery",
           .created_at = clock_.Now(),
           .updated_at = clock_.Now()};
  p.names = {{.full_name = "Омаров Талгат"}};
  Write([&](Transaction& tx) { ASSERT_TRUE(tx.InsertPerson(p).ok()); });
  ASSERT_TRUE(recovery_->SyncFromDirectLine({p.id}, {}).ok());
  auto claims = ClaimsOf(p.id);
  ASSERT_EQ(claims.size(), 1u);
  EXPECT_EQ(claims[0].kind, ClaimKind::kInjurySupport);
  EXPECT_EQ(claims[0].severity, InjurySeverity::kUnknown);
  std::string id = claims[0].id;
  auto view = *recovery_->GetClaim("usr_clerk", id);
  EXPECT_NE(std::find(view.missing.begin(), view.missing.end(), "severity"), view.missing.end());
  // Everything else given: still incomplete, for the severity alone.
  ClaimChanges changes{.version = claims[0].version,
                       .applicant_name = "Омаров Талгат",
                       .applicant_id = Iin("800808", 8),
                       .iban = "KZ86125KZT5004100100"};
  changes.documents =
      std::vector<ClaimDocument>{{"id_card", Hash('1'), "image/jpeg", 10},
                                 {"medical_certificate", Hash('2'), "application/pdf", 10}};
  ASSERT_TRUE(recovery_->UpdateClaim("usr_clerk", id, changes).ok());
  auto incomplete = recovery_->ReviewClaim("usr_clerk", id);
  ASSERT_TRUE(incomplete.ok()) << incomplete.status().ToString();
  EXPECT_EQ(incomplete->state, ClaimState::kIncomplete);
  EXPECT_EQ(incomplete->missing, "severity");
  ClaimChanges severity{.version = incomplete->version};
  severity.severity = InjurySeverity::kModerate;
  ASSERT_TRUE(recovery_->UpdateClaim("usr_clerk", id, severity).ok());
  ASSERT_EQ(recovery_->ReviewClaim("usr_clerk", id)->state, ClaimState::kComplete);
  auto checked = *recovery_->CheckClaim("usr_clerk", id);
  EXPECT_EQ(checked.state, ClaimState::kValued);
  EXPECT_EQ(checked.amount_valued, 1'000'000);
}

// A purge of the direct line deletes a family case's documents; the files no claim or
// assessment names any more are removed when the register next hears of the person, the others
// stay.
TEST_F(DirectLineTest, APurgedCaseTakesTheFilesNoRecordNamesAnyMore) {
  FileStore files(dir_ / "files");
  Recovery with_files(*store_, clock_, Engine(), &ids_, &files);
  std::string pdf = "%PDF-1.4 death certificate of a planted person";
  std::string jpeg = "\xFF\xD8\xFF identity card of the widow";
  std::string shared = "\xFF\xD8\xFF identity card sent for two claims";
  std::string fresh = "\xFF\xD8\xFF uploaded a minute ago, not yet named";
  auto certificate = *with_files.StoreFile("usr_clerk", pdf, "application/pdf");
  auto id_card = *with_files.StoreFile("usr_clerk", jpeg, "image/jpeg");
  auto both = *with_files.StoreFile("usr_clerk", shared, "image/jpeg");
  // Files from yesterday and before: past the sweep's grace.
  for (const auto& f : {certificate, id_card, both}) {
    std::filesystem::last_write_time(
        files.PathOf(f.sha256),
        std::filesystem::file_time_type::clock::now() - std::chrono::hours(48));
  }
  auto unnamed = *with_files.StoreFile("usr_clerk", fresh, "image/jpeg");

  Person p = Dead("Плантов Покойный", morgue_);
  ASSERT_TRUE(with_files.SyncFromDirectLine({p.id}, {}).ok());
  Claim family = ClaimsOf(p.id).at(0);
  ClaimChanges changes{.version = family.version};
  changes.documents = std::vector<ClaimDocument>{
      {"death_certificate", certificate.sha256, certificate.media_type, certificate.size},
      {"id_card", id_card.sha256, id_card.media_type, id_card.size},
      {"photo", both.sha256, both.media_type, both.size}};
  ASSERT_TRUE(with_files.UpdateClaim("usr_clerk", family.id, changes).ok());
  // A shop's claim names the shared file too.
  auto business =
      *with_files.CreateProgramme("usr_admin", {.code = "shops-2026",
                                                .name = "Shops",
                                                .claim_kinds = {ClaimKind::kBusinessProperty},
                                                .amount_rule = AmountRule::kAssessed,
                                                .period_start = {2026, 1, 1}});
  NewClaim shop{.kind = ClaimKind::kBusinessProperty,
                .programme = business.code,
                .applicant_name = "Ахметов Ерлан"};
  shop.object = NewObject{.kind = ObjectKind::kShop, .address = "ул. Абая 10"};
  shop.documents = {{"photo", both.sha256, both.media_type, both.size}};
  ASSERT_TRUE(with_files.SubmitClaim("usr_clerk", shop).ok());

  // Nothing is swept while the case stands.
  ASSERT_TRUE(with_files.SyncFromDirectLine({p.id}, {}).ok());
  EXPECT_TRUE(files.Has(certificate.sha256));
  Write([&](Transaction& tx) { ASSERT_TRUE(tx.PurgePerson(p.id, clock_.Now()).ok()); });
  ASSERT_TRUE(with_files.SyncFromDirectLine({p.id}, {}).ok());
  EXPECT_FALSE(files.Has(certificate.sha256));
  EXPECT_FALSE(files.Has(id_card.sha256));
  EXPECT_TRUE(files.Has(both.sha256));     // the shop's claim still names it
  EXPECT_TRUE(files.Has(unnamed.sha256));  // within the grace: its claim may be on its way
  EXPECT_TRUE(recovery_->GetClaim("usr_clerk", family.id)->claim.documents.empty());
  auto deleted = AuditRows("file.delete");
  ASSERT_EQ(deleted.size(), 2u);
  EXPECT_EQ(deleted[0].actor, kDirectLineActor);
}

}  // namespace
}  // namespace aftermath::recovery

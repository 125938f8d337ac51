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
  Source hospital_, public_;
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
                  .full_name = "Сериков Ерлан", .status = PersonStatus::kDeceased};
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

}  // namespace
}  // namespace aftermath

// Claims from field forms (KoBoToolbox and ODK exports) through the register's batch intake.
#include "recovery/claims_import.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace aftermath::recovery {
namespace {

std::string TestData(const std::string& name) {
  const char* root = std::getenv("AFTERMATH_SOURCE_DIR");
  std::ifstream in(std::string(root && *root ? root : ".") + "/tests/testdata/recovery/" + name,
                   std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

class ClaimsImportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("aftermath_claims_import_" + std::to_string(getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    store_ = std::move(OpenStore("sqlite:" + (dir_ / "r.db").string())).value();
    engine_ = std::make_unique<names::NameEngine>(*names::NameEngine::Create());
    recovery_ = std::make_unique<Recovery>(*store_, clock_, *engine_);
    ASSERT_TRUE(recovery_
                    ->CreateProgramme("usr_admin", {.code = "shops",
                                                    .name = "Shops",
                                                    .claim_kinds = {ClaimKind::kBusinessProperty},
                                                    .period_start = {2020, 1, 1}})
                    .ok());
    ASSERT_TRUE(recovery_
                    ->CreateProgramme("usr_admin", {.code = "homes",
                                                    .name = "Homes",
                                                    .claim_kinds = {ClaimKind::kHome},
                                                    .period_start = {2020, 1, 1}})
                    .ok());
  }
  void TearDown() override {
    recovery_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  ClaimImportSummary Import(const std::string& file, ClaimImportOptions options) {
    std::istringstream in(TestData(file));
    auto summary = ImportClaims(*recovery_, "cli:test", in, options);
    EXPECT_TRUE(summary.ok()) << summary.status().ToString();
    return summary.ok() ? *summary : ClaimImportSummary{};
  }
  int64_t Claims() {
    return *std::move(store_->Begin(TransactionMode::kRead)).value()->CountClaims();
  }

  std::filesystem::path dir_;
  FakeClock clock_{*ParseTimestamp("2026-01-05T05:00:00Z")};
  std::unique_ptr<Store> store_;
  std::unique_ptr<names::NameEngine> engine_;
  std::unique_ptr<Recovery> recovery_;
};

TEST_F(ClaimsImportTest, AKoboExportInCp1251WithRowErrorsAndTheDuplicateCheck) {
  ClaimImportOptions options{.programme = "shops", .kind = ClaimKind::kBusinessProperty};
  ClaimImportSummary s = Import("kobo_shops_cp1251.csv", options);
  EXPECT_EQ(s.rows, 4);
  EXPECT_EQ(s.created, 3);
  EXPECT_EQ(s.rejected, 1);
  ASSERT_EQ(s.errors.size(), 1u);
  EXPECT_EQ(s.errors[0].field(), "row 4, column applicant/iin");
  EXPECT_NE(s.errors[0].message().find("check digit"), std::string::npos);
  // The fourth row is the first shop again, written otherwise.
  EXPECT_EQ(s.conflicts, 1);
  auto conflicts = *recovery_->ListConflicts("cli:test", {});
  ASSERT_EQ(conflicts.size(), 1u);
  EXPECT_EQ(conflicts[0].conflict.reason, ConflictReason::kSimilarApplicant);
  EXPECT_EQ(conflicts[0].other.applicant_name, "Сейткалиев Нурлан Маратович");  // decoded
  EXPECT_EQ(conflicts[0].other.applicant_phone, "+77015550123");
  EXPECT_EQ(conflicts[0].other.external_id, "form:0b6f2c1e-0001");
}

TEST_F(ClaimsImportTest, ADryRunWritesNothingAndAReimportChangesNothing) {
  ClaimImportOptions options{
      .programme = "shops", .kind = ClaimKind::kBusinessProperty, .mode = WriteMode::kDryRun};
  ClaimImportSummary dry = Import("kobo_shops_cp1251.csv", options);
  EXPECT_EQ(dry.created, 3);
  EXPECT_EQ(dry.rejected, 1);
  EXPECT_EQ(Claims(), 0);
  options.mode = WriteMode::kCommit;
  Import("kobo_shops_cp1251.csv", options);
  EXPECT_EQ(Claims(), 3);
  ClaimImportSummary again = Import("kobo_shops_cp1251.csv", options);
  EXPECT_EQ(again.created, 0);
  EXPECT_EQ(again.existing, 3);
  EXPECT_EQ(again.rejected, 1);
  EXPECT_EQ(Claims(), 3);
}

TEST_F(ClaimsImportTest, AnOdkCentralExportReadsGroupPaths) {
  ClaimImportSummary s =
      Import("odk_homes_utf8.csv", {.programme = "homes", .kind = ClaimKind::kHome});
  EXPECT_EQ(s.created, 1) << (s.errors.empty() ? "" : s.errors[0].ToString());
  auto page = *recovery_->ListClaims("cli:test", {}, {.limit = 10});
  ASSERT_EQ(page.items.size(), 1u);
  EXPECT_EQ(page.items[0].applicant_name, "Жұмабекова Айгерім");
  EXPECT_EQ(page.items[0].external_id, "form:uuid:aa-01");
  EXPECT_EQ(page.items[0].amount_claimed, 800000);
  EXPECT_FALSE(page.items[0].address_key.empty());
}

TEST_F(ClaimsImportTest, AMapFileNamesColumnsAndIsChecked) {
  auto map = ParseColumnMap(TestData("kobo_map.txt"));
  ASSERT_TRUE(map.ok()) << map.status().ToString();
  EXPECT_EQ(map->at("object_name"), "shop/shop_name");
  auto bad = ParseColumnMap("applicant_name = ФИО\nshoe_size = Размер\n");
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(bad.status().field(), "map line 2");
  EXPECT_EQ(ParseColumnMap("applicant_name ФИО").status().field(), "map line 1");
  // A map naming a column the file lacks is an error, not a silent miss.
  std::istringstream in(TestData("odk_homes_utf8.csv"));
  auto r = ImportClaims(
      *recovery_, "cli:test", in,
      {.programme = "homes", .kind = ClaimKind::kHome, .map = {{"iban", "Bank account"}}});
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  // Without a name column nothing is imported.
  std::istringstream none("a,b\n1,2\n");
  EXPECT_EQ(ImportClaims(*recovery_, "cli:test", none, {.programme = "homes"}).status().field(),
            "header");
}

}  // namespace
}  // namespace aftermath::recovery

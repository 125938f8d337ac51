#include "fault/faulty_store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "common/clock.h"

namespace aftermath::testing {
namespace {

class FaultyStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto dir = std::filesystem::temp_directory_path() /
               ("aftermath_fault_test_" + std::to_string(getpid()));
    std::filesystem::create_directories(dir);
    path_ = (dir /
             (std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + ".db"))
                .string();
    std::filesystem::remove(path_);
    base_ = std::move(OpenStore("sqlite:" + path_)).value();
    store_ = std::make_unique<FaultyStore>(*base_, plan_);
  }

  // One source and its audit row in one transaction: four operations and a commit.
  Status AddSource(const std::string& name) {
    ASSIGN_OR_RETURN(auto tx, store_->Begin(TransactionMode::kWrite));
    RETURN_IF_ERROR(tx->InsertSource({.id = "src_" + name, .name = name, .created_at = now_}));
    RETURN_IF_ERROR(
        tx->AppendAudit({.at = now_, .actor = "test", .action = "source.create"}).status());
    return tx->Commit();
  }

  size_t SourcesStored() {
    return base_->Begin(TransactionMode::kRead).value()->ListSources()->size();
  }

  Timestamp now_ = *ParseTimestamp("2026-01-06T10:00:00Z");
  std::string path_;
  std::unique_ptr<Store> base_;
  FaultPlan plan_;
  std::unique_ptr<FaultyStore> store_;
};

TEST_F(FaultyStoreTest, TheNthOperationFailsOnceAndWritesNothing) {
  plan_.FailOperation(2);  // InsertSource
  Status s = AddSource("a");
  EXPECT_EQ(s.code(), StatusCode::kUnavailable) << s.ToString();
  EXPECT_EQ(plan_.fired().value_or(""), "operation 2 (InsertSource) failed");
  EXPECT_EQ(SourcesStored(), 0u);
  EXPECT_TRUE(AddSource("a").ok());  // once only
  EXPECT_EQ(SourcesStored(), 1u);
  EXPECT_EQ(plan_.operations(), 2 + 4);  // the failed attempt stopped at its second
}

TEST_F(FaultyStoreTest, AFailedCommitIsRolledBack) {
  plan_.FailOperation(4);  // Commit
  EXPECT_EQ(AddSource("a").code(), StatusCode::kUnavailable);
  EXPECT_EQ(SourcesStored(), 0u);
}

TEST_F(FaultyStoreTest, ACommitCanReachTheDatabaseAndStillFail) {
  ASSERT_TRUE(AddSource("a").ok());
  plan_.FailCommitAfterDurable(2);
  ASSERT_TRUE(AddSource("b").ok());
  Status s = AddSource("c");
  EXPECT_EQ(s.code(), StatusCode::kUnavailable);
  EXPECT_EQ(SourcesStored(), 3u);  // "c" is there all the same
  EXPECT_TRUE(plan_.fired().has_value());
  EXPECT_TRUE(AddSource("d").ok());
}

TEST_F(FaultyStoreTest, BeginIsAnOperation) {
  plan_.FailOperation(1);
  EXPECT_EQ(store_->Begin(TransactionMode::kRead).status().code(), StatusCode::kUnavailable);
  EXPECT_TRUE(store_->Begin(TransactionMode::kRead).ok());
}

}  // namespace
}  // namespace aftermath::testing

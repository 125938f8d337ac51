#include "access/audit_chain.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "access/test_db.h"

namespace aftermath::access {
namespace {

class AuditChainTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = FreshDbPath();
    store_ = OpenFresh(path_);
    for (int i = 0; i < 5; ++i) {
      auto tx = std::move(store_->Begin(TransactionMode::kWrite)).value();
      ASSERT_TRUE(tx->AppendAudit({.actor = "usr_A", .action = "person.read",
                                   .entity_id = "per_" + std::to_string(i)}).ok());
      ASSERT_TRUE(tx->Commit().ok());
    }
  }

  // What an attacker with write access to the file would do: drop the guard, then tamper.
  void Tamper(const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    std::string all = "DROP TRIGGER IF EXISTS audit_log_no_update; "
                      "DROP TRIGGER IF EXISTS audit_log_no_delete; " + sql;
    char* err = nullptr;
    ASSERT_EQ(sqlite3_exec(db, all.c_str(), nullptr, nullptr, &err), SQLITE_OK) << err;
    sqlite3_close(db);
  }

  std::string path_;
  std::unique_ptr<Store> store_;
};

TEST_F(AuditChainTest, IntactChainVerifies) {
  auto v = VerifyAuditChain(*store_);
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->intact) << v->problem;
  EXPECT_EQ(v->rows, 5);
}

TEST_F(AuditChainTest, EditedRowIsDetected) {
  Tamper("UPDATE audit_log SET actor = 'usr_B' WHERE seq = 3");
  auto v = *VerifyAuditChain(*store_);
  EXPECT_FALSE(v.intact);
  EXPECT_EQ(v.first_bad_seq, 3);
  EXPECT_NE(v.problem.find("edited"), std::string::npos);
}

TEST_F(AuditChainTest, DeletedRowIsDetected) {
  Tamper("DELETE FROM audit_log WHERE seq = 2");
  auto v = *VerifyAuditChain(*store_);
  EXPECT_FALSE(v.intact);
  EXPECT_EQ(v.first_bad_seq, 2);
}

TEST_F(AuditChainTest, RehashedRowStillBreaksTheLinkToTheNext) {
  // Editing a row and recomputing its own hash is caught by the next row's prev_hash.
  auto tx = std::move(store_->Begin(TransactionMode::kRead)).value();
  AuditEvent e = (*tx->ListAudit(2, 1))[0];
  tx.reset();
  e.actor = "usr_B";
  std::string fixed = AuditHash(e);
  Tamper("UPDATE audit_log SET actor = 'usr_B', hash = '" + fixed + "' WHERE seq = 3");
  auto v = *VerifyAuditChain(*store_);
  EXPECT_FALSE(v.intact);
  EXPECT_EQ(v.first_bad_seq, 4);
}

TEST_F(AuditChainTest, TruncatedTailIsDetected) {
  Tamper("DELETE FROM audit_log WHERE seq >= 4");
  auto v = *VerifyAuditChain(*store_);
  EXPECT_FALSE(v.intact);
  EXPECT_NE(v.problem.find("removed"), std::string::npos);
}

}  // namespace
}  // namespace aftermath::access

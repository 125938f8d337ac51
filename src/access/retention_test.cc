#include "access/retention.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "access/audit_chain.h"
#include "access/test_db.h"
#include "common/ids.h"

namespace aftermath::access {
namespace {

std::string FileBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

class RetentionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = FreshDbPath();
    store_ = OpenFresh(path_);
  }

  void Commit(const std::function<void(Transaction&)>& fn) {
    auto tx = std::move(store_->Begin(TransactionMode::kWrite)).value();
    fn(*tx);
    ASSERT_TRUE(tx->AppendAudit({.at = clock_.Now(), .actor = "test", .action = "x"}).ok());
    ASSERT_TRUE(tx->Commit().ok());
  }

  FakeClock clock_{*ParseTimestamp("2026-01-06T10:00:00Z")};
  std::string path_;
  std::unique_ptr<Store> store_;
};

TEST_F(RetentionTest, PurgeLeavesNothingPersonalInTheFiles) {
  Source src{.id = NewId(kSourceIdPrefix), .name = "Hospital", .kind = SourceKind::kHospital,
             .trust = 80, .created_at = clock_.Now()};
  Person p{.id = NewId(kPersonIdPrefix),
           .names = {{.full_name = "Qwertyuiopov Zxcvbnmbek", .surname = "Qwertyuiopov"}},
           .home_locality = "Snowtownmarker", .features = "Dragonfly-tattoo-marker",
           .created_at = clock_.Now(), .updated_at = clock_.Now()};
  Report r{.id = NewId(kReportIdPrefix), .source_id = src.id, .external_id = "H-1",
           .person_id = p.id, .name = {.full_name = "QWERTYUIOPOV ZXCVBNMBEK"},
           .facility = "Hospital", .observed_at = clock_.Now(), .received_at = clock_.Now(),
           .notes = "Bedmarkernote", .raw = "QWERTYUIOPOV;ZXCVBNMBEK;rawmarker"};
  Inquiry q{.id = NewId(kInquiryIdPrefix), .sought_name = "Qwertyuiopov Zxcvbnmbek",
            .inquirer_name = "Asdfghjklova Mother", .callback_phone = "+7 700 999 31 41",
            .state = InquiryState::kClosed, .person_id = p.id, .created_at = clock_.Now(),
            .updated_at = clock_.Now(), .closed_at = clock_.Now()};
  Inquiry open{.id = NewId(kInquiryIdPrefix), .sought_name = "Stillopen Keepme",
               .inquirer_name = "Keeper", .callback_phone = "+7 700 111 22 33",
               .created_at = clock_.Now(), .updated_at = clock_.Now()};
  p.home_locality = "Snowtownmarker";
  Commit([&](Transaction& tx) {
    ASSERT_TRUE(tx.InsertSource(src).ok());
    ASSERT_TRUE(tx.InsertPerson(p).ok());
    ASSERT_TRUE(tx.InsertReport(r).ok());
    ASSERT_TRUE(tx.InsertInquiry(q).ok());
    ASSERT_TRUE(tx.InsertInquiry(open).ok());
  });

  // Within the retention period nothing goes.
  clock_.Advance(std::chrono::hours(24 * 10));
  auto early = PurgeExpired(*store_, clock_, std::chrono::hours(24 * 30), "cli:purge");
  ASSERT_TRUE(early.ok()) << early.status().ToString();
  EXPECT_EQ(early->inquiries, 0);
  EXPECT_EQ(early->persons, 0);

  clock_.Advance(std::chrono::hours(24 * 30));
  auto purged = PurgeExpired(*store_, clock_, std::chrono::hours(24 * 30), "cli:purge");
  ASSERT_TRUE(purged.ok()) << purged.status().ToString();
  EXPECT_EQ(purged->inquiries, 1);
  EXPECT_EQ(purged->persons, 1);

  std::string bytes = FileBytes(path_) + FileBytes(path_ + "-wal");
  for (const char* secret : {"Qwertyuiopov", "QWERTYUIOPOV", "Zxcvbnmbek", "Dragonfly",
                             "Snowtownmarker", "Bedmarkernote", "rawmarker", "Asdfghjklova",
                             "999 31 41"}) {
    EXPECT_EQ(bytes.find(secret), std::string::npos) << secret << " is still in the file";
  }
  EXPECT_NE(bytes.find("Stillopen"), std::string::npos);  // an open inquiry stays

  auto tx = std::move(store_->Begin(TransactionMode::kRead)).value();
  Inquiry tomb = *tx->GetInquiry(q.id);  // the tombstone: id, dates, state
  EXPECT_TRUE(tomb.purged_at.has_value());
  EXPECT_EQ(tomb.state, InquiryState::kClosed);
  EXPECT_EQ(tomb.created_at, q.created_at);
  Person ptomb = *tx->GetPerson(p.id);
  EXPECT_TRUE(ptomb.names.empty());
  EXPECT_TRUE(ptomb.purged_at.has_value());
  tx.reset();
  auto chain = *VerifyAuditChain(*store_);
  EXPECT_TRUE(chain.intact) << chain.problem;
}

}  // namespace
}  // namespace aftermath::access

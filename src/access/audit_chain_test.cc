#include "access/audit_chain.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <fstream>

#include "access/test_db.h"
#include "common/json_log.h"

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

TEST_F(AuditChainTest, WithoutAKeyNothingIsCheckedBeyondTheChain) {
  auto v = *VerifyAuditChain(*store_);
  EXPECT_FALSE(v.macs_checked);
  EXPECT_EQ(v.keyed_rows, 0);
  EXPECT_EQ(MakeAuditAnchor(*store_, SystemClock().Now()).status().code(),
            StatusCode::kFailedPrecondition);
}

// ---- with the audit key ----

// A fresh key file name beside this test's database (FreshDbPath would remove the database).
std::string KeyPath() {
  static int n = 0;
  auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  auto path = std::filesystem::temp_directory_path() /
              ("aftermath_access_test_" + std::to_string(getpid())) /
              fmt::format("{}_{}_{}.key", info->test_suite_name(), info->name(), ++n);
  std::filesystem::create_directories(path.parent_path());
  std::filesystem::remove(path);
  return path.string();
}

AuditMacFunction Key(const std::string& path) {
  auto mac = LoadAuditKey(path, AuditKeyFile::kCreateIfMissing);
  EXPECT_TRUE(mac.ok()) << mac.status().ToString();
  return mac.ok() ? *mac : AuditMacFunction();
}

class KeyedAuditChainTest : public AuditChainTest {
 protected:
  void SetUp() override {
    AuditChainTest::SetUp();  // rows 1..5 written before the key existed
    key_path_ = KeyPath();
    Reopen(Key(key_path_));
    Append(5);  // rows 6..10 carry MACs
  }

  void Reopen(AuditMacFunction mac) {
    store_.reset();
    auto s = OpenStore("sqlite:" + path_, {.audit_mac = std::move(mac)});
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(s).value();
  }

  void Append(int n, std::string action = "person.read") {
    for (int i = 0; i < n; ++i) {
      auto tx = std::move(store_->Begin(TransactionMode::kWrite)).value();
      ASSERT_TRUE(tx->AppendAudit({.actor = "usr_A", .action = action}).ok());
      ASSERT_TRUE(tx->Commit().ok());
    }
  }

  std::vector<AuditEvent> Rows() {
    auto tx = std::move(store_->Begin(TransactionMode::kRead)).value();
    return *tx->ListAudit(0, 1000);
  }

  AuditAnchor Anchor() {
    auto line = MakeAuditAnchor(*store_, SystemClock().Now());
    EXPECT_TRUE(line.ok()) << line.status().ToString();
    auto a = ParseAuditAnchor(*line, store_->AuditMac());
    EXPECT_TRUE(a.ok()) << a.status().ToString();
    return *a;
  }

  // What an attacker with the database but not the key can do: edit row `seq`, recompute
  // every following SHA-256 link and the head; the MACs stay as they were (or are dropped when
  // `drop_macs`).
  void Rewrite(int64_t seq, bool drop_macs = false) {
    auto rows = Rows();
    std::string sql, prev = rows[seq - 2].hash;
    for (auto& e : rows) {
      if (e.seq < seq) continue;
      if (e.seq == seq) e.actor = "usr_B";
      e.prev_hash = prev;
      e.hash = AuditHash(e);
      prev = e.hash;
      sql += fmt::format("UPDATE audit_log SET actor = '{}', prev_hash = '{}', hash = '{}'{} "
                         "WHERE seq = {}; ",
                         e.actor, e.prev_hash, e.hash, drop_macs ? ", mac = ''" : "", e.seq);
    }
    sql += fmt::format("UPDATE audit_head SET hash = '{}' WHERE id = 1;", prev);
    Tamper(sql);
  }

  std::string key_path_;
};

TEST_F(KeyedAuditChainTest, KeyedChainVerifiesAndReportsTheUnkeyedPrefix) {
  auto rows = Rows();
  ASSERT_EQ(rows.size(), 10u);
  EXPECT_EQ(rows[4].mac, "");
  EXPECT_EQ(rows[5].mac, store_->AuditMac()(rows[5].hash));
  auto v = *VerifyAuditChain(*store_);
  EXPECT_TRUE(v.intact) << v.problem;
  EXPECT_TRUE(v.macs_checked);
  EXPECT_EQ(v.unkeyed_through, 5);
  EXPECT_EQ(v.keyed_rows, 5);
}

TEST_F(KeyedAuditChainTest, EditWithEveryFollowingHashRecomputedFailsOnTheMac) {
  Rewrite(7);
  // The chain alone cannot tell: this is what `audit verify` said before the key existed.
  Reopen(nullptr);
  EXPECT_TRUE(VerifyAuditChain(*store_)->intact);
  Reopen(Key(key_path_));
  auto v = *VerifyAuditChain(*store_);
  EXPECT_FALSE(v.intact);
  EXPECT_EQ(v.first_bad_seq, 7);
  EXPECT_NE(v.problem.find("MAC"), std::string::npos) << v.problem;
}

TEST_F(KeyedAuditChainTest, RewriteThatStripsTheMacsFails) {
  Rewrite(8, /*drop_macs=*/true);
  auto v = *VerifyAuditChain(*store_);
  EXPECT_FALSE(v.intact);
  EXPECT_EQ(v.first_bad_seq, 8);
  EXPECT_NE(v.problem.find("no MAC"), std::string::npos) << v.problem;
}

TEST_F(KeyedAuditChainTest, AnotherKeysMacsFail) {
  Reopen(Key(KeyPath()));
  auto v = *VerifyAuditChain(*store_);
  EXPECT_FALSE(v.intact);
  EXPECT_EQ(v.first_bad_seq, 6);
}

TEST_F(KeyedAuditChainTest, TruncationWithTheHeadMovedBackFailsAgainstAnEarlierAnchor) {
  AuditAnchor anchor = Anchor();
  ASSERT_EQ(anchor.seq, 10);
  Append(2);
  auto rows = Rows();
  // Rows 9..12 deleted and the head moved back to row 8: chain and MACs agree with that.
  Tamper(fmt::format("DELETE FROM audit_log WHERE seq >= 9; "
                     "UPDATE audit_head SET seq = 8, hash = '{}' WHERE id = 1;",
                     rows[7].hash));
  EXPECT_TRUE(VerifyAuditChain(*store_)->intact);  // what no anchor can tell
  auto v = *VerifyAuditChain(*store_, std::span(&anchor, 1));
  EXPECT_FALSE(v.intact);
  EXPECT_EQ(v.first_bad_seq, 9);
  EXPECT_NE(v.problem.find("removed"), std::string::npos) << v.problem;
}

TEST_F(KeyedAuditChainTest, TruncatedAndWrittenAgainFailsAgainstAnEarlierAnchor) {
  AuditAnchor anchor = Anchor();
  auto rows = Rows();
  Tamper(fmt::format("DELETE FROM audit_log WHERE seq >= 9; "
                     "UPDATE audit_head SET seq = 8, hash = '{}' WHERE id = 1;",
                     rows[7].hash));
  Append(3, "user.create");  // the server writes on: rows 9..11 are new, with valid MACs
  auto v = *VerifyAuditChain(*store_, std::span(&anchor, 1));
  EXPECT_FALSE(v.intact);
  EXPECT_EQ(v.first_bad_seq, 10);
  EXPECT_EQ(v.anchors_checked, 1);
}

TEST_F(KeyedAuditChainTest, AnchorsOfAnIntactLogHold) {
  std::vector<AuditAnchor> anchors = {Anchor()};
  Append(3);
  anchors.push_back(Anchor());
  Append(1);
  auto v = *VerifyAuditChain(*store_, anchors);
  EXPECT_TRUE(v.intact) << v.problem;
  EXPECT_EQ(v.anchors_checked, 2);
}

TEST_F(KeyedAuditChainTest, AnchorLineRoundTrip) {
  Timestamp at = *ParseTimestamp("2026-12-05T04:30:00Z");
  auto line = *MakeAuditAnchor(*store_, at);
  auto head = *std::move(store_->Begin(TransactionMode::kRead)).value()->AuditHead();
  EXPECT_TRUE(line.starts_with(fmt::format("aftermath-anchor v1 seq=10 hash={} at={} mac=",
                                           head.second, FormatTimestamp(at))))
      << line;
  auto a = ParseAuditAnchor(line, store_->AuditMac());
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(a->seq, 10);
  EXPECT_EQ(a->hash, head.second);
  EXPECT_EQ(a->at, FormatTimestamp(at));
  // As the server logs it, in text and in JSON.
  EXPECT_TRUE(ParseAuditAnchor("[2026-12-05 04:30:00.000] [info] audit anchor: " + line,
                               store_->AuditMac()).ok());
  std::string json = JsonLogLine(std::chrono::system_clock::now(), "info", "audit anchor: " + line);
  ASSERT_NE(json.find(R"("hash":")"), std::string::npos) << json;  // split into fields
  auto from_json = ParseAuditAnchor(json, store_->AuditMac());
  ASSERT_TRUE(from_json.ok()) << from_json.status().ToString() << "\n" << json;
  EXPECT_EQ(from_json->seq, 10);
  EXPECT_EQ(from_json->mac, a->mac);
}

TEST_F(KeyedAuditChainTest, TamperedAnchorLineIsRefused) {
  auto line = *MakeAuditAnchor(*store_, SystemClock().Now());
  auto refused = [&](std::string text) {
    auto a = ParseAuditAnchor(text, store_->AuditMac());
    EXPECT_EQ(a.status().code(), StatusCode::kInvalidArgument) << text;
  };
  std::string lower = line;
  lower.replace(lower.find("seq=10"), 6, "seq=9");
  refused(lower);
  std::string other_hash = line;
  size_t h = other_hash.find("hash=") + 5;
  other_hash[h] = other_hash[h] == '0' ? '1' : '0';
  refused(other_hash);
  std::string other_time = line;
  other_time[other_time.find(" at=") + 4] = '1';
  refused(other_time);
  std::string other_mac = line;
  other_mac.back() = other_mac.back() == '0' ? '1' : '0';
  refused(other_mac);
  refused(line.substr(0, line.find(" mac=")));
  refused("seq=10");
  // A true anchor is refused by another key.
  EXPECT_FALSE(ParseAuditAnchor(line, Key(KeyPath())).ok());
}

TEST(AuditKeyTest, CreatedWithMode0600AndLoadedAgain) {
  std::string path = KeyPath();
  auto first = LoadAuditKey(path, AuditKeyFile::kCreateIfMissing);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  struct stat st {};
  ASSERT_EQ(stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0600u);
  EXPECT_EQ(std::filesystem::file_size(path), 65u);  // 64 hex digits and a newline
  auto again = LoadAuditKey(path, AuditKeyFile::kMustExist);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ((*first)("x"), (*again)("x"));
  EXPECT_EQ((*first)("x").size(), 64u);
  EXPECT_NE((*first)("x"), (*first)("y"));
}

TEST(AuditKeyTest, MissingKeyIsNotFoundUnlessCreated) {
  EXPECT_EQ(LoadAuditKey(KeyPath(), AuditKeyFile::kMustExist).status().code(),
            StatusCode::kNotFound);
}

TEST(AuditKeyTest, KeyReadableByGroupOrOthersIsRefused) {
  std::string path = KeyPath();
  ASSERT_TRUE(LoadAuditKey(path, AuditKeyFile::kCreateIfMissing).ok());
  for (mode_t mode : {0640, 0604, 0620, 0660}) {
    ASSERT_EQ(chmod(path.c_str(), mode), 0);
    for (auto how : {AuditKeyFile::kMustExist, AuditKeyFile::kCreateIfMissing}) {
      auto mac = LoadAuditKey(path, how);
      EXPECT_EQ(mac.status().code(), StatusCode::kFailedPrecondition) << std::oct << mode;
      EXPECT_NE(mac.status().message().find("chmod 600"), std::string::npos);
    }
  }
  ASSERT_EQ(chmod(path.c_str(), 0400), 0);
  EXPECT_TRUE(LoadAuditKey(path, AuditKeyFile::kMustExist).ok());
}

TEST(AuditKeyTest, FileThatIsNotAKeyIsRefused) {
  std::string path = KeyPath();
  std::ofstream(path) << "not a key\n";
  ASSERT_EQ(chmod(path.c_str(), 0600), 0);
  EXPECT_EQ(LoadAuditKey(path, AuditKeyFile::kCreateIfMissing).status().code(),
            StatusCode::kDataLoss);
}

}  // namespace
}  // namespace aftermath::access

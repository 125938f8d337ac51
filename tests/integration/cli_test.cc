// The command line: exit codes (0 ok, 1 failure, 2 usage), --help everywhere, one-line errors.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "server_process.h"
#include "store/store.h"

namespace aftermath::testing {
namespace {

TEST(CliTest, HelpForEveryCommand) {
  for (const char* cmd : {"serve", "migrate", "version", "demo", "names"}) {
    std::string out, err;
    EXPECT_EQ(RunAftermath({cmd, "--help"}, &out, &err), 0) << cmd << ": " << err;
    EXPECT_NE(out.find("usage: aftermath"), std::string::npos) << cmd;
  }
  std::string out;
  EXPECT_EQ(RunAftermath({"--help"}, &out, nullptr), 0);
  EXPECT_NE(out.find("serve"), std::string::npos);
}

TEST(CliTest, BadUsageExitsTwoWithOneLine) {
  std::string err;
  EXPECT_EQ(RunAftermath({"frobnicate"}, nullptr, &err), 2);
  EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << err;
  EXPECT_EQ(RunAftermath({"serve", "--bogus"}, nullptr, &err), 2);
  EXPECT_NE(err.find("--bogus"), std::string::npos);
  EXPECT_EQ(RunAftermath({"serve", "--listen", "nowhere"}, nullptr, &err), 2);
  EXPECT_EQ(RunAftermath({}, nullptr, &err), 2);
}

TEST(CliTest, FailuresExitOne) {
  std::string err;
  EXPECT_EQ(RunAftermath({"migrate", "--db", "mysql://x"}, nullptr, &err), 1);
  EXPECT_NE(err.find("not a database URL"), std::string::npos) << err;
  EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << err;
}

TEST(CliTest, MigrateAndDemoAreIdempotent) {
  std::string dir = TempDir("cli_demo");
  std::string db = "sqlite:" + dir + "/sub/registry.db";  // the directory is created
  std::string out;
  EXPECT_EQ(RunAftermath({"migrate", "--db", db}, &out, nullptr), 0);
  EXPECT_NE(out.find("schema at version"), std::string::npos);
  EXPECT_EQ(RunAftermath({"migrate", "--db", db}, &out, nullptr), 0);
  EXPECT_EQ(RunAftermath({"demo", "load", "--db", db}, &out, nullptr), 0);
  EXPECT_NE(out.find("30 reports"), std::string::npos) << out;
  EXPECT_EQ(RunAftermath({"demo", "load", "--db", db}, &out, nullptr), 0);
  EXPECT_NE(out.find("not loaded"), std::string::npos) << out;
}

TEST(CliTest, VersionPrintsTheVersion) {
  std::string out;
  EXPECT_EQ(RunAftermath({"version"}, &out, nullptr), 0);
  EXPECT_EQ(out.rfind("aftermath ", 0), 0u);
}

// Issue #14 item 7: with write access to the database, cutting the audit log's tail (and moving
// audit_head back) or editing a row and recomputing every following hash passed `audit verify`.
// The audit key (outside the database) and anchors (kept outside too) catch both.
class AuditKeyCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = TempDir("cli_audit_key");
    db_ = dir_ + "/registry.db";
    key_ = dir_ + "/keys/audit.key";
    log_ = dir_ + "/server.log";
  }

  int Verify(const std::string& db, std::vector<std::string> more, std::string* out,
             std::string* err) {
    std::vector<std::string> args = {"audit", "verify", "--db", "sqlite:" + db};
    args.insert(args.end(), more.begin(), more.end());
    return RunAftermath(args, out, err);
  }

  // A copy of the (closed) database to tamper with, as one with disk access would.
  std::string Copy(const std::string& name) {
    std::string path = dir_ + "/" + name;
    std::filesystem::copy_file(db_, path);
    return path;
  }

  static void Sql(const std::string& db, const std::string& sql) {
    std::string all = "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete; " + sql;
    ASSERT_EQ(std::system(("sqlite3 " + db + " \"" + all + "\"").c_str()), 0) << sql;
  }

  static std::vector<AuditEvent> Rows(const std::string& db) {
    auto store = OpenStore("sqlite:" + db, {.migrate = false, .access = StoreAccess::kReadOnly});
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    auto tx = std::move((*store)->Begin(TransactionMode::kRead)).value();
    return *tx->ListAudit(0, 100000);
  }

  std::string dir_, db_, key_, log_;
};

TEST_F(AuditKeyCliTest, KeyAndAnchorsCatchRewritingAndTruncation) {
  std::string out, err;
  {
    // The admin is added before the key exists: its rows stay unkeyed.
    ServerProcess server(db_, {"--audit-key", key_}, log_);
    ASSERT_GT(server.port(), 0);
    for (int i = 0; i < 5; ++i) EXPECT_EQ(server.Request("GET", "/api/v1/audit?limit=1").status, 200);
    auto verify = server.Request("GET", "/api/v1/audit/verify");
    EXPECT_NE(verify.body.find(R"("macs_checked":true)"), std::string::npos) << verify.body;
    EXPECT_EQ(server.Signal(SIGTERM), 0);
  }
  struct stat st {};
  ASSERT_EQ(stat(key_.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0600u);  // created by the server on first use

  // The server logged signed anchors at start and stop; the log as it is serves as anchors.
  std::stringstream read;
  read << std::ifstream(log_).rdbuf();
  std::string log = read.str();
  size_t anchors = 0;
  for (size_t at = 0; (at = log.find("audit anchor: aftermath-anchor v1 seq=", at)) != log.npos;
       ++at) {
    ++anchors;
  }
  EXPECT_EQ(anchors, 2u) << log;  // at start and at stop
  ASSERT_EQ(Verify(db_, {"--audit-key", key_, "--anchors", log_}, &out, &err), 0) << err;
  EXPECT_NE(out.find("audit log intact"), std::string::npos) << out;
  EXPECT_NE(out.find("unkeyed up to seq"), std::string::npos) << out;
  EXPECT_NE(out.find("anchors hold: 2"), std::string::npos) << out;

  // An anchor kept elsewhere (a supervisor's e-mail).
  ASSERT_EQ(RunAftermath({"audit", "anchor", "--db", "sqlite:" + db_, "--audit-key", key_}, &out,
                         &err),
            0)
      << err;
  std::string anchor = out.substr(0, out.find('\n'));
  ASSERT_TRUE(anchor.starts_with("aftermath-anchor v1 seq=")) << anchor;
  auto rows = Rows(db_);
  ASSERT_GE(rows.size(), 6u);
  int64_t last = rows.back().seq;
  EXPECT_NE(anchor.find("seq=" + std::to_string(last) + " hash=" + rows.back().hash),
            std::string::npos);
  ASSERT_EQ(Verify(db_, {"--audit-key", key_, "--anchor", anchor}, &out, &err), 0) << err;

  // A tampered anchor is refused.
  std::string forged = anchor;
  forged.replace(forged.find("seq="), 4 + std::to_string(last).size(),
                 "seq=" + std::to_string(last - 2));
  EXPECT_EQ(Verify(db_, {"--audit-key", key_, "--anchor", forged}, &out, &err), 1);
  EXPECT_NE(err.find("altered"), std::string::npos) << err;

  // Truncation: the last two rows deleted and audit_head moved back to match.
  std::string cut = Copy("cut.db");
  Sql(cut, "DELETE FROM audit_log WHERE seq > " + std::to_string(last - 2) +
               "; UPDATE audit_head SET seq = " + std::to_string(last - 2) + ", hash = '" +
               rows[rows.size() - 3].hash + "' WHERE id = 1;");
  EXPECT_EQ(Verify(cut, {"--audit-key", key_}, &out, &err), 0) << err;  // no anchor: unseen
  EXPECT_EQ(Verify(cut, {"--audit-key", key_, "--anchor", anchor}, &out, &err), 1);
  EXPECT_NE(err.find("removed"), std::string::npos) << err;

  // Rewriting: one keyed row edited and every following SHA-256 link recomputed, as anyone
  // with the database but without the key can.
  std::string edited = Copy("edited.db");
  size_t from = rows.size() - 3;
  std::string sql, prev = rows[from - 1].hash;
  for (size_t i = from; i < rows.size(); ++i) {
    AuditEvent e = rows[i];
    if (i == from) e.actor = "usr_someone_else";
    e.prev_hash = prev;
    e.hash = AuditHash(e);
    prev = e.hash;
    sql += "UPDATE audit_log SET actor = '" + e.actor + "', prev_hash = '" + e.prev_hash +
           "', hash = '" + e.hash + "' WHERE seq = " + std::to_string(e.seq) + "; ";
  }
  Sql(edited, sql + "UPDATE audit_head SET hash = '" + prev + "' WHERE id = 1;");
  EXPECT_EQ(Verify(edited, {}, &out, &err), 0) << err;  // the chain alone cannot tell
  EXPECT_NE(out.find("MACs not checked"), std::string::npos) << out;
  EXPECT_EQ(Verify(edited, {"--audit-key", key_}, &out, &err), 1);
  EXPECT_NE(err.find("row " + std::to_string(rows[from].seq) + " does not carry the audit key's MAC"),
            std::string::npos)
      << err;

  // A key file group or others may read is refused, by every command.
  ASSERT_EQ(chmod(key_.c_str(), 0640), 0);
  EXPECT_EQ(Verify(db_, {"--audit-key", key_}, &out, &err), 1);
  EXPECT_NE(err.find("chmod 600"), std::string::npos) << err;
  EXPECT_EQ(RunAftermath({"user", "add", "--db", "sqlite:" + db_, "--audit-key", key_,
                          "--username", "late", "--role", "operator", "--password-stdin"},
                         &out, &err, "a long enough passphrase 42\n"),
            1);
  EXPECT_NE(err.find("chmod 600"), std::string::npos) << err;
}

}  // namespace
}  // namespace aftermath::testing

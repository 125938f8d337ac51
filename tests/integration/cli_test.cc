// The command line: exit codes (0 ok, 1 failure, 2 usage), --help everywhere, one-line errors.
#include <gtest/gtest.h>

#include "server_process.h"

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

}  // namespace
}  // namespace aftermath::testing

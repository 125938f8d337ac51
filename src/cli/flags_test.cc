#include "cli/flags.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "cli/settings.h"

namespace aftermath::cli {
namespace {

const FlagSpec kServeLike{.with_value = {"db", "listen", "threads", "line-phone"},
                          .boolean = {"secure-cookies"}};

Environment Env(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

class FlagsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("aftermath_flags_" + std::to_string(getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string WriteConfig(const std::string& text) {
    std::string path = (dir_ / "aftermath.conf").string();
    std::ofstream(path) << text;
    return path;
  }

  std::filesystem::path dir_;
};

TEST_F(FlagsTest, CommandLineBeatsEnvironmentBeatsFileBeatsDefault) {
  std::string conf = WriteConfig(
      "# comment\n"
      "db = sqlite:/from/file.db\n"
      "listen = 0.0.0.0:1\n"
      "threads = 3\n");
  auto env = Env({{"AFTERMATH_LISTEN", "0.0.0.0:2"}, {"AFTERMATH_THREADS", "5"}});
  auto flags = ParseFlags({"--config", conf, "--threads", "7"}, kServeLike, env);
  ASSERT_TRUE(flags.ok()) << flags.status().ToString();
  EXPECT_EQ(flags->Get("threads"), "7");                // command line
  EXPECT_EQ(flags->Get("listen"), "0.0.0.0:2");         // environment
  EXPECT_EQ(flags->Get("db"), "sqlite:/from/file.db");  // file
  EXPECT_EQ(flags->Get("line-phone", "none"), "none");  // default
  EXPECT_FALSE(flags->Has("line-phone"));
}

// Every command that opens the registry may write audit rows, so each takes the audit key, from
// the command line, AFTERMATH_AUDIT_KEY or the shared config file (issue #14 item 7).
TEST_F(FlagsTest, EveryCommandWithADatabaseTakesTheAuditKey) {
  const FlagSpec user_like{.with_value = {"db", "username"}};
  auto flags = ParseFlags({"--audit-key", "/a.key"}, user_like, Env({}));
  ASSERT_TRUE(flags.ok()) << flags.status().ToString();
  EXPECT_EQ(flags->Get("audit-key"), "/a.key");
  flags = ParseFlags({}, user_like, Env({{"AFTERMATH_AUDIT_KEY", "/b.key"}}));
  EXPECT_EQ(flags->Get("audit-key"), "/b.key");
  flags = ParseFlags({"--config", WriteConfig("audit-key = /c.key\n")}, user_like, Env({}));
  EXPECT_EQ(flags->Get("audit-key"), "/c.key");
  // A command without a database has no use for it.
  auto names = ParseFlags({"--audit-key", "/a.key"}, {.with_value = {"limit"}}, Env({}));
  EXPECT_FALSE(names.ok());
}

TEST_F(FlagsTest, ConfigFileFromTheEnvironment) {
  std::string conf = WriteConfig("db=sqlite:x.db\n");
  auto flags = ParseFlags({}, kServeLike, Env({{"AFTERMATH_CONFIG", conf}}));
  ASSERT_TRUE(flags.ok()) << flags.status().ToString();
  EXPECT_EQ(flags->Get("db"), "sqlite:x.db");
  // --config wins over AFTERMATH_CONFIG.
  auto missing = ParseFlags({"--config", (dir_ / "none.conf").string()}, kServeLike,
                            Env({{"AFTERMATH_CONFIG", conf}}));
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("none.conf"), std::string::npos);
}

TEST_F(FlagsTest, BooleansFromFileAndEnvironment) {
  std::string conf = WriteConfig("secure_cookies = yes   # behind TLS\n");
  auto on = ParseFlags({"--config", conf}, kServeLike, Env({}));
  ASSERT_TRUE(on.ok()) << on.status().ToString();
  EXPECT_TRUE(on->Has("secure-cookies"));
  auto off = ParseFlags({"--config", conf}, kServeLike, Env({{"AFTERMATH_SECURE_COOKIES", "0"}}));
  ASSERT_TRUE(off.ok());
  EXPECT_FALSE(off->Has("secure-cookies"));
  auto bad = ParseFlags({}, kServeLike, Env({{"AFTERMATH_SECURE_COOKIES", "maybe"}}));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(),
            "AFTERMATH_SECURE_COOKIES: 'secure-cookies' takes true or false, not 'maybe'");
}

TEST_F(FlagsTest, ValuesKeepHashesQuotesAndSpaces) {
  std::string conf = WriteConfig(
      "db = postgresql://u:pa#ss@h/db # the registry\n"
      "line-phone = \"+7 700 000 # 00\"  # quoted as written\n"
      "listen =   127.0.0.1:80  \r\n");
  auto flags = ParseFlags({"--config=" + conf}, kServeLike, Env({}));
  ASSERT_TRUE(flags.ok()) << flags.status().ToString();
  EXPECT_EQ(flags->Get("db"), "postgresql://u:pa#ss@h/db");
  EXPECT_EQ(flags->Get("line-phone"), "+7 700 000 # 00");
  EXPECT_EQ(flags->Get("listen"), "127.0.0.1:80");
}

TEST_F(FlagsTest, EmptyEnvironmentVariablesCountAsUnset) {
  auto flags = ParseFlags({}, kServeLike, Env({{"AFTERMATH_DB", ""}}));
  ASSERT_TRUE(flags.ok());
  EXPECT_FALSE(flags->Has("db"));
}

TEST_F(FlagsTest, KeysOfOtherCommandsAreIgnoredUnknownKeysAreErrors) {
  std::string conf = WriteConfig("db = sqlite:a.db\nretention-days = 30\n");
  auto flags = ParseFlags({"--config", conf}, {.with_value = {"db"}}, Env({}));
  ASSERT_TRUE(flags.ok()) << flags.status().ToString();
  EXPECT_FALSE(flags->Has("retention-days"));
  // Unrelated AFTERMATH_* variables (AFTERMATH_BINARY in tests) are not settings: ignored.
  EXPECT_TRUE(ParseFlags({}, kServeLike, Env({{"AFTERMATH_BINARY", "x"}})).ok());

  conf = WriteConfig("db = sqlite:a.db\n\n  lisen = 1\n");
  auto bad = ParseFlags({"--config", conf}, kServeLike, Env({}));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), conf + ":3: unknown key 'lisen'");
  EXPECT_EQ(bad.status().field(), "lisen");
}

TEST(ConfigTest, ErrorsNameTheLineAndKey) {
  auto error = [](std::string_view text) { return ParseConfig(text, "f").status().message(); };
  EXPECT_EQ(error("db sqlite:a"), "f:1: expected 'key = value'");
  EXPECT_EQ(error("# x\n= 1"), "f:2: expected 'key = value'");
  EXPECT_EQ(error("db ="), "f:1: 'db' has no value (leave the line out for the default)");
  EXPECT_EQ(error("db = a\ndb = b"), "f:2: 'db' is set twice (first on line 1)");
  EXPECT_EQ(error("secure-cookies = maybe"),
            "f:1: 'secure-cookies' takes true or false, not 'maybe'");
  EXPECT_EQ(error("line-phone = \"12"), "f:1: unclosed '\"'");
  EXPECT_EQ(error("line-phone = \"12\" 3"), "f:1: text after the closing '\"'");
  EXPECT_TRUE(ParseConfig("", "f").ok());
}

TEST(ConfigTest, HelpReadsNoConfig) {
  auto flags = ParseFlags({"--help", "--config", "/nonexistent"}, kServeLike, Env({}));
  ASSERT_TRUE(flags.ok()) << flags.status().ToString();
  EXPECT_TRUE(flags->Has("help"));
}

TEST(ConfigTest, CommandsWithoutSettingsTakeNoConfig) {
  auto flags = ParseFlags({"--config", "x"}, {.with_value = {"persons"}}, Env({}));
  ASSERT_FALSE(flags.ok());
  EXPECT_EQ(flags.status().message(), "unknown option --config");
}

TEST(ConfigTest, EnvironmentNames) {
  EXPECT_EQ(EnvironmentName("max-body-bytes"), "AFTERMATH_MAX_BODY_BYTES");
  EXPECT_EQ(EnvironmentName("db"), "AFTERMATH_DB");
  for (const auto& s : Settings()) EXPECT_EQ(FindSetting(s.name), &s);
}

}  // namespace
}  // namespace aftermath::cli

#include "common/json_log.h"

#include <gtest/gtest.h>

#include "common/logging.h"

namespace aftermath {
namespace {

std::chrono::system_clock::time_point At() {
  return std::chrono::system_clock::time_point(std::chrono::milliseconds(1767693600123));
}

TEST(JsonLogTest, KeyValuePairsBecomeFields) {
  EXPECT_EQ(JsonLogLine(At(), "info",
                        "http method=GET route=/api/v1/persons/{id} status=200 ms=1.52 bytes=0 "
                        "request_id=0123"),
            "{\"ts\":\"2026-01-06T10:00:00.123Z\",\"level\":\"info\",\"msg\":\"http\","
            "\"method\":\"GET\",\"route\":\"/api/v1/persons/{id}\",\"status\":200,\"ms\":1.52,"
            "\"bytes\":0,\"request_id\":\"0123\"}");
}

TEST(JsonLogTest, ValuesMayHoldSpacesAndMessagesNeedNoFields) {
  EXPECT_EQ(JsonLogLine(At(), "error", "http handler threw route=(static) what=bad thing: x"),
            "{\"ts\":\"2026-01-06T10:00:00.123Z\",\"level\":\"error\",\"msg\":\"http handler "
            "threw\",\"route\":\"(static)\",\"what\":\"bad thing: x\"}");
  EXPECT_EQ(JsonLogLine(At(), "info", "stopping on signal 15: finishing requests in flight"),
            "{\"ts\":\"2026-01-06T10:00:00.123Z\",\"level\":\"info\",\"msg\":\"stopping on signal "
            "15: finishing requests in flight\"}");
}

TEST(JsonLogTest, NotQuiteNumbersStayStrings) {
  std::string line = JsonLogLine(At(), "info", "x a=01 b=1e5 c=-3 d=2. e= f=-0.5 id=42 ts=1");
  EXPECT_NE(line.find("\"a\":\"01\""), std::string::npos) << line;
  EXPECT_NE(line.find("\"b\":\"1e5\""), std::string::npos) << line;
  EXPECT_NE(line.find("\"c\":-3"), std::string::npos) << line;
  EXPECT_NE(line.find("\"d\":\"2.\""), std::string::npos) << line;
  EXPECT_NE(line.find("\"e\":\"\""), std::string::npos) << line;
  EXPECT_NE(line.find("\"f\":-0.5"), std::string::npos) << line;
  EXPECT_NE(line.find("\"id\":\"42\""), std::string::npos) << line;
  EXPECT_NE(line.find("\"field_ts\":1"), std::string::npos) << line;
}

TEST(JsonLogTest, EscapesControlCharactersQuotesAndBrokenUtf8) {
  EXPECT_EQ(JsonLogLine(At(), "warning", "a \"q\"\\ \n\t\x01 \xff ok=Қ"),
            "{\"ts\":\"2026-01-06T10:00:00.123Z\",\"level\":\"warning\",\"msg\":\"a \\\"q\\\"\\\\ "
            "\\n\\t\\u0001 \\ufffd\",\"ok\":\"Қ\"}");
}

TEST(LoggingTest, ParsesOptions) {
  auto def = ParseLogOptions("", "");
  ASSERT_TRUE(def.ok());
  EXPECT_EQ(def->format, LogFormat::kText);
  EXPECT_EQ(def->level, spdlog::level::info);
  auto json = ParseLogOptions("json", "warn");
  ASSERT_TRUE(json.ok());
  EXPECT_EQ(json->format, LogFormat::kJson);
  EXPECT_EQ(json->level, spdlog::level::warn);
  EXPECT_EQ(ParseLogOptions("xml", "").status().field(), "log-format");
  EXPECT_EQ(ParseLogOptions("", "verbose").status().field(), "log-level");
}

}  // namespace
}  // namespace aftermath

#include "io/csv/csv_parser.h"

#include <gtest/gtest.h>

#include <sstream>

namespace aftermath::io {
namespace {

std::vector<CsvRecord> ReadAll(const std::string& text, CsvOptions options = {}) {
  std::istringstream in(text);
  auto p = CsvParser::Open(in, options);
  EXPECT_TRUE(p.ok());
  std::vector<CsvRecord> out;
  CsvRecord r;
  while (true) {
    auto more = (*p)->Next(r);
    EXPECT_TRUE(more.ok());
    if (!more.ok() || !*more) break;
    out.push_back(r);
  }
  return out;
}

TEST(CsvParserTest, QuotesNewlinesAndDoubledQuotes) {
  auto rows = ReadAll("a,b,c\r\n1,\"x, \"\"y\"\"\",\"two\r\nlines\"\r\n\r\n2,,z\n");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1].fields, (std::vector<std::string>{"1", "x, \"y\"", "two\nlines"}));
  EXPECT_EQ(rows[1].line, 2u);
  EXPECT_EQ(rows[1].raw, "1,\"x, \"\"y\"\"\",\"two\nlines\"");
  EXPECT_EQ(rows[2].line, 5u);  // after the embedded newline and a blank line
  EXPECT_EQ(rows[2].fields, (std::vector<std::string>{"2", "", "z"}));
}

TEST(CsvParserTest, SniffsDelimiters) {
  EXPECT_EQ(SniffDelimiter("a;b;c\n1;2,5;3\n"), ';');
  EXPECT_EQ(SniffDelimiter("a\tb\tc\n1\t2\t3\n"), '\t');
  EXPECT_EQ(SniffDelimiter("a,b,c\n1,2,3\n"), ',');
  EXPECT_EQ(SniffDelimiter("\"x;y\",b,c\n1,2,3\n"), ',');
  EXPECT_EQ(SniffDelimiter("single\nvalue\n"), ',');
}

TEST(CsvParserTest, LastLineWithoutNewlineAndUnclosedQuote) {
  auto rows = ReadAll("a,b\n1,2");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1].fields, (std::vector<std::string>{"1", "2"}));
  rows = ReadAll("a,b\n1,\"open\n");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_FALSE(rows[1].error.ok());
}

TEST(CsvParserTest, RecordsOverTheLimitAreSkippedToTheNextLine) {
  std::string text = "a,b\n" + std::string(10000, 'x') + ",1\n2,3\n";
  auto rows = ReadAll(text, {.max_record_bytes = 1000});
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_FALSE(rows[1].error.ok());
  EXPECT_NE(rows[1].error.message().find("longer than 1000 bytes"), std::string::npos);
  EXPECT_EQ(rows[2].line, 3u);
  EXPECT_EQ(rows[2].fields, (std::vector<std::string>{"2", "3"}));
}

// A 50 MB line costs an error and bounded memory, not 50 MB (or a crash).
TEST(CsvParserTest, FiftyMegabyteLine) {
  std::string text = "a,b\n";
  text.append(50 << 20, 'y');
  text += "\n1,2\n";
  std::istringstream in(std::move(text));
  auto p = CsvParser::Open(in, {});
  ASSERT_TRUE(p.ok());
  CsvRecord r;
  ASSERT_TRUE(*(*p)->Next(r));  // header
  ASSERT_TRUE(*(*p)->Next(r));
  EXPECT_FALSE(r.error.ok());
  EXPECT_LE(r.raw.capacity(), size_t{1} << 20);
  ASSERT_TRUE(*(*p)->Next(r));
  EXPECT_EQ(r.fields, (std::vector<std::string>{"1", "2"}));
  EXPECT_FALSE(*(*p)->Next(r));
}

}  // namespace
}  // namespace aftermath::io

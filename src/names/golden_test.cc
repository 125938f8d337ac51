// Runs the data-driven golden cases in tests/testdata/names/*.tsv (see the README there).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "names/engine.h"

namespace aftermath::names {
namespace {

namespace fs = std::filesystem;

fs::path GoldenDir() {
  const char* root = std::getenv("AFTERMATH_SOURCE_DIR");
  return fs::path(root ? root : ".") / "tests" / "testdata" / "names";
}

std::vector<fs::path> GoldenFiles(bool parse_files) {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(GoldenDir())) {
    if (e.path().extension() != ".tsv") continue;
    const bool is_parse = e.path().filename().string().rfind("parse_", 0) == 0;
    // rank_*.tsv rank search hits by sex and birth year (src/index/namesakes_golden_test.cc).
    if (e.path().filename().string().rfind("rank_", 0) == 0) continue;
    if (is_parse == parse_files) files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::vector<std::string> SplitTabs(const std::string& line) {
  std::vector<std::string> out;
  std::stringstream ss(line);
  std::string field;
  while (std::getline(ss, field, '\t')) out.push_back(field);
  return out;
}

// Calls fn(line_no, fields) for each case line; checks the header.
template <typename Fn>
void ForEachCase(const fs::path& file, Fn fn) {
  std::ifstream in(file);
  ASSERT_TRUE(in) << file;
  std::string line;
  int line_no = 0;
  bool has_name = false, has_description = false;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.empty()) continue;
    if (line[0] == '#') {
      has_name |= line.rfind("# name:", 0) == 0;
      has_description |= line.rfind("# description:", 0) == 0;
      continue;
    }
    ASSERT_TRUE(has_name && has_description) << file << " must open with # name: / # description:";
    fn(line_no, SplitTabs(line));
  }
}

class GoldenTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto engine = NameEngine::Create();
    ASSERT_TRUE(engine.ok()) << engine.status().ToString();
    engine_.emplace(std::move(engine).value());
  }
  // Both names parsed as a search parses its query: with their second readings (words split
  // by a space, the other keyboard layout).
  Result<Comparison> Compare(const std::string& a, const std::string& b) const {
    const ParseOptions options{.forms = QueryForms::kWithSecondReadings};
    ASSIGN_OR_RETURN(ParsedName pa, engine_->Parse(a, options));
    ASSIGN_OR_RETURN(ParsedName pb, engine_->Parse(b, options));
    return engine_->Compare(pa, pb);
  }
  std::optional<NameEngine> engine_;
};

TEST_F(GoldenTest, CompareCases) {
  const auto files = GoldenFiles(false);
  ASSERT_FALSE(files.empty()) << "no golden files in " << GoldenDir();
  int cases = 0;
  for (const auto& file : files) {
    ForEachCase(file, [&](int line_no, const std::vector<std::string>& f) {
      const std::string where = file.filename().string() + ":" + std::to_string(line_no);
      ASSERT_EQ(f.size(), 3u) << where << ": expected A<TAB>B<TAB>decision";
      ++cases;
      for (int swap = 0; swap < 2; ++swap) {
        auto r = swap ? Compare(f[1], f[0]) : Compare(f[0], f[1]);
        ASSERT_TRUE(r.ok()) << where << ": " << r.status().ToString();
        const std::string got(DecisionName(r->decision));
        bool ok = false;
        std::stringstream alts(f[2]);
        std::string alt;
        while (std::getline(alts, alt, '|')) ok |= alt == got;
        EXPECT_TRUE(ok) << where << (swap ? " (swapped)" : "") << ": " << f[0] << " ~ " << f[1]
                        << " expected " << f[2] << ", got " << got << " " << r->score << " ("
                        << r->explain << ")";
      }
    });
  }
  EXPECT_GT(cases, 100);
}

TEST_F(GoldenTest, ParseCases) {
  for (const auto& file : GoldenFiles(true)) {
    ForEachCase(file, [&](int line_no, const std::vector<std::string>& f) {
      const std::string where = file.filename().string() + ":" + std::to_string(line_no);
      ASSERT_EQ(f.size(), 2u) << where << ": expected NAME<TAB>TOKENS";
      auto parsed = engine_->Parse(f[0]);
      ASSERT_TRUE(parsed.ok()) << where << ": " << parsed.status().ToString();
      std::string got;
      for (const auto& t : parsed->tokens) {
        if (!got.empty()) got += ' ';
        got += t.is_initial ? t.loose.substr(0, 1) + "." : t.loose;
        got += "/" + std::string(RoleName(t.role));
      }
      EXPECT_EQ(got, f[1]) << where << ": " << f[0];
    });
  }
}

}  // namespace
}  // namespace aftermath::names

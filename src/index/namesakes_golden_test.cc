// Runs tests/testdata/names/rank_*.tsv (see the README there): namesakes told apart by sex and
// birth year through the index's search, which ranks by them and never filters.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "index/name_index.h"

namespace aftermath::index {
namespace {

namespace fs = std::filesystem;

constexpr int kThisYear = 2026;  // "age N" in the files is an age in this year

fs::path GoldenDir() {
  const char* root = std::getenv("AFTERMATH_SOURCE_DIR");
  return fs::path(root ? root : ".") / "tests" / "testdata" / "names";
}

std::string Trim(const std::string& s) {
  size_t a = s.find_first_not_of(' '), b = s.find_last_not_of(' ');
  return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

struct Side {
  std::string name;
  LifeFacts facts;
};

// "Марат Сафин; born 1985; m" -> the name and its facts; false for a field it cannot read.
bool ParseSide(const std::string& field, Side& out) {
  std::stringstream ss(field);
  std::string part;
  std::getline(ss, part, ';');
  out.name = Trim(part);
  while (std::getline(ss, part, ';')) {
    part = Trim(part);
    if (part == "m") {
      out.facts.sex = Sex::kMale;
    } else if (part == "f") {
      out.facts.sex = Sex::kFemale;
    } else if (part.rfind("born ", 0) == 0) {
      out.facts.birth_year = std::atoi(part.c_str() + 5);
    } else if (part.rfind("age ", 0) == 0) {
      out.facts.birth_year = kThisYear - std::atoi(part.c_str() + 4);
      out.facts.year_spread = 1;
    } else {
      return false;
    }
  }
  return !out.name.empty();
}

class NamesakesGoldenTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { engine_ = new names::NameEngine(*names::NameEngine::Create()); }
  static void TearDownTestSuite() { delete engine_; }
  static names::NameEngine* engine_;
};

names::NameEngine* NamesakesGoldenTest::engine_ = nullptr;

TEST_F(NamesakesGoldenTest, RankCases) {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(GoldenDir())) {
    if (e.path().filename().string().rfind("rank_", 0) == 0 && e.path().extension() == ".tsv") {
      files.push_back(e.path());
    }
  }
  ASSERT_FALSE(files.empty()) << "no rank_*.tsv in " << GoldenDir();
  int cases = 0;
  for (const auto& file : files) {
    std::ifstream in(file);
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
      const std::string where = file.filename().string() + ":" + std::to_string(line_no);
      ASSERT_TRUE(has_name && has_description) << where << ": the file must open with # name: / "
                                                           "# description:";
      std::vector<std::string> f;
      std::stringstream ss(line);
      for (std::string x; std::getline(ss, x, '\t');) f.push_back(x);
      ASSERT_EQ(f.size(), 3u) << where << ": expected QUERY<TAB>HIGHER<TAB>LOWER";
      Side query, higher, lower;
      ASSERT_TRUE(ParseSide(f[0], query) && ParseSide(f[1], higher) && ParseSide(f[2], lower))
          << where;
      ++cases;
      // The lower one has the smaller id, so that without the evidence an equal name score
      // would put it first.
      NameIndex index(*engine_);
      auto add = [&](const char* id, const Side& side) {
        index.Upsert({.person_id = id,
                      .names = {side.name},
                      .sex = side.facts.sex,
                      .birth_year = side.facts.birth_year});
      };
      add("per_a_lower", lower);
      add("per_b_higher", higher);
      SearchOptions options;
      options.sought = query.facts;
      options.min_score = 0.f;  // a clearly different name is still ranked, below
      auto hits = index.Search(query.name, options);
      ASSERT_TRUE(hits.ok()) << where << ": " << hits.status().ToString();
      auto rank_of = [&](const char* id) {
        auto it = std::find_if(hits->begin(), hits->end(),
                               [&](const SearchHit& h) { return h.person_id == id; });
        return it == hits->end() ? -1 : static_cast<int>(it - hits->begin());
      };
      std::string got;
      for (const auto& h : *hits) {
        got += "\n  " + h.person_id + " " + h.name + " score " + std::to_string(h.score) +
               " rank " + std::to_string(h.rank_score) + " " + h.why + h.evidence;
      }
      int hi = rank_of("per_b_higher"), lo = rank_of("per_a_lower");
      EXPECT_GE(hi, 0) << where << ": " << f[1] << " not found" << got;
      EXPECT_GE(lo, 0) << where << ": " << f[2] << " not found (evidence must not filter)" << got;
      EXPECT_LT(hi, lo) << where << ": " << f[1] << " must rank above " << f[2] << got;
    }
  }
  EXPECT_GT(cases, 10);
}

}  // namespace
}  // namespace aftermath::index

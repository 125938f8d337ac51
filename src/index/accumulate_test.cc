#include "index/accumulate.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <random>

namespace aftermath::index {
namespace {

// The search's earlier accumulation, key by key over a dense array: the reference.
std::vector<Candidate> KeyByKey(const std::vector<PostingList>& lists, size_t entries,
                                size_t max_entries) {
  std::vector<float> weight(entries, 0.f);
  std::vector<uint16_t> words(entries, 0);
  std::vector<uint32_t> touched;
  for (const PostingList& l : lists) {
    for (uint32_t e : l.entries) {
      if (words[e] & l.word) continue;
      if (weight[e] == 0.f) {
        if (l.reinforce_only || touched.size() >= max_entries) continue;
        touched.push_back(e);
      }
      weight[e] += l.weight;
      words[e] |= l.word;
    }
  }
  std::sort(touched.begin(), touched.end());
  std::vector<Candidate> out;
  for (uint32_t e : touched) out.push_back({e, weight[e], std::popcount(words[e])});
  return out;
}

bool Same(const std::vector<Candidate>& a, const std::vector<Candidate>& b) {
  return std::equal(
      a.begin(), a.end(), b.begin(), b.end(), [](const Candidate& x, const Candidate& y) {
        return x.entry == y.entry && x.weight == y.weight && x.words == y.words;  // bit for bit
      });
}

TEST(AccumulateTest, CreditsAnEntryOncePerWordWithItsFirstKey) {
  std::vector<uint32_t> a = {3, 7}, b = {7}, c = {7, 9};
  std::vector<PostingList> lists = {{a, 2.f, 1}, {b, 1.5f, 1}, {c, 1.f, 2}};
  std::vector<Candidate> out;
  Accumulator acc;
  acc.Gather(lists, 100, out);
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[1].entry, 7u);
  EXPECT_FLOAT_EQ(out[1].weight, 3.f);  // 2 for word 1 (not 1.5 more), 1 for word 2
  EXPECT_EQ(out[1].words, 2);
}

TEST(AccumulateTest, AReinforcingListAddsNoEntry) {
  std::vector<uint32_t> a = {10}, longer = {5, 10, 70000};
  std::vector<PostingList> lists = {{a, 1.f, 1}, {longer, 2.f, 2, true}};
  std::vector<Candidate> out;
  Accumulator acc;
  acc.Gather(lists, 100, out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].entry, 10u);
  EXPECT_FLOAT_EQ(out[0].weight, 3.f);
}

TEST(AccumulateTest, StopsAddingEntriesAtTheBound) {
  std::vector<uint32_t> a = {1, 2, 3, 4, 5};
  std::vector<PostingList> lists = {{a, 1.f, 1}};
  std::vector<Candidate> out;
  Accumulator acc;
  acc.Gather(lists, 3, out);
  EXPECT_EQ(out.size(), 3u);
}

// Once the kept candidates are heavier than all a list (and the lists after it) could give an
// entry, it takes in no more entries: a common word's bearers no longer use up the bound on work,
// and a heavier key's entries further on are still found.
TEST(AccumulateTest, ALightListTakesInNoEntryOnceTheKeptAreHeavier) {
  std::vector<uint32_t> early, late, common;
  for (uint32_t e = 0; e < 40; ++e) early.push_back(e * 3);
  for (uint32_t e = 0; e < 5; ++e) late.push_back(990000 + e);
  for (uint32_t e = 1; e < 900000; e += 9) common.push_back(e);  // 100,000 entries
  std::vector<PostingList> lists = {{early, 10.f, 1}, {late, 12.f, 4}, {common, 1.f, 2}};
  std::vector<Candidate> out;
  Accumulator acc;
  acc.Gather(lists, 2000, out, 10);
  ASSERT_EQ(out.size(), 10u);
  std::sort(out.begin(), out.end(), Better);
  for (size_t i = 0; i < 5; ++i) EXPECT_EQ(out[i].entry, 990000 + i);
  EXPECT_EQ(out[5].entry, 0u);
  EXPECT_FLOAT_EQ(out[5].weight, 10.f);
}

// Random queries over a million entries, lists of every length (typo keys of one posting,
// common names of tens of thousands, entries on block edges), against the reference; twice in
// a row, so a block left dirty by one query would show in the next.
TEST(AccumulateTest, AgreesWithKeyByKeyAccumulation) {
  constexpr uint32_t kEntries = 1000000;
  std::mt19937 rng(7);
  Accumulator acc;
  for (int query = 0; query < 40; ++query) {
    std::vector<std::vector<uint32_t>> postings;
    std::vector<PostingList> lists;
    int n = 1 + static_cast<int>(rng() % 30);
    for (int k = 0; k < n; ++k) {
      size_t len = std::vector<size_t>{1, 2, 40, 4000, 30000, 60000}[rng() % 6];
      std::vector<uint32_t> l;
      for (size_t i = 0; i < len; ++i) {
        uint32_t e = rng() % kEntries;
        if (rng() % 8 == 0) e = std::min((e >> 12 << 12) + (rng() % 2 ? 0 : 4095), kEntries - 1);
        l.push_back(e);
      }
      std::sort(l.begin(), l.end());
      l.erase(std::unique(l.begin(), l.end()), l.end());
      postings.push_back(std::move(l));
    }
    for (int k = 0; k < n; ++k) {
      lists.push_back({postings[k], 0.1f + static_cast<float>(rng() % 100) / 7.f,
                       static_cast<uint16_t>(1u << (rng() % 4)), k > 0 && rng() % 5 == 0});
    }
    std::vector<Candidate> out;
    acc.Gather(lists, kEntries, out);
    std::sort(out.begin(), out.end(), [](auto& a, auto& b) { return a.entry < b.entry; });
    auto ref = KeyByKey(lists, kEntries, kEntries);
    EXPECT_TRUE(Same(out, ref)) << "query " << query;
    // Only the best few kept, as a search asks: the reference's best few, ties by entry.
    const size_t keep = std::vector<size_t>{1, 200, 5000}[query % 3];
    std::vector<Candidate> best = {Candidate{7, 1.f, 1}};  // appended to, not replaced
    acc.Gather(lists, kEntries, best, keep);
    best.erase(best.begin());
    std::sort(best.begin(), best.end(), Better);
    std::sort(ref.begin(), ref.end(), Better);
    ref.resize(std::min(ref.size(), keep));
    EXPECT_TRUE(Same(best, ref)) << "query " << query << " keep " << keep;
  }
}

}  // namespace
}  // namespace aftermath::index

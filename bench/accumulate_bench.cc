// The first step of an index search, alone: crediting the entries of a query's posting lists
// (index/accumulate.h) at a million entries. Lists shaped like a query for a common Russian or
// Kazakh name (a surname of 2,000, a given name and a patronymic of 4,000-6,000, typo and
// skeleton lists of a hundred or two; about 22,000 postings, as the load bench's queries walk), and
// like one with a rare surname. The lists are random but seeded, so two builds walk the same
// postings.
//
//   build/src/index/accumulate_bench --benchmark_min_time=2
#include <benchmark/benchmark.h>

#include <algorithm>
#include <random>
#include <vector>

#include "index/accumulate.h"

namespace {

using aftermath::index::Accumulator;
using aftermath::index::Candidate;
using aftermath::index::PostingList;

constexpr uint32_t kEntries = 1'000'000;

struct Query {
  std::vector<std::vector<uint32_t>> entries;
  std::vector<PostingList> lists;
};

// (postings, weight, query word) of each list, heaviest first as the index orders them.
Query MakeQuery(const std::vector<std::tuple<size_t, float, int>>& shape, uint32_t seed) {
  std::mt19937 rng(seed);
  Query q;
  for (const auto& [n, weight, word] : shape) {
    std::vector<uint32_t> e(n);
    for (auto& x : e) x = rng() % kEntries;
    std::sort(e.begin(), e.end());
    e.erase(std::unique(e.begin(), e.end()), e.end());
    q.entries.push_back(std::move(e));
  }
  for (size_t k = 0; k < shape.size(); ++k) {
    q.lists.push_back({.entries = q.entries[k],
                       .weight = std::get<1>(shape[k]),
                       .word = static_cast<uint16_t>(1u << std::get<2>(shape[k]))});
  }
  return q;
}

void Run(benchmark::State& state, const Query& q) {
  Accumulator acc;
  std::vector<Candidate> out;
  size_t postings = 0;
  for (const auto& e : q.entries) postings += e.size();
  for (auto _ : state) {
    out.clear();
    acc.Gather(q.lists, 200000, out, 120);
    benchmark::DoNotOptimize(out.data());
  }
  state.counters["postings"] = static_cast<double>(postings);
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * postings));
}

void BM_GatherCommonName(benchmark::State& state) {
  // Иванов Иван Петрович: three common words, each with a skeleton and a few typo lists.
  static const Query q = MakeQuery({{100, 7.5f, 0},
                                    {150, 7.0f, 2},
                                    {220, 6.5f, 1},
                                    {2000, 5.0f, 0},
                                    {3800, 4.2f, 2},
                                    {6000, 3.8f, 1},
                                    {1500, 4.0f, 0},
                                    {3000, 3.4f, 2},
                                    {5000, 3.0f, 1},
                                    {80, 3.5f, 0},
                                    {120, 3.0f, 1},
                                    {180, 2.8f, 2}},
                                   1);
  Run(state, q);
}
BENCHMARK(BM_GatherCommonName);

void BM_GatherRareSurname(benchmark::State& state) {
  // A rare surname with a common given name and patronymic.
  static const Query q = MakeQuery({{12, 11.0f, 0},
                                    {30, 8.8f, 0},
                                    {3800, 4.2f, 2},
                                    {6000, 3.8f, 1},
                                    {3000, 3.4f, 2},
                                    {5000, 3.0f, 1}},
                                   2);
  Run(state, q);
}
BENCHMARK(BM_GatherRareSurname);

}  // namespace

BENCHMARK_MAIN();

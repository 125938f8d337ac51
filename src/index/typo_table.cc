#include "index/typo_table.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>

namespace aftermath::index {
namespace {

constexpr size_t kTailLimit = 8192;
constexpr size_t kTailBuckets = 2 * kTailLimit;  // a power of two
constexpr uint32_t kNone = UINT32_MAX;

uint32_t Hash(std::string_view s, size_t skip) {
  uint64_t h = 1469598103934665603ull;  // FNV-1a, skipping one position
  for (size_t i = 0; i < s.size(); ++i) {
    if (i == skip) continue;
    h = (h ^ static_cast<unsigned char>(s[i])) * 1099511628211ull;
  }
  h ^= s.size() - (skip < s.size() ? 1 : 0);
  return static_cast<uint32_t>(h ^ (h >> 32));
}

template <typename Fn>
void ForEachForm(std::string_view word, Fn fn) {
  fn(Hash(word, std::string_view::npos));
  for (size_t i = 0; i < word.size(); ++i) {
    if (i > 0 && word[i] == word[i - 1]) continue;  // deleting either of a double is one form
    fn(Hash(word, i));
  }
}

}  // namespace

int AllowedEdits(size_t length) {
  if (length >= 7) return 2;
  if (length >= 4) return 1;
  return 0;
}

void TypoTable::Insert(uint32_t hash, uint32_t id) {
  if (tail_heads_.empty()) tail_heads_.assign(kTailBuckets, kNone);
  uint32_t& head = tail_heads_[hash & (kTailBuckets - 1)];
  tail_next_.push_back(head);
  head = static_cast<uint32_t>(tail_.size());
  tail_.push_back({hash, id});
  if (tail_.size() >= kTailLimit) {
    std::sort(tail_.begin(), tail_.end(), [](auto& a, auto& b) { return a.hash < b.hash; });
    std::vector<Entry> merged;
    merged.reserve(base_.size() + tail_.size());
    std::merge(base_.begin(), base_.end(), tail_.begin(), tail_.end(), std::back_inserter(merged),
               [](auto& a, auto& b) { return a.hash < b.hash; });
    base_.swap(merged);
    BuildDirectory();
    tail_.clear();
    tail_next_.clear();
    std::fill(tail_heads_.begin(), tail_heads_.end(), kNone);
  }
}

void TypoTable::BuildDirectory() {
  int bits = 1;
  while (bits < 24 && (size_t{1} << (bits + 2)) < base_.size()) ++bits;
  dir_shift_ = 32 - bits;
  dir_.assign((size_t{1} << bits) + 1, 0);
  size_t e = 0;
  for (size_t b = 0; b < (size_t{1} << bits); ++b) {
    while (e < base_.size() && (base_[e].hash >> dir_shift_) < b) ++e;
    dir_[b] = static_cast<uint32_t>(e);
  }
  dir_.back() = static_cast<uint32_t>(base_.size());
}

void TypoTable::Add(std::string_view word, uint32_t id) {
  if (word.size() < kMinLength) return;
  ForEachForm(word, [&](uint32_t h) { Insert(h, id); });
}

void TypoTable::Lookup(uint32_t hash, std::vector<uint32_t>& out) const {
  if (!dir_.empty()) {
    const size_t slot = hash >> dir_shift_;
    const auto end = base_.begin() + dir_[slot + 1];
    auto it = std::lower_bound(base_.begin() + dir_[slot], end, hash,
                               [](const Entry& e, uint32_t h) { return e.hash < h; });
    for (; it != end && it->hash == hash; ++it) out.push_back(it->id);
  }
  if (tail_heads_.empty()) return;
  for (uint32_t i = tail_heads_[hash & (kTailBuckets - 1)]; i != kNone; i = tail_next_[i]) {
    if (tail_[i].hash == hash) out.push_back(tail_[i].id);
  }
}

void TypoTable::Candidates(std::string_view word, std::vector<uint32_t>& out) const {
  if (word.size() + 1 < kMinLength) return;
  ForEachForm(word, [&](uint32_t h) { Lookup(h, out); });
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
}

size_t TypoTable::MemoryBytes() const {
  return (base_.capacity() + tail_.capacity()) * sizeof(Entry) +
         (tail_heads_.capacity() + tail_next_.capacity() + dir_.capacity()) * sizeof(uint32_t);
}

int EditDistance(std::string_view a, std::string_view b, int limit) {
  int n = static_cast<int>(a.size()), m = static_cast<int>(b.size());
  if (std::abs(n - m) > limit) return limit + 1;
  // Optimal string alignment distance, rows of three (on the stack for words of index length).
  constexpr int kStackRow = 64;
  std::array<int, 3 * kStackRow> stack;
  std::vector<int> heap;
  int* rows = stack.data();
  const int width = std::max(m + 1, kStackRow);
  if (m + 1 > kStackRow) {
    heap.resize(3 * static_cast<size_t>(width));
    rows = heap.data();
  }
  int* prev2 = rows;
  int* prev = rows + width;
  int* cur = rows + 2 * width;
  for (int j = 0; j <= m; ++j) prev[j] = j;
  for (int i = 1; i <= n; ++i) {
    cur[0] = i;
    int row_min = cur[0];
    for (int j = 1; j <= m; ++j) {
      int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        cur[j] = std::min(cur[j], prev2[j - 2] + 1);
      }
      row_min = std::min(row_min, cur[j]);
    }
    if (row_min > limit) return limit + 1;
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return std::min(prev[m], limit + 1);
}

}  // namespace aftermath::index

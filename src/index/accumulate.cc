#include "index/accumulate.h"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <optional>

namespace aftermath::index {

namespace {

// Bits set in a word mask, without a library call (std::popcount is one without -mpopcnt).
int WordCount(uint16_t x) {
  x = x - ((x >> 1) & 0x5555);
  x = (x & 0x3333) + ((x >> 2) & 0x3333);
  x = (x + (x >> 4)) & 0x0F0F;
  return (x + (x >> 8)) & 0x1F;
}

// Ranks candidates in the heap; a function pointer to Better is not inlined (3 % of a search).
struct BetterFirst {
  bool operator()(const Candidate& a, const Candidate& b) const { return Better(a, b); }
};

}  // namespace

Accumulator::Accumulator()
    : weight_(size_t{1} << kBlockBits, 0.f),
      words_(size_t{1} << kBlockBits, 0),
      found_((size_t{1} << kBlockBits) + 1, 0) {}  // + 1: the branchless loop writes one ahead

void Accumulator::Gather(std::span<const PostingList> lists, size_t max_entries,
                         std::vector<Candidate>& out, size_t keep) {
  // out[first..] holds the candidates kept so far, unordered; past 2 x keep it is cut back to
  // the best `keep` (a selection in linear time), and the worst kept becomes the bar a new
  // candidate must beat. A heap paid a logarithmic sift for every candidate that beat its top.
  const size_t first = out.size();
  const bool bounded = keep != SIZE_MAX && keep > 0;
  auto cut_back = [&] {
    auto begin = out.begin() + static_cast<ptrdiff_t>(first);
    std::nth_element(begin, begin + static_cast<ptrdiff_t>(keep - 1), out.end(), BetterFirst());
    out.resize(first + keep);
  };
  cursors_.clear();
  uint32_t lowest = UINT32_MAX, highest = 0;
  for (const PostingList& l : lists) {
    cursors_.push_back({l.entries.data(), l.entries.data() + l.entries.size()});
    if (!l.entries.empty()) {
      lowest = std::min(lowest, l.entries.front());
      highest = std::max(highest, l.entries.back());
    }
  }
  if (lowest == UINT32_MAX) return;
  // reach_[k]: the most weight an entry can gather when no list before k found it: for each
  // query word, the heaviest of that word's lists from k on (an entry is credited once a word).
  // Once the bar is above reach_[k], list k and every later one can only reinforce entries
  // already found (MaxScore's "non-essential" lists): most entries of a common given name or
  // patronymic are then never taken in.
  reach_.assign(lists.size() + 1, 0.f);
  {
    float heaviest[16] = {};
    for (size_t k = lists.size(); k-- > 0;) {
      const int w = lists[k].word == 0 ? 0 : std::countr_zero(lists[k].word) & 15;
      heaviest[w] = std::max(heaviest[w], lists[k].weight);
      float sum = 0.f;
      for (float h : heaviest) sum += h;
      reach_[k] = sum;
    }
  }
  // Lists from `closed` on may no longer take in entries.
  size_t closed = lists.size();
  auto close_lists = [&](float bar) {
    // With room for rounding: an entry's weight is summed in another order than reach_.
    while (closed > 0 && reach_[closed - 1] * (1.f + 1e-5f) + 1e-6f < bar) --closed;
  };
  // Each list waits in the block of its next entry (a bit per list and block), so a block visits
  // only the lists with entries in it, in the lists' order (a query has about forty lists, most
  // of a few entries, and a million entries make 245 blocks).
  const uint32_t first_block = lowest >> kBlockBits;
  const size_t blocks = (highest >> kBlockBits) - first_block + 1;
  const size_t mask_words = (lists.size() + 63) / 64;
  waiting_.assign(blocks * mask_words, 0);
  auto wait = [&](uint32_t k) {
    const size_t block = (*cursors_[k].next >> kBlockBits) - first_block;
    waiting_[block * mask_words + k / 64] |= uint64_t{1} << (k % 64);
  };
  for (uint32_t k = 0; k < lists.size(); ++k) {
    if (cursors_[k].next != cursors_[k].end) wait(k);
  }
  float* const weight = weight_.data();
  uint16_t* const words = words_.data();
  uint16_t* const found = found_.data();
  size_t found_total = 0;
  std::optional<Candidate> bar;  // the worst kept, once candidates were cut back to `keep`
  for (size_t block = 0; block < blocks; ++block) {
    const uint32_t base = static_cast<uint32_t>(first_block + block) << kBlockBits;
    const uint64_t limit = uint64_t{base} + (uint32_t{1} << kBlockBits);
    size_t found_count = 0;
    // Key by key within the block, so each entry is credited in the lists' order.
    for (size_t w = 0; w < mask_words; ++w) {
      for (uint64_t bits = waiting_[block * mask_words + w]; bits != 0; bits &= bits - 1) {
        const uint32_t k = static_cast<uint32_t>(w * 64 + std::countr_zero(bits));
        const PostingList& list = lists[k];
        Cursor& c = cursors_[k];
        const uint32_t* p = c.next;
        const bool adds = !list.reinforce_only && k < closed;
        if (!adds && found_count == 0) {
          // Nothing found in this block to reinforce: skip the list's entries in it.
          p = std::lower_bound(p, c.end, static_cast<uint32_t>(limit));
        } else {
          // Copies in registers: the stores below could alias the list's fields otherwise.
          const uint16_t word = list.word;
          const float add = list.weight;
          // Whether an entry was found before, and by this word, is a coin toss for the branch
          // predictor: the loops below credit without branching (adding 0 and or-ing 0 where
          // there is nothing to credit, which leaves the sums exactly as they were).
          const size_t left = static_cast<size_t>(c.end - p);
          if (!adds) {
            for (; p != c.end && *p < limit; ++p) {
              const uint32_t i = *p - base;
              const uint16_t seen = words[i];
              const bool credit = seen != 0 && (seen & word) == 0;
              weight[i] += credit ? add : 0.f;
              words[i] = static_cast<uint16_t>(seen | (credit ? word : 0));
            }
          } else if (found_total + left <= max_entries) {
            const size_t found_before = found_count;
            for (; p != c.end && *p < limit; ++p) {
              const uint32_t i = *p - base;
              const uint16_t seen = words[i];
              const bool credit = (seen & word) == 0;
              // No word bit yet: its first credit in this block takes it in (written ahead,
              // kept only then).
              found[found_count] = static_cast<uint16_t>(i);
              found_count += seen == 0;
              weight[i] += credit ? add : 0.f;
              words[i] = static_cast<uint16_t>(seen | (credit ? word : 0));
            }
            found_total += found_count - found_before;
          } else {
            // Near the bound on entries taken in: each new entry is checked against it.
            for (; p != c.end && *p < limit; ++p) {
              const uint32_t i = *p - base;
              const uint16_t seen = words[i];
              if (seen & word) continue;
              if (seen == 0) {
                if (found_total >= max_entries) continue;
                found[found_count++] = static_cast<uint16_t>(i);
                ++found_total;
              }
              weight[i] += add;
              words[i] = seen | word;
            }
          }
        }
        c.next = p;
        if (c.next != c.end) wait(k);  // in a later block
      }
    }
    for (size_t f = 0; f < found_count; ++f) {
      const uint16_t i = found[f];
      const Candidate c{base + i, weight[i], WordCount(words[i])};
      weight[i] = 0.f;
      words[i] = 0;
      if (bar && !Better(c, *bar)) continue;
      out.push_back(c);
      if (bounded && out.size() - first >= 2 * keep) {
        cut_back();
        bar = out.back();  // the keep-th best: nth_element put it last
        close_lists(bar->weight);
      }
    }
  }
  if (bounded && out.size() - first > keep) cut_back();
}

}  // namespace aftermath::index

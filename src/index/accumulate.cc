#include "index/accumulate.h"

#include <algorithm>
#include <bit>
#include <cstdint>

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
      found_(size_t{1} << kBlockBits, 0) {}

void Accumulator::Gather(std::span<const PostingList> lists, size_t max_entries,
                         std::vector<Candidate>& out, size_t keep) {
  // out[first..] is a heap with the worst kept candidate on top once it holds `keep`.
  const size_t first = out.size();
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
        // Copies in registers: the stores below could alias the list's fields otherwise.
        const uint16_t word = list.word;
        const float add = list.weight;
        const bool adds = !list.reinforce_only;
        const uint32_t* p = c.next;
        for (; p != c.end && *p < limit; ++p) {
          const uint32_t i = *p - base;
          const uint16_t seen = words[i];
          if (seen & word) continue;
          if (seen == 0) {  // first credit in this block: every credit sets a word bit
            if (!adds || found_total >= max_entries) continue;
            found[found_count++] = static_cast<uint16_t>(i);
            ++found_total;
          }
          weight[i] += add;
          words[i] = seen | word;
        }
        c.next = p;
        if (c.next != c.end) wait(k);  // in a later block
      }
    }
    for (size_t f = 0; f < found_count; ++f) {
      const uint16_t i = found[f];
      const Candidate c{base + i, weight[i], WordCount(words[i])};
      if (out.size() - first < keep) {
        out.push_back(c);
        if (out.size() - first == keep)
          std::make_heap(out.begin() + first, out.end(), BetterFirst());
      } else if (Better(c, out[first])) {
        std::pop_heap(out.begin() + first, out.end(), BetterFirst());
        out.back() = c;
        std::push_heap(out.begin() + first, out.end(), BetterFirst());
      }
      weight[i] = 0.f;
      words[i] = 0;
    }
  }
}

}  // namespace aftermath::index

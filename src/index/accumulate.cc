#include "index/accumulate.h"

#include <algorithm>
#include <bit>
#include <cstdint>

namespace aftermath::index {

Accumulator::Accumulator()
    : weight_(size_t{1} << kBlockBits, 0.f), words_(size_t{1} << kBlockBits, 0) {}

void Accumulator::Gather(std::span<const PostingList> lists, size_t max_entries,
                         std::vector<Candidate>& out, size_t keep) {
  // out[first..] is a heap with the worst kept candidate on top once it holds `keep`.
  const size_t first = out.size();
  auto worse_first = [](const Candidate& a, const Candidate& b) { return Better(a, b); };
  cursors_.clear();
  for (const PostingList& l : lists)
    cursors_.push_back({l.entries.data(), l.entries.data() + l.entries.size()});
  size_t found_total = 0;
  for (;;) {
    uint32_t next = UINT32_MAX;
    for (const Cursor& c : cursors_) {
      if (c.next != c.end) next = std::min(next, *c.next);
    }
    if (next == UINT32_MAX) break;
    const uint32_t base = next >> kBlockBits << kBlockBits;
    const uint64_t limit = uint64_t{base} + (uint32_t{1} << kBlockBits);
    // Key by key within the block, so each entry is credited in the lists' order.
    for (size_t k = 0; k < lists.size(); ++k) {
      const PostingList& list = lists[k];
      Cursor& c = cursors_[k];
      for (; c.next != c.end && *c.next < limit; ++c.next) {
        const uint32_t i = *c.next - base;
        if (words_[i] & list.word) continue;
        if (weight_[i] == 0.f) {
          if (list.reinforce_only || found_total >= max_entries) continue;
          found_.push_back(static_cast<uint16_t>(i));
          ++found_total;
        }
        weight_[i] += list.weight;
        words_[i] |= list.word;
      }
    }
    for (uint16_t i : found_) {
      const Candidate c{base + i, weight_[i], std::popcount(words_[i])};
      if (out.size() - first < keep) {
        out.push_back(c);
        if (out.size() - first == keep) std::make_heap(out.begin() + first, out.end(), worse_first);
      } else if (Better(c, out[first])) {
        std::pop_heap(out.begin() + first, out.end(), worse_first);
        out.back() = c;
        std::push_heap(out.begin() + first, out.end(), worse_first);
      }
      weight_[i] = 0.f;
      words_[i] = 0;
    }
    found_.clear();
  }
}

}  // namespace aftermath::index

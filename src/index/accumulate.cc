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
  const size_t words = (lists.size() + 63) / 64;
  waiting_.assign(blocks * words, 0);
  auto wait = [&](uint32_t k) {
    const size_t block = (*cursors_[k].next >> kBlockBits) - first_block;
    waiting_[block * words + k / 64] |= uint64_t{1} << (k % 64);
  };
  for (uint32_t k = 0; k < lists.size(); ++k) {
    if (cursors_[k].next != cursors_[k].end) wait(k);
  }
  size_t found_total = 0;
  for (size_t block = 0; block < blocks; ++block) {
    const uint32_t base = static_cast<uint32_t>(first_block + block) << kBlockBits;
    const uint64_t limit = uint64_t{base} + (uint32_t{1} << kBlockBits);
    // Key by key within the block, so each entry is credited in the lists' order.
    for (size_t w = 0; w < words; ++w) {
      for (uint64_t bits = waiting_[block * words + w]; bits != 0; bits &= bits - 1) {
        const uint32_t k = static_cast<uint32_t>(w * 64 + std::countr_zero(bits));
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
        if (c.next != c.end) wait(k);  // in a later block
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

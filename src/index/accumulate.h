// The first step of a search: the shared key weight of every index entry found in the query's
// posting lists. An entry is credited once per query word, with the first key of that word it
// appears under (the keys come heaviest first, so that is the best one).
//
// The lists are walked together, block by block of entry numbers, into a dense block that stays
// in the L1 cache; a dense array over all entries would cost a cache miss for nearly every
// posting (it is megabytes per thread at a million entries), and a hash table a probe.
//
// Thread-compatible: each thread uses its own Accumulator.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace aftermath::index {

// One key of the query, in the order keys are credited.
struct PostingList {
  std::span<const uint32_t> entries;  // ascending
  float weight = 0.f;
  uint16_t word = 0;  // the query word's bit (not 0)
  // Credits only entries an earlier key found (a very long list that can only reinforce).
  bool reinforce_only = false;
};

struct Candidate {
  uint32_t entry;
  float weight;
  int words;  // query words it shares
};

// The order candidates are ranked in: more shared weight first, then the earlier entry.
inline bool Better(const Candidate& a, const Candidate& b) {
  return a.weight > b.weight || (a.weight == b.weight && a.entry < b.entry);
}

class Accumulator {
 public:
  Accumulator();

  // Appends to `out` (in no particular order) the `keep` best entries the lists find, by
  // Better, with their summed weights. Once `max_entries` entries are taken in, later ones are
  // left out (in entry order, a bound on work). Keeping the best as they come, and taking in no
  // entry that could no longer be among them, spares a search storing and selecting among
  // thousands of entries that share one common word.
  void Gather(std::span<const PostingList> lists, size_t max_entries, std::vector<Candidate>& out,
              size_t keep = SIZE_MAX);

 private:
  static constexpr uint32_t kBlockBits = 12;  // 4,096 entries: 24 KB of weights and words
  struct Cursor {
    const uint32_t* next;
    const uint32_t* end;
  };
  std::vector<float> weight_;
  std::vector<uint16_t> words_;
  std::vector<uint16_t> found_;  // block offsets found in the current block, in order found
                                 // (a block's worth)
  std::vector<Cursor> cursors_;
  std::vector<uint64_t> waiting_;  // per block, a bit per list whose next entry is in it
  std::vector<float> reach_;       // per list, see Gather
};

}  // namespace aftermath::index

// Word pairs already scored in one search: the candidates of a query share many words (the
// surname searched for, the commonest given names), and scoring a pair (weighted edit
// distances of keys and stems) is most of the cost of comparing two names.
//
// Thread-compatible: one per search thread.
#pragma once

#include <array>
#include <cstdint>

#include "index/compact_name.h"
#include "names/compare.h"

namespace aftermath::index {

class PairMemo final : public names::PairScorer {
 public:
  // Forgets every pair: a new query.
  void Reset();
  // The stored name the next comparison's second side was expanded from.
  void SetCandidate(const TokenStore& tokens, const NameHeader& name) {
    tokens_ = &tokens;
    name_ = name;
  }
  // The first side must be the query of this search and the second the candidate set last.
  names::PairScore Score(const names::ParsedName& query, size_t i,
                         const names::ParsedName& candidate, size_t j) override;

 private:
  static constexpr size_t kSlots = 2048;  // a power of two; a search meets fewer pairs
  static constexpr size_t kMaxFilled = kSlots * 3 / 4;
  struct Slot {
    WordKey word;
    uint32_t generation = 0;  // the slot is empty unless it equals generation_
    uint8_t query_word = 0;
    names::PairScore score;
  };
  const TokenStore* tokens_ = nullptr;
  NameHeader name_;
  uint32_t generation_ = 1;
  size_t filled_ = 0;
  std::array<Slot, kSlots> slots_{};
};

}  // namespace aftermath::index

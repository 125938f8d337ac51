#include "index/pair_memo.h"

namespace aftermath::index {

void PairMemo::Reset() {
  filled_ = 0;
  if (++generation_ == 0) {  // wrapped: clear for real once in four billion searches
    slots_.fill(Slot{});
    generation_ = 1;
  }
}

names::PairScore PairMemo::Score(const names::ParsedName& query, size_t i,
                                 const names::ParsedName& candidate, size_t j) {
  if (i > UINT8_MAX) return names::ScorePair(query.tokens[i], candidate.tokens[j]);
  const WordKey word = tokens_->KeyOf(name_, j);
  uint64_t h = (uint64_t{word.loose} * 0x9E3779B97F4A7C15ULL) ^
               (uint64_t{word.stem} * 0xC2B2AE3D27D4EB4FULL) ^ (uint64_t{word.latin} << 7) ^
               (uint64_t{word.role} << 3) ^ word.flags ^ (i << 11);
  h ^= h >> 29;
  for (size_t probe = 0;; ++probe) {
    Slot& slot = slots_[(h + probe) & (kSlots - 1)];
    if (slot.generation != generation_) {
      const names::PairScore score = names::ScorePair(query.tokens[i], candidate.tokens[j]);
      if (filled_ < kMaxFilled) {
        slot = {word, generation_, static_cast<uint8_t>(i), score};
        ++filled_;
      }
      return score;
    }
    if (slot.query_word == i && slot.word == word) return slot.score;
  }
}

}  // namespace aftermath::index

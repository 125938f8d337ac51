// Stage 4: scoring two parsed names. Tokens are aligned regardless of order (roles may be
// guessed wrong), then each aligned or unaligned part adds evidence: agreement weighs more for
// rare names, a different patronymic or sex counts against, an initial is compatible but never
// confirming. The evidence sum goes through a logistic into a score in [0, 1].
#pragma once

#include <string>

#include "names/calibration.h"
#include "names/types.h"

namespace aftermath::names {

enum class Decision : uint8_t { kNonMatch, kPossible, kMatch };
std::string_view DecisionName(Decision decision);

// Whether Compare builds the human-readable explanation (the index skips it in its hot loop).
enum class Explain : uint8_t { kNone, kText };
// Whether NameEngine::Compare sets Comparison::probability (the index asks only for its hits).
enum class Calibrated : uint8_t { kNo, kYes };

// How two words of two names compare, before the names' other words are considered.
enum class PairKind : uint8_t { kNone, kInitial, kEquivalent, kSimilar };
struct PairScore {
  float sim = 0.f;
  PairKind kind = PairKind::kNone;
};
// Depends on each word alone (its keys, role and flags), not on the rest of its name. A
// similarity below 0.55 (a pair never aligned) may read as 0.
PairScore ScorePair(const NameToken& a, const NameToken& b);

// Scores the word pairs of a comparison in the caller's stead, so that an index comparing one
// query with many candidates, which share many words, can remember the pairs it has scored.
// Must return ScorePair(a.tokens[i], b.tokens[j]).
class PairScorer {
 public:
  virtual ~PairScorer() = default;
  virtual PairScore Score(const ParsedName& a, size_t i, const ParsedName& b, size_t j) = 0;
};

struct CompareOptions {
  float match_threshold = 0.9f;     // score at or above: Decision::kMatch
  float possible_threshold = 0.4f;  // score at or above: Decision::kPossible
  Explain explain = Explain::kText;
  Calibrated calibrated = Calibrated::kYes;
  PairScorer* pairs = nullptr;  // nullptr: ScorePair
};

struct Comparison {
  float score = 0.f;
  Decision decision = Decision::kNonMatch;
  std::string explain;  // "surname nazarbaev=nazarbaev (rare); given nursultan~N. initial; ..."
  // Set by NameEngine::Compare (with Calibrated::kYes): the kind of pair and the share of pairs
  // of that kind scoring so that are one person (calibration.h); CompareParsed leaves them.
  PairClass pair_class = PairClass::kCrossScript;
  float probability = 0.f;
};

// Compares two parsed names; symmetric up to explanation order. Thread-compatible: reads only.
Comparison CompareParsed(const ParsedName& a, const ParsedName& b, const CompareOptions& options);

}  // namespace aftermath::names

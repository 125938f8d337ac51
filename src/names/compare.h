// Stage 4: scoring two parsed names. Tokens are aligned regardless of order (roles may be
// guessed wrong), then each aligned or unaligned part adds evidence: agreement weighs more for
// rare names, a different patronymic or sex counts against, an initial is compatible but never
// confirming. The evidence sum goes through a logistic into a score in [0, 1].
#pragma once

#include <string>

#include "names/types.h"

namespace aftermath::names {

enum class Decision : uint8_t { kNonMatch, kPossible, kMatch };
std::string_view DecisionName(Decision decision);

// Whether Compare builds the human-readable explanation (the index skips it in its hot loop).
enum class Explain : uint8_t { kNone, kText };

struct CompareOptions {
  float match_threshold = 0.9f;     // score at or above: Decision::kMatch
  float possible_threshold = 0.4f;  // score at or above: Decision::kPossible
  Explain explain = Explain::kText;
};

struct Comparison {
  float score = 0.f;
  Decision decision = Decision::kNonMatch;
  std::string explain;  // "surname nazarbaev=nazarbaev (rare); given nursultan~N. initial; ..."
};

// Compares two parsed names; symmetric up to explanation order. Thread-compatible: reads only.
Comparison CompareParsed(const ParsedName& a, const ParsedName& b, const CompareOptions& options);

}  // namespace aftermath::names

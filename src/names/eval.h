// Quality evaluation on persons files (../shared/data/names/*.jsonl format, read by the caller):
// all positive pairs of one person's spellings and hard negatives (different persons sharing a
// surname, or a given name and patronymic, after folding), scored by precision and recall at
// the "match" and "possible" decisions, overall and per kind of pair.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "names/engine.h"

namespace aftermath::names {

struct EvalPerson {
  std::string group;
  std::vector<std::string> names;
};

struct EvalPair {
  std::string a, b;
  bool same = false;
  std::string kind;  // "cross-script", "latin-latin", "cyrillic-cyrillic"; "kazakh" wins
};

struct EvalCounts {
  int64_t positives = 0, negatives = 0;
  int64_t match_tp = 0, match_fp = 0, possible_tp = 0, possible_fp = 0;
  double MatchPrecision() const;
  double MatchRecall() const;
  double PossiblePrecision() const;
  double PossibleRecall() const;
};

struct EvalReport {
  EvalCounts overall;
  std::map<std::string, EvalCounts> by_kind;
  int64_t unparsable = 0;        // names the parser rejected (scored as non-match)
  int64_t pseudonym_pairs = 0;   // positive pairs sharing no word at all, left out
  std::vector<EvalPair> errors;  // false "match" and missed "possible", for inspection
};

// Builds the pairs. Negatives are capped at `negatives_per_positive` times the positives.
std::vector<EvalPair> BuildEvalPairs(const NameEngine& engine,
                                     const std::vector<EvalPerson>& persons,
                                     double negatives_per_positive, int64_t* pseudonym_pairs);

// Scores every pair with the engine.
EvalReport Evaluate(const NameEngine& engine, const std::vector<EvalPair>& pairs);

}  // namespace aftermath::names

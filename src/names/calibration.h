// Calibrated probabilities: what share of pairs of a kind with a given score are one person.
// The score of Compare ranks well but is no probability ("0.55" is not right 55 % of the time);
// a table fitted by tools/calibrate_names.py on the shared evaluation pairs (isotonic
// regression by kind of pair, data/calibration.tsv) maps it to one.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"
#include "names/types.h"

namespace aftermath::names {

// The kinds of pair a calibration is fitted for: the scripts of the two names (a name is
// Cyrillic when any word is, else Latin when any word is, else other) and whether both carry a
// patronymic written in full (then it was compared).
enum class PairClass : uint8_t {
  kCrossScript,
  kCyrillic,
  kLatin,
  kCrossScriptPatronymic,
  kCyrillicPatronymic,
  kLatinPatronymic,
};
inline constexpr size_t kPairClasses = 6;

// "cross-script", "cyrillic", "latin", each with "+patronymic" when both have one.
std::string_view PairClassName(PairClass c);
PairClass PairClassOf(const ParsedName& a, const ParsedName& b);

class Calibration {
 public:
  // Parses data/calibration.tsv: `kind<TAB>score<TAB>probability` lines, a kind being a
  // PairClassName or "all" (for kinds without lines of their own); scores ascending within a
  // kind. Returns InvalidArgument naming the line for a malformed one, an unknown kind, scores
  // out of order or a probability that falls as the score rises.
  static Result<Calibration> FromTsv(std::string_view tsv);

  // The probability that a pair of this kind scoring `score` is one person: linear between the
  // table's points, flat beyond them. Without any table: the score itself.
  float Probability(PairClass c, float score) const;

 private:
  using Points = std::vector<std::pair<float, float>>;  // (score, probability), ascending
  std::array<Points, kPairClasses> by_class_;
  Points all_;
};

}  // namespace aftermath::names

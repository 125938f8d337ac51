// A match's explanation as codes and parameters (issue #19), so the console says why a
// candidate was proposed in the operator's language. The explanation stays as it is written
// (English, stored with the match, read by the CLI and the logs' readers); this reads it back.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace aftermath {

struct MatchReason {
  // "name_pair" (role, left, right, how, rare), "name_unmatched" (role), "maiden_name",
  // "other_layout", "same_person", "sex_differs", "same_sex", "birth_year_agrees",
  // "born_apart" (years), "name_score" (score), "rank" (adjustment), "nothing_in_common",
  // "empty_name", "unidentified", "age_within" (years), "features_overlap" (percent),
  // "place_agrees", "source_named", "operator_linked"; "text" (text) for a clause none of the
  // writers below writes.
  std::string code;
  std::vector<std::pair<std::string, std::string>> params;
};

// The reasons of an explanation written by the name engine (names::Compare: "surname
// jakupov~jakupov same rare; given ..."), the evidence of sex and birth year (index/evidence.h),
// the matcher (AttributeScore, a duplicate's "same person? ") or the registry (a source's
// person_id, an operator's link), in the order written. Never fails: an unknown clause is kept
// as "text". Thread-safe.
std::vector<MatchReason> ParseMatchExplanation(std::string_view explanation);

}  // namespace aftermath

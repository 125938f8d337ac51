// Namesakes told apart: what a query (or an inquiry) and a record say of a person besides the
// name — sex and year of birth — weighed as evidence that ranks, never as a filter. Families
// guess ages, lists carry typos in the sex column: a contradiction ranks a record lower, it does
// not drop it.
//
// The name's score is kept apart: a search hit's `score` and `decision` are the name engine's;
// its rank is RankScore(score, evidence) = score + evidence.adjustment, which only orders hits
// (and the matcher's proposals). With nothing known on either side the adjustment is 0 and the
// order is the name score's.
//
//   sex, both known:          agrees +0.02, differs -0.15
//   birth year, both known,   years apart beyond what either side is unsure of (an age: 1 year):
//                             0: +0.04; 1-2: +0.02; 3-5: 0; more: -(0.04 + 0.01 a year), at
//                             most -0.20 (20 years apart: -0.19)
//
// Thread-safety: pure functions.
#pragma once

#include <string>

#include "model/enums.h"

namespace aftermath::index {

// What is known of a person besides the name. Zero / kUnknown: not known.
struct LifeFacts {
  Sex sex = Sex::kUnknown;
  int birth_year = 0;
  int year_spread = 0;  // years either side the birth year may be off as given (from an age: 1)

  bool empty() const { return sex == Sex::kUnknown && birth_year == 0; }
};

struct Evidence {
  float adjustment = 0.f;  // added to the name score for ranking; 0 when nothing is compared
  std::string why;         // "; birth year agrees", "; sex differs", ... (empty when nothing)
};

// Weighs what `sought` and `record` both know. Symmetric in the two.
Evidence WeighEvidence(const LifeFacts& sought, const LifeFacts& record);
// The adjustment alone, without the explanation (for a search's candidate loop).
float EvidenceAdjustment(const LifeFacts& sought, const LifeFacts& record);

// The key hits and proposals are ranked by.
inline float RankScore(float name_score, float adjustment) { return name_score + adjustment; }

}  // namespace aftermath::index

// Pair precision and recall of the duplicate check on a generated set (claims_generator.h):
// every claim goes through the register's batch intake into a fresh database, and each conflict
// it opens is a predicted pair.
#pragma once

#include <map>
#include <string>

#include "claims_generator.h"
#include "common/status.h"

namespace aftermath::recovery_bench {

struct Evaluation {
  int claims = 0;
  int true_pairs = 0;
  int predicted_pairs = 0;
  int correct_pairs = 0;
  double precision = 0;
  double recall = 0;
  int exact_key_pairs = 0;  // true pairs sharing an IIN/BIN or a cadastral number
  int exact_key_caught = 0;
  std::map<Variant, std::pair<int, int>> by_variant;  // pairs with that variant: caught, total
  std::map<std::string, int> false_by_reason;         // wrong pairs by their strongest reason
  double seconds = 0;                                 // intake of every claim
};

// Generates the set, takes it in through the register on the store at `db_url` (which must be
// empty) and compares the conflicts with the truth.
Result<Evaluation> Evaluate(const GeneratorOptions& options, const std::string& db_url);

}  // namespace aftermath::recovery_bench

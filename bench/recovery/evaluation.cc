#include "evaluation.h"

#include <chrono>

#include "names/engine.h"
#include "store/store.h"

namespace aftermath::recovery_bench {

Result<Evaluation> Evaluate(const GeneratorOptions& options, const std::string& db_url) {
  std::vector<GeneratedClaim> claims = GenerateClaims(options);
  ASSIGN_OR_RETURN(auto store, OpenStore(db_url));
  ASSIGN_OR_RETURN(names::NameEngine engine, names::NameEngine::Create());
  SystemClock clock;
  recovery::Recovery register_(*store, clock, engine);
  RETURN_IF_ERROR(register_.LoadProgrammes("bench", GeneratorProgrammes(options)).status());

  Evaluation e;
  e.claims = static_cast<int>(claims.size());
  std::map<std::string, int> index_of;
  auto started = std::chrono::steady_clock::now();
  constexpr size_t kBatch = 500;
  for (size_t at = 0; at < claims.size(); at += kBatch) {
    std::vector<recovery::NewClaim> batch;
    for (size_t i = at; i < std::min(claims.size(), at + kBatch); ++i) {
      batch.push_back(claims[i].claim);
    }
    ASSIGN_OR_RETURN(auto outcomes, register_.SubmitClaims("bench", batch));
    for (size_t k = 0; k < outcomes.size(); ++k) {
      if (!outcomes[k].ok()) {
        return Internal("generated claim " + std::to_string(at + k) +
                        " was refused: " + outcomes[k].status().ToString());
      }
      index_of[outcomes[k]->claim.id] = static_cast<int>(at + k);
    }
  }
  e.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  std::set<std::pair<int, int>> truth = TruePairs(claims);
  std::map<std::pair<int, int>, std::string> predicted;
  {
    ASSIGN_OR_RETURN(auto tx, store->Begin(TransactionMode::kRead));
    ASSIGN_OR_RETURN(auto conflicts, tx->ListConflicts({.limit = 10000000}));
    for (const auto& c : conflicts) {
      int a = index_of.at(c.claim_id), b = index_of.at(c.other_claim_id);
      predicted[{std::min(a, b), std::max(a, b)}] = std::string(ToString(c.reason));
    }
  }
  e.true_pairs = static_cast<int>(truth.size());
  e.predicted_pairs = static_cast<int>(predicted.size());
  for (const auto& [pair, reason] : predicted) {
    if (truth.contains(pair)) {
      ++e.correct_pairs;
    } else {
      ++e.false_by_reason[reason];
    }
  }
  for (const auto& pair : truth) {
    const auto& a = claims[pair.first];
    const auto& b = claims[pair.second];
    bool caught = predicted.contains(pair);
    Variant v = a.variant != Variant::kOriginal ? a.variant : b.variant;
    auto& [hit, total] = e.by_variant[v];
    ++total;
    hit += caught ? 1 : 0;
    const auto& ca = a.claim;
    const auto& cb = b.claim;
    bool exact = (!ca.applicant_id.empty() && ca.applicant_id == cb.applicant_id) ||
                 (ca.object && cb.object && !ca.object->cadastral.empty() &&
                  ca.object->cadastral == cb.object->cadastral);
    if (exact) {
      ++e.exact_key_pairs;
      e.exact_key_caught += caught ? 1 : 0;
    }
  }
  e.precision = e.predicted_pairs ? double(e.correct_pairs) / e.predicted_pairs : 1.0;
  e.recall = e.true_pairs ? double(e.correct_pairs) / e.true_pairs : 1.0;
  return e;
}

}  // namespace aftermath::recovery_bench

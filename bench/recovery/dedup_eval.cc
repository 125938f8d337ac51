// recovery_eval: the duplicate check's pair precision and recall on a generated set of claims
// (claims_generator.h). Usage: recovery_eval [CLAIMS] [SEED] [DIR]; the database is made fresh
// in DIR (default /tmp).
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "evaluation.h"

int main(int argc, char** argv) {
  using namespace aftermath::recovery_bench;
  GeneratorOptions options;
  if (argc > 1) options.claims = std::atoi(argv[1]);
  if (argc > 2) options.seed = std::strtoull(argv[2], nullptr, 10);
  std::string dir = argc > 3 ? argv[3] : "/tmp";
  std::string path = dir + "/aftermath_recovery_eval_" + std::to_string(getpid()) + ".db";
  auto e = Evaluate(options, "sqlite:" + path);
  for (const char* suffix : {"", "-wal", "-shm", ".lock"}) std::filesystem::remove(path + suffix);
  if (!e.ok()) {
    std::fprintf(stderr, "recovery_eval: %s\n", e.status().ToString().c_str());
    return 1;
  }
  std::printf("claims %d (%.0f %% near-duplicates, seed %llu), intake %.1f s (%.0f claims/s)\n",
              e->claims, options.near_duplicates * 100,
              static_cast<unsigned long long>(options.seed), e->seconds, e->claims / e->seconds);
  std::printf("true pairs %d, flagged %d, right %d\n", e->true_pairs, e->predicted_pairs,
              e->correct_pairs);
  std::printf("pair precision %.4f, recall %.4f\n", e->precision, e->recall);
  std::printf("exact-key duplicates caught %d of %d\n", e->exact_key_caught, e->exact_key_pairs);
  for (const auto& [variant, counts] : e->by_variant) {
    std::printf("  %-14s %5d of %5d caught\n", std::string(VariantName(variant)).c_str(),
                counts.first, counts.second);
  }
  for (const auto& [reason, n] : e->false_by_reason) {
    std::printf("  wrongly flagged as %-18s %d\n", reason.c_str(), n);
  }
  bool met = e->precision >= 0.98 && e->recall >= 0.95 && e->exact_key_caught == e->exact_key_pairs;
  std::printf("targets (precision >= 0.98, recall >= 0.95, every exact key): %s\n",
              met ? "met" : "NOT met");
  return met ? 0 : 1;
}

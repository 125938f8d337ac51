// A generated set of claims for measuring the duplicate check (issue #16's targets: pair
// precision >= 0.98, recall >= 0.95, every exact-key duplicate caught). Invented people and
// places only: names from short lists written here, Latin spellings from the population
// generator's own romanisation tables (src/demo/population/romanize.h), not the name engine's,
// so the check is not tested against its own transliteration.
//
// The set: (1 - share) originals, each a distinct loss (a shop, an office or a home at an
// address of its own, an applicant of their own with IIN, phone, IBAN and damage photos), and
// `share` near-duplicates, each made from an original picked at random, as people make them:
//   kOtherScript     the same applicant again, the name in Latin letters, no IIN, the address
//                    written in another language
//   kReformatted     the same applicant again, the name shortened or reordered, the address
//                    reformatted ("ул. Абая, д. 10, кв. 5" / "Абая 10-5"), no IIN
//   kCoOwner         a co-owner claiming the same shop or home: another person, the same place
//                    written another way (half of them with the cadastral number as well)
//   kReusedPhoto     another person's claim for another place carrying one of the original's
//                    damage photos (a photo passed around)
//   kExactKey        the same IIN and the same cadastral number again (an exact-key duplicate)
// A pair of claims is a true duplicate when both are about the same loss (the original and its
// variants but kReusedPhoto, and those variants between themselves), or when one is a
// kReusedPhoto variant and the other its original.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "recovery/recovery.h"

namespace aftermath::recovery_bench {

enum class Variant { kOriginal, kOtherScript, kReformatted, kCoOwner, kReusedPhoto, kExactKey };
std::string_view VariantName(Variant v);

struct GeneratedClaim {
  recovery::NewClaim claim;
  int loss = 0;       // the loss the claim is about (the truth)
  int photo_of = -1;  // kReusedPhoto: the loss whose photo it carries
  Variant variant = Variant::kOriginal;
};

struct GeneratorOptions {
  int claims = 20000;
  double near_duplicates = 0.10;
  uint64_t seed = 1;
  std::string business_programme = "eval-business";
  std::string home_programme = "eval-homes";
};

// The claims, shuffled (an original may come after its variants).
std::vector<GeneratedClaim> GenerateClaims(const GeneratorOptions& options);

// The true duplicate pairs among `claims`, as index pairs (i < j).
std::set<std::pair<int, int>> TruePairs(const std::vector<GeneratedClaim>& claims);

// The programmes the claims name, with periods covering the present.
std::vector<Programme> GeneratorProgrammes(const GeneratorOptions& options);

}  // namespace aftermath::recovery_bench

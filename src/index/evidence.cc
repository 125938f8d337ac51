#include "index/evidence.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>

namespace aftermath::index {
namespace {

constexpr float kSexAgrees = 0.02f;
constexpr float kSexDiffers = -0.15f;
constexpr float kYearAgrees = 0.04f;
constexpr float kYearNear = 0.02f;  // one or two years apart: a family's guess
constexpr int kNearYears = 2;
constexpr int kNeutralYears = 5;  // up to this far apart: no evidence either way
constexpr float kYearsApartBase = 0.04f;
constexpr float kYearsApartPerYear = 0.01f;
constexpr float kYearsApartMax = 0.20f;

// Years apart beyond what the two sides are unsure of; -1 when either year is unknown.
int YearsApart(const LifeFacts& a, const LifeFacts& b) {
  if (a.birth_year == 0 || b.birth_year == 0) return -1;
  int slack = std::max(0, a.year_spread) + std::max(0, b.year_spread);
  return std::max(0, std::abs(a.birth_year - b.birth_year) - slack);
}

bool SexKnownBoth(const LifeFacts& a, const LifeFacts& b) {
  return a.sex != Sex::kUnknown && b.sex != Sex::kUnknown;
}

float YearAdjustment(int apart) {
  if (apart < 0 || (apart > kNearYears && apart <= kNeutralYears)) return 0.f;
  if (apart == 0) return kYearAgrees;
  if (apart <= kNearYears) return kYearNear;
  return -std::min(kYearsApartMax,
                   kYearsApartBase + kYearsApartPerYear * static_cast<float>(apart - kNeutralYears));
}

}  // namespace

float EvidenceAdjustment(const LifeFacts& sought, const LifeFacts& record) {
  float adj = 0.f;
  if (SexKnownBoth(sought, record)) adj += sought.sex == record.sex ? kSexAgrees : kSexDiffers;
  return adj + YearAdjustment(YearsApart(sought, record));
}

Evidence WeighEvidence(const LifeFacts& sought, const LifeFacts& record) {
  Evidence e;
  e.adjustment = EvidenceAdjustment(sought, record);
  if (SexKnownBoth(sought, record)) e.why += sought.sex == record.sex ? "; same sex" : "; sex differs";
  int apart = YearsApart(sought, record);
  if (apart == 0) {
    e.why += "; birth year agrees";
  } else if (apart > 0) {
    e.why += fmt::format("; born {} year{} apart", apart, apart == 1 ? "" : "s");
  }
  if (!e.why.empty()) e.why += fmt::format(" (rank {:+.2f})", e.adjustment);
  return e;
}

}  // namespace aftermath::index

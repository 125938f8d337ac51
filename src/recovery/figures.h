// The damage & support register's figures (issue #17): claims and amounts by district (adm2),
// object type, programme and state; each programme's budget used; the days from a complete claim
// to its decision and to its payment (median and 90th percentile); damage and losses by sector
// (PDNA's split of assets destroyed from income lost). No personal data goes in or out: the
// store's figure rows carry no names, ids of people, phones or accounts.
//
// The public aggregates (PublicCells, HxlCsv) are one row per district and object type, HXL
// tagged for humanitarian tools; a cell of fewer than `small_cell` claims is suppressed (its
// numbers left out), so nobody can single out a family. There are no totals beside the cells, so
// a suppressed cell cannot be got back by subtraction.
//
// Pure functions over rows; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/recovery.h"
#include "store/recovery_records.h"

namespace aftermath::recovery {

// The smallest number of claims a public cell shows (configurable: `serve --figures-small-cell`).
inline constexpr int kDefaultSmallCell = 3;

// Claims and amounts of one group. A claim counts when it is not withdrawn and not held as a
// duplicate.
struct FigureCounts {
  int64_t claims = 0;    // #affected: claims registered
  int64_t in_need = 0;   // #inneed: claims a commission approved (approved or paid)
  int64_t reached = 0;   // #reached: claims the bank paid
  int64_t rejected = 0;  // claims rejected (an appeal may follow)
  int64_t valued = 0;    // KZT valued (damage found, within the caps)
  int64_t approved = 0;  // KZT approved
  int64_t paid = 0;      // KZT paid
};

// One district (adm2) and object type. `type` is the object's kind (ObjectKind's wire name), or
// the claim's kind for claims without an object (family_support, injury_support). `district`
// is "" when no object or form named it.
struct FigureCell {
  std::string district;
  std::string type;
  FigureCounts counts;
  bool suppressed = false;  // fewer than the small-cell number of claims: counts are zero
};

struct KeyedFigures {
  std::string key;  // a district, type, claim state or programme id
  FigureCounts counts;
};

struct ProgrammeFigures {
  std::string id, code, name;
  int64_t budget = 0;       // 0: none
  int64_t budget_used = 0;  // KZT on live payments (queued, sent or paid): the guard's sum
  FigureCounts counts;
};

// Days (fractions of a day) from a complete claim to a later event, over the claims that have
// both; median is the middle value (the mean of the two middle ones for an even count), p90
// the nearest-rank 90th percentile. Both 0 when count is 0.
struct DaysFigures {
  int64_t count = 0;
  double median = 0;
  double p90 = 0;
};

// Damage and losses of the assessed objects of one sector, each object's latest assessment.
struct SectorFigures {
  std::string sector;  // housing, commerce, public_administration, social, transport
  int64_t objects = 0;
  int64_t damage = 0;  // KZT of assets destroyed or damaged
  int64_t losses = 0;  // KZT of income lost
};

struct RegisterFigures {
  std::vector<FigureCell> cells;  // every district and type, none suppressed; by district, type
  std::vector<KeyedFigures> by_district, by_type, by_state;
  std::vector<ProgrammeFigures> programmes;  // in the store's order
  DaysFigures complete_to_decision, complete_to_payment;
  std::vector<SectorFigures> sectors;  // by sector
  FigureCounts total;
};

// PDNA's sector of an object kind: home -> housing; shop, office, equipment -> commerce;
// administrative -> public_administration; social_facility -> social; vehicle -> transport.
std::string_view SectorOf(ObjectKind kind);

// The figures of these rows. `budget_used` is indexed like `programmes`.
RegisterFigures ComputeFigures(const std::vector<ClaimFigureRow>& claims,
                               const std::vector<DamageFigureRow>& damage,
                               const std::vector<Programme>& programmes,
                               const std::vector<int64_t>& budget_used);

// The cells with those of fewer than `small_cell` claims suppressed (their counts zeroed).
// REQUIRES: small_cell >= 1.
std::vector<FigureCell> SuppressSmallCells(std::vector<FigureCell> cells, int small_cell);

// The cells as HXL-tagged CSV (RFC 4180, UTF-8): a header row, the HXL hashtag row, then one row
// per cell; a suppressed cell's numbers are empty and its #meta+suppressed column "true".
std::string HxlCsv(const std::vector<FigureCell>& cells);

}  // namespace aftermath::recovery

#include "recovery/figures.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <utility>

#include "recovery/recovery.h"

namespace aftermath::recovery {
namespace {

bool Counts(const ClaimFigureRow& r) { return r.state != ClaimState::kWithdrawn && !r.duplicate; }

void Add(FigureCounts& to, const ClaimFigureRow& r) {
  ++to.claims;
  if (r.state == ClaimState::kApproved || r.state == ClaimState::kPaid) ++to.in_need;
  if (r.state == ClaimState::kPaid) ++to.reached;
  if (r.state == ClaimState::kRejected) ++to.rejected;
  to.valued += r.amount_valued.value_or(0);
  if (r.state == ClaimState::kApproved || r.state == ClaimState::kPaid) {
    to.approved += r.amount_approved;
  }
  to.paid += r.amount_paid;
}

double DaysBetween(Timestamp from, Timestamp to) {
  return std::chrono::duration<double>(to - from).count() / 86400.0;
}

DaysFigures Spread(std::vector<double> days) {
  DaysFigures f;
  f.count = static_cast<int64_t>(days.size());
  if (days.empty()) return f;
  std::sort(days.begin(), days.end());
  size_t n = days.size();
  f.median = n % 2 == 1 ? days[n / 2] : (days[n / 2 - 1] + days[n / 2]) / 2;
  size_t rank = static_cast<size_t>(std::ceil(0.9 * static_cast<double>(n)));
  f.p90 = days[std::max<size_t>(rank, 1) - 1];
  return f;
}

std::vector<KeyedFigures> Keyed(const std::map<std::string, FigureCounts>& by) {
  std::vector<KeyedFigures> out;
  for (const auto& [key, counts] : by) out.push_back({key, counts});
  return out;
}

// RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. A field
// that a spreadsheet would run as a formula is prefixed with a quote mark (CSV injection).
std::string CsvField(std::string_view v) {
  std::string s(v);
  if (!s.empty() && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@')) s = "'" + s;
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) {
    if (c == '"') q += '"';
    q += c;
  }
  return q + "\"";
}

}  // namespace

std::string_view SectorOf(ObjectKind kind) {
  switch (kind) {
    case ObjectKind::kHome:
      return "housing";
    case ObjectKind::kShop:
    case ObjectKind::kOffice:
    case ObjectKind::kEquipment:
      return "commerce";
    case ObjectKind::kAdministrative:
      return "public_administration";
    case ObjectKind::kSocialFacility:
      return "social";
    case ObjectKind::kVehicle:
      return "transport";
  }
  return "other";
}

RegisterFigures ComputeFigures(const std::vector<ClaimFigureRow>& claims,
                               const std::vector<DamageFigureRow>& damage,
                               const std::vector<Programme>& programmes,
                               const std::vector<int64_t>& budget_used) {
  RegisterFigures f;
  std::map<std::pair<std::string, std::string>, FigureCounts> cells;
  std::map<std::string, FigureCounts> by_district, by_type, by_state, by_programme;
  std::vector<double> to_decision, to_payment;
  for (const auto& r : claims) {
    // Every state is counted by state (withdrawn too); the rest leave out withdrawn claims and
    // duplicates, which are no separate need.
    ++by_state[std::string(ToString(r.state))].claims;
    if (!Counts(r)) continue;
    std::string type(r.object_kind ? ToString(*r.object_kind) : ToString(r.kind));
    Add(cells[{r.district, type}], r);
    Add(by_district[r.district], r);
    Add(by_type[type], r);
    Add(by_programme[r.programme_id], r);
    Add(f.total, r);
    if (r.completed_at && r.decided_at && *r.decided_at >= *r.completed_at) {
      to_decision.push_back(DaysBetween(*r.completed_at, *r.decided_at));
    }
    if (r.completed_at && r.paid_at && *r.paid_at >= *r.completed_at) {
      to_payment.push_back(DaysBetween(*r.completed_at, *r.paid_at));
    }
  }
  for (auto& [key, counts] : cells) {
    f.cells.push_back({.district = key.first, .type = key.second, .counts = counts});
  }
  f.by_district = Keyed(by_district);
  f.by_type = Keyed(by_type);
  for (auto& [state, counts] : by_state) f.by_state.push_back({state, counts});
  for (size_t i = 0; i < programmes.size(); ++i) {
    const Programme& p = programmes[i];
    ProgrammeFigures pf{.id = p.id, .code = p.code, .name = p.name, .budget = p.budget};
    if (i < budget_used.size()) pf.budget_used = budget_used[i];
    if (auto it = by_programme.find(p.id); it != by_programme.end()) pf.counts = it->second;
    f.programmes.push_back(std::move(pf));
  }
  f.complete_to_decision = Spread(std::move(to_decision));
  f.complete_to_payment = Spread(std::move(to_payment));
  std::map<std::string, SectorFigures> sectors;
  for (const auto& d : damage) {
    auto& s = sectors[std::string(SectorOf(d.object_kind))];
    ++s.objects;
    s.damage += d.asset_damage;
    s.losses += d.lost_income;
  }
  for (auto& [name, s] : sectors) {
    s.sector = name;
    f.sectors.push_back(s);
  }
  return f;
}

std::vector<FigureCell> SuppressSmallCells(std::vector<FigureCell> cells, int small_cell) {
  for (auto& c : cells) {
    if (c.counts.claims < small_cell) {
      c.counts = FigureCounts{};
      c.suppressed = true;
    }
  }
  return cells;
}

std::string HxlCsv(const std::vector<FigureCell>& cells) {
  std::string out =
      "district,object_type,claims,claims_approved,claims_paid,valued_kzt,approved_kzt,paid_kzt,"
      "suppressed\r\n"
      "#adm2+name,#loc+type,#affected+claims,#inneed+claims,#reached+claims,#value+assessed+kzt,"
      "#value+approved+kzt,#value+paid+kzt,#meta+suppressed\r\n";
  for (const auto& c : cells) {
    out += CsvField(c.district.empty() ? "unknown" : c.district);
    out += ',';
    out += CsvField(c.type);
    if (c.suppressed) {
      out += ",,,,,,,true\r\n";
      continue;
    }
    const FigureCounts& n = c.counts;
    out += fmt::format(",{},{},{},{},{},{},false\r\n", n.claims, n.in_need, n.reached, n.valued,
                       n.approved, n.paid);
  }
  return out;
}

// ---- the register's use cases ----

Result<RegisterFigures> Recovery::GetFigures() {
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kRead));
  ASSIGN_OR_RETURN(auto programmes, tx->ListProgrammes());
  std::vector<int64_t> used;
  for (const auto& p : programmes) {
    ASSIGN_OR_RETURN(int64_t sum, tx->SumLivePayments(p.id));
    used.push_back(sum);
  }
  ASSIGN_OR_RETURN(auto claims, tx->ListClaimFigureRows());
  ASSIGN_OR_RETURN(auto damage, tx->ListDamageFigureRows());
  return ComputeFigures(claims, damage, programmes, used);
}

Result<std::vector<FigureCell>> Recovery::PublicFigures(int small_cell) {
  if (small_cell < 1) return InvalidArgument("must be at least 1", "small_cell");
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kRead));
  ASSIGN_OR_RETURN(auto claims, tx->ListClaimFigureRows());
  RegisterFigures f = ComputeFigures(claims, {}, {}, {});
  return SuppressSmallCells(std::move(f.cells), small_cell);
}

}  // namespace aftermath::recovery

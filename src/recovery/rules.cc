#include "recovery/rules.h"

#include <fmt/format.h>

#include <algorithm>

namespace aftermath::recovery {
namespace {

bool Contains(const std::vector<ClaimDocument>& documents, std::string_view kind) {
  return std::any_of(documents.begin(), documents.end(),
                     [&](const ClaimDocument& d) { return d.kind == kind; });
}

// Days since the epoch of a full date; nullopt for a partial one.
std::optional<int> DayNumber(const PartialDate& d) {
  if (d.empty() || d.month == 0 || d.day == 0) return std::nullopt;
  auto ymd = std::chrono::year_month_day(std::chrono::year(d.year),
                                         std::chrono::month(static_cast<unsigned>(d.month)),
                                         std::chrono::day(static_cast<unsigned>(d.day)));
  return std::chrono::sys_days(ymd).time_since_epoch().count();
}

}  // namespace

bool IsAllowedMediaType(std::string_view media_type) {
  return media_type == "image/jpeg" || media_type == "image/png" || media_type == "image/webp" ||
         media_type == "image/heic" || media_type == "application/pdf";
}

bool IsSha256Hex(std::string_view text) {
  return text.size() == 64 && std::all_of(text.begin(), text.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

bool IsPropertyClaim(ClaimKind kind) {
  return kind == ClaimKind::kBusinessProperty || kind == ClaimKind::kHome ||
         kind == ClaimKind::kVehicle;
}

std::vector<ObjectKind> ObjectKindsFor(ClaimKind kind) {
  switch (kind) {
    case ClaimKind::kBusinessProperty:
      return {ObjectKind::kShop, ObjectKind::kOffice, ObjectKind::kEquipment};
    case ClaimKind::kHome:
      return {ObjectKind::kHome};
    case ClaimKind::kVehicle:
      return {ObjectKind::kVehicle};
    case ClaimKind::kFamilySupport:
    case ClaimKind::kInjurySupport:
      return {};
  }
  return {};
}

std::vector<std::string> MissingOf(const Claim& c) {
  std::vector<std::string> out;
  if (c.applicant_name.empty()) out.push_back("applicant_name");
  if (c.applicant_id.empty()) out.push_back("applicant_id");
  if (c.iban.empty()) out.push_back("iban");
  if (IsPropertyClaim(c.kind) && c.object_id.empty()) out.push_back("object");
  if (!IsPropertyClaim(c.kind) && c.person_id.empty()) out.push_back("person");
  if (!Contains(c.documents, "id_card")) out.push_back("document:id_card");
  switch (c.kind) {
    case ClaimKind::kBusinessProperty:
    case ClaimKind::kHome:
      if (!Contains(c.documents, "title_deed")) out.push_back("document:title_deed");
      break;
    case ClaimKind::kVehicle:
      if (!Contains(c.documents, "vehicle_registration")) {
        out.push_back("document:vehicle_registration");
      }
      break;
    case ClaimKind::kFamilySupport:
      if (!Contains(c.documents, "death_certificate")) out.push_back("document:death_certificate");
      if (c.relation.empty()) out.push_back("relation");
      break;
    case ClaimKind::kInjurySupport:
      if (!Contains(c.documents, "medical_certificate")) {
        out.push_back("document:medical_certificate");
      }
      if (c.severity == InjurySeverity::kUnknown) out.push_back("severity");
      break;
  }
  return out;
}

Status CheckTransition(const Claim& c, ClaimState target) {
  auto refuse = [&](std::string_view why) {
    return FailedPrecondition(
        fmt::format("a {} claim cannot become {}{}", ToString(c.state), ToString(target), why));
  };
  if (c.state == ClaimState::kWithdrawn) return refuse(": it was withdrawn");
  if (target == ClaimState::kWithdrawn) {
    if (c.state == ClaimState::kReady || c.state == ClaimState::kAppealed) {
      return refuse(": it is with the commission");
    }
    if (c.state == ClaimState::kApproved || c.state == ClaimState::kRejected ||
        c.state == ClaimState::kPaid) {
      return refuse(": a commission decided it");
    }
    return Status::Ok();
  }
  switch (target) {
    case ClaimState::kSubmitted:
      return refuse("");
    case ClaimState::kIncomplete:
    case ClaimState::kComplete:
      if (c.state != ClaimState::kSubmitted && c.state != ClaimState::kIncomplete) {
        return refuse(": it was already found complete");
      }
      return Status::Ok();
    case ClaimState::kChecked:
      return c.state == ClaimState::kComplete ? Status::Ok() : refuse(": it must be complete");
    case ClaimState::kInspected:
      if (!IsPropertyClaim(c.kind)) return refuse(": it has no object to inspect");
      return c.state == ClaimState::kChecked ? Status::Ok() : refuse(": it must be checked");
    case ClaimState::kValued:
      if (IsPropertyClaim(c.kind) && c.state != ClaimState::kInspected) {
        return refuse(": its object must be inspected");
      }
      if (!IsPropertyClaim(c.kind) && c.state != ClaimState::kChecked) {
        return refuse(": it must be checked");
      }
      return Status::Ok();
    case ClaimState::kReady:
      return c.state == ClaimState::kValued ? Status::Ok() : refuse(": it must be valued");
    case ClaimState::kApproved:
    case ClaimState::kRejected:
      if (c.state != ClaimState::kReady && c.state != ClaimState::kAppealed) {
        return refuse(": only a ready or appealed claim is decided by a commission");
      }
      return Status::Ok();
    case ClaimState::kAppealed:
      return c.state == ClaimState::kRejected ? Status::Ok()
                                              : refuse(": only a rejection may be appealed");
    case ClaimState::kPaid:
      return c.state == ClaimState::kApproved ? Status::Ok()
                                              : refuse(": only an approved claim is paid");
    case ClaimState::kWithdrawn:
      break;
  }
  return refuse("");
}

bool InPeriod(const Programme& p, const PartialDate& on) {
  auto day = DayNumber(on);
  auto start = DayNumber(p.period_start);
  auto end = DayNumber(p.period_end);
  if (!day) return true;
  if (start && *day < *start) return false;
  if (end && *day > *end) return false;
  return true;
}

bool PeriodsOverlap(const Programme& a, const Programme& b) {
  auto a0 = DayNumber(a.period_start), a1 = DayNumber(a.period_end);
  auto b0 = DayNumber(b.period_start), b1 = DayNumber(b.period_end);
  if (a1 && b0 && *a1 < *b0) return false;
  if (b1 && a0 && *b1 < *a0) return false;
  return true;
}

Status CheckEligible(const Programme& p, const Claim& c, const AffectedObject* object,
                     const PartialDate* on) {
  if (!p.active) return FailedPrecondition(fmt::format("programme {} is closed", p.code));
  if (std::find(p.claim_kinds.begin(), p.claim_kinds.end(), c.kind) == p.claim_kinds.end()) {
    return FailedPrecondition(
        fmt::format("programme {} does not take {} claims", p.code, ToString(c.kind)));
  }
  if (object) {
    auto fits = ObjectKindsFor(c.kind);
    if (std::find(fits.begin(), fits.end(), object->kind) == fits.end()) {
      return FailedPrecondition(
          fmt::format("a {} claim is not about a {}", ToString(c.kind), ToString(object->kind)));
    }
    if (!p.object_kinds.empty() && std::find(p.object_kinds.begin(), p.object_kinds.end(),
                                             object->kind) == p.object_kinds.end()) {
      return FailedPrecondition(
          fmt::format("programme {} does not take {} objects", p.code, ToString(object->kind)));
    }
  }
  if (on && !InPeriod(p, *on)) {
    return FailedPrecondition(
        fmt::format("{} is outside programme {}'s period", on->ToString(), p.code));
  }
  return Status::Ok();
}

Result<int64_t> ScheduledAmount(const Programme& p, const Claim& c, int64_t assessed_damage) {
  int64_t amount = 0;
  switch (p.amount_rule) {
    case AmountRule::kFixed:
      amount = p.fixed_amount;
      break;
    case AmountRule::kBySeverity:
      switch (c.severity) {
        case InjurySeverity::kLight:
          amount = p.amount_light;
          break;
        case InjurySeverity::kModerate:
          amount = p.amount_moderate;
          break;
        case InjurySeverity::kSevere:
          amount = p.amount_severe;
          break;
        case InjurySeverity::kUnknown:
          return FailedPrecondition("the injury's severity is not yet known");
      }
      break;
    case AmountRule::kAssessed:
      amount = assessed_damage;
      break;
  }
  if (p.cap_per_object > 0 && IsPropertyClaim(c.kind)) amount = std::min(amount, p.cap_per_object);
  return amount;
}

Result<int64_t> WithinLimits(const Programme& p, const Claim& c, int64_t amount,
                             const ValuedSoFar& so_far) {
  if (p.cap_per_object > 0 && IsPropertyClaim(c.kind) && !c.object_id.empty()) {
    amount = std::min(amount, std::max<int64_t>(0, p.cap_per_object - so_far.on_object));
  }
  if (p.cap_per_person > 0 && !c.applicant_id.empty()) {
    amount = std::min(amount, std::max<int64_t>(0, p.cap_per_person - so_far.of_person));
  }
  if (p.budget > 0 && so_far.in_programme + amount > p.budget) {
    return FailedPrecondition(fmt::format(
        "programme {} has {} of its budget of {} KZT left ({} valued); this claim's {} KZT "
        "does not fit",
        p.code, std::max<int64_t>(0, p.budget - so_far.in_programme), p.budget, so_far.in_programme,
        amount));
  }
  return amount;
}

ValuationMethod MethodFor(const Programme& p, int64_t scheduled_amount) {
  if (p.amount_rule != AmountRule::kAssessed) return ValuationMethod::kFixed;
  if (p.valuer_threshold > 0 && scheduled_amount > p.valuer_threshold) {
    return ValuationMethod::kValuer;
  }
  return ValuationMethod::kSchedule;
}

Status ValidateProgramme(const Programme& p) {
  if (p.code.empty() || p.code.size() > 100) {
    return InvalidArgument("a code of 1 to 100 characters is required", "code");
  }
  for (char ch : p.code) {
    bool ok =
        (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '_' || ch == '.';
    if (!ok) return InvalidArgument("lower-case letters, digits, '-', '_' and '.' only", "code");
  }
  if (p.name.empty()) return InvalidArgument("must not be empty", "name");
  if (p.claim_kinds.empty()) {
    return InvalidArgument(fmt::format("name at least one of {}", ClaimKindNames()), "claim_kinds");
  }
  for (int64_t v : {p.fixed_amount, p.amount_light, p.amount_moderate, p.amount_severe,
                    p.cap_per_object, p.cap_per_person, p.budget, p.valuer_threshold}) {
    if (v < 0) return InvalidArgument("amounts are whole tenge, never negative", "amount");
  }
  if (p.amount_rule == AmountRule::kFixed && p.fixed_amount <= 0) {
    return InvalidArgument("a fixed programme needs its sum", "fixed_amount");
  }
  if (p.amount_rule == AmountRule::kBySeverity) {
    if (p.claim_kinds != std::vector<ClaimKind>{ClaimKind::kInjurySupport}) {
      return InvalidArgument("sums by severity are for injury_support claims only", "amount_rule");
    }
    if (p.amount_light <= 0 && p.amount_moderate <= 0 && p.amount_severe <= 0) {
      return InvalidArgument("give the sum of at least one severity", "amount_severe");
    }
  }
  if (!DayNumber(p.period_start)) {
    return InvalidArgument("must be a full date (YYYY-MM-DD)", "period_start");
  }
  if (!p.period_end.empty()) {
    if (!DayNumber(p.period_end)) {
      return InvalidArgument("must be a full date (YYYY-MM-DD)", "period_end");
    }
    if (*DayNumber(p.period_end) < *DayNumber(p.period_start)) {
      return InvalidArgument("ends before it starts", "period_end");
    }
  }
  return Status::Ok();
}

Status ValidateObject(const AffectedObject& o) {
  int total = 0;
  for (size_t i = 0; i < o.owners.size(); ++i) {
    const ObjectOwner& w = o.owners[i];
    std::string field = fmt::format("owners[{}]", i);
    if (w.name.empty()) return InvalidArgument("an owner needs a name", field + ".name");
    if (w.share_bp < 1 || w.share_bp > 10000) {
      return InvalidArgument("a share is 1 to 10000 basis points of the object",
                             field + ".share_bp");
    }
    total += w.share_bp;
  }
  if (total > 10000) {
    return InvalidArgument(fmt::format("the owners' shares add up to {} of 10000", total),
                           "owners");
  }
  if (o.kind == ObjectKind::kVehicle && o.vin.empty() && o.plate.empty()) {
    return InvalidArgument("a vehicle needs its VIN or its plate", "vin");
  }
  if (o.cadastral.empty() && o.vin.empty() && o.plate.empty() && o.address_key.empty() &&
      o.building_key.empty() && o.bin.empty()) {
    return InvalidArgument("an object needs an address or a key (cadastral number, VIN, BIN)",
                           "address");
  }
  return Status::Ok();
}

}  // namespace aftermath::recovery

#include "recovery/duplicates.h"

#include <algorithm>
#include <map>

#include "recovery/rules.h"

namespace aftermath::recovery {
namespace {

// Names at or above this score are one applicant's across scripts.
constexpr double kSameName = 0.8;

struct Hits {
  bool applicant = false;
  bool iban = false;
  bool phone = false;
  bool object = false;
  bool photo = false;
  bool person = false;
  bool address = false;
  bool building = false;
};

// The house of a "street|house[|flat]" key; empty when the key names no house.
std::string_view HouseOf(std::string_view key) {
  size_t a = key.find('|');
  if (a == std::string_view::npos) return {};
  std::string_view rest = key.substr(a + 1);
  return rest.substr(0, rest.find('|'));
}

bool EndsWithEmptyFlat(std::string_view address_key) {
  return !address_key.empty() && address_key.back() == '|';
}

const Programme* FindProgramme(const std::vector<Programme>& programmes, const std::string& id) {
  for (const auto& p : programmes) {
    if (p.id == id) return &p;
  }
  return nullptr;
}

void Add(std::vector<ConflictReason>& reasons, ConflictReason r) {
  if (std::find(reasons.begin(), reasons.end(), r) == reasons.end()) reasons.push_back(r);
}

// Strongest first: what the keys prove before what the names and addresses suggest.
int Strength(ConflictReason r) {
  switch (r) {
    case ConflictReason::kSameApplicant:
      return 0;
    case ConflictReason::kSameObject:
      return 1;
    case ConflictReason::kTwoProgrammes:
      return 2;
    case ConflictReason::kSameIban:
      return 3;
    case ConflictReason::kSamePhoto:
      return 4;
    case ConflictReason::kSimilarApplicant:
      return 5;
    case ConflictReason::kSameAddress:
      return 6;
  }
  return 7;
}

}  // namespace

std::string JoinReasons(const std::vector<ConflictReason>& reasons) {
  std::string out;
  for (ConflictReason r : reasons) {
    if (!out.empty()) out += ',';
    out += ToString(r);
  }
  return out;
}

double DuplicateCheck::NameScore(const std::string& a, const std::string& b) const {
  if (a.empty() || b.empty()) return 0;
  auto c = names_.Compare(a, b, {.explain = names::Explain::kNone});
  return c.ok() ? c->score : 0;
}

Result<std::vector<Finding>> DuplicateCheck::Find(RecoveryRecords& tx, const Claim& claim,
                                                  const std::vector<Programme>& programmes) const {
  std::map<std::string, Hits> hits;
  auto gather = [&](ClaimKey key, const std::string& value, bool Hits::*flag) -> Status {
    if (value.empty()) return Status::Ok();
    ASSIGN_OR_RETURN(auto ids, tx.FindClaimIds(key, value, kMaxPerKey));
    for (auto& id : ids) {
      if (id != claim.id) hits[id].*flag = true;
    }
    return Status::Ok();
  };
  RETURN_IF_ERROR(gather(ClaimKey::kApplicantId, claim.applicant_id, &Hits::applicant));
  RETURN_IF_ERROR(gather(ClaimKey::kIban, claim.iban, &Hits::iban));
  RETURN_IF_ERROR(gather(ClaimKey::kPhone, claim.applicant_phone, &Hits::phone));
  RETURN_IF_ERROR(gather(ClaimKey::kObject, claim.object_id, &Hits::object));
  RETURN_IF_ERROR(gather(ClaimKey::kPerson, claim.person_id, &Hits::person));
  for (const auto& d : claim.documents) {
    if (d.kind == "photo") RETURN_IF_ERROR(gather(ClaimKey::kPhoto, d.sha256, &Hits::photo));
  }
  // An address counts only when it names a house. The building matters only where one side
  // names no flat: a claim with a flat meets the building's claims without one (their address
  // key is the building's with an empty flat), a claim without one meets every unit.
  if (!HouseOf(claim.address_key).empty()) {
    RETURN_IF_ERROR(gather(ClaimKey::kAddress, claim.address_key, &Hits::address));
    if (EndsWithEmptyFlat(claim.address_key)) {
      RETURN_IF_ERROR(gather(ClaimKey::kBuilding, claim.building_key, &Hits::building));
    } else {
      RETURN_IF_ERROR(gather(ClaimKey::kAddress, claim.building_key + "|", &Hits::building));
    }
  }

  const Programme* mine = FindProgramme(programmes, claim.programme_id);
  std::vector<Finding> out;
  for (const auto& [id, h] : hits) {
    ASSIGN_OR_RETURN(Claim other, tx.GetClaim(id));
    if (other.state == ClaimState::kWithdrawn) continue;
    // A photo seen on another claim counts only as a damage photo there too.
    bool photo = false;
    if (h.photo) {
      for (const auto& d : claim.documents) {
        if (d.kind != "photo") continue;
        for (const auto& e : other.documents) photo |= e.kind == "photo" && e.sha256 == d.sha256;
      }
    }
    bool same_programme = claim.programme_id == other.programme_id;
    bool property = IsPropertyClaim(claim.kind) && IsPropertyClaim(other.kind);
    bool same_object = !claim.object_id.empty() && claim.object_id == other.object_id;
    bool same_place = h.address && claim.address_key == other.address_key;
    bool same_building =
        h.building && claim.building_key == other.building_key &&
        (EndsWithEmptyFlat(claim.address_key) || EndsWithEmptyFlat(other.address_key));
    double name_score = -1;  // computed when a rule needs it
    auto names_agree = [&] {
      if (name_score < 0) name_score = NameScore(claim.applicant_name, other.applicant_name);
      return name_score >= kSameName;
    };

    std::vector<ConflictReason> reasons;
    double score = 1.0;
    if (h.applicant && claim.applicant_id == other.applicant_id) {
      if (same_programme) {
        bool same_case = property
                             ? (same_object || same_place)
                             : (claim.kind == other.kind && claim.person_id == other.person_id);
        if (same_case) Add(reasons, ConflictReason::kSameApplicant);
      } else {
        const Programme* theirs = FindProgramme(programmes, other.programme_id);
        if (mine && theirs && PeriodsOverlap(*mine, *theirs)) {
          Add(reasons, ConflictReason::kTwoProgrammes);
        }
      }
    }
    if (same_object) Add(reasons, ConflictReason::kSameObject);
    // One person killed or injured, claimed for twice in one programme.
    if (h.person && same_programme && claim.kind == other.kind &&
        claim.person_id == other.person_id) {
      Add(reasons, ConflictReason::kSameObject);
    }
    if (h.iban && claim.iban == other.iban) {
      bool different = !claim.applicant_id.empty() && !other.applicant_id.empty()
                           ? claim.applicant_id != other.applicant_id
                           : !names_agree();
      if (different) Add(reasons, ConflictReason::kSameIban);
    }
    if (photo) Add(reasons, ConflictReason::kSamePhoto);
    if (property && !same_object && (same_place || same_building)) {
      if (names_agree()) {
        Add(reasons, ConflictReason::kSimilarApplicant);
        score = name_score;
      } else if (same_place) {
        Add(reasons, ConflictReason::kSameAddress);
      }
    }
    if (h.phone && same_programme && claim.applicant_phone == other.applicant_phone &&
        names_agree()) {
      Add(reasons, ConflictReason::kSimilarApplicant);
      score = name_score;
    }
    if (reasons.empty()) continue;
    std::sort(reasons.begin(), reasons.end(),
              [](ConflictReason a, ConflictReason b) { return Strength(a) < Strength(b); });
    // Exact keys are certain; a finding resting on names alone carries the names' score.
    if (Strength(reasons.front()) < Strength(ConflictReason::kSimilarApplicant)) score = 1.0;
    out.push_back({id, std::move(reasons), score});
  }
  return out;
}

}  // namespace aftermath::recovery

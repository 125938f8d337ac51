#include "io/pfif/pfif_status.h"

namespace aftermath::io {

std::optional<PersonStatus> FromPfifStatus(std::string_view pfif) {
  if (pfif.empty()) return PersonStatus::kUnknown;
  if (pfif == "information_sought" || pfif == "believed_missing") return PersonStatus::kMissing;
  if (pfif == "is_note_author" || pfif == "believed_alive") return PersonStatus::kSafe;
  if (pfif == "believed_dead") return PersonStatus::kDeceased;
  return std::nullopt;
}

std::string_view ToPfifStatus(PersonStatus status) {
  switch (status) {
    case PersonStatus::kMissing: return "believed_missing";
    case PersonStatus::kHospitalised:
    case PersonStatus::kDetained:
    case PersonStatus::kSafe: return "believed_alive";
    case PersonStatus::kDeceased: return "believed_dead";
    case PersonStatus::kUnknown: return "";
  }
  return "";
}

bool RefinesPfifStatus(PersonStatus precise, PersonStatus pfif) {
  return FromPfifStatus(ToPfifStatus(precise)) == pfif;
}

}  // namespace aftermath::io

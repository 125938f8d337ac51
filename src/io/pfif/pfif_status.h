// PFIF note status values and ours, both ways. PFIF knows less than we do: hospitalised,
// detained and safe all become believed_alive on export (the facility goes with the note).
#pragma once

#include <optional>
#include <string_view>

#include "model/enums.h"

namespace aftermath::io {

inline constexpr std::string_view kPfifNamespace = "http://zesty.ca/pfif/1.4";

// information_sought and believed_missing -> missing; is_note_author and believed_alive -> safe;
// believed_dead -> deceased; "" -> unknown; nullopt for a value PFIF 1.4 does not define.
std::optional<PersonStatus> FromPfifStatus(std::string_view pfif);
// missing -> believed_missing; hospitalised, detained, safe -> believed_alive;
// deceased -> believed_dead; unknown -> "" (no status element).
std::string_view ToPfifStatus(PersonStatus status);

}  // namespace aftermath::io

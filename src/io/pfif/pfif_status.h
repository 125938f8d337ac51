// PFIF note status values and ours, both ways. PFIF knows less than we do: hospitalised,
// detained and safe all become believed_alive on export (the facility goes with the note).
#pragma once

#include <optional>
#include <string_view>

#include "model/enums.h"

namespace aftermath::io {

inline constexpr std::string_view kPfifNamespace = "http://zesty.ca/pfif/1.4";

// Our extension of a PFIF note (PFIF allows elements of other namespaces). Our export declares
// xmlns:aftermath on the root and writes in every note, after the PFIF fields:
//   <aftermath:status>hospitalised</aftermath:status>   our status, always (also "unknown")
//   <aftermath:facility>Hospital 4</aftermath:facility>  the report's facility, when it has one
// pfif:status stays what PFIF 1.4 requires (ToPfifStatus), so other systems read the note as
// before. On import, aftermath:status replaces the status PFIF gave when it refines it
// (hospitalised, detained or safe for believed_alive; a contradiction rejects the note);
// aftermath:facility becomes the facility, and last_known_location ("<facility>, <location>")
// gives the location without it; the text's first line ("status: hospitalised", or
// "reported") that the export put before the report's notes is taken off again.
inline constexpr std::string_view kAftermathPfifNamespace = "urn:x-aftermath:pfif-extension:1";

// information_sought and believed_missing -> missing; is_note_author and believed_alive -> safe;
// believed_dead -> deceased; "" -> unknown; nullopt for a value PFIF 1.4 does not define.
std::optional<PersonStatus> FromPfifStatus(std::string_view pfif);
// missing -> believed_missing; hospitalised, detained, safe -> believed_alive;
// deceased -> believed_dead; unknown -> "" (no status element).
std::string_view ToPfifStatus(PersonStatus status);
// True when our `precise` status says the same as a PFIF note whose status reads as `pfif`
// (FromPfifStatus), only more exactly: hospitalised refines safe (believed_alive), etc.
bool RefinesPfifStatus(PersonStatus precise, PersonStatus pfif);

}  // namespace aftermath::io

// A PFIF record as fields, shared by the PFIF reader and writers. PFIF's rule for copies: a
// record keeps its record id and its fields for ever, whoever serves it; only records created
// here are written afresh. So a report that came as a PFIF record (Report::pfif_kind) is written
// back as it came: each field from the report's own columns where they hold it as written
// (ColumnFields), and from Report::extension, a JSON object of the fields they do not hold (or
// hold otherwise: an age range, a status word PFIF has and we fold, a name given only in parts),
// where "" says the record had no such field.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "common/status.h"
#include "model/records.h"

namespace aftermath::io::pfif {

// PFIF 1.4's fields of a person and of a note, in the standard's order.
inline constexpr std::string_view kPersonFields[] = {
    "person_record_id",  "entry_date",   "expiry_date",
    "author_name",       "author_email", "author_phone",
    "source_name",       "source_date",  "source_url",
    "full_name",         "given_name",   "family_name",
    "alternate_names",   "description",  "sex",
    "date_of_birth",     "age",          "home_street",
    "home_neighborhood", "home_city",    "home_state",
    "home_postal_code",  "home_country", "photo_url",
    "profile_urls"};
inline constexpr std::string_view kNoteFields[] = {"note_record_id",
                                                   "person_record_id",
                                                   "linked_person_record_id",
                                                   "entry_date",
                                                   "author_name",
                                                   "author_email",
                                                   "author_phone",
                                                   "source_date",
                                                   "author_made_contact",
                                                   "status",
                                                   "email_of_found_person",
                                                   "phone_of_found_person",
                                                   "last_known_location",
                                                   "text",
                                                   "photo_url"};
// Our extension's fields of a note (pfif_status.h), written after PFIF's, prefixed.
inline constexpr std::string_view kAftermathNoteFields[] = {"aftermath:status",
                                                            "aftermath:facility"};

using Fields = std::map<std::string, std::string, std::less<>>;

// PFIF dates: UTC, whole seconds, "YYYY-MM-DDThh:mm:ssZ".
std::string FormatDate(Timestamp t);
// InvalidArgument naming the text when it is not a PFIF date.
Result<Timestamp> ParseDate(std::string_view text);

// A note's last_known_location from a facility and a place within it ("Hospital 4, ward 3").
std::string LastKnownLocation(const Report& r);

// The fields of a record of `r.pfif_kind` that `r`'s columns hold, as the writer writes them
// (absent fields are not in the map). `r.observed_at` counts only when `observed_known`.
Fields ColumnFields(const Report& r, bool observed_known = true);

// The extension of a record read as `record` (every field PFIF and our extension define that the
// record has, by name) whose report's columns say `columns` (ColumnFields): each field where
// the two differ, "" for one the record does not have. A JSON object, keys sorted.
std::string MakeExtension(const Fields& record, const Fields& columns);

// The fields to write for a copied record: ColumnFields(r) with r.extension laid over them.
// DataLoss when the stored extension is not a JSON object of strings.
Result<Fields> CopiedFields(const Report& r);

}  // namespace aftermath::io::pfif

// Our own JSON Lines format: one report a line, with the fields of POST /api/v1/reports (see
// json_records.h). Lines written by `aftermath export --format jsonl` also carry "person_key"
// (reports of one person share it) and their source ("source", "source_kind", "source_trust",
// "source_region"), so an export re-imports into an empty registry as the same persons.
//
// The export is full-fidelity: besides its report lines it carries
//   {"record":"source","source":NAME,"source_kind":..,"source_trust":..,"source_region":..}
//     one line a source, before any other line;
//   {"record":"person","person_key":"per_…","names":[{"full_name":..,"source":NAME,
//     "surname":..,"given_names":..,"patronymic":..}],"sex":..,"birth_date":..,"approx_age":..,
//     "home_locality":..,"features":..}
//     before the person's first report (or after every report, for a person without one): the
//     person as recorded, with every name in order (names entered by hand have no "source");
//   report lines with "report_id" (the report's id), "received_at", and for a report its
//     source corrected "status_history": [{"status":..,"facility":..,"observed_at":..}], every
//     status event of the report oldest first (the importer records a report new to it in
//     those states before its present one, so the status history comes out the same).
//     A report also carries its name's parts ("surname", "given_names") and, when it came as a
//     PFIF record, "pfif_kind" (person or note), "pfif_entry_date", "pfif_expiry_date" and
//     "pfif_extension" (io/pfif/pfif_record.h), so a PFIF copy stays a copy.
// Persons and reports keep their ids on import (persons by person_key, reports by report_id),
// so a second import of the same file finds every record again and changes nothing, reports
// without an external_id included. The status is not carried: it is derived again from the
// reports. A line without "record" is a report ("record":"report" may be said).
#pragma once

#include <istream>
#include <memory>

#include "model/record_reader.h"

namespace aftermath::io {

inline constexpr size_t kMaxJsonLine = 1 << 20;

// REQUIRES: `in` outlives the reader.
std::unique_ptr<RecordReader> OpenJsonlReader(std::istream& in);

// One line of JSON into `row` (the reader's work, exposed for tests and the fuzzer).
void ParseJsonlLine(std::string_view line, ParsedRow& row);

}  // namespace aftermath::io

// PFIF records, as fields by their PFIF 1.4 names, made import rows: shared by the PFIF reader
// (XML, bare or in Atom) and the CSV reader (Person Finder's CSV, whose columns are PFIF's field
// names). Each row keeps the record's id as its external_id and, for the export, what no column
// holds (pfif_record.h).
#pragma once

#include <string>
#include <string_view>

#include "io/pfif/pfif_record.h"
#include "model/record_reader.h"

namespace aftermath::io::pfif {

// "domain/unique id": a domain name, a slash, and a non-empty id.
bool IsRecordId(std::string_view id);

// The name of a person record: its full_name, or "family_name given_name".
std::string PersonNameOf(const Fields& record);

// Fills `row` (its report and person key; not its line or raw) from a person record;
// row.error and row.column name the first field at fault. A record without a name is refused
// unless it has an expiry_date (Person Finder's placeholder of an expired record: the importer
// tells those).
void PersonRow(const Fields& record, ParsedRow& row);

// Fills `row` from a note record. `parent_id`: the person record the note is written inside
// ("" for a top-level note); `person_name`: the name of its person where the same document
// gives it (the note attaches to that person, or makes a person of its own: Attach);
// `contact_column`: the document's name for author_made_contact (PFIF 1.1-1.3: found). The
// fields "aftermath:status" and "aftermath:facility" are our extension's (pfif_status.h).
void NoteRow(const Fields& record, const std::string& parent_id, const std::string& person_name,
             std::string_view contact_column, ParsedRow& row);

}  // namespace aftermath::io::pfif

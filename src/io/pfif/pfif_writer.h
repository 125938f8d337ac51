// The pieces the PFIF writers share (the document writer, MakePfifWriter in
// io/export/record_writer.h, and the Atom feeds, pfif_feed.h): the fields of a person or note
// created here, and one record element.
#pragma once

#include <functional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "io/pfif/pfif_record.h"
#include "model/records.h"

namespace aftermath::io::pfif {

// Whether a field of a person or note may be written (a feed's reader may not see every
// field); null: every field.
using FieldFilter = std::function<bool(PfifKind kind, std::string_view field)>;

// Text for an XML element: markup escaped, a CR kept as a reference, other control characters
// (which XML 1.0 cannot carry) dropped.
std::string Escape(std::string_view v);

// The person record of a person created here, `person_record_id` "<domain>/<id>".
Fields LocalPersonFields(const Person& p, const std::string& person_record_id,
                         const std::string& domain, Timestamp entry_date);
// The note of a report made here (not a copied PFIF record), by `author` (its source).
Fields LocalNoteFields(const Report& r, const std::string& person_record_id,
                       const std::string& domain, const std::string& author, Timestamp entry_date);
// False for a report of ours that says nothing a note would carry (no status, facility,
// location or notes): its person record says all of it.
bool SaysSomething(const Report& r);
// What stays of a copied person record once it expired (PFIF's placeholder): its id, entry,
// expiry and source dates.
Fields PlaceholderFields(const Report& r);

// Writes <pfif:person> or <pfif:note> at `indent` with the fields `may_write` lets through, in
// PFIF's order, then `nested` (a person's note elements, as written).
void WriteElement(std::ostream& out, int indent, PfifKind kind, const Fields& f,
                  const FieldFilter& may_write, const std::vector<std::string>& nested);
std::string NoteElement(int indent, const Fields& f, const FieldFilter& may_write);

}  // namespace aftermath::io::pfif

// PFIF 1.1-1.4 (Person Finder Interchange Format) documents, bare or wrapped in an Atom feed (one
// record an <entry>, as Person Finder serves its feeds): each person record becomes a report
// keyed by its person_record_id; each note a report keyed by its note_record_id, attached to its
// person, carrying the note's status, last known location and text. Elements PFIF 1.4 does not
// define are kept in the row's `raw` (the record's XML) and named in the reader's notes.
//
// A PFIF document is read whole (pugixml's DOM): fine for exports of Person Finder-sized
// repositories; the input is refused above max_bytes.
#pragma once

#include <istream>
#include <memory>

#include "model/record_reader.h"

namespace aftermath::io {

inline constexpr size_t kMaxPfifBytes = 256 << 20;

// InvalidArgument when the document is not well-formed XML, neither PFIF nor an Atom feed of
// PFIF records, or of a PFIF version not read (the message names the line or the namespace). REQUIRES: nothing; the document is read at once.
Result<std::unique_ptr<RecordReader>> OpenPfifReader(std::istream& in,
                                                     size_t max_bytes = kMaxPfifBytes);

}  // namespace aftermath::io

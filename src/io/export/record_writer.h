// The writers of exported records, one per format (the interface is model/record_writer.h; the
// registry's export use case hands them the records).
#pragma once

#include <memory>
#include <ostream>
#include <string>

#include "io/import/formats.h"
#include "model/record_writer.h"

namespace aftermath::io {

// The domain of the PFIF record ids this registry gives its own records, unless configured
// (`pfif-domain`).
inline constexpr const char* kDefaultPfifDomain = "aftermath.local";

// One JSON object a source, then one a report, each person's own line before its first report,
// and the persons without a report at the end (see jsonl_reader.h for the fields).
std::unique_ptr<RecordWriter> MakeJsonlWriter(std::ostream& out);
// A UTF-8 CSV with a BOM (so Excel reads it as UTF-8), one row a report, headers our CSV reader
// recognises.
std::unique_ptr<RecordWriter> MakeCsvWriter(std::ostream& out);
// A PFIF 1.4 document: a person record a person, with its notes inside. A record that came as
// PFIF is written as it came, with its own record id (io/pfif/pfif_record.h); a person and a
// report of our own get "<domain>/<person id>" and "<domain>/<report id>". A report of ours
// that says nothing beyond its person's record (no status, facility, location or notes) has
// no note.
std::unique_ptr<RecordWriter> MakePfifWriter(std::ostream& out, std::string domain);
// The writer of `format`; `pfif_domain` names PFIF's records.
std::unique_ptr<RecordWriter> MakeWriter(Format format, std::ostream& out,
                                         std::string pfif_domain = kDefaultPfifDomain);

}  // namespace aftermath::io

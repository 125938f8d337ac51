// The writers of exported records, one per format (the interface is model/record_writer.h; the
// registry's export use case hands them the records).
#pragma once

#include <memory>
#include <ostream>
#include <string>

#include "io/import/formats.h"
#include "model/record_writer.h"

namespace aftermath::io {

// One JSON object a source, then one a report, each person's own line before its first report,
// and the persons without a report at the end (see jsonl_reader.h for the fields).
std::unique_ptr<RecordWriter> MakeJsonlWriter(std::ostream& out);
// A UTF-8 CSV with a BOM (so Excel reads it as UTF-8), one row a report, headers our CSV reader
// recognises.
std::unique_ptr<RecordWriter> MakeCsvWriter(std::ostream& out);
// A PFIF 1.4 document: a person record when a person first appears ("<domain>/<person id>"),
// then a top-level note a report ("<domain>/<report id>").
std::unique_ptr<RecordWriter> MakePfifWriter(std::ostream& out, std::string domain);
// The writer of `format`; `pfif_domain` names PFIF's records.
std::unique_ptr<RecordWriter> MakeWriter(Format format, std::ostream& out,
                                         std::string pfif_domain = "aftermath.local");

}  // namespace aftermath::io

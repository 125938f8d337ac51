// Our own JSON Lines format: one report a line, with the fields of POST /api/v1/reports (see
// json_records.h). Lines written by `aftermath export --format jsonl` also carry "person_key"
// (reports of one person share it) and their source ("source", "source_kind", "source_trust",
// "source_region"), so an export re-imports into an empty registry as the same persons.
#pragma once

#include <istream>
#include <memory>

#include "io/import/record_reader.h"

namespace aftermath::io {

inline constexpr size_t kMaxJsonLine = 1 << 20;

// REQUIRES: `in` outlives the reader.
std::unique_ptr<RecordReader> OpenJsonlReader(std::istream& in);

// One line of JSON into `row` (the reader's work, exposed for tests and the fuzzer).
void ParseJsonlLine(std::string_view line, ParsedRow& row);

}  // namespace aftermath::io

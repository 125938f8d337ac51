// Lists of people as CSV/TSV (see csv_parser.h and columns.h): the first record is the header;
// each later record becomes one report of the file's source.
#pragma once

#include <istream>
#include <memory>

#include "io/csv/columns.h"
#include "io/csv/csv_parser.h"
#include "model/record_reader.h"

namespace aftermath::io {

// REQUIRES: `in` outlives the reader. Errors as CsvParser::Open; the header itself is read (and
// may fail) on the first Next().
Result<std::unique_ptr<RecordReader>> OpenCsvReader(std::istream& in, const CsvOptions& options,
                                                    ColumnMap map);

// The external id given to a row that has none: "row-<16 hex digits of a 64-bit FNV-1a hash of
// the row's text>-<line>". Re-reading the same file gives every row the same id again, so a
// re-import changes nothing; a row whose text changes, or that moves to another line, becomes a
// new report.
std::string DerivedExternalId(std::string_view raw, size_t line);

}  // namespace aftermath::io

// The import formats and how a reader for each is opened.
#pragma once

#include <istream>
#include <memory>
#include <optional>
#include <string_view>

#include "io/csv/columns.h"
#include "io/csv/csv_parser.h"
#include "model/record_reader.h"

namespace aftermath::io {

enum class Format { kCsv, kPfif, kJsonl };

std::string_view ToString(Format f);
// "csv" (and "tsv"), "pfif" (and "xml"), "jsonl" (and "ndjson"); nullopt otherwise.
std::optional<Format> ParseFormat(std::string_view name);
// From a file name's extension: .csv .tsv .txt -> csv, .xml .pfif -> pfif, .jsonl .ndjson ->
// jsonl; nullopt otherwise.
std::optional<Format> FormatFromPath(std::string_view path);
// From an HTTP Content-Type: text/csv, text/tab-separated-values, application/xml, text/xml,
// application/atom+xml (a PFIF feed),
// application/x-ndjson, application/jsonl; nullopt otherwise.
std::optional<Format> FormatFromContentType(std::string_view content_type);

struct ReaderOptions {
  CsvOptions csv;
  ColumnMap column_map;
};

// REQUIRES: `in` outlives the reader.
Result<std::unique_ptr<RecordReader>> OpenReader(Format format, std::istream& in,
                                                 const ReaderOptions& options);

}  // namespace aftermath::io

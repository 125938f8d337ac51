#include "io/import/formats.h"

#include "io/csv/csv_reader.h"
#include "io/jsonl/jsonl_reader.h"
#include "io/pfif/pfif_reader.h"

namespace aftermath::io {

std::string_view ToString(Format f) {
  switch (f) {
    case Format::kCsv: return "csv";
    case Format::kPfif: return "pfif";
    case Format::kJsonl: return "jsonl";
  }
  return "?";
}

std::optional<Format> ParseFormat(std::string_view name) {
  if (name == "csv" || name == "tsv") return Format::kCsv;
  if (name == "pfif" || name == "xml") return Format::kPfif;
  if (name == "jsonl" || name == "ndjson") return Format::kJsonl;
  return std::nullopt;
}

std::optional<Format> FormatFromPath(std::string_view path) {
  size_t dot = path.rfind('.');
  if (dot == std::string_view::npos || path.find('/', dot) != std::string_view::npos) {
    return std::nullopt;
  }
  std::string ext;
  for (char c : path.substr(dot + 1)) ext += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (ext == "csv" || ext == "tsv" || ext == "txt") return Format::kCsv;
  if (ext == "xml" || ext == "pfif") return Format::kPfif;
  if (ext == "jsonl" || ext == "ndjson") return Format::kJsonl;
  return std::nullopt;
}

std::optional<Format> FormatFromContentType(std::string_view type) {
  type = type.substr(0, type.find(';'));
  while (!type.empty() && type.back() == ' ') type.remove_suffix(1);
  if (type == "text/csv" || type == "text/tab-separated-values") return Format::kCsv;
  if (type == "application/xml" || type == "text/xml" || type == "application/atom+xml") {
    return Format::kPfif;
  }
  if (type == "application/x-ndjson" || type == "application/jsonl" ||
      type == "application/jsonlines") {
    return Format::kJsonl;
  }
  return std::nullopt;
}

Result<std::unique_ptr<RecordReader>> OpenReader(Format format, std::istream& in,
                                                 const ReaderOptions& options) {
  switch (format) {
    case Format::kCsv: return OpenCsvReader(in, options.csv, options.column_map);
    case Format::kPfif: return OpenPfifReader(in);
    case Format::kJsonl: return OpenJsonlReader(in);
  }
  return InvalidArgument("unknown format");
}

}  // namespace aftermath::io

#include "io/jsonl/jsonl_reader.h"

#include <fmt/format.h>

#include <boost/json.hpp>

#include "io/json_records.h"
#include "io/text/line_reader.h"

namespace aftermath::io {
namespace {

class JsonlReader : public RecordReader {
 public:
  explicit JsonlReader(std::istream& in) : lines_(in, kMaxJsonLine) {}

  Result<bool> Next(ParsedRow& row) override {
    while (true) {
      bool too_long = false;
      ASSIGN_OR_RETURN(bool more, lines_.Next(line_, too_long));
      if (!more) return false;
      row = ParsedRow();
      row.line = lines_.line_number();
      if (too_long) {
        row.error = InvalidArgument(
            fmt::format("the line is longer than {} bytes; skipped", kMaxJsonLine));
        return true;
      }
      if (line_.find_first_not_of(" \t\r") == std::string::npos) continue;
      ParseJsonlLine(line_, row);
      return true;
    }
  }
  uint64_t bytes_read() const override { return lines_.bytes_read(); }

 private:
  LineReader lines_;
  std::string line_;
};

// Takes an optional string member out of `obj`.
Status TakeString(boost::json::object& obj, std::string_view key, std::string& out) {
  auto it = obj.find(key);
  if (it == obj.end()) return Status::Ok();
  if (!it->value().is_string() && !it->value().is_null()) {
    return InvalidArgument("must be a string", std::string(key));
  }
  if (it->value().is_string()) out = std::string(it->value().as_string());
  obj.erase(it);
  return Status::Ok();
}

Status TakeExportFields(boost::json::object& obj, ParsedRow& row) {
  RETURN_IF_ERROR(TakeString(obj, "person_key", row.person_key));
  std::string kind;
  RETURN_IF_ERROR(TakeString(obj, "source_kind", kind));
  if (!kind.empty()) {
    row.source_kind = ParseSourceKind(kind);
    if (!row.source_kind) {
      return InvalidArgument(fmt::format("'{}' is not one of: {}", kind.substr(0, 40),
                                         SourceKindNames()), "source_kind");
    }
  }
  RETURN_IF_ERROR(TakeString(obj, "source_region", row.source_region));
  if (auto it = obj.find("source_trust"); it != obj.end()) {
    if (!it->value().is_int64()) return InvalidArgument("must be an integer", "source_trust");
    row.source_trust = static_cast<int>(it->value().as_int64());
    obj.erase(it);
  }
  return Status::Ok();
}

}  // namespace

void ParseJsonlLine(std::string_view line, ParsedRow& row) {
  Result<NewReport> report = InvalidArgument("");
  // Most lines carry none of the export's extra fields: parse them once.
  if (line.find("\"person_key\"") == std::string_view::npos &&
      line.find("\"source_") == std::string_view::npos) {
    report = ParseNewReport(line);
  } else {
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(line, ec);
    if (ec || !v.is_object()) {
      report = ParseNewReport(line);  // for its error message
    } else {
      Status s = TakeExportFields(v.as_object(), row);
      if (!s.ok()) {
        row.column = s.field();
        row.error = s;
        return;
      }
      report = ParseNewReport(boost::json::serialize(v));
    }
  }
  if (!report.ok()) {
    row.column = report.status().field();
    row.error = report.status();
    return;
  }
  row.report = std::move(*report);
  row.source_name = std::move(row.report.source_name);
  row.report.source_name.clear();
  if (!row.report.source_id.empty()) {
    row.column = "source_id";
    row.error = InvalidArgument("a file names its source by name, not by id", "source_id");
  }
}

std::unique_ptr<RecordReader> OpenJsonlReader(std::istream& in) {
  return std::make_unique<JsonlReader>(in);
}

}  // namespace aftermath::io

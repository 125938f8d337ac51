#include "io/jsonl/jsonl_reader.h"

#include <fmt/format.h>

#include <tuple>

#include <boost/json.hpp>

#include "common/ids.h"
#include "io/json_input.h"
#include "io/json_records.h"
#include "io/json_unique_keys.h"
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

// Our export's report fields beyond the API's: the name's parts, and a PFIF record's kind,
// entry and expiry dates and extension (jsonl_writer.cc), into `to`.
Status TakePfifFields(boost::json::object& obj, NewReport& to) {
  RETURN_IF_ERROR(TakeString(obj, "surname", to.surname));
  RETURN_IF_ERROR(TakeString(obj, "given_names", to.given_names));
  std::string kind, entered, expires;
  RETURN_IF_ERROR(TakeString(obj, "pfif_kind", kind));
  auto parsed = ParsePfifKind(kind);
  if (!parsed) {
    return InvalidArgument(fmt::format("'{}' is not person or note", kind.substr(0, 40)),
                           "pfif_kind");
  }
  to.pfif_kind = *parsed;
  for (auto [key, text, date] : {std::tuple{"pfif_entry_date", &entered, &to.entered_at},
                                 std::tuple{"pfif_expiry_date", &expires, &to.expires_at}}) {
    RETURN_IF_ERROR(TakeString(obj, key, *text));
    if (text->empty()) continue;
    auto t = ParseTimestamp(*text);
    if (!t.ok()) return InvalidArgument(t.status().message(), key);
    *date = *t;
  }
  return TakeString(obj, "pfif_extension", to.extension);
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

// Each entry becomes a write on import: a bound on what one line can ask for.
constexpr size_t kMaxStatusHistory = 1000;

// A report line's "status_history": [{"status": ..., "facility": ..., "observed_at": ...}].
Status TakeStatusHistory(boost::json::object& obj, ParsedRow& row) {
  auto it = obj.find("status_history");
  if (it == obj.end()) return Status::Ok();
  if (!it->value().is_array()) return InvalidArgument("must be a list", "status_history");
  if (it->value().as_array().size() > kMaxStatusHistory) {
    return InvalidArgument(fmt::format("has more than {} entries", kMaxStatusHistory),
                           "status_history");
  }
  for (auto& v : it->value().as_array()) {
    if (!v.is_object()) return InvalidArgument("each entry must be an object", "status_history");
    JsonInput in = JsonInput::FromObject(std::move(v.as_object()));
    StatusEvent e;
    std::optional<Timestamp> at;
    Status s = in.Status_("status", e.status);
    if (s.ok()) s = in.String("facility", e.facility);
    if (s.ok()) s = in.Time("observed_at", at);
    if (s.ok()) s = in.Finish();
    if (s.ok() && (e.status == PersonStatus::kUnknown || !at)) {
      s = InvalidArgument("each entry needs a status and observed_at");
    }
    if (!s.ok()) return InvalidArgument(s.message(), "status_history");
    e.observed_at = *at;
    row.status_history.push_back(std::move(e));
  }
  obj.erase(it);
  return Status::Ok();
}

// A line {"record": "source", "source": ..., "source_kind": ..., ...}.
Status ParseSourceLine(boost::json::object& obj, ParsedRow& row) {
  RETURN_IF_ERROR(TakeExportFields(obj, row));
  RETURN_IF_ERROR(TakeString(obj, "source", row.source_name));
  if (row.source_name.empty()) return InvalidArgument("is required", "source");
  if (!row.person_key.empty()) return InvalidArgument("is not a field of a source", "person_key");
  if (!obj.empty()) {
    return InvalidArgument("is not a field of a source", std::string(obj.begin()->key()));
  }
  row.kind = ParsedRow::Kind::kSource;
  return Status::Ok();
}

// One of a person line's names: {"full_name": ..., "source": ..., "surname": ..., ...}.
Status ParseName(boost::json::value& v, PersonName& name) {
  if (!v.is_object()) return InvalidArgument("each name must be an object", "names");
  JsonInput in = JsonInput::FromObject(std::move(v.as_object()));
  RETURN_IF_ERROR(in.RequiredString("full_name", name.full_name));
  RETURN_IF_ERROR(in.String("source", name.source_id));  // by name; resolved by the importer
  RETURN_IF_ERROR(in.String("surname", name.surname));
  RETURN_IF_ERROR(in.String("given_names", name.given_names));
  RETURN_IF_ERROR(in.String("patronymic", name.patronymic));
  Status s = in.Finish();
  if (!s.ok()) return InvalidArgument(s.message(), "names");
  return Status::Ok();
}

// A line {"record": "person", "person_key": "per_…", "names": [...], "sex": ..., ...}.
Status ParsePersonLine(boost::json::object& obj, ParsedRow& row) {
  RETURN_IF_ERROR(TakeString(obj, "person_key", row.person_key));
  if (!IsWellFormedId(row.person_key, kPersonIdPrefix)) {
    return InvalidArgument("must be a person id (per_…)", "person_key");
  }
  Person& p = row.person;
  p.id = row.person_key;
  if (auto it = obj.find("names"); it != obj.end()) {
    if (!it->value().is_array()) return InvalidArgument("must be a list of names", "names");
    for (auto& v : it->value().as_array()) {
      PersonName name;
      RETURN_IF_ERROR(ParseName(v, name));
      p.names.push_back(std::move(name));
    }
    obj.erase(it);
  }
  JsonInput in = JsonInput::FromObject(std::move(obj));
  RETURN_IF_ERROR(in.Sex("sex", p.sex));
  RETURN_IF_ERROR(in.Date("birth_date", p.birth_date));
  RETURN_IF_ERROR(in.Int("approx_age", p.approx_age));
  RETURN_IF_ERROR(in.String("home_locality", p.home_locality));
  RETURN_IF_ERROR(in.String("features", p.features));
  RETURN_IF_ERROR(in.Finish());
  row.kind = ParsedRow::Kind::kPerson;
  return Status::Ok();
}

}  // namespace

void ParseJsonlLine(std::string_view line, ParsedRow& row) {
  Result<NewReport> report = InvalidArgument("");
  std::string report_id, received_at;
  std::optional<Timestamp> received;
  NewReport pfif;  // the name's parts and a PFIF record's fields, of our export
  // Most lines carry none of the export's extra fields: parse them once.
  if (line.find("\"person_key\"") == std::string_view::npos &&
      line.find("\"source_") == std::string_view::npos &&
      line.find("\"record\"") == std::string_view::npos &&
      line.find("\"report_id\"") == std::string_view::npos &&
      line.find("\"status_history\"") == std::string_view::npos &&
      line.find("\"received_at\"") == std::string_view::npos) {
    report = ParseNewReport(line);
  } else {
    boost::system::error_code ec;
    boost::json::parse_options opts;
    opts.max_depth = JsonInput::kMaxDepth;
    boost::json::value v = boost::json::parse(line, ec, {}, opts);
    if (ec || !v.is_object()) {
      report = ParseNewReport(line);  // for its error message
    } else {
      boost::json::object& obj = v.as_object();
      std::string record;
      Status s = RejectDuplicateKeys(line, JsonInput::kMaxDepth);
      if (s.ok()) s = TakeString(obj, "record", record);
      if (s.ok()) {
        if (record == "source") {
          s = ParseSourceLine(obj, row);
        } else if (record == "person") {
          s = ParsePersonLine(obj, row);
        } else if (record.empty() || record == "report") {
          s = TakeExportFields(obj, row);
          if (s.ok()) s = TakeString(obj, "report_id", report_id);
          if (s.ok()) s = TakeStatusHistory(obj, row);
          if (s.ok()) s = TakePfifFields(obj, pfif);
          if (s.ok()) s = TakeString(obj, "received_at", received_at);
          if (s.ok() && !received_at.empty()) {
            auto t = ParseTimestamp(received_at);
            if (t.ok()) {
              received = *t;
            } else {
              s = InvalidArgument(t.status().message(), "received_at");
            }
          }
        } else {
          s = InvalidArgument(fmt::format("'{}' is not one of: report, person, source",
                                          record.substr(0, 40)), "record");
        }
      }
      if (!s.ok()) {
        row.column = s.field();
        row.error = s;
        return;
      }
      if (row.kind != ParsedRow::Kind::kReport) return;
      JsonInput in = JsonInput::FromObject(std::move(obj));
      report = ReadNewReport(in);
    }
  }
  if (!report.ok()) {
    row.column = report.status().field();
    row.error = report.status();
    return;
  }
  row.report = std::move(*report);
  row.report.surname = std::move(pfif.surname);
  row.report.given_names = std::move(pfif.given_names);
  row.report.pfif_kind = pfif.pfif_kind;
  row.report.entered_at = pfif.entered_at;
  row.report.expires_at = pfif.expires_at;
  row.report.extension = std::move(pfif.extension);
  row.report.id = std::move(report_id);
  row.report.received_at = received;
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

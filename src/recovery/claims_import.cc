#include "recovery/claims_import.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "io/csv/csv_parser.h"
#include "recovery/file_store.h"
#include "recovery/rules.h"
#include "recovery/text.h"

namespace aftermath::recovery {
namespace {

constexpr size_t kMaxErrorsKept = 1000;

struct FieldSpec {
  std::string_view field;
  std::vector<std::string_view> aliases;  // normalised header names
};

// Canonical fields and the names field forms give them (lower case, '_' for spaces).
const std::vector<FieldSpec>& Fields() {
  static const std::vector<FieldSpec> kFields = {
      {"kind", {"kind", "claim_kind", "claim_type"}},
      {"programme", {"programme", "program", "programme_code"}},
      {"applicant_name", {"applicant_name", "full_name", "fio", "applicant"}},
      {"applicant_id", {"applicant_id", "iin", "bin", "iin_bin", "applicant_iin"}},
      {"applicant_phone", {"applicant_phone", "phone", "phone_number", "telephone"}},
      {"applicant_address", {"applicant_address", "home_address"}},
      {"iban", {"iban", "account", "iik"}},
      {"relation", {"relation", "relationship"}},
      {"severity", {"severity", "injury_severity"}},
      {"amount_claimed", {"amount_claimed", "amount", "damage_amount"}},
      {"notes", {"notes", "comment", "comments"}},
      {"object_kind", {"object_kind", "object_type", "property_type"}},
      {"object_name", {"object_name", "business_name", "shop_name"}},
      {"object_address", {"object_address", "address", "property_address", "shop_address"}},
      {"cadastral", {"cadastral", "cadastral_number"}},
      {"vin", {"vin"}},
      {"plate", {"plate", "plate_number"}},
      {"object_bin", {"object_bin", "business_bin"}},
      {"premises", {"premises", "unit", "boutique"}},
      {"description", {"description", "damage_description"}},
      {"district", {"district", "adm2", "raion", "object_district"}},
      {"photo_sha256", {"photo_sha256", "photos_sha256", "photo_hashes"}},
      {"form_id", {"_uuid", "meta/instanceid", "instanceid", "meta-instanceid", "key"}},
  };
  return kFields;
}

std::string Normalise(std::string_view header) {
  std::string out;
  for (char c : Trim(header)) {
    if (c == ' ') {
      out += '_';
    } else {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  return out;
}

// The column of each canonical field: the --map's, else the first header whose whole name, or
// the last part of its group path, is one of the field's names.
Result<std::map<std::string, size_t>> FindColumns(const std::vector<std::string>& headers,
                                                  const ClaimImportOptions& options) {
  std::map<std::string, size_t> out;
  for (const auto& [field, header] : options.map) {
    const std::string wanted = Normalise(header);  // clang 14 cannot capture a binding
    auto it = std::find_if(headers.begin(), headers.end(),
                           [&](const std::string& h) { return Normalise(h) == wanted; });
    if (it == headers.end()) {
      return InvalidArgument(fmt::format("the file has no column '{}'", header.substr(0, 100)),
                             "map " + field);
    }
    out[field] = static_cast<size_t>(it - headers.begin());
  }
  auto candidates = [](const std::string& header) {
    std::string h = Normalise(header);
    std::vector<std::string> names{h};
    for (char sep : {'/', '-', ':'}) {
      size_t at = h.rfind(sep);
      if (at != std::string::npos && at + 1 < h.size()) names.push_back(h.substr(at + 1));
    }
    return names;
  };
  for (const FieldSpec& spec : Fields()) {
    if (out.contains(std::string(spec.field))) continue;
    for (int pass = 0; pass < 2 && !out.contains(std::string(spec.field)); ++pass) {
      for (size_t i = 0; i < headers.size(); ++i) {
        auto names = candidates(headers[i]);
        // Pass 0: the whole name; pass 1: the last part of a group path.
        bool hit = pass == 0 ? std::find(spec.aliases.begin(), spec.aliases.end(), names[0]) !=
                                   spec.aliases.end()
                             : std::any_of(names.begin() + 1, names.end(), [&](const auto& n) {
                                 return std::find(spec.aliases.begin(), spec.aliases.end(), n) !=
                                        spec.aliases.end();
                               });
        bool taken =
            std::any_of(out.begin(), out.end(), [&](const auto& kv) { return kv.second == i; });
        if (hit && !taken) {
          out[std::string(spec.field)] = i;
          break;
        }
      }
    }
  }
  if (!out.contains("applicant_name")) {
    return InvalidArgument(
        "no column of the applicant's name (applicant_name, full_name, fio; or --map)", "header");
  }
  return out;
}

std::vector<std::string> SplitHashes(std::string_view text) {
  std::vector<std::string> out;
  std::string current;
  for (char c : text) {
    if (c == ' ' || c == ';' || c == ',' || c == '\n' || c == '\t') {
      if (!current.empty()) out.push_back(std::move(current));
      current.clear();
    } else {
      current += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  if (!current.empty()) out.push_back(std::move(current));
  return out;
}

ObjectKind ObjectKindFor(ClaimKind kind) {
  switch (kind) {
    case ClaimKind::kHome:
      return ObjectKind::kHome;
    case ClaimKind::kVehicle:
      return ObjectKind::kVehicle;
    default:
      return ObjectKind::kShop;
  }
}

// One row read so far: its claim, or the error naming the field it came from.
struct Row {
  size_t line = 0;
  std::string raw;
  NewClaim claim;
  Status error;
};

Row ReadRow(const io::CsvRecord& record, const std::map<std::string, size_t>& columns,
            const ClaimImportOptions& options) {
  Row row{.line = record.line, .raw = record.raw};
  auto get = [&](const char* field) -> std::string {
    auto it = columns.find(field);
    if (it == columns.end() || it->second >= record.fields.size()) return {};
    return std::string(Trim(record.fields[it->second]));
  };
  NewClaim& c = row.claim;
  c.channel = ClaimChannel::kFieldForm;
  std::string kind = get("kind");
  if (kind.empty() && options.kind) {
    c.kind = *options.kind;
  } else if (auto k = ParseClaimKind(kind)) {
    c.kind = *k;
  } else {
    row.error = InvalidArgument(
        kind.empty() ? "no kind of claim (give --kind or a kind column)"
                     : fmt::format("'{}' is not one of: {}", kind.substr(0, 40), ClaimKindNames()),
        "kind");
    return row;
  }
  c.programme = get("programme");
  if (c.programme.empty()) c.programme = options.programme;
  c.applicant_name = get("applicant_name");
  c.applicant_id = get("applicant_id");
  c.applicant_phone = get("applicant_phone");
  c.applicant_address = get("applicant_address");
  c.iban = get("iban");
  c.relation = get("relation");
  c.notes = get("notes");
  if (std::string severity = get("severity"); !severity.empty()) {
    auto s = ParseInjurySeverity(severity);
    if (!s) {
      row.error =
          InvalidArgument(fmt::format("must be one of: {}", InjurySeverityNames()), "severity");
      return row;
    }
    c.severity = *s;
  }
  if (std::string amount = get("amount_claimed"); !amount.empty()) {
    std::string digits;
    for (char ch : amount) {
      if (ch != ' ' && ch != '\'' && ch != ',') digits += ch;
    }
    char* end = nullptr;
    long long v = std::strtoll(digits.c_str(), &end, 10);
    if (digits.empty() || *end != '\0' || v < 0) {
      row.error = InvalidArgument("must be whole tenge", "amount_claimed");
      return row;
    }
    c.amount_claimed = v;
  }
  if (IsPropertyClaim(c.kind)) {
    NewObject o;
    o.kind = ObjectKindFor(c.kind);
    if (std::string k = get("object_kind"); !k.empty()) {
      auto parsed = ParseObjectKind(k);
      if (!parsed) {
        row.error =
            InvalidArgument(fmt::format("must be one of: {}", ObjectKindNames()), "object.kind");
        return row;
      }
      o.kind = *parsed;
    }
    o.name = get("object_name");
    o.address = get("object_address");
    o.cadastral = get("cadastral");
    o.vin = get("vin");
    o.plate = get("plate");
    o.bin = get("object_bin");
    o.premises = get("premises");
    o.description = get("description");
    o.district = get("district");
    c.object = std::move(o);
  }
  for (const auto& hash : SplitHashes(get("photo_sha256"))) {
    c.documents.push_back({"photo", hash, "image/jpeg", 0});
  }
  // The form's own row id makes a re-import a no-op; without one, the row's content does.
  std::string form_id = get("form_id");
  c.external_id = form_id.empty() ? "row:" + Sha256Hex(record.raw).substr(0, 32)
                                  : "form:" + form_id.substr(0, 150);
  return row;
}

// "row 17, column Иин заявителя" for an error of `field` (a NewClaim field path).
std::string Where(const Row& row, const std::string& field,
                  const std::map<std::string, size_t>& columns,
                  const std::vector<std::string>& headers) {
  static const std::map<std::string, std::string> kColumnOf = {
      {"object.address", "object_address"},
      {"object.name", "object_name"},
      {"object.kind", "object_kind"},
      {"object.cadastral", "cadastral"},
      {"object.vin", "vin"},
      {"object.plate", "plate"},
      {"object.bin", "object_bin"},
      {"object.premises", "premises"},
      {"object.description", "description"},
      {"object.district", "district"},
      {"object", "object_address"}};
  std::string canonical = field;
  if (auto it = kColumnOf.find(field); it != kColumnOf.end()) canonical = it->second;
  if (field.starts_with("documents[")) canonical = "photo_sha256";
  auto col = columns.find(canonical);
  if (col == columns.end() || col->second >= headers.size()) {
    return field.empty() ? fmt::format("row {}", row.line)
                         : fmt::format("row {}, field {}", row.line, field);
  }
  return fmt::format("row {}, column {}", row.line, headers[col->second]);
}

}  // namespace

Result<std::map<std::string, std::string>> ParseColumnMap(std::string_view text) {
  std::map<std::string, std::string> out;
  std::set<std::string_view> known;
  for (const auto& spec : Fields()) known.insert(spec.field);
  size_t line_no = 0;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    std::string_view line = text.substr(start, end == std::string_view::npos ? end : end - start);
    start = end == std::string_view::npos ? text.size() + 1 : end + 1;
    ++line_no;
    line = Trim(line);
    if (line.empty() || line.front() == '#') continue;
    size_t eq = line.find('=');
    std::string where = fmt::format("map line {}", line_no);
    if (eq == std::string_view::npos) {
      return InvalidArgument("write 'field = Column header'", where);
    }
    std::string field(Trim(line.substr(0, eq)));
    std::string header(Trim(line.substr(eq + 1)));
    if (!known.contains(field)) {
      return InvalidArgument(fmt::format("'{}' is not a field of a claim", field.substr(0, 40)),
                             where);
    }
    if (header.empty()) return InvalidArgument("name the column", where);
    out[field] = header;
  }
  return out;
}

Result<ClaimImportSummary> ImportClaims(Recovery& recovery, const std::string& actor,
                                        std::istream& in, const ClaimImportOptions& options) {
  io::CsvOptions csv;
  if (!options.encoding.empty()) {
    csv.encoding = io::ParseEncoding(options.encoding);
    if (!csv.encoding) {
      return InvalidArgument(fmt::format("'{}' is not an encoding (utf-8, cp1251, koi8-r)",
                                         options.encoding.substr(0, 40)),
                             "encoding");
    }
  }
  ASSIGN_OR_RETURN(auto parser, io::CsvParser::Open(in, csv));
  io::CsvRecord record;
  ASSIGN_OR_RETURN(bool has_header, parser->Next(record));
  if (!has_header) return InvalidArgument("the file is empty", "header");
  std::vector<std::string> headers = record.fields;
  ASSIGN_OR_RETURN(auto columns, FindColumns(headers, options));

  ClaimImportSummary summary;
  auto reject = [&](Status s) {
    ++summary.rejected;
    if (summary.errors.size() < kMaxErrorsKept) summary.errors.push_back(std::move(s));
  };
  std::vector<Row> rows;
  auto flush = [&]() -> Status {
    std::vector<NewClaim> batch;
    std::vector<const Row*> sent;
    for (const Row& row : rows) {
      if (!row.error.ok()) {
        reject(
            InvalidArgument(row.error.message(), Where(row, row.error.field(), columns, headers)));
        continue;
      }
      batch.push_back(row.claim);
      sent.push_back(&row);
    }
    if (!batch.empty()) {
      ASSIGN_OR_RETURN(auto outcomes, recovery.SubmitClaims(actor, batch, options.mode));
      for (size_t i = 0; i < outcomes.size(); ++i) {
        const auto& o = outcomes[i];
        if (!o.ok()) {
          reject(Status(o.status().code(), o.status().message(),
                        Where(*sent[i], o.status().field(), columns, headers)));
        } else if (o->change == IntakeOutcome::Change::kExisting) {
          ++summary.existing;
        } else {
          ++summary.created;
          summary.conflicts += static_cast<int>(o->conflicts.size());
        }
      }
    }
    rows.clear();
    return Status::Ok();
  };
  for (;;) {
    ASSIGN_OR_RETURN(bool more, parser->Next(record));
    if (!more) break;
    ++summary.rows;
    if (!record.error.ok()) {
      reject(InvalidArgument(record.error.message(), fmt::format("row {}", record.line)));
      continue;
    }
    rows.push_back(ReadRow(record, columns, options));
    if (rows.size() >= std::max<size_t>(options.batch, 1)) RETURN_IF_ERROR(flush());
  }
  RETURN_IF_ERROR(flush());
  return summary;
}

}  // namespace aftermath::recovery

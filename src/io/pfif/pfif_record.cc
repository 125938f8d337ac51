#include "io/pfif/pfif_record.h"

#include <fmt/format.h>

#include <boost/json.hpp>

#include "io/pfif/pfif_status.h"

namespace aftermath::io::pfif {

std::string FormatDate(Timestamp t) {
  std::string s = FormatTimestamp(t);
  return s.size() >= 19 ? s.substr(0, 19) + "Z" : s;
}

Result<Timestamp> ParseDate(std::string_view text) {
  if (text.size() != 20 || text[10] != 'T' || text.back() != 'Z') {
    return InvalidArgument(fmt::format("'{}' is not a PFIF date (YYYY-MM-DDThh:mm:ssZ)",
                                       std::string(text).substr(0, 40)));
  }
  return ParseTimestamp(text);
}

std::string LastKnownLocation(const Report& r) {
  std::string where = r.facility;
  if (!r.location.empty()) where += (where.empty() ? "" : ", ") + r.location;
  return where;
}

Fields ColumnFields(const Report& r, bool observed_known) {
  Fields f;
  auto put = [&f](std::string_view name, std::string value) {
    if (!value.empty()) f.emplace(std::string(name), std::move(value));
  };
  if (r.entered_at) put("entry_date", FormatDate(*r.entered_at));
  if (observed_known) put("source_date", FormatDate(r.observed_at));
  if (r.pfif_kind == PfifKind::kPerson) {
    put("person_record_id", r.external_id);
    if (r.expires_at) put("expiry_date", FormatDate(*r.expires_at));
    put("full_name", r.name.full_name);
    put("given_name", r.name.given_names);
    put("family_name", r.name.surname);
    put("description", r.features);
    if (r.sex == Sex::kMale) put("sex", "male");
    if (r.sex == Sex::kFemale) put("sex", "female");
    put("date_of_birth", r.birth_date.ToString());
    if (r.approx_age) put("age", std::to_string(*r.approx_age));
  } else if (r.pfif_kind == PfifKind::kNote) {
    put("note_record_id", r.external_id);
    put("status", std::string(ToPfifStatus(r.status)));
    put("last_known_location", LastKnownLocation(r));
    put("text", r.notes);
    put("aftermath:status", std::string(ToString(r.status)));
    put("aftermath:facility", r.facility);
  }
  return f;
}

std::string MakeExtension(const Fields& record, const Fields& columns) {
  boost::json::object ext;
  auto get = [](const Fields& f, const std::string& k) -> std::string_view {
    auto it = f.find(k);
    return it == f.end() ? std::string_view() : std::string_view(it->second);
  };
  Fields keys;
  for (const auto& [k, v] : record) keys.emplace(k, "");
  for (const auto& [k, v] : columns) keys.emplace(k, "");
  for (const auto& [k, unused] : keys) {
    std::string_view want = get(record, k);
    if (want != get(columns, k)) ext[k] = want;
  }
  if (ext.empty()) return "";
  // boost::json keeps insertion order: the keys went in sorted.
  return boost::json::serialize(ext);
}

Result<Fields> CopiedFields(const Report& r) {
  Fields f = ColumnFields(r);
  if (r.extension.empty()) return f;
  boost::system::error_code ec;
  auto v = boost::json::parse(r.extension, ec);
  if (ec || !v.is_object()) {
    return DataLoss(fmt::format("report {}: its PFIF extension is not a JSON object", r.id));
  }
  for (const auto& [k, value] : v.as_object()) {
    if (!value.is_string()) {
      return DataLoss(fmt::format("report {}: PFIF extension field '{}' is not a string", r.id,
                                  std::string_view(k)));
    }
    std::string key(k);
    std::string text(value.as_string());
    if (text.empty()) {
      f.erase(key);
    } else {
      f[key] = std::move(text);
    }
  }
  return f;
}

}  // namespace aftermath::io::pfif

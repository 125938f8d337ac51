#include "http/json_output.h"

namespace aftermath::http {
namespace {

boost::json::value OrNull(const std::string& s) {
  return s.empty() ? boost::json::value(nullptr) : boost::json::value(s);
}
boost::json::value OrNull(const std::optional<int>& v) {
  return v ? boost::json::value(*v) : boost::json::value(nullptr);
}
boost::json::value OrNull(const PartialDate& d) {
  return d.empty() ? boost::json::value(nullptr) : boost::json::value(d.ToString());
}
boost::json::value OrNull(const std::optional<Timestamp>& t) {
  return t ? boost::json::value(FormatTimestamp(*t)) : boost::json::value(nullptr);
}

boost::json::object NameJson(const PersonName& n) {
  boost::json::object o{{"full_name", n.full_name}};
  if (!n.surname.empty()) o["surname"] = n.surname;
  if (!n.given_names.empty()) o["given_names"] = n.given_names;
  if (!n.patronymic.empty()) o["patronymic"] = n.patronymic;
  if (!n.source_id.empty()) o["source_id"] = n.source_id;
  return o;
}

}  // namespace

boost::json::object ToJson(const Person& p) {
  boost::json::array names;
  for (const auto& n : p.names) names.push_back(NameJson(n));
  return {{"id", p.id},
          {"version", p.version},
          {"display_name", OrNull(p.display_name())},
          {"names", std::move(names)},
          {"sex", ToString(p.sex)},
          {"birth_date", OrNull(p.birth_date)},
          {"approx_age", OrNull(p.approx_age)},
          {"home_locality", OrNull(p.home_locality)},
          {"features", OrNull(p.features)},
          {"status", ToString(p.status)},
          {"status_source_id", OrNull(p.status_source_id)},
          {"facility", OrNull(p.facility)},
          {"created_at", FormatTimestamp(p.created_at)},
          {"updated_at", FormatTimestamp(p.updated_at)}};
}

boost::json::object ToJson(const Report& r) {
  return {{"id", r.id},
          {"version", r.version},
          {"source_id", r.source_id},
          {"external_id", OrNull(r.external_id)},
          {"person_id", OrNull(r.person_id)},
          {"full_name", OrNull(r.name.full_name)},
          {"sex", ToString(r.sex)},
          {"birth_date", OrNull(r.birth_date)},
          {"approx_age", OrNull(r.approx_age)},
          {"features", OrNull(r.features)},
          {"status", ToString(r.status)},
          {"facility", OrNull(r.facility)},
          {"location", OrNull(r.location)},
          {"observed_at", FormatTimestamp(r.observed_at)},
          {"received_at", FormatTimestamp(r.received_at)},
          {"notes", OrNull(r.notes)},
          {"raw", OrNull(r.raw)}};
}

boost::json::object ToJson(const StatusEvent& e) {
  return {{"id", e.id},
          {"person_id", e.person_id},
          {"report_id", e.report_id},
          {"source_id", e.source_id},
          {"status", ToString(e.status)},
          {"facility", OrNull(e.facility)},
          {"observed_at", FormatTimestamp(e.observed_at)},
          {"recorded_at", FormatTimestamp(e.recorded_at)}};
}

boost::json::object ToJson(const Inquiry& q) {
  return {{"id", q.id},
          {"version", q.version},
          {"state", ToString(q.state)},
          {"sought_name", q.sought_name},
          {"sought_sex", ToString(q.sought_sex)},
          {"sought_birth_date", OrNull(q.sought_birth_date)},
          {"sought_approx_age", OrNull(q.sought_approx_age)},
          {"sought_home_locality", OrNull(q.sought_home_locality)},
          {"last_seen_place", OrNull(q.last_seen_place)},
          {"last_seen_at", OrNull(q.last_seen_at)},
          {"sought_features", OrNull(q.sought_features)},
          {"inquirer_name", q.inquirer_name},
          {"inquirer_relation", OrNull(q.inquirer_relation)},
          {"callback_phone", q.callback_phone},
          {"channel", ToString(q.channel)},
          {"person_id", OrNull(q.person_id)},
          {"taken_by", OrNull(q.taken_by)},
          {"notes", OrNull(q.notes)},
          {"created_at", FormatTimestamp(q.created_at)},
          {"updated_at", FormatTimestamp(q.updated_at)}};
}

boost::json::object ToJson(const Source& s) {
  return {{"id", s.id},
          {"name", s.name},
          {"kind", ToString(s.kind)},
          {"trust", s.trust},
          {"region", OrNull(s.region)},
          {"created_at", FormatTimestamp(s.created_at)}};
}

}  // namespace aftermath::http

#include "http/json_output.h"

#include "io/json_text.h"
#include "names/compare.h"
#include "registry/match_reasons.h"

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

// The explanation as codes and parameters, for the console to say in the operator's language.
boost::json::array ReasonsJson(std::string_view explanation) {
  boost::json::array out;
  for (const auto& r : ParseMatchExplanation(explanation)) {
    boost::json::object params;
    for (const auto& [k, v] : r.params) params[k] = v;
    out.push_back(boost::json::object{{"code", r.code}, {"params", std::move(params)}});
  }
  return out;
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

using access::View;

boost::json::object Disclosed(Viewer viewer, View view, boost::json::object o) {
  boost::json::object out(o.size());
  for (auto& member : o) {
    if (access::MayShow(viewer, view, member.key())) {
      out.emplace(member.key(), std::move(member.value()));
    }
  }
  return out;
}

boost::json::object ToJson(const Person& p, Viewer viewer) {
  boost::json::array names;
  for (const auto& n : p.names) names.push_back(NameJson(n));
  return Disclosed(viewer, View::kPerson,
                   {{"id", p.id},
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
                    {"merged_into", OrNull(p.merged_into)},
                    {"created_at", FormatTimestamp(p.created_at)},
                    {"updated_at", FormatTimestamp(p.updated_at)}});
}

boost::json::object ToJson(const Report& r, Viewer viewer) {
  return Disclosed(viewer, View::kReport,
                   {{"id", r.id},
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
                    {"raw", OrNull(r.raw)}});
}

boost::json::object ToJson(const StatusEvent& e, Viewer viewer) {
  return Disclosed(viewer, View::kStatusEvent,
                   {{"id", e.id},
                    {"person_id", e.person_id},
                    {"report_id", e.report_id},
                    {"source_id", e.source_id},
                    {"status", ToString(e.status)},
                    {"facility", OrNull(e.facility)},
                    {"observed_at", FormatTimestamp(e.observed_at)},
                    {"recorded_at", FormatTimestamp(e.recorded_at)}});
}

boost::json::object ToJson(const Inquiry& q, Viewer viewer) {
  return Disclosed(viewer, View::kInquiry,
                   {{"id", q.id},
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
                    {"language", OrNull(q.language)},
                    {"person_id", OrNull(q.person_id)},
                    {"taken_by", OrNull(q.taken_by)},
                    {"notes", OrNull(q.notes)},
                    {"close_reason", OrNull(q.close_reason)},
                    {"closed_at", OrNull(q.closed_at)},
                    {"created_at", FormatTimestamp(q.created_at)},
                    {"updated_at", FormatTimestamp(q.updated_at)}});
}

// A match's sides carry what a reviewer compares, not the whole record.
boost::json::object ToJson(const MatchView& v, Viewer viewer) {
  const Match& m = v.match;
  boost::json::object out{{"id", m.id},
                          {"version", m.version},
                          {"score", io::Rounded(m.score, 3)},
                          {"explanation", m.explanation},
                          {"reasons", ReasonsJson(m.explanation)},
                          {"decision", ToString(m.decision)},
                          {"decided_by", OrNull(m.decided_by)},
                          {"created_at", FormatTimestamp(m.created_at)}};
  if (const auto& p = v.person) {
    out["person"] = Disclosed(viewer, View::kPerson,
                              {{"id", p->id},
                               {"display_name", OrNull(p->display_name())},
                               {"status", ToString(p->status)},
                               {"facility", OrNull(p->facility)},
                               {"sex", ToString(p->sex)},
                               {"birth_date", OrNull(p->birth_date)},
                               {"approx_age", OrNull(p->approx_age)},
                               {"features", OrNull(p->features)}});
  }
  out["inquiry"] = nullptr;
  if (const auto& q = v.inquiry) {
    out["inquiry"] = Disclosed(
        viewer, View::kInquiry,
        {{"id", q->id},
         {"state", ToString(q->state)},
         {"sought_name", q->sought_name},
         {"sought_sex", ToString(q->sought_sex)},
         {"sought_birth_date", OrNull(q->sought_birth_date)},
         {"sought_approx_age", OrNull(q->sought_approx_age)},
         {"sought_features", OrNull(q->sought_features)},
         {"last_seen_place", OrNull(q->last_seen_place)},
         {"last_seen_at", q->last_seen_at ? boost::json::value(FormatTimestamp(*q->last_seen_at))
                                          : boost::json::value(nullptr)},
         {"inquirer_name", q->inquirer_name},
         {"inquirer_relation", OrNull(q->inquirer_relation)}});
  }
  out["report"] = nullptr;
  if (const auto& r = v.report) {
    out["report"] = Disclosed(viewer, View::kReport,
                              {{"id", r->id},
                               {"full_name", OrNull(r->name.full_name)},
                               {"source_id", r->source_id},
                               {"source_name", v.report_source_name},
                               {"status", ToString(r->status)},
                               {"facility", OrNull(r->facility)},
                               {"features", OrNull(r->features)},
                               {"observed_at", FormatTimestamp(r->observed_at)}});
  }
  if (!v.merge_id.empty()) out["merge_id"] = v.merge_id;
  return Disclosed(viewer, View::kMatch, std::move(out));
}

boost::json::object ToJson(const CallbackView& c, Viewer viewer) {
  const CallbackTask& t = c.task;
  return Disclosed(
      viewer, View::kCallback,
      {{"id", t.id},
       {"version", t.version},
       {"inquiry_id", t.inquiry_id},
       {"person_id", t.person_id},
       {"phone", c.inquiry.callback_phone},
       {"inquirer_name", c.inquiry.inquirer_name},
       {"inquirer_relation", OrNull(c.inquiry.inquirer_relation)},
       {"person_name", c.person.display_name()},
       {"status", ToString(c.person.status)},
       {"facility", OrNull(c.person.facility)},
       {"message", c.message},
       {"family_code", t.family_code},
       {"state", ToString(t.state)},
       {"attempts", t.attempts},
       {"note", OrNull(t.note)},
       {"due_at", FormatTimestamp(t.due_at)},
       {"created_at", FormatTimestamp(t.created_at)},
       {"match_id", t.match_id},
       {"claimed_by", OrNull(t.claimed_by)},
       {"claimed_by_name", OrNull(c.claimed_by_name)},
       {"claimed_until", t.claimed_until ? boost::json::value(FormatTimestamp(*t.claimed_until))
                                         : boost::json::value(nullptr)}});
}

boost::json::object ToJson(const CallbackTask& t, Viewer viewer) {
  return Disclosed(
      viewer, View::kCallback,
      {{"id", t.id},
       {"state", ToString(t.state)},
       {"attempts", t.attempts},
       {"due_at", FormatTimestamp(t.due_at)},
       {"claimed_by", OrNull(t.claimed_by)},
       {"claimed_until", t.claimed_until ? boost::json::value(FormatTimestamp(*t.claimed_until))
                                         : boost::json::value(nullptr)}});
}

boost::json::object ToJson(const SearchHitView& v, Viewer viewer) {
  const index::SearchHit& h = v.hit;
  boost::json::object out{{"person_id", h.person_id},
                          {"display_name", h.name},
                          {"status", ToString(h.status)},
                          {"score", io::Rounded(h.score, 3)},
                          {"decision", names::DecisionName(h.decision)},
                          {"why", h.why}};
  out["probability"] = io::Rounded(h.probability, 3);  // the score calibrated (names/calibration.h)
  // What the operator sees in the result line: where, who said so, and how recently.
  out["facility"] = OrNull(h.facility);
  out["updated_at"] = FormatTimestamp(h.updated_at);
  out["status_source"] = OrNull(v.status_source_name);
  return Disclosed(viewer, View::kSearchHit, std::move(out));
}

boost::json::object ToJson(const OutboxMessage& m, Viewer viewer) {
  return Disclosed(viewer, View::kOutboxMessage,
                   {{"id", m.id},
                    {"channel", m.channel},
                    {"recipient", m.recipient},
                    {"body", m.body},
                    {"created_at", FormatTimestamp(m.created_at)},
                    {"sent_at", OrNull(m.sent_at)},
                    {"attempts", m.attempts},
                    {"last_error", OrNull(m.last_error)},
                    {"state", ToString(m.state)},
                    {"next_attempt_at", OrNull(m.next_attempt_at)},
                    {"receipt_at", OrNull(m.receipt_at)}});
}

boost::json::object ToJson(const AuditEvent& e, Viewer viewer) {
  return Disclosed(viewer, View::kAuditRow,
                   {{"seq", e.seq},
                    {"at", FormatTimestamp(e.at)},
                    {"actor", e.actor},
                    {"action", e.action},
                    {"entity_type", e.entity_type},
                    {"entity_id", e.entity_id},
                    {"detail", e.detail},
                    {"hash", e.hash}});
}

boost::json::object FamilyAnswerJson(const Person& p, const std::string& line_phone) {
  boost::json::object out{
      {"name", p.display_name()}, {"status", ToString(p.status)}, {"facility", OrNull(p.facility)}};
  if (!line_phone.empty()) out["phone"] = line_phone;
  return Disclosed(Viewer::kFamily, View::kFamilyAnswer, std::move(out));
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

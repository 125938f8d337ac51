#include "io/json_records.h"

namespace aftermath::io {

Result<NewPerson> ParseNewPerson(std::string_view body) {
  ASSIGN_OR_RETURN(JsonInput in, JsonInput::Parse(body));
  NewPerson p;
  RETURN_IF_ERROR(in.RequiredString("full_name", p.full_name));
  RETURN_IF_ERROR(in.StringList("other_names", p.other_names));
  RETURN_IF_ERROR(in.Sex("sex", p.sex));
  RETURN_IF_ERROR(in.Date("birth_date", p.birth_date));
  RETURN_IF_ERROR(in.Int("approx_age", p.approx_age));
  RETURN_IF_ERROR(in.String("home_locality", p.home_locality));
  RETURN_IF_ERROR(in.String("features", p.features));
  RETURN_IF_ERROR(in.Finish());
  return p;
}

Result<NewReport> ParseNewReport(std::string_view body) {
  ASSIGN_OR_RETURN(JsonInput in, JsonInput::Parse(body));
  return ReadNewReport(in);
}

Result<NewReport> ReadNewReport(JsonInput& in) {
  NewReport r;
  RETURN_IF_ERROR(in.String("source_id", r.source_id));
  RETURN_IF_ERROR(in.String("source", r.source_name));
  RETURN_IF_ERROR(in.String("external_id", r.external_id));
  RETURN_IF_ERROR(in.String("person_id", r.person_id));
  RETURN_IF_ERROR(in.String("full_name", r.full_name));
  RETURN_IF_ERROR(in.Sex("sex", r.sex));
  RETURN_IF_ERROR(in.Date("birth_date", r.birth_date));
  RETURN_IF_ERROR(in.Int("approx_age", r.approx_age));
  RETURN_IF_ERROR(in.String("features", r.features));
  RETURN_IF_ERROR(in.Status_("status", r.status));
  RETURN_IF_ERROR(in.String("facility", r.facility));
  RETURN_IF_ERROR(in.String("location", r.location));
  RETURN_IF_ERROR(in.Time("observed_at", r.observed_at));
  RETURN_IF_ERROR(in.String("notes", r.notes));
  RETURN_IF_ERROR(in.String("raw", r.raw));
  RETURN_IF_ERROR(in.Finish());
  return r;
}

Status ReadInquiryFields(JsonInput& in, Inquiry& q) {
  RETURN_IF_ERROR(in.String("sought_name", q.sought_name));
  RETURN_IF_ERROR(in.Sex("sought_sex", q.sought_sex));
  RETURN_IF_ERROR(in.Date("sought_birth_date", q.sought_birth_date));
  RETURN_IF_ERROR(in.Int("sought_approx_age", q.sought_approx_age));
  RETURN_IF_ERROR(in.String("sought_home_locality", q.sought_home_locality));
  RETURN_IF_ERROR(in.String("last_seen_place", q.last_seen_place));
  RETURN_IF_ERROR(in.Time("last_seen_at", q.last_seen_at));
  RETURN_IF_ERROR(in.String("sought_features", q.sought_features));
  RETURN_IF_ERROR(in.String("inquirer_name", q.inquirer_name));
  RETURN_IF_ERROR(in.String("inquirer_relation", q.inquirer_relation));
  RETURN_IF_ERROR(in.String("callback_phone", q.callback_phone));
  RETURN_IF_ERROR(in.ChannelField("channel", q.channel));
  RETURN_IF_ERROR(in.String("language", q.language));
  RETURN_IF_ERROR(in.String("notes", q.notes));
  RETURN_IF_ERROR(in.String("close_reason", q.close_reason));
  return Status::Ok();
}

Result<Inquiry> ParseNewInquiry(std::string_view body) {
  ASSIGN_OR_RETURN(JsonInput in, JsonInput::Parse(body));
  Inquiry q;
  if (!in.Has("sought_name")) return InvalidArgument("is required", "sought_name");
  if (!in.Has("inquirer_name")) return InvalidArgument("is required", "inquirer_name");
  if (!in.Has("callback_phone")) return InvalidArgument("is required", "callback_phone");
  RETURN_IF_ERROR(ReadInquiryFields(in, q));
  RETURN_IF_ERROR(in.Finish());
  return q;
}

Result<NewSource> ParseNewSource(std::string_view body) {
  ASSIGN_OR_RETURN(JsonInput in, JsonInput::Parse(body));
  NewSource s;
  RETURN_IF_ERROR(in.RequiredString("name", s.name));
  if (!in.Has("kind")) return InvalidArgument("is required", "kind");
  RETURN_IF_ERROR(in.Kind("kind", s.kind));
  RETURN_IF_ERROR(in.Int("trust", s.trust));
  RETURN_IF_ERROR(in.String("region", s.region));
  RETURN_IF_ERROR(in.Finish());
  return s;
}

}  // namespace aftermath::io

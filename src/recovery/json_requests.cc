#include "recovery/json_requests.h"

#include <fmt/format.h>

#include "recovery/rules.h"

namespace aftermath::recovery {
namespace {

template <typename E>
Status EnumField(JsonFields& in, std::string_view key, E& out,
                 std::optional<E> (*parse)(std::string_view), std::string_view names,
                 bool required = false) {
  std::optional<std::string> text;
  RETURN_IF_ERROR(in.String(key, text));
  if (!text) {
    return required ? InvalidArgument(fmt::format("is required: one of {}", names), in.Path(key))
                    : Status::Ok();
  }
  auto v = parse(*text);
  if (!v) {
    return InvalidArgument(fmt::format("'{}' is not one of: {}", text->substr(0, 40), names),
                           in.Path(key));
  }
  out = *v;
  return Status::Ok();
}

template <typename E>
Status EnumList(JsonFields& in, std::string_view key, std::vector<E>& out,
                std::optional<E> (*parse)(std::string_view), std::string_view names) {
  std::vector<std::string> texts;
  RETURN_IF_ERROR(in.Strings(key, texts));
  for (const auto& t : texts) {
    auto v = parse(t);
    if (!v) {
      return InvalidArgument(fmt::format("'{}' is not one of: {}", t.substr(0, 40), names),
                             in.Path(key));
    }
    out.push_back(*v);
  }
  return Status::Ok();
}

Result<std::vector<ClaimDocument>> DocumentsFrom(JsonFields& in, std::string_view key) {
  ASSIGN_OR_RETURN(auto items, in.Objects(key));
  std::vector<ClaimDocument> out;
  for (auto& item : items) {
    ClaimDocument d;
    RETURN_IF_ERROR(item.String("kind", d.kind));
    RETURN_IF_ERROR(item.String("sha256", d.sha256));
    RETURN_IF_ERROR(item.String("media_type", d.media_type));
    RETURN_IF_ERROR(item.Int64("size", d.size));
    RETURN_IF_ERROR(item.Finish());
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace

Result<Programme> ProgrammeFrom(JsonFields& in, bool versioned) {
  Programme p;
  if (versioned) {
    RETURN_IF_ERROR(in.Int64("version", p.version));
    if (p.version < 1) return InvalidArgument("send the version you read", in.Path("version"));
  }
  RETURN_IF_ERROR(in.String("code", p.code));
  RETURN_IF_ERROR(in.String("name", p.name));
  RETURN_IF_ERROR(EnumList(in, "claim_kinds", p.claim_kinds, ParseClaimKind, ClaimKindNames()));
  RETURN_IF_ERROR(EnumList(in, "object_kinds", p.object_kinds, ParseObjectKind, ObjectKindNames()));
  RETURN_IF_ERROR(
      EnumField(in, "amount_rule", p.amount_rule, ParseAmountRule, AmountRuleNames(), true));
  RETURN_IF_ERROR(in.Int64("fixed_amount", p.fixed_amount));
  RETURN_IF_ERROR(in.Int64("amount_light", p.amount_light));
  RETURN_IF_ERROR(in.Int64("amount_moderate", p.amount_moderate));
  RETURN_IF_ERROR(in.Int64("amount_severe", p.amount_severe));
  RETURN_IF_ERROR(in.Int64("cap_per_object", p.cap_per_object));
  RETURN_IF_ERROR(in.Int64("cap_per_person", p.cap_per_person));
  RETURN_IF_ERROR(in.Int64("budget", p.budget));
  RETURN_IF_ERROR(in.Int64("valuer_threshold", p.valuer_threshold));
  RETURN_IF_ERROR(in.Date("period_start", p.period_start));
  RETURN_IF_ERROR(in.Date("period_end", p.period_end));
  RETURN_IF_ERROR(in.Bool("opens_from_direct_line", p.opens_from_direct_line));
  RETURN_IF_ERROR(in.Bool("active", p.active));
  RETURN_IF_ERROR(in.Finish());
  Status s = ValidateProgramme(p);
  if (!s.ok()) return InvalidArgument(s.message(), in.Path(s.field()));
  return p;
}

Result<std::vector<Programme>> ProgrammesFromText(std::string_view text) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(text, ec);
  if (ec) return InvalidArgument(fmt::format("the file is not JSON: {}", ec.message()));
  if (v.is_object() && v.as_object().contains("programmes")) {
    boost::json::value list = v.as_object()["programmes"];
    if (v.as_object().size() != 1 || !list.is_array()) {
      return InvalidArgument("a programme file is {\"programmes\": [...]}", "programmes");
    }
    v = list;
  }
  std::vector<boost::json::object> objects;
  if (v.is_object()) {
    objects.push_back(v.as_object());
  } else if (v.is_array()) {
    for (const auto& item : v.as_array()) {
      if (!item.is_object()) return InvalidArgument("each programme is an object", "programmes");
      objects.push_back(item.as_object());
    }
  } else {
    return InvalidArgument("a programme file holds an object or a list of them");
  }
  std::vector<Programme> out;
  for (size_t i = 0; i < objects.size(); ++i) {
    JsonFields f(objects[i], objects.size() == 1 && v.is_object()
                                 ? std::string()
                                 : fmt::format("programmes[{}]", i));
    ASSIGN_OR_RETURN(Programme p, ProgrammeFrom(f, false));
    out.push_back(std::move(p));
  }
  return out;
}

boost::json::object ProgrammeToJson(const Programme& p) {
  boost::json::array kinds, objects;
  for (ClaimKind k : p.claim_kinds) kinds.emplace_back(ToString(k));
  for (ObjectKind k : p.object_kinds) objects.emplace_back(ToString(k));
  boost::json::object o{
      {"id", p.id},
      {"version", p.version},
      {"code", p.code},
      {"name", p.name},
      {"claim_kinds", std::move(kinds)},
      {"object_kinds", std::move(objects)},
      {"amount_rule", ToString(p.amount_rule)},
      {"fixed_amount", p.fixed_amount},
      {"amount_light", p.amount_light},
      {"amount_moderate", p.amount_moderate},
      {"amount_severe", p.amount_severe},
      {"cap_per_object", p.cap_per_object},
      {"cap_per_person", p.cap_per_person},
      {"budget", p.budget},
      {"valuer_threshold", p.valuer_threshold},
      {"period_start", p.period_start.ToString()},
      {"period_end", p.period_end.empty() ? boost::json::value(nullptr)
                                          : boost::json::value(p.period_end.ToString())},
      {"opens_from_direct_line", p.opens_from_direct_line},
      {"active", p.active},
      {"created_at", FormatTimestamp(p.created_at)},
      {"updated_at", FormatTimestamp(p.updated_at)}};
  return o;
}

Result<NewObject> NewObjectFrom(JsonFields& in) {
  NewObject o;
  RETURN_IF_ERROR(EnumField(in, "kind", o.kind, ParseObjectKind, ObjectKindNames(), true));
  RETURN_IF_ERROR(in.String("name", o.name));
  RETURN_IF_ERROR(in.String("address", o.address));
  RETURN_IF_ERROR(in.String("cadastral", o.cadastral));
  RETURN_IF_ERROR(in.String("vin", o.vin));
  RETURN_IF_ERROR(in.String("plate", o.plate));
  RETURN_IF_ERROR(in.String("bin", o.bin));
  RETURN_IF_ERROR(in.String("premises", o.premises));
  RETURN_IF_ERROR(in.String("district", o.district));
  RETURN_IF_ERROR(in.String("description", o.description));
  ASSIGN_OR_RETURN(auto owners, in.Objects("owners"));
  for (auto& item : owners) {
    ObjectOwner w;
    RETURN_IF_ERROR(item.String("name", w.name));
    RETURN_IF_ERROR(item.String("id_number", w.id_number));
    RETURN_IF_ERROR(item.Int("share_bp", w.share_bp));
    RETURN_IF_ERROR(item.Finish());
    o.owners.push_back(std::move(w));
  }
  RETURN_IF_ERROR(in.Finish());
  return o;
}

Result<NewClaim> NewClaimFrom(JsonFields& in) {
  NewClaim c;
  RETURN_IF_ERROR(EnumField(in, "kind", c.kind, ParseClaimKind, ClaimKindNames(), true));
  RETURN_IF_ERROR(EnumField(in, "channel", c.channel, ParseClaimChannel, ClaimChannelNames()));
  if (c.channel == ClaimChannel::kDirectLine) {
    return InvalidArgument("only the direct line opens direct_line cases", in.Path("channel"));
  }
  RETURN_IF_ERROR(in.String("programme", c.programme));
  RETURN_IF_ERROR(in.String("object_id", c.object_id));
  ASSIGN_OR_RETURN(auto object, in.Object("object"));
  if (object) {
    ASSIGN_OR_RETURN(c.object, NewObjectFrom(*object));
  }
  RETURN_IF_ERROR(in.String("person_id", c.person_id));
  RETURN_IF_ERROR(in.String("external_id", c.external_id));
  RETURN_IF_ERROR(in.String("applicant_name", c.applicant_name));
  RETURN_IF_ERROR(in.String("applicant_id", c.applicant_id));
  RETURN_IF_ERROR(in.String("applicant_phone", c.applicant_phone));
  RETURN_IF_ERROR(in.String("applicant_address", c.applicant_address));
  RETURN_IF_ERROR(in.String("iban", c.iban));
  RETURN_IF_ERROR(in.String("relation", c.relation));
  RETURN_IF_ERROR(
      EnumField(in, "severity", c.severity, ParseInjurySeverity, InjurySeverityNames()));
  RETURN_IF_ERROR(in.Int64("amount_claimed", c.amount_claimed));
  ASSIGN_OR_RETURN(c.documents, DocumentsFrom(in, "documents"));
  RETURN_IF_ERROR(in.String("notes", c.notes));
  RETURN_IF_ERROR(in.Finish());
  return c;
}

Result<ClaimChanges> ClaimChangesFrom(JsonFields& in) {
  ClaimChanges c;
  RETURN_IF_ERROR(in.Int64("version", c.version));
  if (c.version < 1) return InvalidArgument("send the version you read", in.Path("version"));
  RETURN_IF_ERROR(in.String("applicant_name", c.applicant_name));
  RETURN_IF_ERROR(in.String("applicant_id", c.applicant_id));
  RETURN_IF_ERROR(in.String("applicant_phone", c.applicant_phone));
  RETURN_IF_ERROR(in.String("applicant_address", c.applicant_address));
  RETURN_IF_ERROR(in.String("iban", c.iban));
  RETURN_IF_ERROR(in.String("relation", c.relation));
  RETURN_IF_ERROR(in.String("notes", c.notes));
  if (in.Has("severity")) {
    InjurySeverity severity = InjurySeverity::kUnknown;
    RETURN_IF_ERROR(
        EnumField(in, "severity", severity, ParseInjurySeverity, InjurySeverityNames()));
    c.severity = severity;
  }
  RETURN_IF_ERROR(in.Int64("amount_claimed", c.amount_claimed));
  bool replace_documents = in.Has("documents");  // even as []: the list is replaced
  ASSIGN_OR_RETURN(auto docs, DocumentsFrom(in, "documents"));
  if (replace_documents) c.documents = std::move(docs);
  RETURN_IF_ERROR(in.Finish());
  return c;
}

Result<NewAssessment> NewAssessmentFrom(JsonFields& in) {
  NewAssessment a;
  RETURN_IF_ERROR(in.String("claim_id", a.claim_id));
  RETURN_IF_ERROR(
      EnumField(in, "grade", a.grade, ParseDamageGrade, "D0, D1, D2, D3, D4, D5", true));
  RETURN_IF_ERROR(in.Bool("looted", a.looted));
  RETURN_IF_ERROR(in.Bool("burned", a.burned));
  RETURN_IF_ERROR(in.Int64("asset_damage", a.asset_damage));
  RETURN_IF_ERROR(in.Int64("lost_income", a.lost_income));
  RETURN_IF_ERROR(in.String("notes", a.notes));
  RETURN_IF_ERROR(in.Time("inspected_at", a.inspected_at));
  ASSIGN_OR_RETURN(auto photos, in.Objects("photos"));
  for (auto& item : photos) {
    Photo p;
    RETURN_IF_ERROR(item.String("sha256", p.sha256));
    RETURN_IF_ERROR(item.String("media_type", p.media_type));
    RETURN_IF_ERROR(item.Int64("size", p.size));
    RETURN_IF_ERROR(item.Time("taken_at", p.taken_at));
    RETURN_IF_ERROR(item.Double("latitude", p.latitude));
    RETURN_IF_ERROR(item.Double("longitude", p.longitude));
    RETURN_IF_ERROR(item.Finish());
    a.photos.push_back(std::move(p));
  }
  RETURN_IF_ERROR(in.Finish());
  return a;
}

}  // namespace aftermath::recovery

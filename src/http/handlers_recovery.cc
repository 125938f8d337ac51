// The damage & support register under /api/v1/recovery: thin handlers that parse, call the
// register (recovery/recovery.h, the one door to its data), map the status and write JSON
// through the one disclosure table (access/disclosure.cc) for the caller's role.
#include <fmt/format.h>

#include <streambuf>

#include "http/error_mapping.h"
#include "http/handlers.h"
#include "http/json_body.h"
#include "http/json_output.h"
#include "recovery/claims_import.h"
#include "recovery/json_requests.h"

namespace aftermath::http {
namespace {

using access::View;
using recovery::JsonFields;

boost::json::value OrNull(const std::string& s) {
  return s.empty() ? boost::json::value(nullptr) : boost::json::value(s);
}
boost::json::value OrNull(const std::optional<Timestamp>& t) {
  return t ? boost::json::value(FormatTimestamp(*t)) : boost::json::value(nullptr);
}
boost::json::value OrNull(const std::optional<int64_t>& v) {
  return v ? boost::json::value(*v) : boost::json::value(nullptr);
}
boost::json::value OrNull(const std::optional<double>& v) {
  return v ? boost::json::value(*v) : boost::json::value(nullptr);
}

Response NoRegister() {
  return ErrorResponse(Unavailable("this server runs without the recovery register"));
}

#define REQUIRE_RECOVERY(ctx) \
  if (!(ctx).recovery) return NoRegister()

Result<bool> DryRun(const Request& req) {
  if (!req.HasQuery("dry_run")) return false;
  std::string v = req.Query("dry_run");
  if (v == "true" || v == "1") return true;
  if (v == "false" || v == "0") return false;
  return InvalidArgument(fmt::format("'{}' is not true or false", v.substr(0, 20)), "dry_run");
}

// ---- JSON, through the disclosure table ----

boost::json::object DocumentJson(const ClaimDocument& d) {
  return {{"kind", d.kind}, {"sha256", d.sha256}, {"media_type", d.media_type}, {"size", d.size}};
}

boost::json::object ClaimJson(const Claim& c, Viewer viewer) {
  boost::json::array documents;
  for (const auto& d : c.documents) documents.push_back(DocumentJson(d));
  return Disclosed(viewer, View::kClaim,
                   {{"id", c.id},
                    {"version", c.version},
                    {"kind", ToString(c.kind)},
                    {"state", ToString(c.state)},
                    {"channel", ToString(c.channel)},
                    {"programme_id", c.programme_id},
                    {"object_id", OrNull(c.object_id)},
                    {"person_id", OrNull(c.person_id)},
                    {"external_id", OrNull(c.external_id)},
                    {"applicant_name", OrNull(c.applicant_name)},
                    {"applicant_id", OrNull(c.applicant_id)},
                    {"applicant_phone", OrNull(c.applicant_phone)},
                    {"applicant_address", OrNull(c.applicant_address)},
                    {"iban", OrNull(c.iban)},
                    {"relation", OrNull(c.relation)},
                    {"severity", ToString(c.severity)},
                    {"amount_claimed", c.amount_claimed},
                    {"amount_valued", OrNull(c.amount_valued)},
                    {"valuation", ToString(c.valuation)},
                    {"missing", OrNull(c.missing)},
                    {"notes", OrNull(c.notes)},
                    {"documents", std::move(documents)},
                    {"duplicate_of", OrNull(c.duplicate_of)},
                    {"submitted_at", FormatTimestamp(c.submitted_at)},
                    {"completed_at", OrNull(c.completed_at)},
                    {"due_at", OrNull(c.due_at)},
                    {"ready_at", OrNull(c.ready_at)},
                    {"withdrawn_at", OrNull(c.withdrawn_at)},
                    {"updated_at", FormatTimestamp(c.updated_at)}});
}

boost::json::object AssessmentJson(const Assessment& a, Viewer viewer) {
  boost::json::array photos;
  for (const auto& p : a.photos) {
    photos.push_back(boost::json::object{{"sha256", p.sha256},
                                         {"media_type", p.media_type},
                                         {"size", p.size},
                                         {"taken_at", OrNull(p.taken_at)},
                                         {"latitude", OrNull(p.latitude)},
                                         {"longitude", OrNull(p.longitude)}});
  }
  return Disclosed(viewer, View::kAssessment,
                   {{"id", a.id},
                    {"object_id", a.object_id},
                    {"claim_id", OrNull(a.claim_id)},
                    {"inspector", a.inspector},
                    {"grade", ToString(a.grade)},
                    {"fema", ToString(FemaOf(a.grade))},
                    {"looted", a.looted},
                    {"burned", a.burned},
                    {"asset_damage", a.asset_damage},
                    {"lost_income", a.lost_income},
                    {"notes", OrNull(a.notes)},
                    {"photos", std::move(photos)},
                    {"inspected_at", FormatTimestamp(a.inspected_at)}});
}

boost::json::object WorkJson(const RestorationWork& w, Viewer viewer) {
  return Disclosed(viewer, View::kWork,
                   {{"id", w.id},
                    {"version", w.version},
                    {"object_id", w.object_id},
                    {"contractor", w.contractor},
                    {"budget", w.budget},
                    {"progress_pct", w.progress_pct},
                    {"started_at", OrNull(w.started_at)},
                    {"completed_at", OrNull(w.completed_at)},
                    {"notes", OrNull(w.notes)}});
}

boost::json::object ObjectJson(const AffectedObject& o, Viewer viewer) {
  boost::json::array owners;
  for (const auto& w : o.owners) {
    owners.push_back(Disclosed(
        viewer, View::kOwner,
        {{"name", w.name}, {"id_number", OrNull(w.id_number)}, {"share_bp", w.share_bp}}));
  }
  return Disclosed(viewer, View::kObject,
                   {{"id", o.id},
                    {"version", o.version},
                    {"kind", ToString(o.kind)},
                    {"name", OrNull(o.name)},
                    {"address", OrNull(o.address)},
                    {"cadastral", OrNull(o.cadastral)},
                    {"vin", OrNull(o.vin)},
                    {"plate", OrNull(o.plate)},
                    {"bin", OrNull(o.bin)},
                    {"premises", OrNull(o.premises)},
                    {"description", OrNull(o.description)},
                    {"district", OrNull(o.district)},
                    {"owners", std::move(owners)},
                    {"created_at", FormatTimestamp(o.created_at)},
                    {"updated_at", FormatTimestamp(o.updated_at)}});
}

boost::json::object KinJson(const KinProposal& k, Viewer viewer) {
  return Disclosed(viewer, View::kKinProposal,
                   {{"id", k.id},
                    {"version", k.version},
                    {"state", ToString(k.state)},
                    {"inquiry_id", OrNull(k.inquiry_id)},
                    {"name", OrNull(k.name)},
                    {"relation", OrNull(k.relation)},
                    {"phone", OrNull(k.phone)},
                    {"created_at", FormatTimestamp(k.created_at)}});
}

boost::json::object ConflictJson(const Conflict& c, Viewer viewer) {
  return Disclosed(viewer, View::kConflict,
                   {{"id", c.id},
                    {"version", c.version},
                    {"claim_id", c.claim_id},
                    {"other_claim_id", c.other_claim_id},
                    {"reason", ToString(c.reason)},
                    {"reasons", c.reasons},
                    {"score", c.score},
                    {"state", ToString(c.state)},
                    {"resolved_by", OrNull(c.resolved_by)},
                    {"resolved_at", OrNull(c.resolved_at)},
                    {"resolution_note", OrNull(c.resolution_note)},
                    {"created_at", FormatTimestamp(c.created_at)}});
}

boost::json::object ConflictViewJson(const recovery::ConflictView& v, Viewer viewer) {
  boost::json::object o = ConflictJson(v.conflict, viewer);
  if (access::MayShow(viewer, View::kConflict, "claim")) o["claim"] = ClaimJson(v.claim, viewer);
  if (access::MayShow(viewer, View::kConflict, "other")) o["other"] = ClaimJson(v.other, viewer);
  return o;
}

boost::json::object ClaimViewJson(const recovery::ClaimView& v, Viewer viewer) {
  boost::json::object o = ClaimJson(v.claim, viewer);
  boost::json::array missing;
  for (const auto& m : v.missing) missing.emplace_back(m);
  boost::json::array assessments, conflicts, kin;
  for (const auto& a : v.assessments) assessments.push_back(AssessmentJson(a, viewer));
  for (const auto& c : v.conflicts) conflicts.push_back(ConflictJson(c, viewer));
  for (const auto& k : v.kin) kin.push_back(KinJson(k, viewer));
  boost::json::array earlier;
  for (const auto& e : v.earlier) {
    earlier.push_back(boost::json::object{{"claim_id", e.claim_id},
                                          {"programme_code", e.programme_code},
                                          {"kind", ToString(e.kind)},
                                          {"state", ToString(e.state)},
                                          {"same_applicant", e.same_applicant},
                                          {"same_object", e.same_object},
                                          {"paid", e.paid},
                                          {"pending_payment", e.pending_payment},
                                          {"last_paid_at", OrNull(e.last_paid_at)}});
  }
  boost::json::object extra{{"programme_code", v.programme_code},
                            {"programme_name", v.programme_name},
                            {"missing", std::move(missing)},
                            {"person_name", OrNull(v.person_name)},
                            {"person_status", OrNull(v.person_status)},
                            {"assessments", std::move(assessments)},
                            {"conflicts", std::move(conflicts)},
                            {"kin", std::move(kin)},
                            {"earlier", std::move(earlier)}};
  if (v.object) extra["object"] = ObjectJson(*v.object, viewer);
  for (auto& member : Disclosed(viewer, View::kClaim, std::move(extra))) {
    o[member.key()] = std::move(member.value());
  }
  return o;
}

boost::json::object IntakeJson(const recovery::IntakeOutcome& out, Viewer viewer) {
  boost::json::array conflicts;
  for (const auto& c : out.conflicts) conflicts.push_back(ConflictJson(c, viewer));
  boost::json::object o{{"claim", ClaimJson(out.claim, viewer)},
                        {"conflicts", std::move(conflicts)},
                        {"object_created", out.object_created},
                        {"existing", out.change == recovery::IntakeOutcome::Change::kExisting}};
  if (out.object) o["object"] = ObjectJson(*out.object, viewer);
  return o;
}

Response ClaimResponse(const Result<Claim>& c, const Request& req) {
  if (!c.ok()) return ErrorResponse(c.status());
  return JsonResponse(200, ClaimJson(*c, ViewerOf(req)));
}

}  // namespace

// ---- programmes ----

Response ListProgrammes(ApiContext& ctx, Request&) {
  REQUIRE_RECOVERY(ctx);
  auto list = ctx.recovery->ListProgrammes();
  if (!list.ok()) return ErrorResponse(list.status());
  boost::json::array items;
  for (const auto& p : *list) items.push_back(recovery::ProgrammeToJson(p));
  return JsonResponse(200, boost::json::object{{"items", std::move(items)}});
}

Response CreateProgramme(ApiContext& ctx, Request& req) {
  REQUIRE_RECOVERY(ctx);
  return WithBody(req, [&](JsonFields& in) {
    auto p = recovery::ProgrammeFrom(in, false);
    if (!p.ok()) return ErrorResponse(p.status());
    auto created = ctx.recovery->CreateProgramme(Actor(req), *p);
    if (!created.ok()) return ErrorResponse(created.status());
    return JsonResponse(201, recovery::ProgrammeToJson(*created));
  });
}

Response UpdateProgramme(ApiContext& ctx, Request& req) {
  REQUIRE_RECOVERY(ctx);
  return WithBody(req, [&](JsonFields& in) {
    auto p = recovery::ProgrammeFrom(in, true);
    if (!p.ok()) return ErrorResponse(p.status());
    p->id = req.path_params["id"];
    auto updated = ctx.recovery->UpdateProgramme(Actor(req), *p);
    if (!updated.ok()) return ErrorResponse(updated.status());
    return JsonResponse(200, recovery::ProgrammeToJson(*updated));
  });
}

// ---- objects ----

Response RegisterObject(ApiContext& ctx, Request& req) {
  REQUIRE_RECOVERY(ctx);
  return WithBody(req, [&](JsonFields& in) {
    auto o = recovery::NewObjectFrom(in);
    if (!o.ok()) return ErrorResponse(o.status());
    auto stored = ctx.recovery->RegisterObject(Actor(req), *o);
    if (!stored.ok()) return ErrorResponse(stored.status());
    return JsonResponse(200, ObjectJson(*stored, ViewerOf(req)));
  });
}

Response ListObjects(ApiContext& ctx, Request& req) {
  REQUIRE_RECOVERY(ctx);
  if (req.HasQuery("q")) {  // intake's lookup: what the clerk typed, a key or an address
    auto limit = IntQuery(req, "limit", 10, 1, 50);
    if (!limit.ok()) return ErrorResponse(limit.status());
    auto found = ctx.recovery->FindObjects(Actor(req), req.Query("q"), *limit);
    if (!found.ok()) return ErrorResponse(found.status());
    boost::json::array items;
    for (const auto& o : *found) items.push_back(ObjectJson(o, ViewerOf(req)));
    return JsonResponse(200, boost::json::object{{"items", std::move(items)},
                                                 {"next_cursor", nullptr}});
  }
  auto page = PageFromQuery(req);
  if (!page.ok()) return ErrorResponse(page.status());
  std::optional<ObjectKind> kind;
  if (req.HasQuery("kind")) {
    kind = ParseObjectKind(req.Query("kind"));
    if (!kind)
      return ErrorResponse(
          InvalidArgument(fmt::format("must be one of: {}", ObjectKindNames()), "kind"));
  }
  auto list = ctx.recovery->ListObjects(Actor(req), kind, *page);
  if (!list.ok()) return ErrorResponse(list.status());
  boost::json::array items;
  for (const auto& o : list->items) items.push_back(ObjectJson(o, ViewerOf(req)));
  return JsonResponse(200, boost::json::object{{"items", std::move(items)},
                                               {"next_cursor", OrNull(list->next_cursor)}});
}

Response GetObject(ApiContext& ctx, Request& req) {
  REQUIRE_RECOVERY(ctx);
  auto v = ctx.recovery->GetObject(Actor(req), req.path_params["id"]);
  if (!v.ok()) return ErrorResponse(v.status());
  Viewer viewer = ViewerOf(req);
  boost::json::object o = ObjectJson(v->object, viewer);
  boost::json::array assessments, works, claims;
  for (const auto& a : v->assessments) assessments.push_back(AssessmentJson(a, viewer));
  for (const auto& w : v->works) works.push_back(WorkJson(w, viewer));
  for (const auto& id : v->claim_ids) claims.emplace_back(id);
  for (auto& member : Disclosed(viewer, View::kObject,
                                {{"assessments", std::move(assessments)},
                                 {"works", std::move(works)},
                                 {"claim_ids", std::move(claims)}})) {
    o[member.key()] = std::move(member.value());
  }
  return JsonResponse(200, o);
}

Response CreateAssessment(ApiContext& ctx, Request& req) {
  REQUIRE_RECOVERY(ctx);
  return WithBody(req, [&](JsonFields& in) {
    auto a = recovery::NewAssessmentFrom(in);
    if (!a.ok()) return ErrorResponse(a.status());
    a->object_id = req.path_params["id"];
    auto stored = ctx.recovery->RecordAssessment(Actor(req), *a);
    if (!stored.ok()) return ErrorResponse(stored.status());
    return JsonResponse(201, AssessmentJson(*stored, ViewerOf(req)));
  });
}

Response StartWork(ApiContext& ctx, Request& req) {
  REQUIRE_RECOVERY(ctx);
  return WithBody(req, [&](JsonFields& in) {
    RestorationWork w{.object_id = req.path_params["id"]};
    Status s = in.String("contractor", w.contractor);
    if (s.ok()) s = in.Int64("budget", w.budget);
    if (s.ok()) s = in.Int("progress_pct", w.progress_pct);
    if (s.ok()) s = in.String("notes", w.notes);
    if (s.ok()) s = in.Finish();
    if (!s.ok()) return ErrorResponse(s);
    auto stored = ctx.recovery->StartWork(Actor(req), w);
    if (!stored.ok()) return ErrorResponse(stored.status());
    return JsonResponse(201, WorkJson(*stored, ViewerOf(req)));
  });
}

Response UpdateWork(ApiContext& ctx, Request& req) {
  REQUIRE_RECOVERY(ctx);
  return WithBody(req, [&](JsonFields& in) {
    int64_t version = 0;
    int progress = -1;
    std::string notes;
    Status s = in.Int64("version", version);
    if (s.ok()) s = in.Int("progress_pct", progress);
    if (s.ok()) s = in.String("notes", notes);
    if (s.ok()) s = in.Finish();
    if (!s.ok()) return ErrorResponse(s);
    auto w = ctx.recovery->UpdateWork(Actor(req), req.path_params["id"], version, progress, notes);
    if (!w.ok()) return ErrorResponse(w.status());
    return JsonResponse(200, WorkJson(*w, ViewerOf(req)));
  });
}

Response UploadFile(ApiContext& ctx, Request& req) {
  REQUIRE_RECOVERY(ctx);
  std::string type = req.Header("content-type");
  type = type.substr(0, type.find(';'));
  auto f = ctx.recovery->StoreFile(Actor(req), req.body, type);
  if (!f.ok()) return ErrorResponse(f.status());
  return JsonResponse(
      201,
      boost::json::object{{"sha256", f->sha256}, {"media_type", f->media_type}, {"size", f->size}});
}

// ---- claims ----

Response SubmitClaim(ApiContext& ctx, Request& req) {
  REQUIRE_RECOVERY(ctx);
  auto dry_run = DryRun(req);
  if (!dry_run.ok()) return ErrorResponse(dry_run.status());
  return WithBody(req, [&](JsonFields& in) {
    auto c = recovery::NewClaimFrom(in);
    if (!c.ok()) return ErrorResponse(c.status());
    auto out = ctx.recovery->SubmitClaim(
        Actor(req), *c, *dry_run ? recovery::WriteMode::kDryRun : recovery::WriteMode::kCommit);
    if (!out.ok()) return ErrorResponse(out.status());
    bool created = out->change == recovery::IntakeOutcome::Change::kCreated && !*dry_run;
    return JsonResponse(created ? 201 : 200, IntakeJson(*out, ViewerOf(req)));
  });
}

Response ListClaims(ApiContext& ctx, Request& req) {
  REQUIRE_RECOVERY(ctx);
  auto page = PageFromQuery(req);
  if (!page.ok()) return ErrorResponse(page.status());
  ClaimFilter filter;
  if (req.HasQuery("state")) {
    filter.state = ParseClaimState(req.Query("state"));
    if (!filter.state)
      return ErrorResponse(
          InvalidArgument(fmt::format("must be one of: {}", ClaimStateNames()), "state"));
  }
  if (req.HasQuery("kind")) {
    filter.kind = ParseClaimKind(req.Query("kind"));
    if (!filter.kind)
      return ErrorResponse(
          InvalidArgument(fmt::format("must be one of: {}", ClaimKindNames()), "kind"));
  }
  filter.programme_id = req.Query("programme_id");
  filter.object_id = req.Query("object_id");
  auto list = ctx.recovery->ListClaims(Actor(req), filter, *page);
  if (!list.ok()) return ErrorResponse(list.status());
  boost::json::array items;
  for (const auto& c : list->items) items.push_back(ClaimJson(c, ViewerOf(req)));
  return JsonResponse(200, boost::json::object{{"items", std::move(items)},
                                               {"next_cursor", OrNull(list->next_cursor)}});
}

Response ListOverdueClaims(ApiContext& ctx, Request& req) {
  REQUIRE_RECOVERY(ctx);
  auto page = PageFromQuery(req);
  if (!page.ok()) return ErrorResponse(page.status());
  auto list = ctx.recovery->ListOverdue(Actor(req), page->limit);
  if (!list.ok()) return ErrorResponse(list.status());
  boost::json::array items;
  for (const auto& c : *list) items.push_back(ClaimJson(c, ViewerOf(req)));
  return JsonResponse(200, boost::json::object{{"items", std::move(items)}});
}

Response GetClaim(ApiContext& ctx, Request& req) {
  REQUIRE_RECOVERY(ctx);
  auto v = ctx.recovery->GetClaim(Actor(req), req.path_params["id"]);
  if (!v.ok()) return ErrorResponse(v.status());
  return JsonResponse(200, ClaimViewJson(*v, ViewerOf(req)));
}

Response UpdateClaim(ApiContext& ctx, Request& req) {
  REQUIRE_RECOVERY(ctx);
  return WithBody(req, [&](JsonFields& in) {
    auto changes = recovery::ClaimChangesFrom(in);
    if (!changes.ok()) return ErrorResponse(changes.status());
    auto out = ctx.recovery->UpdateClaim(Actor(req), req.path_params["id"], *changes);
    if (!out.ok()) return ErrorResponse(out.status());
    return JsonResponse(200, IntakeJson(*out, ViewerOf(req)));
  });
}

Response ReviewClaim(ApiContext& ctx, Request& req) {
  REQUIRE_RECOVERY(ctx);
  return ClaimResponse(ctx.recovery->ReviewClaim(Actor(req), req.path_params["id"]), req);
}

Response CheckClaim(ApiContext& ctx, Request& req) {
  REQUIRE_RECOVERY(ctx);
  return ClaimResponse(ctx.recovery->CheckClaim(Actor(req), req.path_params["id"]), req);
}

Response ValueClaim(ApiContext& ctx, Request& req) {
  REQUIRE_RECOVERY(ctx);
  return WithBody(req, [&](JsonFields& in) {
    std::optional<int64_t> amount;
    Status s = in.Int64("amount", amount);
    if (s.ok()) s = in.Finish();
    if (s.ok() && !amount) s = InvalidArgument("is required", "amount");
    if (!s.ok()) return ErrorResponse(s);
    return ClaimResponse(ctx.recovery->ValueClaim(Actor(req), req.path_params["id"], *amount), req);
  });
}

Response MarkClaimReady(ApiContext& ctx, Request& req) {
  REQUIRE_RECOVERY(ctx);
  return ClaimResponse(ctx.recovery->MarkReady(Actor(req), req.path_params["id"]), req);
}

Response WithdrawClaim(ApiContext& ctx, Request& req) {
  REQUIRE_RECOVERY(ctx);
  return WithBody(req, [&](JsonFields& in) {
    std::string reason;
    Status s = in.String("reason", reason);
    if (s.ok()) s = in.Finish();
    if (!s.ok()) return ErrorResponse(s);
    return ClaimResponse(ctx.recovery->WithdrawClaim(Actor(req), req.path_params["id"], reason),
                         req);
  });
}

Response ConfirmPayee(ApiContext& ctx, Request& req) {
  REQUIRE_RECOVERY(ctx);
  return WithBody(req, [&](JsonFields& in) {
    std::string kin_id;
    Status s = in.String("kin_id", kin_id);
    if (s.ok()) s = in.Finish();
    if (s.ok() && kin_id.empty()) s = InvalidArgument("is required", "kin_id");
    if (!s.ok()) return ErrorResponse(s);
    return ClaimResponse(ctx.recovery->ConfirmPayee(Actor(req), req.path_params["id"], kin_id),
                         req);
  });
}

namespace {
// Reads the request body in place.
class BodyBuf : public std::streambuf {
 public:
  explicit BodyBuf(std::string& body) { setg(body.data(), body.data(), body.data() + body.size()); }
};
}  // namespace

Response ImportClaims(ApiContext& ctx, Request& req) {
  REQUIRE_RECOVERY(ctx);
  std::string type = req.Header("content-type");
  type = type.substr(0, type.find(';'));
  if (type != "text/csv") {
    return ErrorResponse(415, "unsupported_media_type", "send the field form's CSV as text/csv");
  }
  auto dry_run = DryRun(req);
  if (!dry_run.ok()) return ErrorResponse(dry_run.status());
  recovery::ClaimImportOptions options{.programme = req.Query("programme"),
                                       .encoding = req.Query("encoding")};
  if (req.HasQuery("kind")) {
    options.kind = ParseClaimKind(req.Query("kind"));
    if (!options.kind) {
      return ErrorResponse(
          InvalidArgument(fmt::format("must be one of: {}", ClaimKindNames()), "kind"));
    }
  }
  if (*dry_run) options.mode = recovery::WriteMode::kDryRun;
  BodyBuf buf(req.body);
  std::istream in(&buf);
  auto summary = recovery::ImportClaims(*ctx.recovery, Actor(req), in, options);
  if (!summary.ok()) return ErrorResponse(summary.status());
  boost::json::array errors;
  for (const auto& e : summary->errors) {
    errors.push_back(boost::json::object{
        {"code", StatusCodeName(e.code())}, {"where", e.field()}, {"message", e.message()}});
  }
  return JsonResponse(200, boost::json::object{{"dry_run", *dry_run},
                                               {"rows", summary->rows},
                                               {"created", summary->created},
                                               {"existing", summary->existing},
                                               {"rejected", summary->rejected},
                                               {"conflicts", summary->conflicts},
                                               {"errors", std::move(errors)}});
}

// ---- conflicts ----

Response ListConflicts(ApiContext& ctx, Request& req) {
  REQUIRE_RECOVERY(ctx);
  auto page = PageFromQuery(req);
  if (!page.ok()) return ErrorResponse(page.status());
  ConflictFilter filter{.limit = page->limit};
  std::string state = req.HasQuery("state") ? req.Query("state") : "open";
  if (state != "all") {
    filter.state = ParseConflictState(state);
    if (!filter.state)
      return ErrorResponse(
          InvalidArgument("must be open, duplicate, not_duplicate or all", "state"));
  }
  filter.claim_id = req.Query("claim_id");
  auto list = ctx.recovery->ListConflicts(Actor(req), filter);
  if (!list.ok()) return ErrorResponse(list.status());
  boost::json::array items;
  for (const auto& v : *list) items.push_back(ConflictViewJson(v, ViewerOf(req)));
  return JsonResponse(200, boost::json::object{{"items", std::move(items)}});
}

Response ResolveConflict(ApiContext& ctx, Request& req) {
  REQUIRE_RECOVERY(ctx);
  return WithBody(req, [&](JsonFields& in) {
    std::string resolution, note;
    int64_t version = 0;
    Status s = in.String("resolution", resolution);
    if (s.ok()) s = in.Int64("version", version);
    if (s.ok()) s = in.String("note", note);
    if (s.ok()) s = in.Finish();
    if (!s.ok()) return ErrorResponse(s);
    recovery::Resolution r;
    if (resolution == "duplicate") {
      r = recovery::Resolution::kDuplicate;
    } else if (resolution == "not_duplicate") {
      r = recovery::Resolution::kNotDuplicate;
    } else {
      return ErrorResponse(InvalidArgument("must be duplicate or not_duplicate", "resolution"));
    }
    auto c = ctx.recovery->ResolveConflict(Actor(req), req.path_params["id"], version, r, note);
    if (!c.ok()) return ErrorResponse(c.status());
    return JsonResponse(200, ConflictJson(*c, ViewerOf(req)));
  });
}

Response UndoConflictResolution(ApiContext& ctx, Request& req) {
  REQUIRE_RECOVERY(ctx);
  return WithBody(req, [&](JsonFields& in) {
    int64_t version = 0;
    Status s = in.Int64("version", version);
    if (s.ok()) s = in.Finish();
    if (!s.ok()) return ErrorResponse(s);
    auto c = ctx.recovery->UndoResolution(Actor(req), req.path_params["id"], version);
    if (!c.ok()) return ErrorResponse(c.status());
    return JsonResponse(200, ConflictJson(*c, ViewerOf(req)));
  });
}

// The public page's "where is my application": the number and the applicant's own IIN or BIN in
// the body (never in the URL, which proxies log), rate-limited like the public lookup.
Response PublicClaimStatus(ApiContext& ctx, Request& req) {
  REQUIRE_RECOVERY(ctx);
  return WithBody(req, [&](JsonFields& in) {
    std::string number, iin;
    Status s = in.String("number", number);
    if (s.ok()) s = in.String("iin", iin);
    if (s.ok()) s = in.Finish();
    if (!s.ok()) return ErrorResponse(s);
    if (auto r = Throttled(ctx.public_limiter, req, "too many lookups; try again later")) {
      return *r;
    }
    auto status = ctx.recovery->StatusForApplicant(number, iin);
    if (!status.ok()) return ErrorResponse(status.status());
    boost::json::array missing;
    for (const auto& m : status->missing) missing.emplace_back(m);
    return JsonResponse(200,
                        boost::json::object{{"number", status->claim_id},
                                            {"state", std::string(ToString(status->state))},
                                            {"missing", std::move(missing)},
                                            {"submitted_at", FormatTimestamp(status->submitted_at)},
                                            {"updated_at", FormatTimestamp(status->updated_at)}});
  });
}

}  // namespace aftermath::http

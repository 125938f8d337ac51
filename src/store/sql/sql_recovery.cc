// The damage & support register of SqlTransaction (see store/recovery_records.h): programmes,
// objects and owners, assessments and photos, restoration works, claims and documents, next of
// kin, conflicts.
#include <fmt/format.h>

#include <sstream>
#include <unordered_map>

#include "store/paging.h"
#include "store/sql/filter_variants.h"
#include "store/sql/sql_transaction.h"

namespace aftermath::sql {
namespace {

Status NotFoundId(std::string_view what, std::string_view id) {
  return NotFound(fmt::format("no {} with id '{}'", what, id.substr(0, 64)));
}

// "a,b,c" of wire names, and back (`corrupt` set for an unknown name: the caller's DataLoss).
template <typename E>
std::string JoinNames(const std::vector<E>& values) {
  std::string out;
  for (E v : values) {
    if (!out.empty()) out += ',';
    out += ToString(v);
  }
  return out;
}
template <typename E, typename Parse>
std::vector<E> SplitNames(const Statement& s, int col, Parse parse, bool* corrupt) {
  std::vector<E> out;
  std::string text = s.Text(col);
  std::stringstream in(text);
  for (std::string part; std::getline(in, part, ',');) {
    auto v = parse(part);
    if (!v) {
      *corrupt = true;
      continue;
    }
    out.push_back(*v);
  }
  return out;
}

}  // namespace

// ---- programmes ----

namespace {

constexpr const char* kProgrammeColumns =
    "id, version, code, name, claim_kinds, object_kinds, amount_rule, fixed_amount, "
    "amount_light, amount_moderate, amount_severe, cap_per_object, cap_per_person, budget, "
    "valuer_threshold, period_start, period_end, opens_from_direct_line, active, created_at, "
    "updated_at";

Result<Programme> ReadProgramme(const Statement& s) {
  RowReader row(s, "recovery_programmes", s.Text(0));
  Programme p;
  p.id = s.Text(0);
  p.version = s.Int(1);
  p.code = s.Text(2);
  p.name = s.Text(3);
  bool corrupt = false;
  p.claim_kinds = SplitNames<ClaimKind>(s, 4, ParseClaimKind, &corrupt);
  p.object_kinds = SplitNames<ObjectKind>(s, 5, ParseObjectKind, &corrupt);
  p.amount_rule = row.Enum(6, "amount_rule", ParseAmountRule);
  p.fixed_amount = s.Int(7);
  p.amount_light = s.Int(8);
  p.amount_moderate = s.Int(9);
  p.amount_severe = s.Int(10);
  p.cap_per_object = s.Int(11);
  p.cap_per_person = s.Int(12);
  p.budget = s.Int(13);
  p.valuer_threshold = s.Int(14);
  p.period_start = row.Date(15, "period_start");
  p.period_end = row.Date(16, "period_end");
  p.opens_from_direct_line = s.Int(17) != 0;
  p.active = s.Int(18) != 0;
  p.created_at = row.Time(19, "created_at");
  p.updated_at = row.Time(20, "updated_at");
  RETURN_IF_ERROR(row.status());
  if (corrupt) {
    return DataLoss(fmt::format(
        "recovery_programmes.claim_kinds or object_kinds of {}: an unknown kind", p.id));
  }
  return p;
}

void BindProgrammeFields(Statement& s, const Programme& p) {
  s.Bind(1, p.code)
      .Bind(2, p.name)
      .Bind(3, JoinNames(p.claim_kinds))
      .Bind(4, JoinNames(p.object_kinds))
      .Bind(5, ToString(p.amount_rule))
      .Bind(6, p.fixed_amount)
      .Bind(7, p.amount_light)
      .Bind(8, p.amount_moderate)
      .Bind(9, p.amount_severe)
      .Bind(10, p.cap_per_object)
      .Bind(11, p.cap_per_person)
      .Bind(12, p.budget)
      .Bind(13, p.valuer_threshold)
      .Bind(14, p.period_start.ToString())
      .Bind(15, p.period_end.ToString())
      .Bind(16, int64_t{p.opens_from_direct_line ? 1 : 0})
      .Bind(17, int64_t{p.active ? 1 : 0})
      .Bind(18, Ts(p.updated_at))
      .Bind(19, p.id)
      .Bind(20, p.version);
}

}  // namespace

Result<Programme> SqlTransaction::GetProgramme(std::string_view id) {
  static const std::string sql =
      fmt::format("SELECT {} FROM recovery_programmes WHERE id = ?", kProgrammeColumns);
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql.c_str()));
  s->Bind(1, id);
  ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return NotFoundId("programme", id);
  return ReadProgramme(*s);
}

Result<std::optional<Programme>> SqlTransaction::FindProgrammeByCode(std::string_view code) {
  static const std::string sql =
      fmt::format("SELECT {} FROM recovery_programmes WHERE code = ?", kProgrammeColumns);
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql.c_str()));
  s->Bind(1, code);
  ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return std::optional<Programme>();
  ASSIGN_OR_RETURN(Programme p, ReadProgramme(*s));
  return std::optional<Programme>(std::move(p));
}

Result<std::vector<Programme>> SqlTransaction::ListProgrammes() {
  static const std::string sql =
      fmt::format("SELECT {} FROM recovery_programmes ORDER BY created_at, id", kProgrammeColumns);
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql.c_str()));
  return CollectRows<Programme>(*s, ReadProgramme);
}

Status SqlTransaction::InsertProgramme(const Programme& p) {
  RETURN_IF_ERROR(RequireWrite());
  ASSIGN_OR_RETURN(
      auto s,
      conn_->Prepare(
          "INSERT INTO recovery_programmes (code, name, claim_kinds, object_kinds, amount_rule, "
          "fixed_amount, amount_light, amount_moderate, amount_severe, cap_per_object, "
          "cap_per_person, budget, valuer_threshold, period_start, period_end, "
          "opens_from_direct_line, active, updated_at, id, version, created_at) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  BindProgrammeFields(*s, p);
  s->Bind(21, Ts(p.created_at));
  return s->Run();
}

Status SqlTransaction::UpdateProgramme(const Programme& p) {
  RETURN_IF_ERROR(RequireWrite());
  ASSIGN_OR_RETURN(
      auto s,
      conn_->Prepare(
          "UPDATE recovery_programmes SET code = ?1, name = ?2, claim_kinds = ?3, object_kinds = "
          "?4, "
          "amount_rule = ?5, fixed_amount = ?6, amount_light = ?7, amount_moderate = ?8, "
          "amount_severe = ?9, cap_per_object = ?10, cap_per_person = ?11, budget = ?12, "
          "valuer_threshold = ?13, period_start = ?14, period_end = ?15, "
          "opens_from_direct_line = ?16, active = ?17, updated_at = ?18, version = version + 1 "
          "WHERE id = ?19 AND version = ?20"));
  BindProgrammeFields(*s, p);
  RETURN_IF_ERROR(s->Run());
  return CheckVersionedUpdate(s->RowsAffected(), "programme", p.id, p.version);
}

// ---- objects ----

namespace {

constexpr const char* kObjectColumns =
    "id, version, kind, name, address, locality_key, address_key, building_key, cadastral, vin, "
    "plate, bin, premises, description, created_by, created_at, updated_at, district";

Result<AffectedObject> ReadObject(const Statement& s) {
  RowReader row(s, "recovery_objects", s.Text(0));
  AffectedObject o;
  o.id = s.Text(0);
  o.version = s.Int(1);
  o.kind = row.Enum(2, "kind", ParseObjectKind);
  o.name = s.Text(3);
  o.address = s.Text(4);
  o.locality_key = s.Text(5);
  o.address_key = s.Text(6);
  o.building_key = s.Text(7);
  o.cadastral = s.Text(8);
  o.vin = s.Text(9);
  o.plate = s.Text(10);
  o.bin = s.Text(11);
  o.premises = s.Text(12);
  o.description = s.Text(13);
  o.created_by = s.Text(14);
  o.created_at = row.Time(15, "created_at");
  o.updated_at = row.Time(16, "updated_at");
  o.district = s.Text(17);
  RETURN_IF_ERROR(row.status());
  return o;
}

void BindObjectFields(Statement& s, const AffectedObject& o) {
  s.Bind(1, ToString(o.kind))
      .Bind(2, o.name)
      .Bind(3, o.address)
      .Bind(4, o.locality_key)
      .Bind(5, o.address_key)
      .Bind(6, o.building_key)
      .Bind(7, o.cadastral)
      .Bind(8, o.vin)
      .Bind(9, o.plate)
      .Bind(10, o.bin)
      .Bind(11, o.premises)
      .Bind(12, o.description)
      .Bind(13, Ts(o.updated_at))
      .Bind(14, o.id)
      .Bind(15, o.version);
}

}  // namespace

Result<std::vector<ObjectOwner>> SqlTransaction::ReadOwners(std::string_view object_id) {
  ASSIGN_OR_RETURN(
      auto s,
      conn_->Prepare(
          "SELECT name, id_number, share_bp FROM recovery_object_owners WHERE object_id = ? "
          "ORDER BY ordinal"));
  s->Bind(1, object_id);
  std::vector<ObjectOwner> out;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    out.push_back({s->Text(0), s->Text(1), static_cast<int>(s->Int(2))});
  }
  return out;
}

Status SqlTransaction::WriteOwners(const AffectedObject& o) {
  RETURN_IF_ERROR(RunWith("DELETE FROM recovery_object_owners WHERE object_id = ?", {o.id}));
  for (size_t i = 0; i < o.owners.size(); ++i) {
    const ObjectOwner& w = o.owners[i];
    ASSIGN_OR_RETURN(
        auto s,
        conn_->Prepare(
            "INSERT INTO recovery_object_owners (object_id, ordinal, name, id_number, share_bp) "
            "VALUES (?, ?, ?, ?, ?)"));
    s->Bind(1, o.id)
        .Bind(2, static_cast<int64_t>(i))
        .Bind(3, w.name)
        .Bind(4, w.id_number)
        .Bind(5, int64_t{w.share_bp});
    RETURN_IF_ERROR(s->Run());
  }
  return Status::Ok();
}

Result<AffectedObject> SqlTransaction::GetObject(std::string_view id) {
  static const std::string sql =
      fmt::format("SELECT {} FROM recovery_objects WHERE id = ?", kObjectColumns);
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql.c_str()));
  s->Bind(1, id);
  ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return NotFoundId("object", id);
  ASSIGN_OR_RETURN(AffectedObject o, ReadObject(*s));
  s.reset();
  ASSIGN_OR_RETURN(o.owners, ReadOwners(o.id));
  return o;
}

Result<std::vector<std::string>> SqlTransaction::FindObjectIds(ObjectKey key,
                                                               std::string_view value, int limit) {
  const char* sql = nullptr;
  switch (key) {
    case ObjectKey::kCadastral:
      sql = "SELECT id FROM recovery_objects WHERE cadastral = ? ORDER BY created_at, id LIMIT ?";
      break;
    case ObjectKey::kVin:
      sql = "SELECT id FROM recovery_objects WHERE vin = ? ORDER BY created_at, id LIMIT ?";
      break;
    case ObjectKey::kPlate:
      sql = "SELECT id FROM recovery_objects WHERE plate = ? ORDER BY created_at, id LIMIT ?";
      break;
    case ObjectKey::kBin:
      sql = "SELECT id FROM recovery_objects WHERE bin = ? ORDER BY created_at, id LIMIT ?";
      break;
    case ObjectKey::kAddress:
      sql = "SELECT id FROM recovery_objects WHERE address_key = ? ORDER BY created_at, id LIMIT ?";
      break;
    case ObjectKey::kBuilding:
      sql =
          "SELECT id FROM recovery_objects WHERE building_key = ? ORDER BY created_at, id "
          "LIMIT ?";
      break;
  }
  if (value.empty()) return std::vector<std::string>();
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql));
  s->Bind(1, value).Bind(2, int64_t{limit});
  std::vector<std::string> out;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    out.push_back(s->Text(0));
  }
  return out;
}

Result<Page<AffectedObject>> SqlTransaction::ListObjects(std::optional<ObjectKind> kind,
                                                         const PageRequest& page) {
  ASSIGN_OR_RETURN(PageCursor cursor, DecodeCursor(page.cursor));
  static const std::string sql = fmt::format(
      "SELECT {} FROM recovery_objects WHERE (CAST(?1 AS TEXT) IS NULL OR kind = ?1) AND "
      "(CAST(?2 AS TEXT) IS NULL OR (created_at, id) < (?2, ?3)) "
      "ORDER BY created_at DESC, id DESC LIMIT ?4",
      kObjectColumns);
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql.c_str()));
  if (kind) s->Bind(1, ToString(*kind));
  if (!cursor.empty()) s->Bind(2, cursor.created_at).Bind(3, cursor.id);
  s->Bind(4, int64_t{page.limit + 1});
  Page<AffectedObject> out;
  ASSIGN_OR_RETURN(out.items, CollectRows<AffectedObject>(*s, ReadObject));
  s.reset();
  if (static_cast<int>(out.items.size()) > page.limit) {
    out.items.pop_back();
    out.next_cursor = EncodeCursor(Ts(out.items.back().created_at), out.items.back().id);
  }
  for (auto& o : out.items) {
    ASSIGN_OR_RETURN(o.owners, ReadOwners(o.id));
  }
  return out;
}

Result<int64_t> SqlTransaction::CountObjects() {
  ASSIGN_OR_RETURN(auto s, conn_->Prepare("SELECT count(*) FROM recovery_objects"));
  ASSIGN_OR_RETURN(bool row, s->Step());
  return row ? s->Int(0) : int64_t{0};
}

Status SqlTransaction::InsertObject(const AffectedObject& o) {
  RETURN_IF_ERROR(RequireWrite());
  ASSIGN_OR_RETURN(
      auto s,
      conn_->Prepare(
          "INSERT INTO recovery_objects (kind, name, address, locality_key, address_key, "
          "building_key, cadastral, vin, plate, bin, premises, description, updated_at, id, "
          "version, "
          "created_by, created_at, district) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
          "?, ?, ?)"));
  BindObjectFields(*s, o);
  s->Bind(16, o.created_by).Bind(17, Ts(o.created_at)).Bind(18, o.district);
  RETURN_IF_ERROR(s->Run());
  s.reset();
  return WriteOwners(o);
}

Status SqlTransaction::UpdateObject(const AffectedObject& o) {
  RETURN_IF_ERROR(RequireWrite());
  ASSIGN_OR_RETURN(
      auto s,
      conn_->Prepare(
          "UPDATE recovery_objects SET kind = ?1, name = ?2, address = ?3, locality_key = ?4, "
          "address_key = ?5, building_key = ?6, cadastral = ?7, vin = ?8, plate = ?9, bin = ?10, "
          "premises = ?11, description = ?12, updated_at = ?13, district = ?16, "
          "version = version + 1 WHERE id = ?14 AND version = ?15"));
  BindObjectFields(*s, o);
  s->Bind(16, o.district);
  RETURN_IF_ERROR(s->Run());
  RETURN_IF_ERROR(CheckVersionedUpdate(s->RowsAffected(), "object", o.id, o.version));
  s.reset();
  return WriteOwners(o);
}

// ---- assessments and restoration works ----

namespace {

constexpr const char* kAssessmentColumns =
    "id, version, object_id, coalesce(claim_id, ''), inspector, grade, looted, burned, "
    "asset_damage, lost_income, notes, inspected_at, created_at";

Result<Assessment> ReadAssessment(const Statement& s) {
  RowReader row(s, "recovery_assessments", s.Text(0));
  Assessment a;
  a.id = s.Text(0);
  a.version = s.Int(1);
  a.object_id = s.Text(2);
  a.claim_id = s.Text(3);
  a.inspector = s.Text(4);
  a.grade = row.Enum(5, "grade", ParseDamageGrade);
  a.looted = s.Int(6) != 0;
  a.burned = s.Int(7) != 0;
  a.asset_damage = s.Int(8);
  a.lost_income = s.Int(9);
  a.notes = s.Text(10);
  a.inspected_at = row.Time(11, "inspected_at");
  a.created_at = row.Time(12, "created_at");
  RETURN_IF_ERROR(row.status());
  return a;
}

constexpr const char* kWorkColumns =
    "id, version, object_id, contractor, budget, progress_pct, started_at, completed_at, notes, "
    "created_at, updated_at";

Result<RestorationWork> ReadWork(const Statement& s) {
  RowReader row(s, "recovery_works", s.Text(0));
  RestorationWork w;
  w.id = s.Text(0);
  w.version = s.Int(1);
  w.object_id = s.Text(2);
  w.contractor = s.Text(3);
  w.budget = s.Int(4);
  w.progress_pct = static_cast<int>(s.Int(5));
  w.started_at = row.OptionalTime(6, "started_at");
  w.completed_at = row.OptionalTime(7, "completed_at");
  w.notes = s.Text(8);
  w.created_at = row.Time(9, "created_at");
  w.updated_at = row.Time(10, "updated_at");
  RETURN_IF_ERROR(row.status());
  return w;
}

void BindWorkFields(Statement& s, const RestorationWork& w) {
  s.Bind(1, w.contractor).Bind(2, w.budget).Bind(3, int64_t{w.progress_pct});
  BindOptionalTime(s, 4, w.started_at);
  BindOptionalTime(s, 5, w.completed_at);
  s.Bind(6, w.notes).Bind(7, Ts(w.updated_at)).Bind(8, w.id).Bind(9, w.version);
}

}  // namespace

Result<std::vector<Photo>> SqlTransaction::ReadPhotos(std::string_view assessment_id) {
  ASSIGN_OR_RETURN(
      auto s,
      conn_->Prepare("SELECT sha256, media_type, size, taken_at, latitude, longitude "
                     "FROM recovery_assessment_photos WHERE assessment_id = ? ORDER BY ordinal"));
  s->Bind(1, assessment_id);
  std::vector<Photo> out;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    RowReader r(*s, "recovery_assessment_photos", std::string(assessment_id));
    Photo p{.sha256 = s->Text(0), .media_type = s->Text(1), .size = s->Int(2)};
    p.taken_at = r.OptionalTime(3, "taken_at");
    if (!s->IsNull(4)) p.latitude = s->Double(4);
    if (!s->IsNull(5)) p.longitude = s->Double(5);
    RETURN_IF_ERROR(r.status());
    out.push_back(std::move(p));
  }
  return out;
}

Result<Assessment> SqlTransaction::GetAssessment(std::string_view id) {
  static const std::string sql =
      fmt::format("SELECT {} FROM recovery_assessments WHERE id = ?", kAssessmentColumns);
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql.c_str()));
  s->Bind(1, id);
  ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return NotFoundId("assessment", id);
  ASSIGN_OR_RETURN(Assessment a, ReadAssessment(*s));
  s.reset();
  ASSIGN_OR_RETURN(a.photos, ReadPhotos(a.id));
  return a;
}

Result<std::vector<Assessment>> SqlTransaction::ListAssessments(std::string_view object_id) {
  static const std::string sql =
      fmt::format("SELECT {} FROM recovery_assessments WHERE object_id = ? ORDER BY created_at, id",
                  kAssessmentColumns);
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql.c_str()));
  s->Bind(1, object_id);
  ASSIGN_OR_RETURN(auto out, CollectRows<Assessment>(*s, ReadAssessment));
  s.reset();
  for (auto& a : out) {
    ASSIGN_OR_RETURN(a.photos, ReadPhotos(a.id));
  }
  return out;
}

Status SqlTransaction::InsertAssessment(const Assessment& a) {
  RETURN_IF_ERROR(RequireWrite());
  ASSIGN_OR_RETURN(
      auto s,
      conn_->Prepare(
          "INSERT INTO recovery_assessments (id, version, object_id, claim_id, inspector, grade, "
          "looted, burned, asset_damage, lost_income, notes, inspected_at, created_at) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  s->Bind(1, a.id)
      .Bind(2, a.version)
      .Bind(3, a.object_id)
      .BindNullIfEmpty(4, a.claim_id)
      .Bind(5, a.inspector)
      .Bind(6, ToString(a.grade))
      .Bind(7, int64_t{a.looted ? 1 : 0})
      .Bind(8, int64_t{a.burned ? 1 : 0})
      .Bind(9, a.asset_damage)
      .Bind(10, a.lost_income)
      .Bind(11, a.notes)
      .Bind(12, Ts(a.inspected_at))
      .Bind(13, Ts(a.created_at));
  RETURN_IF_ERROR(s->Run());
  s.reset();
  for (size_t i = 0; i < a.photos.size(); ++i) {
    const Photo& p = a.photos[i];
    ASSIGN_OR_RETURN(
        auto ps,
        conn_->Prepare(
            "INSERT INTO recovery_assessment_photos (assessment_id, ordinal, sha256, media_type, "
            "size, taken_at, latitude, longitude) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
    ps->Bind(1, a.id)
        .Bind(2, static_cast<int64_t>(i))
        .Bind(3, p.sha256)
        .Bind(4, p.media_type)
        .Bind(5, p.size);
    BindOptionalTime(*ps, 6, p.taken_at);
    if (p.latitude) {
      ps->Bind(7, *p.latitude);
    } else {
      ps->BindNull(7);
    }
    if (p.longitude) {
      ps->Bind(8, *p.longitude);
    } else {
      ps->BindNull(8);
    }
    RETURN_IF_ERROR(ps->Run());
  }
  return Status::Ok();
}

Result<RestorationWork> SqlTransaction::GetWork(std::string_view id) {
  static const std::string sql =
      fmt::format("SELECT {} FROM recovery_works WHERE id = ?", kWorkColumns);
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql.c_str()));
  s->Bind(1, id);
  ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return NotFoundId("restoration work", id);
  return ReadWork(*s);
}

Result<std::vector<RestorationWork>> SqlTransaction::ListWorks(std::string_view object_id) {
  static const std::string sql = fmt::format(
      "SELECT {} FROM recovery_works WHERE object_id = ? ORDER BY created_at, id", kWorkColumns);
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql.c_str()));
  s->Bind(1, object_id);
  return CollectRows<RestorationWork>(*s, ReadWork);
}

Status SqlTransaction::InsertWork(const RestorationWork& w) {
  RETURN_IF_ERROR(RequireWrite());
  ASSIGN_OR_RETURN(
      auto s,
      conn_->Prepare(
          "INSERT INTO recovery_works (contractor, budget, progress_pct, started_at, completed_at, "
          "notes, updated_at, id, version, object_id, created_at) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  BindWorkFields(*s, w);
  s->Bind(10, w.object_id).Bind(11, Ts(w.created_at));
  return s->Run();
}

Status SqlTransaction::UpdateWork(const RestorationWork& w) {
  RETURN_IF_ERROR(RequireWrite());
  ASSIGN_OR_RETURN(
      auto s,
      conn_->Prepare(
          "UPDATE recovery_works SET contractor = ?1, budget = ?2, progress_pct = ?3, "
          "started_at = ?4, completed_at = ?5, notes = ?6, updated_at = ?7, version = version + 1 "
          "WHERE id = ?8 AND version = ?9"));
  BindWorkFields(*s, w);
  RETURN_IF_ERROR(s->Run());
  return CheckVersionedUpdate(s->RowsAffected(), "restoration work", w.id, w.version);
}

// ---- claims ----

namespace {

constexpr const char* kClaimColumns =
    "id, version, kind, state, channel, programme_id, coalesce(object_id, ''), "
    "coalesce(person_id, ''), coalesce(external_id, ''), applicant_name, applicant_id, "
    "applicant_phone, applicant_address, iban, relation, address_key, building_key, severity, "
    "amount_claimed, amount_valued, valuation, missing, notes, coalesce(duplicate_of, ''), "
    "created_by, submitted_at, completed_at, due_at, ready_at, withdrawn_at, updated_at";

Result<Claim> ReadClaim(const Statement& s) {
  RowReader row(s, "recovery_claims", s.Text(0));
  Claim c;
  c.id = s.Text(0);
  c.version = s.Int(1);
  c.kind = row.Enum(2, "kind", ParseClaimKind);
  c.state = row.Enum(3, "state", ParseClaimState);
  c.channel = row.Enum(4, "channel", ParseClaimChannel);
  c.programme_id = s.Text(5);
  c.object_id = s.Text(6);
  c.person_id = s.Text(7);
  c.external_id = s.Text(8);
  c.applicant_name = s.Text(9);
  c.applicant_id = s.Text(10);
  c.applicant_phone = s.Text(11);
  c.applicant_address = s.Text(12);
  c.iban = s.Text(13);
  c.relation = s.Text(14);
  c.address_key = s.Text(15);
  c.building_key = s.Text(16);
  c.severity = row.Enum(17, "severity", ParseInjurySeverity);
  c.amount_claimed = s.Int(18);
  if (!s.IsNull(19)) c.amount_valued = s.Int(19);
  c.valuation = row.Enum(20, "valuation", ParseValuationMethod);
  c.missing = s.Text(21);
  c.notes = s.Text(22);
  c.duplicate_of = s.Text(23);
  c.created_by = s.Text(24);
  c.submitted_at = row.Time(25, "submitted_at");
  c.completed_at = row.OptionalTime(26, "completed_at");
  c.due_at = row.OptionalTime(27, "due_at");
  c.ready_at = row.OptionalTime(28, "ready_at");
  c.withdrawn_at = row.OptionalTime(29, "withdrawn_at");
  c.updated_at = row.Time(30, "updated_at");
  RETURN_IF_ERROR(row.status());
  return c;
}

// Every field an update may change, as ?1..?27; the id ?28 and version ?29.
void BindClaimFields(Statement& s, const Claim& c) {
  s.Bind(1, ToString(c.kind))
      .Bind(2, ToString(c.state))
      .Bind(3, ToString(c.channel))
      .Bind(4, c.programme_id)
      .BindNullIfEmpty(5, c.object_id)
      .BindNullIfEmpty(6, c.person_id)
      .BindNullIfEmpty(7, c.external_id)
      .Bind(8, c.applicant_name)
      .Bind(9, c.applicant_id)
      .Bind(10, c.applicant_phone)
      .Bind(11, c.applicant_address)
      .Bind(12, c.iban)
      .Bind(13, c.relation)
      .Bind(14, c.address_key)
      .Bind(15, c.building_key)
      .Bind(16, ToString(c.severity))
      .Bind(17, c.amount_claimed);
  if (c.amount_valued) {
    s.Bind(18, *c.amount_valued);
  } else {
    s.BindNull(18);
  }
  s.Bind(19, ToString(c.valuation))
      .Bind(20, c.missing)
      .Bind(21, c.notes)
      .BindNullIfEmpty(22, c.duplicate_of);
  BindOptionalTime(s, 23, c.completed_at);
  BindOptionalTime(s, 24, c.due_at);
  BindOptionalTime(s, 25, c.ready_at);
  BindOptionalTime(s, 26, c.withdrawn_at);
  s.Bind(27, Ts(c.updated_at)).Bind(28, c.id).Bind(29, c.version);
}

}  // namespace

Result<std::vector<ClaimDocument>> SqlTransaction::ReadDocuments(std::string_view claim_id) {
  ASSIGN_OR_RETURN(
      auto s,
      conn_->Prepare(
          "SELECT kind, sha256, media_type, size FROM recovery_claim_documents WHERE claim_id = ? "
          "ORDER BY ordinal"));
  s->Bind(1, claim_id);
  std::vector<ClaimDocument> out;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    out.push_back({s->Text(0), s->Text(1), s->Text(2), s->Int(3)});
  }
  return out;
}

// ReadDocuments of many claims, a statement per up to 256: a page of claims read each claim's
// documents in a round trip of its own (10,000 for a payment list's approved claims).
Status SqlTransaction::ReadDocumentsOf(std::vector<Claim>& claims) {
  static constexpr const char* kHead =
      "SELECT claim_id, kind, sha256, media_type, size FROM recovery_claim_documents WHERE "
      "claim_id IN (";
  static constexpr const char* kTail = ") ORDER BY claim_id, ordinal";
  std::unordered_map<std::string_view, Claim*> by_id;
  for (auto& c : claims) {
    c.documents.clear();
    by_id.emplace(c.id, &c);
  }
  for (size_t i = 0; i < claims.size();) {
    int n = RowsInNextStatement(claims.size() - i);
    ASSIGN_OR_RETURN(auto s, conn_->Prepare(RowsSql(kHead, "?", n, kTail)));
    for (int k = 0; k < n; ++k) s->Bind(k + 1, claims[i + static_cast<size_t>(k)].id);
    for (;;) {
      ASSIGN_OR_RETURN(bool row, s->Step());
      if (!row) break;
      auto at = by_id.find(s->Text(0));
      if (at == by_id.end()) continue;
      at->second->documents.push_back({s->Text(1), s->Text(2), s->Text(3), s->Int(4)});
    }
    i += static_cast<size_t>(n);
  }
  return Status::Ok();
}

Status SqlTransaction::WriteDocuments(const Claim& c) {
  RETURN_IF_ERROR(RunWith("DELETE FROM recovery_claim_documents WHERE claim_id = ?", {c.id}));
  for (size_t i = 0; i < c.documents.size(); ++i) {
    const ClaimDocument& d = c.documents[i];
    ASSIGN_OR_RETURN(auto s, conn_->Prepare("INSERT INTO recovery_claim_documents (claim_id, "
                                            "ordinal, kind, sha256, media_type, size) "
                                            "VALUES (?, ?, ?, ?, ?, ?)"));
    s->Bind(1, c.id)
        .Bind(2, static_cast<int64_t>(i))
        .Bind(3, d.kind)
        .Bind(4, d.sha256)
        .Bind(5, d.media_type)
        .Bind(6, d.size);
    RETURN_IF_ERROR(s->Run());
  }
  return Status::Ok();
}

Result<Claim> SqlTransaction::GetClaim(std::string_view id) {
  static const std::string sql =
      fmt::format("SELECT {} FROM recovery_claims WHERE id = ?", kClaimColumns);
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql.c_str()));
  s->Bind(1, id);
  ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return NotFoundId("claim", id);
  ASSIGN_OR_RETURN(Claim c, ReadClaim(*s));
  s.reset();
  ASSIGN_OR_RETURN(c.documents, ReadDocuments(c.id));
  return c;
}

Result<std::optional<Claim>> SqlTransaction::FindClaimByExternalId(std::string_view external_id) {
  if (external_id.empty()) return std::optional<Claim>();
  ASSIGN_OR_RETURN(auto s, conn_->Prepare("SELECT id FROM recovery_claims WHERE external_id = ?"));
  s->Bind(1, external_id);
  ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return std::optional<Claim>();
  std::string id = s->Text(0);
  s.reset();
  ASSIGN_OR_RETURN(Claim c, GetClaim(id));
  return std::optional<Claim>(std::move(c));
}

Result<std::vector<std::string>> SqlTransaction::FindClaimIds(ClaimKey key, std::string_view value,
                                                              int limit) {
  const char* sql = nullptr;
  switch (key) {
    case ClaimKey::kApplicantId:
      sql =
          "SELECT id FROM recovery_claims WHERE applicant_id = ? ORDER BY submitted_at, id "
          "LIMIT ?";
      break;
    case ClaimKey::kIban:
      sql = "SELECT id FROM recovery_claims WHERE iban = ? ORDER BY submitted_at, id LIMIT ?";
      break;
    case ClaimKey::kPhone:
      sql =
          "SELECT id FROM recovery_claims WHERE applicant_phone = ? ORDER BY submitted_at, id "
          "LIMIT ?";
      break;
    case ClaimKey::kObject:
      sql = "SELECT id FROM recovery_claims WHERE object_id = ? ORDER BY submitted_at, id LIMIT ?";
      break;
    case ClaimKey::kPerson:
      sql = "SELECT id FROM recovery_claims WHERE person_id = ? ORDER BY submitted_at, id LIMIT ?";
      break;
    case ClaimKey::kPhoto:
      sql =
          "SELECT DISTINCT claim_id FROM recovery_claim_documents WHERE sha256 = ? "
          "ORDER BY claim_id LIMIT ?";
      break;
    case ClaimKey::kAddress:
      sql =
          "SELECT id FROM recovery_claims WHERE address_key = ? ORDER BY submitted_at, id "
          "LIMIT ?";
      break;
    case ClaimKey::kBuilding:
      sql =
          "SELECT id FROM recovery_claims WHERE building_key = ? ORDER BY submitted_at, id "
          "LIMIT ?";
      break;
  }
  if (value.empty()) return std::vector<std::string>();
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql));
  s->Bind(1, value).Bind(2, int64_t{limit});
  std::vector<std::string> out;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    out.push_back(s->Text(0));
  }
  return out;
}

Result<Page<Claim>> SqlTransaction::ListClaims(const ClaimFilter& filter, const PageRequest& page) {
  ASSIGN_OR_RETURN(PageCursor cursor, DecodeCursor(page.cursor));
  // A statement for each set of filters given (filter_variants.h): with the object's filter
  // hidden, a claim's earlier claims on its object read every claim of the register.
  static const std::vector<std::string> sql =
      FilterStatements(fmt::format("SELECT {} FROM recovery_claims WHERE ", kClaimColumns),
                       {"state = ?1", "kind = ?2", "programme_id = ?3", "object_id = ?4"},
                       " AND (CAST(?5 AS TEXT) IS NULL OR (submitted_at, id) < (?5, ?6)) "
                       "ORDER BY submitted_at DESC, id DESC LIMIT ?7");
  const size_t given = VariantOf({filter.state.has_value(), filter.kind.has_value(),
                                  !filter.programme_id.empty(), !filter.object_id.empty()});
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql[given].c_str()));
  if (filter.state) s->Bind(1, ToString(*filter.state));
  if (filter.kind) s->Bind(2, ToString(*filter.kind));
  if (!filter.programme_id.empty()) s->Bind(3, filter.programme_id);
  if (!filter.object_id.empty()) s->Bind(4, filter.object_id);
  if (!cursor.empty()) s->Bind(5, cursor.created_at).Bind(6, cursor.id);
  s->Bind(7, int64_t{page.limit + 1});
  Page<Claim> out;
  ASSIGN_OR_RETURN(out.items, CollectRows<Claim>(*s, ReadClaim));
  s.reset();
  if (static_cast<int>(out.items.size()) > page.limit) {
    out.items.pop_back();
    out.next_cursor = EncodeCursor(Ts(out.items.back().submitted_at), out.items.back().id);
  }
  RETURN_IF_ERROR(ReadDocumentsOf(out.items));
  return out;
}

Result<std::vector<Claim>> SqlTransaction::ListOverdueClaims(Timestamp now, int limit) {
  static const std::string sql = fmt::format(
      "SELECT {} FROM recovery_claims WHERE state IN ('complete', 'checked', 'inspected', "
      "'valued') AND due_at IS NOT NULL AND due_at < ? ORDER BY due_at, id LIMIT ?",
      kClaimColumns);
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql.c_str()));
  s->Bind(1, Ts(now)).Bind(2, int64_t{limit});
  ASSIGN_OR_RETURN(auto out, CollectRows<Claim>(*s, ReadClaim));
  s.reset();
  RETURN_IF_ERROR(ReadDocumentsOf(out));
  return out;
}

Result<int64_t> SqlTransaction::CountClaims() {
  ASSIGN_OR_RETURN(auto s, conn_->Prepare("SELECT count(*) FROM recovery_claims"));
  ASSIGN_OR_RETURN(bool row, s->Step());
  return row ? s->Int(0) : int64_t{0};
}

Result<int64_t> SqlTransaction::SumValued(const ValuedFilter& filter) {
  // The whole programme: its running total (migration 0017) less the claim left out, two reads
  // by key; summing 200,000 claims took each decision ~150 ms. Otherwise one statement per
  // filter, each served by an index (object, applicant).
  const char* sql =
      "SELECT CAST(COALESCE((SELECT valued FROM recovery_programme_totals WHERE programme_id = "
      "?1), 0) - COALESCE((SELECT amount_valued FROM recovery_claims WHERE id = ?2 AND "
      "programme_id = ?1 AND amount_valued IS NOT NULL AND state <> 'withdrawn'), 0) AS BIGINT)";
  std::string_view key;
  if (!filter.object_id.empty()) {
    sql =
        "SELECT CAST(COALESCE(SUM(amount_valued), 0) AS BIGINT) FROM recovery_claims WHERE "
        "programme_id = ? AND id <> ? AND amount_valued IS NOT NULL AND state <> 'withdrawn' "
        "AND object_id = ?";
    key = filter.object_id;
  } else if (!filter.applicant_id.empty()) {
    sql =
        "SELECT CAST(COALESCE(SUM(amount_valued), 0) AS BIGINT) FROM recovery_claims WHERE "
        "programme_id = ? AND id <> ? AND amount_valued IS NOT NULL AND state <> 'withdrawn' "
        "AND applicant_id = ?";
    key = filter.applicant_id;
  }
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql));
  s->Bind(1, filter.programme_id).Bind(2, filter.except_claim_id);
  if (!key.empty()) s->Bind(3, key);
  ASSIGN_OR_RETURN(bool row, s->Step());
  return row ? s->Int(0) : int64_t{0};
}

Result<std::vector<ClaimFigureRow>> SqlTransaction::ListClaimFigureRows() {
  // One pass over the claims; each correlated read is served by an index (agenda by claim,
  // payments by claim and state: migration 0016).
  ASSIGN_OR_RETURN(
      auto s, conn_->Prepare(
                  "SELECT c.id, c.programme_id, c.kind, c.state, COALESCE(o.kind, ''), "
                  "COALESCE(o.district, ''), CASE WHEN c.duplicate_of IS NULL THEN 0 ELSE 1 END, "
                  "c.amount_valued, c.completed_at, "
                  "(SELECT a.amount FROM recovery_agenda a WHERE a.claim_id = c.id AND "
                  " a.decision = 'approved' ORDER BY a.decided_at DESC LIMIT 1), "
                  "(SELECT MIN(a.decided_at) FROM recovery_agenda a WHERE a.claim_id = c.id AND "
                  " a.decision <> 'pending'), "
                  "(SELECT CAST(COALESCE(SUM(p.amount), 0) AS BIGINT) FROM recovery_payments p "
                  " WHERE p.claim_id = c.id AND p.state = 'paid'), "
                  "(SELECT MIN(p.paid_at) FROM recovery_payments p WHERE p.claim_id = c.id AND "
                  " p.state = 'paid') "
                  "FROM recovery_claims c LEFT JOIN recovery_objects o ON o.id = c.object_id"));
  return CollectRows<ClaimFigureRow>(*s, [](const Statement& s) -> Result<ClaimFigureRow> {
    RowReader row(s, "recovery_claims", s.Text(0));
    ClaimFigureRow r;
    r.programme_id = s.Text(1);
    r.kind = row.Enum(2, "kind", ParseClaimKind);
    r.state = row.Enum(3, "state", ParseClaimState);
    if (!s.IsNull(4) && !s.Text(4).empty()) {
      r.object_kind = row.Enum(4, "recovery_objects.kind", ParseObjectKind);
    }
    r.district = s.Text(5);
    r.duplicate = s.Int(6) != 0;
    if (!s.IsNull(7)) r.amount_valued = s.Int(7);
    r.completed_at = row.OptionalTime(8, "completed_at");
    r.amount_approved = s.IsNull(9) ? 0 : s.Int(9);
    r.decided_at = row.OptionalTime(10, "recovery_agenda.decided_at");
    r.amount_paid = s.Int(11);
    r.paid_at = row.OptionalTime(12, "recovery_payments.paid_at");
    RETURN_IF_ERROR(row.status());
    return r;
  });
}

Result<std::vector<DamageFigureRow>> SqlTransaction::ListDamageFigureRows() {
  ASSIGN_OR_RETURN(
      auto s, conn_->Prepare(
                  "SELECT o.id, o.kind, a.asset_damage, a.lost_income FROM recovery_assessments a "
                  "JOIN recovery_objects o ON o.id = a.object_id WHERE NOT EXISTS (SELECT 1 FROM "
                  "recovery_assessments b WHERE b.object_id = a.object_id AND (b.created_at > "
                  "a.created_at OR (b.created_at = a.created_at AND b.id > a.id)))"));
  return CollectRows<DamageFigureRow>(*s, [](const Statement& s) -> Result<DamageFigureRow> {
    RowReader row(s, "recovery_objects", s.Text(0));
    DamageFigureRow r;
    r.object_kind = row.Enum(1, "kind", ParseObjectKind);
    r.asset_damage = s.Int(2);
    r.lost_income = s.Int(3);
    RETURN_IF_ERROR(row.status());
    return r;
  });
}

Result<bool> SqlTransaction::IsFileReferenced(std::string_view sha256) {
  ASSIGN_OR_RETURN(
      auto s, conn_->Prepare("SELECT 1 FROM recovery_claim_documents WHERE sha256 = ? UNION ALL "
                             "SELECT 1 FROM recovery_assessment_photos WHERE sha256 = ? LIMIT 1"));
  s->Bind(1, sha256).Bind(2, sha256);
  return s->Step();
}

Status SqlTransaction::InsertClaim(const Claim& c) {
  RETURN_IF_ERROR(RequireWrite());
  ASSIGN_OR_RETURN(
      auto s,
      conn_->Prepare(
          "INSERT INTO recovery_claims (kind, state, channel, programme_id, object_id, person_id, "
          "external_id, applicant_name, applicant_id, applicant_phone, applicant_address, iban, "
          "relation, address_key, building_key, severity, amount_claimed, amount_valued, "
          "valuation, "
          "missing, notes, duplicate_of, completed_at, due_at, ready_at, withdrawn_at, updated_at, "
          "id, version, created_by, submitted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
          "?, "
          "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  BindClaimFields(*s, c);
  s->Bind(30, c.created_by).Bind(31, Ts(c.submitted_at));
  RETURN_IF_ERROR(s->Run());
  s.reset();
  return WriteDocuments(c);
}

Status SqlTransaction::UpdateClaim(const Claim& c) {
  RETURN_IF_ERROR(RequireWrite());
  ASSIGN_OR_RETURN(
      auto s,
      conn_->Prepare(
          "UPDATE recovery_claims SET kind = ?1, state = ?2, channel = ?3, programme_id = ?4, "
          "object_id = ?5, person_id = ?6, external_id = ?7, applicant_name = ?8, "
          "applicant_id = ?9, applicant_phone = ?10, applicant_address = ?11, iban = ?12, "
          "relation = ?13, address_key = ?14, building_key = ?15, severity = ?16, "
          "amount_claimed = ?17, amount_valued = ?18, valuation = ?19, missing = ?20, notes = ?21, "
          "duplicate_of = ?22, completed_at = ?23, due_at = ?24, ready_at = ?25, "
          "withdrawn_at = ?26, updated_at = ?27, version = version + 1 "
          "WHERE id = ?28 AND version = ?29"));
  BindClaimFields(*s, c);
  RETURN_IF_ERROR(s->Run());
  RETURN_IF_ERROR(CheckVersionedUpdate(s->RowsAffected(), "claim", c.id, c.version));
  s.reset();
  return WriteDocuments(c);
}

Status SqlTransaction::UpdateClaimState(std::string_view id, int64_t version, ClaimState state,
                                        Timestamp updated_at) {
  RETURN_IF_ERROR(RequireWrite());
  // Only the columns that change: a full row's update costs ~20 times as much in SQLite (every
  // index and foreign key of the claim checked again).
  ASSIGN_OR_RETURN(auto s, conn_->Prepare("UPDATE recovery_claims SET state = ?1, updated_at = ?2, "
                                          "version = version + 1 WHERE id = ?3 AND version = ?4"));
  s->Bind(1, ToString(state)).Bind(2, Ts(updated_at)).Bind(3, id).Bind(4, version);
  RETURN_IF_ERROR(s->Run());
  return CheckVersionedUpdate(s->RowsAffected(), "claim", id, version);
}

// As UpdatePayments (sql_payments.cc): a statement per up to 256 claims.
Status SqlTransaction::UpdateClaimStates(const std::vector<ClaimStatus>& claims, ClaimState state,
                                         Timestamp updated_at) {
  RETURN_IF_ERROR(RequireWrite());
  std::vector<std::string> ids;
  std::vector<std::pair<std::string, int64_t>> expected;
  for (const auto& c : claims) {
    ids.push_back(c.id);
    expected.emplace_back(c.id, c.version);
  }
  RETURN_IF_ERROR(CheckDistinctIds(ids, "claim"));
  static constexpr const char* kHead =
      "UPDATE recovery_claims SET state = v.column3, updated_at = v.column4, "
      "version = version + 1 FROM (VALUES ";
  static constexpr const char* kRow = "(?, CAST(? AS BIGINT), ?, ?)";
  static constexpr const char* kTail =
      ") AS v WHERE recovery_claims.id = v.column1 AND recovery_claims.version = v.column2 "
      "RETURNING recovery_claims.id";
  const std::string state_text(ToString(state));
  const std::string at = Ts(updated_at);
  std::vector<std::string> updated;
  RETURN_IF_ERROR(RunRows(
      kHead, kRow, 4, kTail, claims,
      [&](Statement& s, int i, const ClaimStatus& c) {
        s.Bind(i, c.id).Bind(i + 1, c.version).Bind(i + 2, state_text).Bind(i + 3, at);
      },
      &updated));
  return CheckVersionedUpdates(expected, std::move(updated), "claim");
}

// ---- next of kin ----

namespace {

constexpr const char* kKinColumns =
    "id, version, claim_id, coalesce(inquiry_id, ''), name, relation, phone, state, decided_by, "
    "decided_at, created_at";

Result<KinProposal> ReadKin(const Statement& s) {
  RowReader row(s, "recovery_kin", s.Text(0));
  KinProposal k;
  k.id = s.Text(0);
  k.version = s.Int(1);
  k.claim_id = s.Text(2);
  k.inquiry_id = s.Text(3);
  k.name = s.Text(4);
  k.relation = s.Text(5);
  k.phone = s.Text(6);
  k.state = row.Enum(7, "state", ParseKinState);
  k.decided_by = s.Text(8);
  k.decided_at = row.OptionalTime(9, "decided_at");
  k.created_at = row.Time(10, "created_at");
  RETURN_IF_ERROR(row.status());
  return k;
}

}  // namespace

Result<std::vector<KinProposal>> SqlTransaction::ListKin(std::string_view claim_id) {
  static const std::string sql = fmt::format(
      "SELECT {} FROM recovery_kin WHERE claim_id = ? ORDER BY created_at, id", kKinColumns);
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql.c_str()));
  s->Bind(1, claim_id);
  return CollectRows<KinProposal>(*s, ReadKin);
}

Result<std::vector<KinProposal>> SqlTransaction::ListKinOfInquiry(std::string_view inquiry_id) {
  static const std::string sql = fmt::format(
      "SELECT {} FROM recovery_kin WHERE inquiry_id = ? ORDER BY created_at, id", kKinColumns);
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql.c_str()));
  s->Bind(1, inquiry_id);
  return CollectRows<KinProposal>(*s, ReadKin);
}

Status SqlTransaction::InsertKin(const KinProposal& k) {
  RETURN_IF_ERROR(RequireWrite());
  ASSIGN_OR_RETURN(
      auto s, conn_->Prepare(
                  "INSERT INTO recovery_kin (id, version, claim_id, inquiry_id, name, relation, "
                  "phone, state, "
                  "decided_by, decided_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  s->Bind(1, k.id)
      .Bind(2, k.version)
      .Bind(3, k.claim_id)
      .BindNullIfEmpty(4, k.inquiry_id)
      .Bind(5, k.name)
      .Bind(6, k.relation)
      .Bind(7, k.phone)
      .Bind(8, ToString(k.state))
      .Bind(9, k.decided_by);
  BindOptionalTime(*s, 10, k.decided_at);
  s->Bind(11, Ts(k.created_at));
  return s->Run();
}

Status SqlTransaction::UpdateKin(const KinProposal& k) {
  RETURN_IF_ERROR(RequireWrite());
  ASSIGN_OR_RETURN(
      auto s,
      conn_->Prepare("UPDATE recovery_kin SET name = ?1, relation = ?2, phone = ?3, state = ?4, "
                     "decided_by = ?5, decided_at = ?6, version = version + 1 WHERE id = ?7 AND "
                     "version = ?8"));
  s->Bind(1, k.name)
      .Bind(2, k.relation)
      .Bind(3, k.phone)
      .Bind(4, ToString(k.state))
      .Bind(5, k.decided_by);
  BindOptionalTime(*s, 6, k.decided_at);
  s->Bind(7, k.id).Bind(8, k.version);
  RETURN_IF_ERROR(s->Run());
  return CheckVersionedUpdate(s->RowsAffected(), "next of kin", k.id, k.version);
}

// ---- conflicts ----

namespace {

constexpr const char* kConflictColumns =
    "id, version, claim_id, other_claim_id, reason, reasons, score, state, resolved_by, "
    "resolved_at, created_at, resolution_note";

Result<Conflict> ReadConflict(const Statement& s) {
  RowReader row(s, "recovery_conflicts", s.Text(0));
  Conflict c;
  c.id = s.Text(0);
  c.version = s.Int(1);
  c.claim_id = s.Text(2);
  c.other_claim_id = s.Text(3);
  c.reason = row.Enum(4, "reason", ParseConflictReason);
  c.reasons = s.Text(5);
  c.score = s.Double(6);
  c.state = row.Enum(7, "state", ParseConflictState);
  c.resolved_by = s.Text(8);
  c.resolved_at = row.OptionalTime(9, "resolved_at");
  c.created_at = row.Time(10, "created_at");
  c.resolution_note = s.Text(11);
  RETURN_IF_ERROR(row.status());
  return c;
}

}  // namespace

Result<Conflict> SqlTransaction::GetConflict(std::string_view id) {
  static const std::string sql =
      fmt::format("SELECT {} FROM recovery_conflicts WHERE id = ?", kConflictColumns);
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql.c_str()));
  s->Bind(1, id);
  ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return NotFoundId("conflict", id);
  return ReadConflict(*s);
}

Result<std::vector<Conflict>> SqlTransaction::ListConflicts(const ConflictFilter& filter) {
  // A statement for each pair of filters given (filter_variants.h). With a claim and a state,
  // the claim's few conflicts are found by its two indexes and then filtered by state: "state
  // || ''" keeps SQLite from choosing the state index instead, which read every open conflict
  // each time a claim was marked ready.
  static const std::vector<std::string> sql = [] {
    const std::string head =
        fmt::format("SELECT {} FROM recovery_conflicts WHERE ", kConflictColumns);
    constexpr std::string_view kTail = " ORDER BY created_at DESC, id DESC LIMIT ?3";
    auto out =
        FilterStatements(head, {"state = ?1", "claim_id = ?2 OR other_claim_id = ?2"}, kTail);
    out[3] =
        fmt::format("{}state || '' = ?1 AND (claim_id = ?2 OR other_claim_id = ?2){}", head, kTail);
    return out;
  }();
  const size_t given = VariantOf({filter.state.has_value(), !filter.claim_id.empty()});
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql[given].c_str()));
  if (filter.state) s->Bind(1, ToString(*filter.state));
  if (!filter.claim_id.empty()) s->Bind(2, filter.claim_id);
  s->Bind(3, int64_t{filter.limit});
  return CollectRows<Conflict>(*s, ReadConflict);
}

Status SqlTransaction::InsertConflict(const Conflict& c) {
  RETURN_IF_ERROR(RequireWrite());
  ASSIGN_OR_RETURN(
      auto s,
      conn_->Prepare(
          "INSERT INTO recovery_conflicts (id, version, claim_id, other_claim_id, reason, reasons, "
          "score, state, resolved_by, resolved_at, created_at, resolution_note) VALUES (?, ?, ?, "
          "?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  s->Bind(1, c.id)
      .Bind(2, c.version)
      .Bind(3, c.claim_id)
      .Bind(4, c.other_claim_id)
      .Bind(5, ToString(c.reason))
      .Bind(6, c.reasons)
      .Bind(7, c.score)
      .Bind(8, ToString(c.state))
      .Bind(9, c.resolved_by);
  BindOptionalTime(*s, 10, c.resolved_at);
  s->Bind(11, Ts(c.created_at)).Bind(12, c.resolution_note);
  return s->Run();
}

Status SqlTransaction::UpdateConflict(const Conflict& c) {
  RETURN_IF_ERROR(RequireWrite());
  ASSIGN_OR_RETURN(
      auto s,
      conn_->Prepare(
          "UPDATE recovery_conflicts SET reason = ?1, reasons = ?2, score = ?3, state = ?4, "
          "resolved_by = ?5, resolved_at = ?6, resolution_note = ?9, version = version + 1 WHERE "
          "id = ?7 AND version = ?8"));
  s->Bind(1, ToString(c.reason))
      .Bind(2, c.reasons)
      .Bind(3, c.score)
      .Bind(4, ToString(c.state))
      .Bind(5, c.resolved_by);
  BindOptionalTime(*s, 6, c.resolved_at);
  s->Bind(7, c.id).Bind(8, c.version).Bind(9, c.resolution_note);
  RETURN_IF_ERROR(s->Run());
  return CheckVersionedUpdate(s->RowsAffected(), "conflict", c.id, c.version);
}

}  // namespace aftermath::sql

#include "recovery/recovery.h"

#include <fmt/format.h>
#include <sodium.h>

#include <algorithm>
#include <map>
#include <set>

#include "model/validate.h"
#include "recovery/address.h"
#include "recovery/keys.h"
#include "recovery/rules.h"
#include "recovery/text.h"
#include "recovery/working_days.h"

namespace aftermath::recovery {
namespace {

constexpr size_t kMaxAddressLength = 500;
constexpr size_t kMaxShortText = 200;

// An audit row's detail: a JSON object of ids, states and field names (never personal data),
// so only characters that need no escaping beyond quotes and backslashes occur.
std::string Detail(std::initializer_list<std::pair<std::string_view, std::string_view>> fields) {
  std::string out = "{";
  for (const auto& [key, value] : fields) {
    if (out.size() > 1) out += ',';
    out += fmt::format("\"{}\":\"", key);
    for (char c : value) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out + "}";
}

std::string JoinIds(const std::vector<std::string>& ids) {
  std::string out;
  for (const auto& id : ids) {
    if (!out.empty()) out += ',';
    out += id;
  }
  return out;
}

std::string Field(std::string_view prefix, std::string_view name) {
  return prefix.empty() ? std::string(name) : fmt::format("{}.{}", prefix, name);
}

Status CheckName(std::string& name, std::string_view field, bool required) {
  name = CleanName(std::string(Trim(name)));
  if (name.empty()) {
    return required ? InvalidArgument("must not be empty", std::string(field)) : Status::Ok();
  }
  return CheckNameText(name, field, kMaxNameLength);
}

// Today's date in Kazakhstan.
PartialDate LocalToday(const Clock& clock) {
  auto day = std::chrono::floor<std::chrono::days>(clock.Now() + kKazakhstanOffset);
  std::chrono::year_month_day ymd{day};
  return {static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
          static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

// Documents and photos: a known kind word, a SHA-256, an allowed type, a size within the limit.
Status CheckFile(std::string_view sha256, std::string_view media_type, int64_t size,
                 std::string_view field) {
  if (!IsSha256Hex(sha256)) {
    return InvalidArgument("must be the file's SHA-256 as 64 lower-case hex digits",
                           Field(field, "sha256"));
  }
  if (!IsAllowedMediaType(media_type)) {
    return InvalidArgument(
        "must be image/jpeg, image/png, image/webp, image/heic or "
        "application/pdf",
        Field(field, "media_type"));
  }
  // 0: not known (a field form's export names its attachments, not their sizes).
  if (size < 0 || size > kMaxFileBytes) {
    return InvalidArgument(fmt::format("must be 0 (unknown) to {} bytes", kMaxFileBytes),
                           Field(field, "size"));
  }
  return Status::Ok();
}

Status CheckDocuments(const std::vector<ClaimDocument>& documents) {
  if (documents.size() > 100) return InvalidArgument("at most 100 documents", "documents");
  for (size_t i = 0; i < documents.size(); ++i) {
    const ClaimDocument& d = documents[i];
    std::string field = fmt::format("documents[{}]", i);
    bool word = !d.kind.empty() && d.kind.size() <= 50 &&
                std::all_of(d.kind.begin(), d.kind.end(),
                            [](char c) { return (c >= 'a' && c <= 'z') || c == '_'; });
    if (!word) {
      return InvalidArgument("a document's kind is a word such as id_card, title_deed or photo",
                             field + ".kind");
    }
    RETURN_IF_ERROR(CheckFile(d.sha256, d.media_type, d.size, field));
  }
  return Status::Ok();
}

// The applicant's fields of a claim, checked and canonical.
Status SetApplicant(Claim& c, std::string name, const std::string& id, const std::string& phone,
                    const std::string& address, const std::string& iban) {
  RETURN_IF_ERROR(CheckName(name, "applicant_name", false));
  c.applicant_name = std::move(name);
  c.applicant_id.clear();
  if (!Trim(id).empty()) {
    ASSIGN_OR_RETURN(c.applicant_id, ParseIinOrBin(id, "applicant_id"));
  }
  c.applicant_phone.clear();
  if (!Trim(phone).empty()) {
    ASSIGN_OR_RETURN(c.applicant_phone, ParsePhone(phone, "applicant_phone"));
  }
  RETURN_IF_ERROR(CheckText(address, "applicant_address", kMaxAddressLength));
  c.applicant_address = std::string(Trim(address));
  c.iban.clear();
  if (!Trim(iban).empty()) {
    ASSIGN_OR_RETURN(c.iban, ParseIban(iban, "iban"));
  }
  return Status::Ok();
}

// The claim's place: its object's for property claims, else the applicant's own address.
Status SetPlace(Claim& c, const AffectedObject* object) {
  if (object) {
    c.address_key = object->address_key;
    c.building_key = object->building_key;
    return Status::Ok();
  }
  ASSIGN_OR_RETURN(Address a, ParseAddress(c.applicant_address, "applicant_address"));
  c.address_key = a.empty() ? "" : a.Key();
  c.building_key = a.empty() ? "" : a.BuildingKey();
  return Status::Ok();
}

// The object `in` describes, its keys checked (errors name `prefix`.field) and its address
// folded.
Result<AffectedObject> BuildObject(const NewObject& in, std::string_view prefix) {
  AffectedObject o;
  o.kind = in.kind;
  RETURN_IF_ERROR(CheckText(in.name, Field(prefix, "name"), kMaxNameLength));
  o.name = std::string(Trim(in.name));
  ASSIGN_OR_RETURN(Address a, ParseAddress(in.address, Field(prefix, "address")));
  o.address = std::string(Trim(in.address));
  if (!a.empty()) {
    o.locality_key = a.locality;
    o.address_key = a.Key();
    o.building_key = a.BuildingKey();
  }
  if (!Trim(in.cadastral).empty()) {
    ASSIGN_OR_RETURN(o.cadastral, ParseCadastral(in.cadastral, Field(prefix, "cadastral")));
  }
  if (!Trim(in.vin).empty()) {
    ASSIGN_OR_RETURN(o.vin, ParseVin(in.vin, Field(prefix, "vin")));
  }
  if (!Trim(in.plate).empty()) {
    ASSIGN_OR_RETURN(o.plate, ParsePlate(in.plate, Field(prefix, "plate")));
  }
  if (!Trim(in.bin).empty()) {
    ASSIGN_OR_RETURN(o.bin, ParseBin(in.bin, Field(prefix, "bin")));
  }
  RETURN_IF_ERROR(CheckText(in.premises, Field(prefix, "premises"), kMaxShortText));
  o.premises = std::string(Trim(in.premises));
  RETURN_IF_ERROR(CheckText(in.description, Field(prefix, "description"), kMaxTextLength));
  o.description = in.description;
  RETURN_IF_ERROR(CheckText(in.district, Field(prefix, "district"), kMaxShortText));
  o.district = std::string(Trim(in.district));
  for (size_t i = 0; i < in.owners.size(); ++i) {
    ObjectOwner w = in.owners[i];
    std::string field = Field(prefix, fmt::format("owners[{}]", i));
    RETURN_IF_ERROR(CheckName(w.name, field + ".name", true));
    if (!Trim(w.id_number).empty()) {
      ASSIGN_OR_RETURN(w.id_number, ParseIinOrBin(w.id_number, field + ".id_number"));
    } else {
      w.id_number.clear();
    }
    o.owners.push_back(std::move(w));
  }
  Status s = ValidateObject(o);
  if (!s.ok()) return InvalidArgument(s.message(), Field(prefix, s.field()));
  return o;
}

bool SamePremises(const AffectedObject& a, const AffectedObject& b) {
  if (!a.address_key.empty() && a.address_key == b.address_key) return true;
  if (a.premises.empty() || b.premises.empty()) return false;
  auto pa = ParseAddress(a.premises, "premises"), pb = ParseAddress(b.premises, "premises");
  return pa.ok() && pb.ok() && !pa->house.empty() && pa->house == pb->house;
}

// Adds to `stored` the keys and owners `in` has and it lacks; true when anything was added.
bool AddMissing(AffectedObject& stored, const AffectedObject& in) {
  bool changed = false;
  auto fill = [&](std::string& to, const std::string& from) {
    if (to.empty() && !from.empty()) {
      to = from;
      changed = true;
    }
  };
  fill(stored.cadastral, in.cadastral);
  fill(stored.vin, in.vin);
  fill(stored.plate, in.plate);
  fill(stored.bin, in.bin);
  fill(stored.premises, in.premises);
  fill(stored.name, in.name);
  fill(stored.district, in.district);
  if (stored.address_key.empty() && !in.address_key.empty()) {
    stored.address = in.address;
    stored.locality_key = in.locality_key;
    stored.address_key = in.address_key;
    stored.building_key = in.building_key;
    changed = true;
  }
  int total = 0;
  for (const auto& w : stored.owners) total += w.share_bp;
  for (const auto& w : in.owners) {
    bool known = std::any_of(stored.owners.begin(), stored.owners.end(), [&](const auto& s) {
      return (!w.id_number.empty() && s.id_number == w.id_number) || s.name == w.name;
    });
    if (known || total + w.share_bp > 10000) continue;
    stored.owners.push_back(w);
    total += w.share_bp;
    changed = true;
  }
  return changed;
}

// Before the commission: ready, withdrawn and every state a commission gives are not open.
bool IsOpen(const Claim& c) {
  switch (c.state) {
    case ClaimState::kReady:
    case ClaimState::kWithdrawn:
    case ClaimState::kApproved:
    case ClaimState::kRejected:
    case ClaimState::kAppealed:
    case ClaimState::kPaid:
      return false;
    default:
      return true;
  }
}

// Stores `claim` at its version and moves the local copy to the next one.
Status Save(Transaction& tx, Claim& claim) {
  RETURN_IF_ERROR(tx.UpdateClaim(claim));
  ++claim.version;
  return Status::Ok();
}

void AppendNote(std::string& notes, std::string_view note) {
  if (!notes.empty()) notes += '\n';
  notes += note;
}

}  // namespace

// ---- the transaction plumbing ----

Status Recovery::Audit(Transaction& tx, const std::string& actor, std::string action,
                       std::string entity_type, std::string entity_id, std::string detail) {
  AuditEvent e{.at = clock_.Now(),
               .actor = actor,
               .action = std::move(action),
               .entity_type = std::move(entity_type),
               .entity_id = std::move(entity_id),
               .detail = std::move(detail)};
  return tx.AppendAudit(std::move(e)).status();
}

template <typename ReadFn>
auto Recovery::AuditedRead(const std::string& actor, const char* action, const char* entity_type,
                           ReadFn read)
    -> decltype(read(std::declval<Transaction&>(), std::declval<std::string&>())) {
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kBookkeeping));
  std::string detail;
  auto result = read(*tx, detail);
  if (!result.ok()) return result.status();
  RETURN_IF_ERROR(Audit(*tx, actor, action, entity_type, "", std::move(detail)));
  RETURN_IF_ERROR(tx->Commit());
  return result;
}

// ---- programmes ----

Result<Programme> Recovery::ProgrammeIn(Transaction& tx, const std::string& id_or_code) {
  if (id_or_code.empty())
    return InvalidArgument("name the programme (its id or code)", "programme");
  if (IsWellFormedId(id_or_code, kProgrammeIdPrefix)) return tx.GetProgramme(id_or_code);
  ASSIGN_OR_RETURN(auto p, tx.FindProgrammeByCode(id_or_code));
  if (!p) return NotFound(fmt::format("no programme with code '{}'", id_or_code.substr(0, 100)));
  return *p;
}

Result<Programme> Recovery::CreateProgramme(const std::string& actor, Programme in) {
  RETURN_IF_ERROR(ValidateProgramme(in));
  Timestamp now = clock_.Now();
  in.id = ids_.NewId(kProgrammeIdPrefix);
  in.version = 1;
  in.created_at = in.updated_at = now;
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kWrite));
  Status s = tx->InsertProgramme(in);
  if (s.code() == StatusCode::kAlreadyExists) {
    return AlreadyExists(fmt::format("a programme with code '{}' exists", in.code));
  }
  RETURN_IF_ERROR(s);
  RETURN_IF_ERROR(Audit(*tx, actor, "programme.create", "recovery_programme", in.id,
                        Detail({{"code", in.code}})));
  RETURN_IF_ERROR(tx->Commit());
  return in;
}

Result<Programme> Recovery::UpdateProgramme(const std::string& actor, const Programme& changes) {
  RETURN_IF_ERROR(ValidateProgramme(changes));
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kWrite));
  ASSIGN_OR_RETURN(Programme stored, tx->GetProgramme(changes.id));
  Programme next = changes;
  next.created_at = stored.created_at;
  next.updated_at = clock_.Now();
  Status s = tx->UpdateProgramme(next);
  if (s.code() == StatusCode::kAlreadyExists) {
    return AlreadyExists(fmt::format("a programme with code '{}' exists", next.code));
  }
  RETURN_IF_ERROR(s);
  RETURN_IF_ERROR(Audit(*tx, actor, "programme.update", "recovery_programme", next.id,
                        Detail({{"code", next.code}})));
  RETURN_IF_ERROR(tx->Commit());
  ++next.version;
  return next;
}

Result<std::vector<Programme>> Recovery::LoadProgrammes(const std::string& actor,
                                                        const std::vector<Programme>& programmes) {
  for (size_t i = 0; i < programmes.size(); ++i) {
    Status s = ValidateProgramme(programmes[i]);
    if (!s.ok()) {
      return InvalidArgument(s.message(), fmt::format("programmes[{}].{}", i, s.field()));
    }
  }
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kWrite));
  Timestamp now = clock_.Now();
  std::vector<Programme> out;
  for (Programme p : programmes) {
    ASSIGN_OR_RETURN(auto stored, tx->FindProgrammeByCode(p.code));
    if (stored) {
      p.id = stored->id;
      p.version = stored->version;
      p.created_at = stored->created_at;
      p.updated_at = now;
      RETURN_IF_ERROR(tx->UpdateProgramme(p));
      ++p.version;
      RETURN_IF_ERROR(Audit(*tx, actor, "programme.update", "recovery_programme", p.id,
                            Detail({{"code", p.code}})));
    } else {
      p.id = ids_.NewId(kProgrammeIdPrefix);
      p.version = 1;
      p.created_at = p.updated_at = now;
      RETURN_IF_ERROR(tx->InsertProgramme(p));
      RETURN_IF_ERROR(Audit(*tx, actor, "programme.create", "recovery_programme", p.id,
                            Detail({{"code", p.code}})));
    }
    out.push_back(std::move(p));
  }
  if (out.empty()) return out;
  RETURN_IF_ERROR(tx->Commit());
  return out;
}

Result<std::vector<Programme>> Recovery::ListProgrammes() {
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kRead));
  return tx->ListProgrammes();
}

Result<Programme> Recovery::GetProgramme(const std::string& id_or_code) {
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kRead));
  return ProgrammeIn(*tx, id_or_code);
}

// ---- objects ----

Result<AffectedObject> Recovery::RegisterObjectIn(Transaction& tx, const std::string& actor,
                                                  AffectedObject built, bool* created) {
  *created = false;
  // Exact keys first: the cadastral number, the VIN, the plate; a business's BIN only with the
  // same premises (one business may have many shops).
  std::vector<std::string> ids;
  if (!built.cadastral.empty()) {
    ASSIGN_OR_RETURN(ids, tx.FindObjectIds(ObjectKey::kCadastral, built.cadastral, 1));
  }
  if (ids.empty() && !built.vin.empty()) {
    ASSIGN_OR_RETURN(ids, tx.FindObjectIds(ObjectKey::kVin, built.vin, 1));
  }
  if (ids.empty() && !built.plate.empty()) {
    ASSIGN_OR_RETURN(ids, tx.FindObjectIds(ObjectKey::kPlate, built.plate, 1));
  }
  if (ids.empty() && !built.bin.empty()) {
    ASSIGN_OR_RETURN(auto same_bin, tx.FindObjectIds(ObjectKey::kBin, built.bin, 100));
    for (const auto& id : same_bin) {
      ASSIGN_OR_RETURN(AffectedObject o, tx.GetObject(id));
      if (SamePremises(o, built)) {
        ids.push_back(id);
        break;
      }
    }
  }
  Timestamp now = clock_.Now();
  if (!ids.empty()) {
    ASSIGN_OR_RETURN(AffectedObject stored, tx.GetObject(ids.front()));
    if (AddMissing(stored, built)) {
      stored.updated_at = now;
      RETURN_IF_ERROR(tx.UpdateObject(stored));
      ++stored.version;
      RETURN_IF_ERROR(Audit(tx, actor, "object.update", "recovery_object", stored.id));
    }
    return stored;
  }
  built.id = ids_.NewId(kObjectIdPrefix);
  built.version = 1;
  built.created_by = actor;
  built.created_at = built.updated_at = now;
  RETURN_IF_ERROR(tx.InsertObject(built));
  RETURN_IF_ERROR(Audit(tx, actor, "object.create", "recovery_object", built.id,
                        Detail({{"kind", ToString(built.kind)}})));
  *created = true;
  return built;
}

Result<AffectedObject> Recovery::RegisterObject(const std::string& actor, const NewObject& in) {
  ASSIGN_OR_RETURN(AffectedObject built, BuildObject(in, ""));
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kWrite));
  bool created = false;
  ASSIGN_OR_RETURN(AffectedObject o, RegisterObjectIn(*tx, actor, std::move(built), &created));
  // An object found and left as it was needs no commit (nothing was written).
  RETURN_IF_ERROR(
      Audit(*tx, actor, created ? "object.register" : "object.found", "recovery_object", o.id));
  RETURN_IF_ERROR(tx->Commit());
  return o;
}

Result<ObjectView> Recovery::GetObject(const std::string& actor, const std::string& id) {
  return AuditedRead(actor, "object.read", "recovery_object",
                     [&](Transaction& tx, std::string& detail) -> Result<ObjectView> {
                       ObjectView v;
                       ASSIGN_OR_RETURN(v.object, tx.GetObject(id));
                       ASSIGN_OR_RETURN(v.assessments, tx.ListAssessments(id));
                       ASSIGN_OR_RETURN(v.works, tx.ListWorks(id));
                       ASSIGN_OR_RETURN(v.claim_ids, tx.FindClaimIds(ClaimKey::kObject, id, 1000));
                       detail = Detail({{"object", id}});
                       return v;
                     });
}

Result<Page<AffectedObject>> Recovery::ListObjects(const std::string& actor,
                                                   std::optional<ObjectKind> kind,
                                                   const PageRequest& page) {
  return AuditedRead(actor, "object.list", "recovery_object",
                     [&](Transaction& tx, std::string& detail) -> Result<Page<AffectedObject>> {
                       ASSIGN_OR_RETURN(auto out, tx.ListObjects(kind, page));
                       std::vector<std::string> ids;
                       for (const auto& o : out.items) ids.push_back(o.id);
                       detail = Detail({{"objects", JoinIds(ids)}});
                       return out;
                     });
}

Result<std::vector<AffectedObject>> Recovery::FindObjects(const std::string& actor,
                                                         std::string_view text, int limit) {
  limit = std::clamp(limit, 1, 50);
  return AuditedRead(
      actor, "object.search", "recovery_object",
      [&](Transaction& tx, std::string& detail) -> Result<std::vector<AffectedObject>> {
        std::vector<std::string> ids;
        auto add = [&](ObjectKey key, const std::string& value) -> Status {
          if (value.empty() || static_cast<int>(ids.size()) >= limit) return Status::Ok();
          ASSIGN_OR_RETURN(auto found, tx.FindObjectIds(key, value, limit));
          for (auto& id : found) {
            if (std::find(ids.begin(), ids.end(), id) == ids.end() &&
                static_cast<int>(ids.size()) < limit) {
              ids.push_back(std::move(id));
            }
          }
          return Status::Ok();
        };
        // What the text is: a key as typed (the first reading that parses), else an address in
        // any script, the same flat first and then the building's other units.
        if (auto cadastral = ParseCadastral(text, "q"); cadastral.ok()) {
          RETURN_IF_ERROR(add(ObjectKey::kCadastral, *cadastral));
        }
        if (auto vin = ParseVin(text, "q"); vin.ok()) RETURN_IF_ERROR(add(ObjectKey::kVin, *vin));
        if (auto plate = ParsePlate(text, "q"); plate.ok()) {
          RETURN_IF_ERROR(add(ObjectKey::kPlate, *plate));
        }
        ASSIGN_OR_RETURN(Address address, ParseAddress(text, "q"));
        if (!address.empty()) {
          RETURN_IF_ERROR(add(ObjectKey::kAddress, address.Key()));
          if (!address.house.empty()) RETURN_IF_ERROR(add(ObjectKey::kBuilding, address.BuildingKey()));
        }
        std::vector<AffectedObject> out;
        for (const auto& id : ids) {
          ASSIGN_OR_RETURN(AffectedObject o, tx.GetObject(id));
          out.push_back(std::move(o));
        }
        detail = Detail({{"objects", JoinIds(ids)}});
        return out;
      });
}

// ---- assessments and works ----

Result<ValuedSoFar> Recovery::ValuedSoFarOf(Transaction& tx, const Claim& claim) {
  ValuedSoFar out;
  ValuedFilter f{.programme_id = claim.programme_id, .except_claim_id = claim.id};
  ASSIGN_OR_RETURN(out.in_programme, tx.SumValued(f));
  if (!claim.object_id.empty()) {
    f.object_id = claim.object_id;
    ASSIGN_OR_RETURN(out.on_object, tx.SumValued(f));
    f.object_id.clear();
  }
  if (!claim.applicant_id.empty()) {
    f.applicant_id = claim.applicant_id;
    ASSIGN_OR_RETURN(out.of_person, tx.SumValued(f));
  }
  return out;
}

Status Recovery::ValueBySchedule(Transaction& tx, Claim& claim, int64_t assessed_damage) {
  ASSIGN_OR_RETURN(Programme p, tx.GetProgramme(claim.programme_id));
  auto amount = ScheduledAmount(p, claim, assessed_damage);
  if (!amount.ok()) return Status::Ok();  // the severity is still unknown: a person values it
  ValuationMethod method = MethodFor(p, *amount);
  if (method == ValuationMethod::kValuer) return Status::Ok();  // above the threshold
  RETURN_IF_ERROR(CheckTransition(claim, ClaimState::kValued));
  ASSIGN_OR_RETURN(ValuedSoFar so_far, ValuedSoFarOf(tx, claim));
  auto within = WithinLimits(p, claim, *amount, so_far);
  if (!within.ok()) {
    // Flagged, not valued: the budget decides, not the order claims happen to be checked in.
    if (within.status().code() != StatusCode::kFailedPrecondition) return within.status();
    AppendNote(claim.notes, within.status().message());
    return Status::Ok();
  }
  claim.amount_valued = *within;
  claim.valuation = method;
  claim.state = ClaimState::kValued;
  return Status::Ok();
}

Result<Assessment> Recovery::RecordAssessment(const std::string& actor, const NewAssessment& in) {
  if (in.asset_damage < 0) return InvalidArgument("must not be negative", "asset_damage");
  if (in.lost_income < 0) return InvalidArgument("must not be negative", "lost_income");
  RETURN_IF_ERROR(CheckText(in.notes, "notes", kMaxTextLength));
  if (in.photos.size() > 100) return InvalidArgument("at most 100 photos", "photos");
  for (size_t i = 0; i < in.photos.size(); ++i) {
    const Photo& p = in.photos[i];
    std::string field = fmt::format("photos[{}]", i);
    RETURN_IF_ERROR(CheckFile(p.sha256, p.media_type, p.size, field));
    if (p.latitude && (*p.latitude < -90 || *p.latitude > 90)) {
      return InvalidArgument("must be -90..90", field + ".latitude");
    }
    if (p.longitude && (*p.longitude < -180 || *p.longitude > 180)) {
      return InvalidArgument("must be -180..180", field + ".longitude");
    }
    if (p.taken_at) RETURN_IF_ERROR(CheckNotFuture(*p.taken_at, clock_.Now(), field + ".taken_at"));
  }
  Timestamp now = clock_.Now();
  if (in.inspected_at) RETURN_IF_ERROR(CheckNotFuture(*in.inspected_at, now, "inspected_at"));
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kWrite));
  ASSIGN_OR_RETURN(AffectedObject object, tx->GetObject(in.object_id));
  std::vector<std::string> claim_ids;
  if (!in.claim_id.empty()) {
    ASSIGN_OR_RETURN(Claim c, tx->GetClaim(in.claim_id));
    if (c.object_id != object.id) {
      return InvalidArgument("the claim is about another object", "claim_id");
    }
    claim_ids.push_back(c.id);
  } else {
    ASSIGN_OR_RETURN(claim_ids, tx->FindClaimIds(ClaimKey::kObject, object.id, 1000));
  }
  Assessment a{.id = ids_.NewId(kAssessmentIdPrefix),
               .object_id = object.id,
               .claim_id = in.claim_id,
               .inspector = actor,
               .grade = in.grade,
               .looted = in.looted,
               .burned = in.burned,
               .asset_damage = in.asset_damage,
               .lost_income = in.lost_income,
               .notes = in.notes,
               .photos = in.photos,
               .inspected_at = in.inspected_at.value_or(now),
               .created_at = now};
  RETURN_IF_ERROR(tx->InsertAssessment(a));
  RETURN_IF_ERROR(Audit(*tx, actor, "assessment.create", "recovery_assessment", a.id,
                        Detail({{"object", object.id}, {"grade", ToString(a.grade)}})));
  for (const auto& id : claim_ids) {
    ASSIGN_OR_RETURN(Claim c, tx->GetClaim(id));
    if (c.state != ClaimState::kChecked || !IsPropertyClaim(c.kind) || !c.duplicate_of.empty()) {
      continue;
    }
    c.state = ClaimState::kInspected;
    RETURN_IF_ERROR(ValueBySchedule(*tx, c, a.asset_damage));
    c.updated_at = now;
    RETURN_IF_ERROR(Save(*tx, c));
    RETURN_IF_ERROR(Audit(*tx, actor, "claim.inspected", "recovery_claim", c.id,
                          Detail({{"assessment", a.id}, {"state", ToString(c.state)}})));
  }
  RETURN_IF_ERROR(tx->Commit());
  return a;
}

Result<RestorationWork> Recovery::StartWork(const std::string& actor, RestorationWork in) {
  RETURN_IF_ERROR(CheckName(in.contractor, "contractor", true));
  if (in.budget < 0) return InvalidArgument("must not be negative", "budget");
  if (in.progress_pct < 0 || in.progress_pct > 100) {
    return InvalidArgument("must be 0..100", "progress_pct");
  }
  RETURN_IF_ERROR(CheckText(in.notes, "notes", kMaxTextLength));
  Timestamp now = clock_.Now();
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kWrite));
  ASSIGN_OR_RETURN(AffectedObject object, tx->GetObject(in.object_id));
  in.id = ids_.NewId(kWorkIdPrefix);
  in.version = 1;
  in.started_at = now;
  in.completed_at = in.progress_pct == 100 ? std::optional<Timestamp>(now) : std::nullopt;
  in.created_at = in.updated_at = now;
  RETURN_IF_ERROR(tx->InsertWork(in));
  RETURN_IF_ERROR(
      Audit(*tx, actor, "work.start", "recovery_work", in.id, Detail({{"object", object.id}})));
  RETURN_IF_ERROR(tx->Commit());
  return in;
}

Result<RestorationWork> Recovery::UpdateWork(const std::string& actor, const std::string& id,
                                             int64_t version, int progress_pct,
                                             const std::string& notes) {
  if (progress_pct < 0 || progress_pct > 100) {
    return InvalidArgument("must be 0..100", "progress_pct");
  }
  RETURN_IF_ERROR(CheckText(notes, "notes", kMaxTextLength));
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kWrite));
  ASSIGN_OR_RETURN(RestorationWork w, tx->GetWork(id));
  if (w.completed_at) return FailedPrecondition("the work was completed");
  w.version = version;
  w.progress_pct = progress_pct;
  if (!notes.empty()) w.notes = notes;
  w.updated_at = clock_.Now();
  if (progress_pct == 100) w.completed_at = w.updated_at;
  RETURN_IF_ERROR(tx->UpdateWork(w));
  RETURN_IF_ERROR(Audit(*tx, actor, w.completed_at ? "work.complete" : "work.progress",
                        "recovery_work", w.id,
                        Detail({{"progress_pct", std::to_string(progress_pct)}})));
  RETURN_IF_ERROR(tx->Commit());
  ++w.version;
  return w;
}

Result<StoredFile> Recovery::StoreFile(const std::string& actor, std::string_view bytes,
                                       std::string_view media_type) {
  if (!files_) return Unavailable("this server keeps no files (no files directory)");
  ASSIGN_OR_RETURN(StoredFile f, files_->Put(bytes, media_type));
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kBookkeeping));
  RETURN_IF_ERROR(Audit(*tx, actor, "file.store", "recovery_file", f.sha256,
                        Detail({{"media_type", f.media_type}, {"size", std::to_string(f.size)}})));
  RETURN_IF_ERROR(tx->Commit());
  return f;
}

// ---- claims ----

Result<std::vector<Conflict>> Recovery::OpenConflicts(Transaction& tx, const std::string& actor,
                                                      const Claim& claim) {
  ASSIGN_OR_RETURN(auto programmes, tx.ListProgrammes());
  ASSIGN_OR_RETURN(auto findings, duplicates_.Find(tx, claim, programmes));
  std::vector<Conflict> out;
  if (findings.empty()) return out;
  ASSIGN_OR_RETURN(auto existing, tx.ListConflicts({.claim_id = claim.id, .limit = 10000}));
  Timestamp now = clock_.Now();
  for (const Finding& f : findings) {
    bool known = std::any_of(existing.begin(), existing.end(), [&](const Conflict& c) {
      return c.claim_id == f.other_claim_id || c.other_claim_id == f.other_claim_id;
    });
    if (known) continue;
    // Ids are time-ordered: the newer claim is the one with the greater id.
    bool newer = claim.id > f.other_claim_id;
    Conflict c{.id = ids_.NewId(kConflictIdPrefix),
               .claim_id = newer ? claim.id : f.other_claim_id,
               .other_claim_id = newer ? f.other_claim_id : claim.id,
               .reason = f.reasons.front(),
               .reasons = JoinReasons(f.reasons),
               .score = f.score,
               .created_at = now};
    RETURN_IF_ERROR(tx.InsertConflict(c));
    RETURN_IF_ERROR(Audit(
        tx, actor, "conflict.open", "recovery_conflict", c.id,
        Detail({{"claim", c.claim_id}, {"other", c.other_claim_id}, {"reasons", c.reasons}})));
    out.push_back(std::move(c));
  }
  return out;
}

Result<PreparedClaim> Recovery::Prepare(const NewClaim& in) const {
  PreparedClaim p;
  Claim& c = p.claim;
  c.kind = in.kind;
  c.channel = in.channel;
  RETURN_IF_ERROR(SetApplicant(c, in.applicant_name, in.applicant_id, in.applicant_phone,
                               in.applicant_address, in.iban));
  if (c.applicant_name.empty() && in.channel != ClaimChannel::kDirectLine) {
    return InvalidArgument("must not be empty", "applicant_name");
  }
  RETURN_IF_ERROR(CheckText(in.relation, "relation", kMaxShortText));
  c.relation = std::string(Trim(in.relation));
  RETURN_IF_ERROR(CheckText(in.notes, "notes", kMaxTextLength));
  c.notes = in.notes;
  RETURN_IF_ERROR(CheckText(in.external_id, "external_id", kMaxShortText));
  c.external_id = std::string(Trim(in.external_id));
  if (in.amount_claimed < 0) return InvalidArgument("must not be negative", "amount_claimed");
  c.amount_claimed = in.amount_claimed;
  c.severity = in.severity;
  if (c.kind != ClaimKind::kInjurySupport && c.severity != InjurySeverity::kUnknown) {
    return InvalidArgument("only an injury claim has a severity", "severity");
  }
  RETURN_IF_ERROR(CheckDocuments(in.documents));
  c.documents = in.documents;
  bool property = IsPropertyClaim(c.kind);
  if (property && in.object_id.empty() && !in.object) {
    return InvalidArgument("a property claim names its object (object_id or object)", "object");
  }
  if (!property && (!in.object_id.empty() || in.object)) {
    return InvalidArgument("a family or injury claim is about a person, not an object", "object");
  }
  if (property && !in.person_id.empty()) {
    return InvalidArgument("only a family or injury claim names a person", "person_id");
  }
  if (in.object) {
    ASSIGN_OR_RETURN(p.object, BuildObject(*in.object, "object"));
  }
  return p;
}

Result<IntakeOutcome> Recovery::SubmitPrepared(Transaction& tx, const std::string& actor,
                                               const NewClaim& in, PreparedClaim prepared) {
  Claim& c = prepared.claim;
  if (!c.external_id.empty()) {
    ASSIGN_OR_RETURN(auto existing, tx.FindClaimByExternalId(c.external_id));
    if (existing) {
      IntakeOutcome out{.claim = *existing, .change = IntakeOutcome::Change::kExisting};
      if (!existing->object_id.empty()) {
        ASSIGN_OR_RETURN(out.object, tx.GetObject(existing->object_id));
      }
      ASSIGN_OR_RETURN(out.conflicts, tx.ListConflicts({.claim_id = existing->id}));
      return out;
    }
  }
  // Everything that may refuse the claim is checked before anything is written, so a refused
  // row of a batch leaves nothing behind.
  ASSIGN_OR_RETURN(Programme programme, ProgrammeIn(tx, in.programme));
  IntakeOutcome out;
  if (!in.object_id.empty()) {
    ASSIGN_OR_RETURN(out.object, tx.GetObject(in.object_id));
  }
  const AffectedObject* object = out.object        ? &*out.object
                                 : prepared.object ? &*prepared.object
                                                   : nullptr;
  if (!in.person_id.empty()) {
    RETURN_IF_ERROR(tx.GetPerson(in.person_id).status());
    c.person_id = in.person_id;
    ASSIGN_OR_RETURN(auto of_person, tx.FindClaimIds(ClaimKey::kPerson, c.person_id, 1000));
    for (const auto& id : of_person) {
      ASSIGN_OR_RETURN(Claim other, tx.GetClaim(id));
      if (other.programme_id == programme.id && other.kind == c.kind) {
        return AlreadyExists(fmt::format("this person already has a {} claim in programme {}: {}",
                                         ToString(c.kind), programme.code, other.id));
      }
    }
  }
  PartialDate today = LocalToday(clock_);
  RETURN_IF_ERROR(CheckEligible(programme, c, object, &today));
  if (prepared.object) {
    ASSIGN_OR_RETURN(out.object,
                     RegisterObjectIn(tx, actor, std::move(*prepared.object), &out.object_created));
  }
  c.programme_id = programme.id;
  if (out.object) c.object_id = out.object->id;
  RETURN_IF_ERROR(SetPlace(c, out.object ? &*out.object : nullptr));
  Timestamp now = clock_.Now();
  c.id = ids_.NewId(kClaimIdPrefix);
  c.state = ClaimState::kSubmitted;
  c.created_by = actor;
  c.submitted_at = c.updated_at = now;
  RETURN_IF_ERROR(tx.InsertClaim(c));
  RETURN_IF_ERROR(Audit(tx, actor, "claim.submit", "recovery_claim", c.id,
                        Detail({{"programme", c.programme_id},
                                {"object", c.object_id},
                                {"person", c.person_id},
                                {"channel", ToString(c.channel)}})));
  ASSIGN_OR_RETURN(out.conflicts, OpenConflicts(tx, actor, c));
  out.claim = std::move(c);
  return out;
}

Result<IntakeOutcome> Recovery::SubmitClaim(const std::string& actor, const NewClaim& in,
                                            WriteMode mode) {
  ASSIGN_OR_RETURN(PreparedClaim prepared, Prepare(in));
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kWrite));
  ASSIGN_OR_RETURN(IntakeOutcome out, SubmitPrepared(*tx, actor, in, std::move(prepared)));
  if (mode == WriteMode::kCommit && out.change == IntakeOutcome::Change::kCreated) {
    RETURN_IF_ERROR(tx->Commit());
  }
  return out;
}

namespace {
// What refuses one row of a batch without failing the others: the row's own content. Anything
// else (the store failing, a conflicting write) fails the batch.
bool IsRowError(const Status& s) {
  return s.code() == StatusCode::kInvalidArgument || s.code() == StatusCode::kNotFound ||
         s.code() == StatusCode::kFailedPrecondition || s.code() == StatusCode::kAlreadyExists;
}
}  // namespace

Result<std::vector<Result<IntakeOutcome>>> Recovery::SubmitClaims(
    const std::string& actor, const std::vector<NewClaim>& batch, WriteMode mode) {
  std::vector<Result<IntakeOutcome>> out;
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kWrite));
  bool wrote = false;
  for (const NewClaim& in : batch) {
    auto prepared = Prepare(in);
    if (!prepared.ok()) {
      out.push_back(prepared.status());
      continue;
    }
    auto outcome = SubmitPrepared(*tx, actor, in, std::move(*prepared));
    if (!outcome.ok() && !IsRowError(outcome.status())) return outcome.status();
    wrote |= outcome.ok() && outcome->change == IntakeOutcome::Change::kCreated;
    out.push_back(std::move(outcome));
  }
  if (mode == WriteMode::kCommit && wrote) RETURN_IF_ERROR(tx->Commit());
  return out;
}

Result<ClaimView> Recovery::GetClaim(const std::string& actor, const std::string& id) {
  return AuditedRead(
      actor, "claim.read", "recovery_claim",
      [&](Transaction& tx, std::string& detail) -> Result<ClaimView> {
        ClaimView v;
        ASSIGN_OR_RETURN(v.claim, tx.GetClaim(id));
        const Claim& c = v.claim;
        if (!c.object_id.empty()) {
          ASSIGN_OR_RETURN(v.object, tx.GetObject(c.object_id));
          ASSIGN_OR_RETURN(v.assessments, tx.ListAssessments(c.object_id));
        }
        ASSIGN_OR_RETURN(Programme p, tx.GetProgramme(c.programme_id));
        v.programme_code = p.code;
        v.programme_name = p.name;
        ASSIGN_OR_RETURN(v.conflicts, tx.ListConflicts({.claim_id = c.id}));
        ASSIGN_OR_RETURN(v.kin, tx.ListKin(c.id));
        if (!c.person_id.empty()) {
          ASSIGN_OR_RETURN(Person person, tx.GetPerson(c.person_id));
          if (!person.purged_at) v.person_name = person.display_name();
          v.person_status = ToString(person.status);
        }
        v.missing = MissingOf(c);
        ASSIGN_OR_RETURN(v.earlier, EarlierClaims(tx, c));
        std::vector<std::string> earlier;
        for (const auto& e : v.earlier) earlier.push_back(e.claim_id);
        detail = Detail({{"claim", c.id},
                         {"object", c.object_id},
                         {"person", c.person_id},
                         {"earlier", JoinIds(earlier)}});
        return v;
      });
}

// The applicant's other claims (by IIN/BIN) and the object's, with their payments.
Result<std::vector<EarlierClaim>> Recovery::EarlierClaims(Transaction& tx, const Claim& c) {
  std::map<std::string, EarlierClaim> by_id;
  if (!c.applicant_id.empty()) {
    ASSIGN_OR_RETURN(
        auto ids, tx.FindClaimIds(ClaimKey::kApplicantId, c.applicant_id, kMaxEarlierClaims + 1));
    for (auto& id : ids) by_id[id].same_applicant = true;
  }
  if (!c.object_id.empty()) {
    ASSIGN_OR_RETURN(auto page,
                     tx.ListClaims({.object_id = c.object_id}, {.limit = kMaxEarlierClaims + 1}));
    for (const auto& other : page.items) by_id[other.id].same_object = true;
  }
  by_id.erase(c.id);
  std::vector<std::pair<Timestamp, EarlierClaim>> found;
  std::map<std::string, std::string> codes;  // programme id → code
  for (auto& [id, e] : by_id) {
    ASSIGN_OR_RETURN(Claim other, tx.GetClaim(id));
    e.claim_id = id;
    e.kind = other.kind;
    e.state = other.state;
    if (!codes.contains(other.programme_id)) {
      ASSIGN_OR_RETURN(Programme p, tx.GetProgramme(other.programme_id));
      codes[other.programme_id] = p.code;
    }
    e.programme_code = codes[other.programme_id];
    ASSIGN_OR_RETURN(auto payments, tx.ListPayments({.claim_id = id}));
    for (const auto& pay : payments) {
      if (pay.state == PaymentState::kPaid) {
        e.paid += pay.amount;
        if (pay.paid_at && (!e.last_paid_at || *pay.paid_at > *e.last_paid_at)) {
          e.last_paid_at = pay.paid_at;
        }
      } else if (pay.state != PaymentState::kReturned) {
        e.pending_payment += pay.amount;
      }
    }
    found.emplace_back(other.submitted_at, std::move(e));
  }
  std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first < b.first : a.second.claim_id < b.second.claim_id;
  });
  std::vector<EarlierClaim> out;
  for (auto& [at, e] : found) {
    if (out.size() == static_cast<size_t>(kMaxEarlierClaims)) break;
    out.push_back(std::move(e));
  }
  return out;
}

Result<ApplicantStatus> Recovery::StatusForApplicant(const std::string& claim_id,
                                                     std::string_view applicant_id) {
  auto nothing = [] { return NotFound("no application with this number and IIN"); };
  if (!IsWellFormedId(claim_id, kClaimIdPrefix)) return nothing();
  auto given = ParseIinOrBin(applicant_id, "iin");
  if (!given.ok()) return given.status();
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kRead));
  auto claim = tx->GetClaim(claim_id);
  if (!claim.ok() && claim.status().code() != StatusCode::kNotFound) return claim.status();
  // Compared in constant time: the IIN must not leak digit by digit.
  if (!claim.ok() || claim->applicant_id.size() != given->size() ||
      sodium_memcmp(claim->applicant_id.data(), given->data(), given->size()) != 0) {
    return nothing();
  }
  tx.reset();
  ApplicantStatus out{.claim_id = claim->id,
                      .state = claim->state,
                      .missing = MissingOf(*claim),
                      .submitted_at = claim->submitted_at,
                      .updated_at = claim->updated_at};
  ASSIGN_OR_RETURN(auto audit_tx, store_.Begin(TransactionMode::kBookkeeping));
  RETURN_IF_ERROR(Audit(*audit_tx, "applicant:" + claim->id, "claim.applicant_read",
                        "recovery_claim", claim->id));
  RETURN_IF_ERROR(audit_tx->Commit());
  return out;
}

Result<Page<Claim>> Recovery::ListClaims(const std::string& actor, const ClaimFilter& filter,
                                         const PageRequest& page) {
  return AuditedRead(actor, "claim.list", "recovery_claim",
                     [&](Transaction& tx, std::string& detail) -> Result<Page<Claim>> {
                       ASSIGN_OR_RETURN(auto out, tx.ListClaims(filter, page));
                       std::vector<std::string> ids;
                       for (const auto& c : out.items) ids.push_back(c.id);
                       detail = Detail({{"claims", JoinIds(ids)}});
                       return out;
                     });
}

Result<std::vector<Claim>> Recovery::ListOverdue(const std::string& actor, int limit) {
  return AuditedRead(actor, "claim.overdue", "recovery_claim",
                     [&](Transaction& tx, std::string& detail) -> Result<std::vector<Claim>> {
                       ASSIGN_OR_RETURN(auto out, tx.ListOverdueClaims(clock_.Now(), limit));
                       std::vector<std::string> ids;
                       for (const auto& c : out) ids.push_back(c.id);
                       detail = Detail({{"claims", JoinIds(ids)}});
                       return out;
                     });
}

Result<IntakeOutcome> Recovery::UpdateClaim(const std::string& actor, const std::string& id,
                                            const ClaimChanges& changes) {
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kWrite));
  ASSIGN_OR_RETURN(Claim c, tx->GetClaim(id));
  if (!IsOpen(c)) {
    return FailedPrecondition(fmt::format("a {} claim cannot be changed", ToString(c.state)));
  }
  if (changes.version != c.version) {
    return Aborted(fmt::format("claim {} changed since version {}; it is at version {}", id,
                               changes.version, c.version));
  }
  RETURN_IF_ERROR(SetApplicant(c, changes.applicant_name.value_or(c.applicant_name),
                               changes.applicant_id.value_or(c.applicant_id),
                               changes.applicant_phone.value_or(c.applicant_phone),
                               changes.applicant_address.value_or(c.applicant_address),
                               changes.iban.value_or(c.iban)));
  if (c.applicant_name.empty() && c.channel != ClaimChannel::kDirectLine) {
    return InvalidArgument("must not be empty", "applicant_name");
  }
  if (changes.relation) {
    RETURN_IF_ERROR(CheckText(*changes.relation, "relation", kMaxShortText));
    c.relation = std::string(Trim(*changes.relation));
  }
  if (changes.notes) {
    RETURN_IF_ERROR(CheckText(*changes.notes, "notes", kMaxTextLength));
    c.notes = *changes.notes;
  }
  if (changes.severity) {
    if (c.kind != ClaimKind::kInjurySupport) {
      return InvalidArgument("only an injury claim has a severity", "severity");
    }
    c.severity = *changes.severity;
  }
  if (changes.amount_claimed) {
    if (*changes.amount_claimed < 0)
      return InvalidArgument("must not be negative", "amount_claimed");
    c.amount_claimed = *changes.amount_claimed;
  }
  if (changes.documents) {
    RETURN_IF_ERROR(CheckDocuments(*changes.documents));
    c.documents = *changes.documents;
  }
  IntakeOutcome out;
  if (!c.object_id.empty()) {
    ASSIGN_OR_RETURN(out.object, tx->GetObject(c.object_id));
  }
  RETURN_IF_ERROR(SetPlace(c, out.object ? &*out.object : nullptr));
  c.updated_at = clock_.Now();
  RETURN_IF_ERROR(Save(*tx, c));
  RETURN_IF_ERROR(Audit(*tx, actor, "claim.update", "recovery_claim", c.id));
  ASSIGN_OR_RETURN(out.conflicts, OpenConflicts(*tx, actor, c));
  RETURN_IF_ERROR(tx->Commit());
  out.claim = std::move(c);
  out.change = IntakeOutcome::Change::kExisting;
  return out;
}

template <typename ChangeFn>
Result<Claim> Recovery::ChangeClaim(const std::string& actor, const std::string& id,
                                    const char* action, ChangeFn change) {
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kWrite));
  ASSIGN_OR_RETURN(Claim c, tx->GetClaim(id));
  ClaimState before = c.state;
  RETURN_IF_ERROR(change(*tx, c));
  c.updated_at = clock_.Now();
  RETURN_IF_ERROR(Save(*tx, c));
  RETURN_IF_ERROR(Audit(*tx, actor, action, "recovery_claim", c.id,
                        Detail({{"from", ToString(before)}, {"to", ToString(c.state)}})));
  RETURN_IF_ERROR(tx->Commit());
  return c;
}

namespace {
Status NotHeld(const Claim& c) {
  if (!c.duplicate_of.empty()) {
    return FailedPrecondition(
        fmt::format("the claim was found a duplicate of {}; undo that resolution or withdraw it",
                    c.duplicate_of));
  }
  return Status::Ok();
}
}  // namespace

Result<Claim> Recovery::ReviewClaim(const std::string& actor, const std::string& id) {
  return ChangeClaim(actor, id, "claim.review", [&](Transaction&, Claim& c) -> Status {
    RETURN_IF_ERROR(NotHeld(c));
    std::vector<std::string> missing = MissingOf(c);
    ClaimState target = missing.empty() ? ClaimState::kComplete : ClaimState::kIncomplete;
    RETURN_IF_ERROR(CheckTransition(c, target));
    c.state = target;
    c.missing.clear();
    for (const auto& m : missing) c.missing += (c.missing.empty() ? "" : ", ") + m;
    if (target == ClaimState::kComplete) {
      Timestamp now = clock_.Now();
      c.completed_at = now;
      c.due_at = AddWorkingDays(now, kReadyWithinWorkingDays, calendar_);
    }
    return Status::Ok();
  });
}

Result<Claim> Recovery::CheckClaim(const std::string& actor, const std::string& id) {
  return ChangeClaim(actor, id, "claim.check", [&](Transaction& tx, Claim& c) -> Status {
    RETURN_IF_ERROR(NotHeld(c));
    RETURN_IF_ERROR(CheckTransition(c, ClaimState::kChecked));
    c.state = ClaimState::kChecked;
    // Nothing to inspect: the programme's sum values it now when its rule gives one.
    if (!IsPropertyClaim(c.kind)) RETURN_IF_ERROR(ValueBySchedule(tx, c, 0));
    return Status::Ok();
  });
}

Result<Claim> Recovery::ValueClaim(const std::string& actor, const std::string& id,
                                   int64_t amount) {
  if (amount < 0) return InvalidArgument("must not be negative", "amount");
  return ChangeClaim(actor, id, "claim.value", [&](Transaction& tx, Claim& c) -> Status {
    RETURN_IF_ERROR(NotHeld(c));
    RETURN_IF_ERROR(CheckTransition(c, ClaimState::kValued));
    ASSIGN_OR_RETURN(Programme p, tx.GetProgramme(c.programme_id));
    ASSIGN_OR_RETURN(ValuedSoFar so_far, ValuedSoFarOf(tx, c));
    ASSIGN_OR_RETURN(int64_t valued, WithinLimits(p, c, amount, so_far));
    c.amount_valued = valued;
    c.valuation = ValuationMethod::kValuer;
    c.state = ClaimState::kValued;
    return Status::Ok();
  });
}

Result<Claim> Recovery::MarkReady(const std::string& actor, const std::string& id) {
  return ChangeClaim(actor, id, "claim.ready", [&](Transaction& tx, Claim& c) -> Status {
    RETURN_IF_ERROR(NotHeld(c));
    RETURN_IF_ERROR(CheckTransition(c, ClaimState::kReady));
    ASSIGN_OR_RETURN(auto open,
                     tx.ListConflicts({.state = ConflictState::kOpen, .claim_id = c.id}));
    if (!open.empty()) {
      return FailedPrecondition(
          fmt::format("{} conflict(s) on this claim are open (first: {}); resolve them first",
                      open.size(), open.front().id));
    }
    c.state = ClaimState::kReady;
    c.ready_at = clock_.Now();
    return Status::Ok();
  });
}

Result<Claim> Recovery::WithdrawClaim(const std::string& actor, const std::string& id,
                                      const std::string& reason) {
  RETURN_IF_ERROR(CheckText(reason, "reason", kMaxTextLength));
  return ChangeClaim(actor, id, "claim.withdraw", [&](Transaction&, Claim& c) -> Status {
    RETURN_IF_ERROR(CheckTransition(c, ClaimState::kWithdrawn));
    c.state = ClaimState::kWithdrawn;
    c.withdrawn_at = clock_.Now();
    if (!reason.empty()) AppendNote(c.notes, reason);
    return Status::Ok();
  });
}

// ---- conflicts ----

Result<std::vector<ConflictView>> Recovery::ListConflicts(const std::string& actor,
                                                          const ConflictFilter& filter) {
  return AuditedRead(
      actor, "conflict.list", "recovery_conflict",
      [&](Transaction& tx, std::string& detail) -> Result<std::vector<ConflictView>> {
        ASSIGN_OR_RETURN(auto conflicts, tx.ListConflicts(filter));
        std::vector<ConflictView> out;
        std::vector<std::string> ids;
        for (auto& c : conflicts) {
          ConflictView v;
          ASSIGN_OR_RETURN(v.claim, tx.GetClaim(c.claim_id));
          ASSIGN_OR_RETURN(v.other, tx.GetClaim(c.other_claim_id));
          ids.push_back(c.claim_id);
          ids.push_back(c.other_claim_id);
          v.conflict = std::move(c);
          out.push_back(std::move(v));
        }
        detail = Detail({{"claims", JoinIds(ids)}});
        return out;
      });
}

Result<Conflict> Recovery::ResolveConflict(const std::string& actor, const std::string& id,
                                           int64_t version, Resolution resolution,
                                           const std::string& note) {
  std::string why(Trim(note));
  if (resolution == Resolution::kNotDuplicate && why.empty()) {
    return InvalidArgument("say why both claims go on: both may then be paid", "note");
  }
  RETURN_IF_ERROR(CheckText(why, "note", kMaxAddressLength));
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kWrite));
  ASSIGN_OR_RETURN(Conflict c, tx->GetConflict(id));
  if (c.state != ConflictState::kOpen) {
    return FailedPrecondition(
        fmt::format("the conflict was already resolved ({})", ToString(c.state)));
  }
  c.version = version;
  c.state = resolution == Resolution::kDuplicate ? ConflictState::kDuplicate
                                                 : ConflictState::kNotDuplicate;
  c.resolved_by = actor;
  c.resolved_at = clock_.Now();
  c.resolution_note = std::move(why);
  RETURN_IF_ERROR(tx->UpdateConflict(c));
  ++c.version;
  if (resolution == Resolution::kDuplicate) {
    ASSIGN_OR_RETURN(Claim newer, tx->GetClaim(c.claim_id));
    if (newer.duplicate_of.empty()) {
      newer.duplicate_of = c.other_claim_id;
      newer.updated_at = *c.resolved_at;
      RETURN_IF_ERROR(Save(*tx, newer));
      RETURN_IF_ERROR(Audit(*tx, actor, "claim.hold", "recovery_claim", newer.id,
                            Detail({{"duplicate_of", c.other_claim_id}, {"conflict", c.id}})));
    }
  }
  RETURN_IF_ERROR(Audit(*tx, actor, "conflict.resolve", "recovery_conflict", c.id,
                        Detail({{"resolution", ToString(c.state)}})));
  RETURN_IF_ERROR(tx->Commit());
  return c;
}

Result<Conflict> Recovery::UndoResolution(const std::string& actor, const std::string& id,
                                          int64_t version) {
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kWrite));
  ASSIGN_OR_RETURN(Conflict c, tx->GetConflict(id));
  if (c.state == ConflictState::kOpen) return FailedPrecondition("the conflict is open");
  ConflictState was = c.state;
  c.version = version;
  c.state = ConflictState::kOpen;
  c.resolved_by.clear();
  c.resolved_at.reset();
  c.resolution_note.clear();
  RETURN_IF_ERROR(tx->UpdateConflict(c));
  ++c.version;
  if (was == ConflictState::kDuplicate) {
    ASSIGN_OR_RETURN(Claim newer, tx->GetClaim(c.claim_id));
    if (newer.duplicate_of == c.other_claim_id) {
      newer.duplicate_of.clear();
      newer.updated_at = clock_.Now();
      RETURN_IF_ERROR(Save(*tx, newer));
      RETURN_IF_ERROR(Audit(*tx, actor, "claim.release", "recovery_claim", newer.id,
                            Detail({{"conflict", c.id}})));
    }
  }
  RETURN_IF_ERROR(Audit(*tx, actor, "conflict.undo", "recovery_conflict", c.id,
                        Detail({{"undone", ToString(was)}})));
  RETURN_IF_ERROR(tx->Commit());
  return c;
}

// ---- the direct line ----

Result<Claim> Recovery::ConfirmPayee(const std::string& actor, const std::string& claim_id,
                                     const std::string& kin_id) {
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kWrite));
  ASSIGN_OR_RETURN(Claim c, tx->GetClaim(claim_id));
  if (c.kind != ClaimKind::kFamilySupport) {
    return FailedPrecondition("only a family's claim has next of kin to confirm");
  }
  if (!IsOpen(c)) {
    return FailedPrecondition(fmt::format("a {} claim cannot change its payee", ToString(c.state)));
  }
  ASSIGN_OR_RETURN(auto kin, tx->ListKin(c.id));
  auto it = std::find_if(kin.begin(), kin.end(), [&](const auto& k) { return k.id == kin_id; });
  if (it == kin.end()) return NotFound(fmt::format("claim {} has no next of kin {}", c.id, kin_id));
  if (it->state == KinState::kWithdrawn || it->state == KinState::kRejected) {
    return FailedPrecondition(fmt::format("the proposal was {}", ToString(it->state)));
  }
  Timestamp now = clock_.Now();
  for (auto& k : kin) {
    KinState next = k.id == kin_id
                        ? KinState::kConfirmed
                        : (k.state == KinState::kConfirmed ? KinState::kProposed : k.state);
    if (next == k.state) continue;
    k.state = next;
    k.decided_by = actor;
    k.decided_at = now;
    RETURN_IF_ERROR(tx->UpdateKin(k));
  }
  c.applicant_name = it->name;
  auto phone = ParsePhone(it->phone, "phone");
  c.applicant_phone = phone.ok() ? *phone : "";
  c.relation = it->relation;
  c.updated_at = now;
  RETURN_IF_ERROR(Save(*tx, c));
  RETURN_IF_ERROR(Audit(*tx, actor, "claim.confirm_payee", "recovery_claim", c.id,
                        Detail({{"kin", it->id}, {"inquiry", it->inquiry_id}})));
  // The payee's phone is a key of the duplicate check like any applicant's.
  RETURN_IF_ERROR(OpenConflicts(*tx, actor, c).status());
  RETURN_IF_ERROR(tx->Commit());
  return c;
}

namespace {

bool TrustedFor(const Source& s, ClaimKind kind) {
  if (kind == ClaimKind::kFamilySupport) {
    return s.kind == SourceKind::kMorgue || s.kind == SourceKind::kHospital;
  }
  return s.kind == SourceKind::kHospital;
}

}  // namespace

Result<bool> Recovery::SyncPersonIn(Transaction& tx, const std::string& person_id, bool apply,
                                    std::vector<std::string>* also, bool* purged_case) {
  auto found = tx.GetPerson(person_id);
  if (found.status().code() == StatusCode::kNotFound) return false;
  ASSIGN_OR_RETURN(Person person, std::move(found));
  // A purged person's cases keep their state; the purge blanked what they held of the line and
  // removed their documents, whose files may now be needed by no record.
  if (person.purged_at) {
    if (purged_case && !*purged_case) {
      ASSIGN_OR_RETURN(auto of_person, tx.FindClaimIds(ClaimKey::kPerson, person_id, 1));
      *purged_case = !of_person.empty();
    }
    return false;
  }
  const std::string actor = kDirectLineActor;
  Timestamp now = clock_.Now();
  ASSIGN_OR_RETURN(auto claim_ids, tx.FindClaimIds(ClaimKey::kPerson, person_id, 1000));
  std::vector<Claim> claims;
  for (const auto& id : claim_ids) {
    ASSIGN_OR_RETURN(Claim c, tx.GetClaim(id));
    claims.push_back(std::move(c));
  }
  bool changed = false;

  // Merged into another record: the cases follow the survivor.
  if (!person.merged_into.empty()) {
    if (also) also->push_back(person.merged_into);
    ASSIGN_OR_RETURN(auto survivor_ids,
                     tx.FindClaimIds(ClaimKey::kPerson, person.merged_into, 1000));
    for (Claim& c : claims) {
      if (!IsOpen(c)) continue;
      changed = true;
      if (!apply) continue;
      std::string twin;
      for (const auto& sid : survivor_ids) {
        ASSIGN_OR_RETURN(Claim s, tx.GetClaim(sid));
        if (s.programme_id == c.programme_id && s.kind == c.kind) twin = s.id;
      }
      if (twin.empty()) {
        c.person_id = person.merged_into;
      } else {
        c.state = ClaimState::kWithdrawn;
        c.withdrawn_at = now;
        c.duplicate_of = twin;
        AppendNote(c.notes, "the direct line merged this person into another record");
      }
      c.updated_at = now;
      RETURN_IF_ERROR(Save(tx, c));
      RETURN_IF_ERROR(Audit(
          tx, actor, "claim.follow_merge", "recovery_claim", c.id,
          Detail(
              {{"person", person_id}, {"survivor", person.merged_into}, {"duplicate_of", twin}})));
    }
    return changed;
  }

  bool dead = false, injured = false;
  if (!person.status_source_id.empty()) {
    auto source = tx.GetSource(person.status_source_id);
    if (source.ok()) {
      dead = person.status == PersonStatus::kDeceased &&
             TrustedFor(*source, ClaimKind::kFamilySupport);
      injured = person.status == PersonStatus::kHospitalised &&
                TrustedFor(*source, ClaimKind::kInjurySupport);
    }
  }
  // Most of the line's changes are about persons the register has no case of and opens none
  // for: they cost a person and a source read, nothing more.
  if (claims.empty() && !dead && !injured) return false;
  if (dead || injured) {
    ASSIGN_OR_RETURN(auto programmes, tx.ListProgrammes());
    PartialDate today = LocalToday(clock_);
    for (const Programme& p : programmes) {
      if (!p.active || !p.opens_from_direct_line || !InPeriod(p, today)) continue;
      for (ClaimKind kind : {ClaimKind::kFamilySupport, ClaimKind::kInjurySupport}) {
        if (kind == ClaimKind::kFamilySupport ? !dead : !injured) continue;
        if (std::find(p.claim_kinds.begin(), p.claim_kinds.end(), kind) == p.claim_kinds.end()) {
          continue;
        }
        bool exists = std::any_of(claims.begin(), claims.end(), [&](const Claim& c) {
          return c.programme_id == p.id && c.kind == kind;
        });
        if (exists) continue;
        changed = true;
        if (!apply) continue;
        Claim c{.id = ids_.NewId(kClaimIdPrefix),
                .kind = kind,
                .channel = ClaimChannel::kDirectLine,
                .programme_id = p.id,
                .person_id = person_id,
                .created_by = actor,
                .submitted_at = now,
                .updated_at = now};
        RETURN_IF_ERROR(tx.InsertClaim(c));
        RETURN_IF_ERROR(Audit(tx, actor, "claim.open_from_direct_line", "recovery_claim", c.id,
                              Detail({{"person", person_id},
                                      {"programme", p.id},
                                      {"status", ToString(person.status)}})));
        claims.push_back(std::move(c));
      }
    }
  }

  std::vector<Inquiry> inquiries;
  ASSIGN_OR_RETURN(auto linked, tx.ListInquiriesOfPerson(person_id));
  for (auto& q : linked) {
    if (q.purged_at || q.state == InquiryState::kWithdrawn || q.person_id != person_id) continue;
    if (q.inquirer_name.empty() && q.callback_phone.empty()) continue;
    inquiries.push_back(std::move(q));
  }
  for (Claim& c : claims) {
    if (c.kind != ClaimKind::kFamilySupport || c.state == ClaimState::kWithdrawn) continue;
    // No longer reported dead: the case the line opened closes (once with a commission, a
    // person decides).
    if (!dead && c.channel == ClaimChannel::kDirectLine && IsOpen(c)) {
      changed = true;
      if (apply) {
        c.state = ClaimState::kWithdrawn;
        c.withdrawn_at = now;
        AppendNote(c.notes, "the direct line no longer reports the person dead");
        c.updated_at = now;
        RETURN_IF_ERROR(Save(tx, c));
        RETURN_IF_ERROR(
            Audit(tx, actor, "claim.withdraw", "recovery_claim", c.id,
                  Detail({{"person", person_id}, {"status", ToString(person.status)}})));
      }
      continue;
    }
    ASSIGN_OR_RETURN(auto kin, tx.ListKin(c.id));
    for (const Inquiry& q : inquiries) {
      auto k = std::find_if(kin.begin(), kin.end(),
                            [&](const KinProposal& x) { return x.inquiry_id == q.id; });
      if (k == kin.end()) {
        changed = true;
        if (!apply) continue;
        KinProposal n{.id = ids_.NewId(kKinIdPrefix),
                      .claim_id = c.id,
                      .inquiry_id = q.id,
                      .name = q.inquirer_name,
                      .relation = q.inquirer_relation,
                      .phone = q.callback_phone,
                      .created_at = now};
        RETURN_IF_ERROR(tx.InsertKin(n));
        RETURN_IF_ERROR(Audit(tx, actor, "kin.propose", "recovery_kin", n.id,
                              Detail({{"claim", c.id}, {"inquiry", q.id}})));
        continue;
      }
      bool differs = k->name != q.inquirer_name || k->relation != q.inquirer_relation ||
                     k->phone != q.callback_phone;
      if (k->state == KinState::kWithdrawn || (k->state == KinState::kProposed && differs)) {
        changed = true;
        if (!apply) continue;
        k->state = KinState::kProposed;
        k->name = q.inquirer_name;
        k->relation = q.inquirer_relation;
        k->phone = q.callback_phone;
        RETURN_IF_ERROR(tx.UpdateKin(*k));
        RETURN_IF_ERROR(Audit(tx, actor, "kin.propose", "recovery_kin", k->id,
                              Detail({{"claim", c.id}, {"inquiry", q.id}})));
      }
    }
    for (KinProposal& k : kin) {
      bool linked = std::any_of(inquiries.begin(), inquiries.end(),
                                [&](const Inquiry& q) { return q.id == k.inquiry_id; });
      if (linked || (k.state != KinState::kProposed && k.state != KinState::kConfirmed)) continue;
      changed = true;
      if (!apply) continue;
      bool was_payee = k.state == KinState::kConfirmed;
      k.state = KinState::kWithdrawn;
      k.decided_by = actor;
      k.decided_at = now;
      RETURN_IF_ERROR(tx.UpdateKin(k));
      RETURN_IF_ERROR(Audit(tx, actor, "kin.withdraw", "recovery_kin", k.id,
                            Detail({{"claim", c.id}, {"inquiry", k.inquiry_id}})));
      if (was_payee && IsOpen(c)) {
        c.applicant_name.clear();
        c.applicant_phone.clear();
        c.relation.clear();
        AppendNote(c.notes, "the payee's inquiry no longer names this person; confirm a payee");
        c.updated_at = now;
        RETURN_IF_ERROR(Save(tx, c));
        RETURN_IF_ERROR(Audit(tx, actor, "claim.payee_withdrawn", "recovery_claim", c.id,
                              Detail({{"kin", k.id}})));
      }
    }
  }
  return changed;
}

Status Recovery::SyncPerson(const std::string& person_id, std::vector<std::string>* also,
                            bool* purged_case) {
  {
    ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kRead));
    ASSIGN_OR_RETURN(bool needed, SyncPersonIn(*tx, person_id, false, nullptr, purged_case));
    if (!needed) return Status::Ok();
  }
  // Another server following the same feed may open the same case at the same moment: the
  // store's uniqueness refuses the second, and a second look finds it done.
  for (int attempt = 0;; ++attempt) {
    ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kWrite));
    auto changed = SyncPersonIn(*tx, person_id, true, also);
    if (changed.ok()) return *changed ? tx->Commit() : Status::Ok();
    if (changed.status().code() != StatusCode::kAlreadyExists || attempt > 0) {
      return changed.status();
    }
  }
}

Status Recovery::SyncFromDirectLine(const std::vector<std::string>& person_ids,
                                    const std::vector<std::string>& inquiry_ids) {
  std::vector<std::string> todo(person_ids.begin(), person_ids.end());
  if (!inquiry_ids.empty()) {
    ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kRead));
    for (const auto& id : inquiry_ids) {
      auto q = tx->GetInquiry(id);
      if (q.ok() && !q->person_id.empty()) todo.push_back(q->person_id);
      // The persons whose cases propose this inquiry's caller (the link may be gone).
      ASSIGN_OR_RETURN(auto kin, tx->ListKinOfInquiry(id));
      for (const auto& k : kin) {
        ASSIGN_OR_RETURN(Claim c, tx->GetClaim(k.claim_id));
        if (!c.person_id.empty()) todo.push_back(c.person_id);
      }
    }
  }
  std::set<std::string> done;
  Status first_error;
  bool purged_case = false;
  while (!todo.empty()) {
    std::string id = todo.back();
    todo.pop_back();
    if (!done.insert(id).second) continue;
    Status s = SyncPerson(id, &todo, &purged_case);
    if (!s.ok() && first_error.ok()) first_error = s;  // the others still get their turn
  }
  // A purge of the direct line took a case's documents with it: their files go too.
  if (purged_case && files_) {
    auto swept = SweepUnreferencedFiles(store_, *files_, clock_, kDirectLineActor);
    if (!swept.ok() && first_error.ok()) first_error = swept.status();
  }
  return first_error;
}

Result<int> Recovery::CatchUpWithDirectLine() {
  {
    ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kRead));
    ASSIGN_OR_RETURN(auto programmes, tx->ListProgrammes());
    bool opens = std::any_of(programmes.begin(), programmes.end(), [](const Programme& p) {
      return p.active && p.opens_from_direct_line;
    });
    if (!opens) return 0;  // no programme takes cases from the line: nothing to open
  }
  std::vector<std::string> ids;
  for (PersonStatus status : {PersonStatus::kDeceased, PersonStatus::kHospitalised}) {
    PageRequest page{.limit = 500};
    for (;;) {
      ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kRead));
      ASSIGN_OR_RETURN(auto persons, tx->ListPersons({.status = status}, page));
      for (const auto& p : persons.items) ids.push_back(p.id);
      if (persons.next_cursor.empty()) break;
      page.cursor = persons.next_cursor;
    }
  }
  RETURN_IF_ERROR(SyncFromDirectLine(ids, {}));
  return static_cast<int>(ids.size());
}

}  // namespace aftermath::recovery

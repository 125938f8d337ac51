#include "registry/registry.h"

#include <fmt/format.h>

#include <algorithm>
#include <tuple>

#include "common/ids.h"
#include "model/validate.h"
#include "registry/audit_detail.h"
#include "registry/index_loader.h"

namespace aftermath {
namespace {

// A spelling joins the person's names once; an empty one never.
void AddName(Person& person, const PersonName& name) {
  if (name.full_name.empty()) return;
  for (const auto& n : person.names) {
    if (n.full_name == name.full_name) return;
  }
  person.names.push_back(name);
}

// The report's name, then the other names its source gives for the person.
void AddNames(Person& person, const Report& r, const std::vector<std::string>& others) {
  AddName(person, r.name);
  for (const auto& other : others) AddName(person, {.full_name = other, .source_id = r.source_id});
}

}  // namespace

Report ReportFromNew(const NewReport& in, const std::string& source_id, Timestamp now) {
  Report r;
  r.source_id = source_id;
  r.external_id = in.external_id;
  r.person_id = in.person_id;
  r.name = {.full_name = CleanName(in.full_name),
            .surname = CleanName(in.surname),
            .given_names = CleanName(in.given_names),
            .source_id = source_id};
  r.sex = in.sex;
  r.birth_date = in.birth_date;
  r.approx_age = in.approx_age;
  r.features = in.features;
  r.status = in.status;
  r.facility = in.facility;
  r.location = in.location;
  r.observed_at = in.observed_at.value_or(now);
  r.received_at = in.received_at.value_or(now);
  r.notes = in.notes;
  r.raw = in.raw;
  r.pfif_kind = in.pfif_kind;
  r.entered_at = in.entered_at;
  r.expires_at = in.expires_at;
  r.extension = in.extension;
  return r;
}

bool SameContent(const Report& a, const Report& b) {
  return a.name.full_name == b.name.full_name && a.sex == b.sex && a.birth_date == b.birth_date &&
         a.approx_age == b.approx_age && a.features == b.features && a.status == b.status &&
         a.facility == b.facility && a.location == b.location && a.observed_at == b.observed_at &&
         a.notes == b.notes && a.raw == b.raw && a.person_id == b.person_id &&
         a.name.surname == b.name.surname && a.name.given_names == b.name.given_names &&
         a.pfif_kind == b.pfif_kind && a.entered_at == b.entered_at &&
         a.expires_at == b.expires_at && a.extension == b.extension;
}

Result<NamedPerson> ResolveNamedPerson(Transaction& tx, const std::string& source_id,
                                       const std::string& person_id) {
  NamedPerson out;
  std::string id = person_id;
  auto p = tx.GetPerson(id);
  for (int hops = 0; p.ok() && !p->merged_into.empty() && hops < 16; ++hops) {
    id = p->merged_into;
    p = tx.GetPerson(id);
  }
  if (!p.ok() && p.status().code() != StatusCode::kNotFound) return p.status();
  // Asked for an unknown id too, so that both answers take the same work.
  ASSIGN_OR_RETURN(auto mine, tx.ListReports({.person_id = id, .source_id = source_id},
                                             PageRequest{.limit = 1}));
  if (p.ok()) {
    out.reported_by_source = !mine.items.empty();
    out.person = std::move(p).value();
  }
  return out;
}

PageRequest NormalizePage(PageRequest page) {
  if (page.limit <= 0) page.limit = 50;
  page.limit = std::min(page.limit, 200);
  return page;
}

Status Registry::Audit(Transaction& tx, const std::string& actor, std::string action,
                       std::string entity_type, std::string entity_id, std::string detail) {
  AuditEvent e{.at = clock_.Now(), .actor = actor, .action = std::move(action),
               .entity_type = std::move(entity_type), .entity_id = std::move(entity_id),
               .detail = std::move(detail)};
  return tx.AppendAudit(std::move(e)).status();
}

Status Registry::AuditRead(const std::string& actor, std::string action, std::string entity_type,
                           std::string entity_id, std::string detail) {
  return read_audit_.Record({.at = clock_.Now(),
                             .actor = actor,
                             .action = std::move(action),
                             .entity_type = std::move(entity_type),
                             .entity_id = std::move(entity_id),
                             .detail = std::move(detail)});
}

Status Registry::RefreshIndex(const std::vector<std::string>& person_ids) {
  if (!index_ || person_ids.empty()) return Status::Ok();
  auto idx = index_->Get();
  if (!idx) return Status::Ok();
  Status s = [&]() -> Status {
    ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kRead));
    for (const auto& id : person_ids) {
      ASSIGN_OR_RETURN(auto row, tx->LoadIndexRow(id));
      if (row) {
        idx->Upsert(ToIndexed(*row));
      } else {
        idx->Remove(id);
      }
    }
    return Status::Ok();
  }();
  if (!s.ok()) MarkDirty(person_ids, {});
  return s;
}

void Registry::MarkDirty(const std::vector<std::string>& person_ids,
                         const std::vector<std::string>& inquiry_ids) {
  MutexLock lock(&dirty_mu_);
  dirty_persons_.insert(person_ids.begin(), person_ids.end());
  if (matcher_) dirty_inquiries_.insert(inquiry_ids.begin(), inquiry_ids.end());
}

Status Registry::CommitAndReindex(Transaction& tx, const std::vector<std::string>& person_ids,
                                  const std::vector<std::string>& inquiry_ids) {
  if (Status s = tx.Commit(); !s.ok()) {
    MarkDirty(person_ids, inquiry_ids);
    return s;
  }
  Reindex(person_ids);
  return Status::Ok();
}

Status Registry::RepairIndexes() {
  std::vector<std::string> persons, inquiries;
  {
    MutexLock lock(&dirty_mu_);
    persons.assign(dirty_persons_.begin(), dirty_persons_.end());
    inquiries.assign(dirty_inquiries_.begin(), dirty_inquiries_.end());
    dirty_persons_.clear();
    dirty_inquiries_.clear();
  }
  RETURN_IF_ERROR(RefreshIndex(persons));  // marks them dirty again when it fails
  if (!matcher_ || (persons.empty() && inquiries.empty())) return Status::Ok();
  // What was matched while the index lacked these records missed them: they are matched again
  // (the matcher proposes nothing twice).
  Status s = [&]() -> Status {
    std::vector<Report> reports;
    std::vector<Inquiry> found;
    {
      ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kRead));
      for (const auto& id : persons) {
        ASSIGN_OR_RETURN(auto page, tx->ListReports({.person_id = id}, {.limit = 200}));
        for (auto& r : page.items) reports.push_back(std::move(r));
      }
      for (const auto& id : inquiries) {
        auto q = tx->GetInquiry(id);
        if (q.ok()) {
          found.push_back(std::move(q).value());
        } else if (q.status().code() != StatusCode::kNotFound) {
          return q.status();
        }
      }
    }
    for (const auto& q : found) {
      matcher_->ReindexInquiry(q);
      RETURN_IF_ERROR(matcher_->MatchInquiry(q).status());
    }
    for (const auto& r : reports) RETURN_IF_ERROR(matcher_->MatchReport(r).status());
    return Status::Ok();
  }();
  if (!s.ok()) MarkDirty(persons, inquiries);
  return s;
}

Result<std::vector<index::SearchHit>> Registry::Search(const std::string& actor,
                                                       std::string_view query,
                                                       const index::SearchOptions& options) {
  std::shared_ptr<index::NameIndex> idx = index_ ? index_->Get() : nullptr;
  if (!idx) return Unavailable("the name index is not loaded yet");
  ASSIGN_OR_RETURN(auto hits, idx->Search(query, options));
  std::vector<std::string> ids;
  for (const auto& h : hits) ids.push_back(h.person_id);
  RETURN_IF_ERROR(AuditRead(actor, "person.search", "person", "", IdsDetail(ids)));
  return hits;
}

Result<Source> Registry::CreateSource(const std::string& actor, const NewSource& in) {
  Source s{.id = ids_.NewId(kSourceIdPrefix), .name = in.name, .kind = in.kind,
           .trust = in.trust.value_or(DefaultTrust(in.kind)), .region = in.region,
           .created_at = clock_.Now()};
  RETURN_IF_ERROR(ValidateSource(s));
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kWrite));
  ASSIGN_OR_RETURN(auto existing, tx->FindSourceByName(s.name));
  if (existing) return AlreadyExists(fmt::format("a source named '{}' exists", s.name));
  RETURN_IF_ERROR(tx->InsertSource(s));
  RETURN_IF_ERROR(Audit(*tx, actor, "source.create", "source", s.id));
  RETURN_IF_ERROR(tx->Commit());
  return s;
}

Result<std::vector<Source>> Registry::ListSources() {
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kRead));
  return tx->ListSources();
}

Result<Source> Registry::CallCentreSource(const std::string& actor) {
  auto find = [&]() -> Result<std::optional<Source>> {
    ASSIGN_OR_RETURN(auto sources, ListSources());
    std::optional<Source> oldest;
    for (auto& s : sources) {
      if (s.kind != SourceKind::kCallCenter) continue;
      if (!oldest || std::tie(s.created_at, s.id) < std::tie(oldest->created_at, oldest->id)) {
        oldest = std::move(s);
      }
    }
    return oldest;
  };
  ASSIGN_OR_RETURN(auto found, find());
  if (found) return *found;
  auto created =
      CreateSource(actor, {.name = kCallCentreSourceName, .kind = SourceKind::kCallCenter});
  if (created.ok() || created.status().code() != StatusCode::kAlreadyExists) return created;
  // Another server created it just now, or a source of another kind holds the name.
  ASSIGN_OR_RETURN(found, find());
  if (found) return *found;
  return FailedPrecondition(
      fmt::format("the source '{}' is not of kind call_center; rename it so the line can file "
                  "its own reports",
                  kCallCentreSourceName));
}

Result<Person> Registry::CreatePerson(const std::string& actor, const NewPerson& in) {
  Person p;
  p.id = ids_.NewId(kPersonIdPrefix);
  p.names.push_back({.full_name = CleanName(in.full_name)});
  for (const auto& n : in.other_names) p.names.push_back({.full_name = CleanName(n)});
  p.sex = in.sex;
  p.birth_date = in.birth_date;
  p.approx_age = in.approx_age;
  p.home_locality = in.home_locality;
  p.features = in.features;
  p.created_at = p.updated_at = clock_.Now();
  RETURN_IF_ERROR(ValidatePerson(p, p.created_at));
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kWrite));
  RETURN_IF_ERROR(tx->InsertPerson(p));
  RETURN_IF_ERROR(Audit(*tx, actor, "person.create", "person", p.id));
  RETURN_IF_ERROR(CommitAndReindex(*tx, {p.id}));
  return p;
}

Result<Person> Registry::GetPerson(const std::string& actor, const std::string& id) {
  ASSIGN_OR_RETURN(Person p,
                   ReadInTransaction(store_, [&](Transaction& tx) { return tx.GetPerson(id); }));
  RETURN_IF_ERROR(AuditRead(actor, "person.read", "person", p.id));
  return p;
}

Result<Page<Person>> Registry::ListPersons(const std::string& actor, const PersonFilter& filter,
                                           const PageRequest& page) {
  ASSIGN_OR_RETURN(auto out, ReadInTransaction(store_, [&](Transaction& tx) {
                     return tx.ListPersons(filter, NormalizePage(page));
                   }));
  std::vector<std::string> ids;
  for (const auto& p : out.items) ids.push_back(p.id);
  RETURN_IF_ERROR(AuditRead(actor, "person.list", "person", "", IdsDetail(ids)));
  return out;
}

Result<std::vector<StatusEvent>> Registry::StatusHistory(const std::string& actor,
                                                         const std::string& person_id) {
  ASSIGN_OR_RETURN(
      auto events,
      ReadInTransaction(store_, [&](Transaction& tx) -> Result<std::vector<StatusEvent>> {
        RETURN_IF_ERROR(tx.GetPerson(person_id).status());
        return tx.ListStatusEvents(person_id);
      }));
  RETURN_IF_ERROR(AuditRead(actor, "person.history", "person", person_id));
  return events;
}

Result<Source> Registry::ResolveSource(Transaction& tx, const NewReport& in) {
  if (!in.source_id.empty()) {
    auto s = tx.GetSource(in.source_id);
    if (!s.ok() && s.status().code() == StatusCode::kNotFound) {
      return InvalidArgument(fmt::format("no source with id '{}'", in.source_id.substr(0, 64)),
                             "source_id");
    }
    return s;
  }
  if (in.source_name.empty()) {
    return InvalidArgument("a report must name its source (source_id or source)", "source_id");
  }
  ASSIGN_OR_RETURN(auto s, tx.FindSourceByName(in.source_name));
  if (!s) {
    return InvalidArgument(fmt::format("no source named '{}'", in.source_name.substr(0, 100)),
                           "source");
  }
  return *s;
}

Result<ReportOutcome> Registry::RecordReport(const std::string& actor, const NewReport& in) {
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kWrite));
  SourceCache sources;
  ASSIGN_OR_RETURN(ReportOutcome out, RecordReportIn(*tx, actor, in, clock_.Now(), sources));
  if (out.change == ReportOutcome::Change::kUnchanged) return out;
  RETURN_IF_ERROR(CommitAndReindex(*tx, {out.report.person_id}));
  MatchLater(out.report);
  return out;
}

Result<std::vector<Result<ReportOutcome>>> Registry::RecordReports(
    const std::string& actor, const std::vector<NewReport>& batch) {
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kWrite));
  SourceCache sources;
  Timestamp now = clock_.Now();
  std::vector<Result<ReportOutcome>> outcomes;
  outcomes.reserve(batch.size());
  std::vector<std::string> touched;
  std::vector<Report> changed;
  for (const NewReport& in : batch) {
    auto out = RecordReportIn(*tx, actor, in, now, sources);
    // Bad input in one row is that row's problem; a store failure ends the batch.
    if (!out.ok() && out.status().code() != StatusCode::kInvalidArgument) return out.status();
    if (out.ok() && out->change != ReportOutcome::Change::kUnchanged) {
      changed.push_back(out->report);
      touched.push_back(out->report.person_id);
    }
    outcomes.push_back(std::move(out));
  }
  if (changed.empty()) return outcomes;
  RETURN_IF_ERROR(CommitAndReindex(*tx, touched));
  tx.reset();
  // Families wait on inquiries: a list is compared with them at once. Duplicates among persons
  // are left to the catch-up, which reads the reports as still unmatched.
  MatchWithInquiriesLater(std::move(changed));
  return outcomes;
}

void Registry::MatchWithInquiriesLater(std::vector<Report> reports) {
  if (!matcher_) return;
  MutexLock lock(&matching_mu_);
  if (matching_.valid()) matching_.wait();
  // If it fails, the reports stay unmatched and the matcher's catch-up takes them.
  matching_ = std::async(std::launch::async, [matcher = matcher_, reports = std::move(reports)] {
    (void)matcher->MatchWithInquiries(reports);
  });
}

void Registry::FinishMatching() {
  MutexLock lock(&matching_mu_);
  if (matching_.valid()) matching_.wait();
}

Result<ReportOutcome> Registry::RecordReportIn(Transaction& tx, const std::string& actor,
                                               const NewReport& in, Timestamp now,
                                               SourceCache& sources) {
  Source source;
  std::string key = in.source_id.empty() ? "name:" + in.source_name : in.source_id;
  if (auto it = sources.find(key); it != sources.end()) {
    source = it->second;
  } else {
    ASSIGN_OR_RETURN(source, ResolveSource(tx, in));
    sources.emplace(key, source);
  }
  Report r = ReportFromNew(in, source.id, now);
  RETURN_IF_ERROR(ValidateReport(r, now));
  // The name's parts as a source gave them (PFIF family_name, given_name) read as the name does.
  RETURN_IF_ERROR(CheckNameText(r.name.surname, "family_name", kMaxNameLength));
  RETURN_IF_ERROR(CheckNameText(r.name.given_names, "given_name", kMaxNameLength));
  std::vector<std::string> other_names;
  for (const auto& name : in.other_names) {
    other_names.push_back(CleanName(name));
    RETURN_IF_ERROR(ValidatePersonName({.full_name = other_names.back()}, "other_names"));
  }
  RETURN_IF_ERROR(CheckText(in.home_locality, "home_locality", kMaxNameLength));

  if (!in.id.empty() && !IsWellFormedId(in.id, kReportIdPrefix)) {
    return InvalidArgument(fmt::format("'{}' is not a report id", in.id.substr(0, 40)), "id");
  }
  std::optional<Report> previous;
  if (!r.external_id.empty()) {
    ASSIGN_OR_RETURN(previous, tx.FindReportByExternalId(source.id, r.external_id));
  }
  if (!previous && !in.id.empty()) {
    auto same = tx.GetReport(in.id);
    if (same.ok()) {
      if (same->source_id != source.id || same->external_id != r.external_id) {
        return InvalidArgument(fmt::format("a report with id '{}' exists and is another record",
                                           in.id), "id");
      }
      previous = std::move(same).value();
    } else if (same.status().code() != StatusCode::kNotFound) {
      return same.status();
    }
  }
  // A source speaks only of the persons it holds: naming another source's person (a morgue
  // "confirming" a hospital's patient dead) is a claim for an operator, so the report goes to
  // a person of its own and the link waits in the review queue. An id that names nobody gets
  // exactly the same answer: the reply tells a source nothing of who else is recorded.
  std::optional<Person> proposed;
  if (!in.person_id.empty() && in.attach != Attach::kAnyPerson) {
    ASSIGN_OR_RETURN(NamedPerson named, ResolveNamedPerson(tx, source.id, in.person_id));
    if (named.reported_by_source && in.attach == Attach::kOwnPersonsOnly) {
      r.person_id = named.person->id;
    } else {
      r.person_id.clear();
      if (named.person && !named.person->purged_at) proposed = std::move(named.person);
      // About a new person now: it must describe one, as any report without a person_id.
      if (!previous) RETURN_IF_ERROR(ValidateReport(r, now));
    }
  }
  if (previous) {
    if (r.person_id.empty()) r.person_id = previous->person_id;
    r.observed_at = in.observed_at.value_or(previous->observed_at);
    if (SameContent(*previous, r)) {
      return ReportOutcome{*previous, ReportOutcome::Change::kUnchanged};
    }
    r.id = previous->id;
    r.version = previous->version;
  } else {
    r.id = in.id.empty() ? ids_.NewId(kReportIdPrefix) : in.id;
  }

  Person person;
  bool new_person = false;
  if (r.person_id.empty()) {
    new_person = true;
    person.id = ids_.NewId(kPersonIdPrefix);
    AddNames(person, r, other_names);
    person.home_locality = in.home_locality;
    person.sex = r.sex;
    person.birth_date = r.birth_date;
    person.approx_age = r.approx_age;
    person.features = r.features;
    person.created_at = person.updated_at = now;
    r.person_id = person.id;
  } else {
    auto p = tx.GetPerson(r.person_id);
    if (!p.ok() && p.status().code() == StatusCode::kNotFound) {
      return InvalidArgument(fmt::format("no person with id '{}'", r.person_id.substr(0, 64)),
                             "person_id");
    }
    if (!p.ok()) return p.status();
    person = std::move(p).value();
    // Retention removed this person's data; a list sent again must not write it back.
    if (person.purged_at) {
      return InvalidArgument(
          previous ? "this record's person was purged under retention; it is not restored"
                   : "this person was purged under retention",
          previous ? "external_id" : "person_id");
    }
    AddNames(person, r, other_names);
    if (person.home_locality.empty()) person.home_locality = in.home_locality;
    person.updated_at = now;
  }

  if (new_person) {
    // A new person's only report sets the status; StatusHistory shows where it came from.
    if (r.status != PersonStatus::kUnknown) {
      person.status = r.status;
      person.status_source_id = source.id;
      person.facility = r.facility;
    }
    RETURN_IF_ERROR(tx.InsertPerson(person));
  }
  if (previous) {
    RETURN_IF_ERROR(tx.UpdateReport(r));
    r.version += 1;
  } else {
    RETURN_IF_ERROR(tx.InsertReport(r));
  }
  if (proposed) RETURN_IF_ERROR(ProposeNamedPerson(tx, actor, r, proposed->id, now));
  if (r.status != PersonStatus::kUnknown) {
    StatusEvent e{.id = ids_.NewId(kStatusEventIdPrefix), .person_id = person.id, .report_id = r.id,
                  .source_id = source.id, .status = r.status, .facility = r.facility,
                  .observed_at = r.observed_at, .recorded_at = now};
    RETURN_IF_ERROR(tx.InsertStatusEvent(e));
  }
  if (!new_person) {
    RETURN_IF_ERROR(RecomputeStatus(tx, person));
    RETURN_IF_ERROR(tx.UpdatePerson(person));
  }
  // One audit row a report, filed under the person so "who changed this person" finds it.
  RETURN_IF_ERROR(Audit(tx, actor, previous ? "report.update" : "report.create", "person",
                        person.id,
                        fmt::format(R"({{"report_id":"{}","source_id":"{}","new_person":{}}})",
                                    r.id, source.id, new_person)));
  return ReportOutcome{r, previous ? ReportOutcome::Change::kUpdated
                                   : ReportOutcome::Change::kCreated};
}

Status Registry::ProposeNamedPerson(Transaction& tx, const std::string& actor,
                                    const Report& report, const std::string& person_id,
                                    Timestamp now) {
  ASSIGN_OR_RETURN(auto existing, tx.FindMatch(person_id, "", report.id));
  if (existing) return Status::Ok();  // a replay: proposed before, decided or not
  // At the matcher's threshold: a source's word is a lead, not proof; the operator compares.
  Match m{.id = ids_.NewId(kMatchIdPrefix), .person_id = person_id, .report_id = report.id,
          .score = 0.5,
          .explanation = "the source named this person (person_id) but has not reported them "
                         "before",
          .created_at = now};
  RETURN_IF_ERROR(tx.InsertMatch(m));
  return Audit(tx, actor, "match.propose", "person", person_id,
               fmt::format(R"({{"match_id":"{}","report_id":"{}"}})", m.id, report.id));
}

// Trust order: the status comes from the most trusted source's latest word, so a prank from the
// public cannot mark dead someone a hospital holds; within one trust level the newer wins.
Status Registry::RecomputeStatus(Transaction& tx, Person& person) {
  ASSIGN_OR_RETURN(auto events, tx.ListStatusEvents(person.id));
  // A corrected report replaces what it said before: only each report's latest event counts.
  std::unordered_map<std::string, const StatusEvent*> latest;
  for (const auto& e : events) {
    auto& slot = latest[e.report_id];
    if (!slot || e.recorded_at >= slot->recorded_at) slot = &e;
  }
  // A time ahead of when the report arrived is a wrong clock (or a forgery, from before dates
  // were checked): it counts as the arrival, so it cannot pin the status for ever.
  auto when = [](const StatusEvent* e) {
    return std::min(e->observed_at, e->recorded_at + kMaxClockSkew);
  };
  std::unordered_map<std::string, int> trust;
  const StatusEvent* best = nullptr;
  int best_trust = -1;
  for (const auto& [report, e] : latest) {
    auto it = trust.find(e->source_id);
    if (it == trust.end()) {
      ASSIGN_OR_RETURN(Source src, tx.GetSource(e->source_id));
      it = trust.emplace(e->source_id, src.trust).first;
    }
    int t = it->second;
    if (!best || t > best_trust ||
        (t == best_trust && std::make_tuple(when(e), e->recorded_at, e->id) >
                                std::make_tuple(when(best), best->recorded_at, best->id))) {
      best = e;
      best_trust = t;
    }
  }
  if (best) {
    person.status = best->status;
    person.status_source_id = best->source_id;
    person.facility = best->facility;
  } else {
    person.status = PersonStatus::kUnknown;
    person.status_source_id.clear();
    person.facility.clear();
  }
  return Status::Ok();
}

void Registry::MatchLater(const Report& report) {
  if (!matcher_) return;
  // Matching right away gives operators candidates at once; if it fails, the report stays
  // unmatched and the matcher's catch-up takes it.
  (void)matcher_->MatchReport(report);
}

void Registry::MatchLater(const Inquiry& inquiry) {
  if (!matcher_) return;
  matcher_->ReindexInquiry(inquiry);
  (void)matcher_->MatchInquiry(inquiry);
}

Result<Report> Registry::GetReport(const std::string& actor, const std::string& id) {
  ASSIGN_OR_RETURN(Report r,
                   ReadInTransaction(store_, [&](Transaction& tx) { return tx.GetReport(id); }));
  RETURN_IF_ERROR(AuditRead(actor, "report.read", "report", r.id));
  return r;
}

Result<Page<Report>> Registry::ListReports(const std::string& actor, const ReportFilter& filter,
                                           const PageRequest& page) {
  ASSIGN_OR_RETURN(auto out, ReadInTransaction(store_, [&](Transaction& tx) {
                     return tx.ListReports(filter, NormalizePage(page));
                   }));
  std::vector<std::string> ids;
  for (const auto& r : out.items) ids.push_back(r.id);
  RETURN_IF_ERROR(AuditRead(actor, "report.list", "report", "", IdsDetail(ids)));
  return out;
}

Result<Inquiry> Registry::OpenInquiry(const std::string& actor, Inquiry q) {
  q.id = ids_.NewId(kInquiryIdPrefix);
  q.version = 1;
  q.state = InquiryState::kOpen;
  q.person_id.clear();
  q.taken_by = actor;
  q.close_reason.clear();
  q.created_at = q.updated_at = clock_.Now();
  q.sought_name = CleanName(q.sought_name);
  q.inquirer_name = CleanName(q.inquirer_name);
  RETURN_IF_ERROR(ValidateInquiry(q, q.created_at));
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kWrite));
  RETURN_IF_ERROR(tx->InsertInquiry(q));
  RETURN_IF_ERROR(Audit(*tx, actor, "inquiry.create", "inquiry", q.id));
  RETURN_IF_ERROR(CommitAndReindex(*tx, {}, {q.id}));
  MatchLater(q);
  return q;
}

Result<Inquiry> Registry::GetInquiry(const std::string& actor, const std::string& id) {
  ASSIGN_OR_RETURN(Inquiry q,
                   ReadInTransaction(store_, [&](Transaction& tx) { return tx.GetInquiry(id); }));
  RETURN_IF_ERROR(AuditRead(actor, "inquiry.read", "inquiry", q.id));
  return q;
}

Result<Page<Inquiry>> Registry::ListInquiries(const std::string& actor,
                                              const InquiryFilter& filter,
                                              const PageRequest& page) {
  ASSIGN_OR_RETURN(auto out, ReadInTransaction(store_, [&](Transaction& tx) {
                     return tx.ListInquiries(filter, NormalizePage(page));
                   }));
  std::vector<std::string> ids;
  for (const auto& q : out.items) ids.push_back(q.id);
  RETURN_IF_ERROR(AuditRead(actor, "inquiry.list", "inquiry", "", IdsDetail(ids)));
  return out;
}

Result<std::vector<Inquiry>> Registry::InquiriesOfPerson(const std::string& actor,
                                                         const std::string& person_id) {
  ASSIGN_OR_RETURN(auto out, ReadInTransaction(store_, [&](Transaction& tx) {
                     return tx.ListInquiriesOfPerson(person_id);
                   }));
  std::vector<std::string> ids;
  for (const auto& q : out) ids.push_back(q.id);
  RETURN_IF_ERROR(AuditRead(actor, "inquiry.list", "person", person_id, IdsDetail(ids)));
  return out;
}

Result<Inquiry> Registry::UpdateInquiry(const std::string& actor, const Inquiry& changes) {
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kWrite));
  ASSIGN_OR_RETURN(Inquiry current, tx->GetInquiry(changes.id));
  if (current.version != changes.version) {
    return Aborted(fmt::format(
        "inquiry '{}' is at version {}, not {}: someone else changed it; reload and retry",
        current.id, current.version, changes.version));
  }
  Inquiry q = changes;
  q.sought_name = CleanName(q.sought_name);
  q.inquirer_name = CleanName(q.inquirer_name);
  q.created_at = current.created_at;
  q.taken_by = current.taken_by;
  q.updated_at = clock_.Now();
  q.purged_at = current.purged_at;
  if (current.purged_at) return FailedPrecondition("the inquiry was purged under retention");
  // The retention clock starts when a case is closed, and stops if it is reopened.
  bool ended = q.state == InquiryState::kClosed || q.state == InquiryState::kWithdrawn;
  if (!ended) {
    q.closed_at.reset();
    q.close_reason.clear();
  } else if (!current.closed_at) {
    q.closed_at = q.updated_at;
    // A colleague who finds the inquiry again must learn why nobody is looking any more.
    if (q.close_reason.find_first_not_of(" \t\r\n") == std::string::npos) {
      return InvalidArgument("say why the inquiry is closed or withdrawn", "close_reason");
    }
  }
  RETURN_IF_ERROR(ValidateInquiry(q, q.updated_at));
  RETURN_IF_ERROR(tx->UpdateInquiry(q));
  RETURN_IF_ERROR(Audit(*tx, actor, "inquiry.update", "inquiry", q.id));
  RETURN_IF_ERROR(CommitAndReindex(*tx, {}, {q.id}));
  q.version += 1;
  if (matcher_) matcher_->ReindexInquiry(q);
  if (q.sought_name != current.sought_name) MatchLater(q);
  return q;
}

}  // namespace aftermath

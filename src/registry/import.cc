// The import use case (Registry::Import): rows from io's readers, recorded in committed batches.
#include "registry/import.h"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>

#include <unordered_map>
#include <unordered_set>

#include "model/validate.h"
#include "registry/registry.h"

namespace aftermath {
namespace {

// The fields a person line of our JSON Lines export sets (the status is derived, not set).
bool SamePersonDetails(const Person& a, const Person& b) {
  return a.names == b.names && a.sex == b.sex && a.birth_date == b.birth_date &&
         a.approx_age == b.approx_age && a.home_locality == b.home_locality &&
         a.features == b.features;
}

// A person line must describe someone, as a report must.
Status ValidatePersonLine(const Person& p, Timestamp now) {
  if (!p.names.empty()) return ValidatePerson(p, now);
  if (p.sex == Sex::kUnknown && !p.approx_age && p.birth_date.empty() && p.features.empty()) {
    return InvalidArgument(
        "a person needs a name, or for an unidentified person at least sex, age or features",
        "names");
  }
  Person named = p;
  named.names.push_back({.full_name = "x"});
  return ValidatePerson(named, now);
}

// A dry run's stand-in for the id of a person the file would create.
constexpr std::string_view kNewPerson = "per_new";

class Importer {
 public:
  Importer(Registry& registry, Store& store, const ImportOptions& options, WriteMode mode)
      : registry_(registry), store_(store), options_(options), mode_(mode) {}

  Result<ImportSummary> Run(RecordReader& reader) {
    ParsedRow row;
    while (true) {
      ASSIGN_OR_RETURN(bool more, reader.Next(row));
      if (!more) break;
      RETURN_IF_ERROR(Add(std::move(row)));
      if (batch_.size() + people_.size() >= options_.batch_size) {
        RETURN_IF_ERROR(Flush());
        if (options_.on_progress) options_.on_progress(summary_.counts, reader.bytes_read());
      }
    }
    while (!batch_.empty() || !people_.empty()) RETURN_IF_ERROR(Flush());
    if (mode_ == WriteMode::kWrite) registry_.FinishMatching();
    if (options_.on_progress) options_.on_progress(summary_.counts, reader.bytes_read());
    summary_.notes = reader.notes();
    summary_.written = mode_ == WriteMode::kWrite;
    return std::move(summary_);
  }

 private:
  void Reject(size_t line, std::string column, std::string reason) {
    ++summary_.counts.rejected;
    Rejection r{line, std::move(column), std::move(reason)};
    if (options_.on_reject) options_.on_reject(r);
    if (summary_.rejections.size() < options_.max_rejections_kept) {
      summary_.rejections.push_back(std::move(r));
    }
  }
  void Reject(const ParsedRow& row, const Status& s) {
    std::string column = row.column.empty() ? s.field() : row.column;
    if (column == "observed_at" && !row.observed_at_column.empty()) {
      column = row.observed_at_column;
    }
    Reject(row.line, std::move(column), s.message());
  }

  // The id of the source a row goes to; empty in a dry run for a source not yet created.
  Result<std::string> SourceOf(const ParsedRow& row) {
    if (row.source_name.empty()) {
      if (options_.source_id.empty()) {
        return InvalidArgument("the row names no source and none was given for the file",
                               "source");
      }
      return options_.source_id;
    }
    if (auto it = sources_.find(row.source_name); it != sources_.end()) return it->second;
    ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kRead));
    ASSIGN_OR_RETURN(auto found, tx->FindSourceByName(row.source_name));
    tx.reset();
    std::string id;
    if (found) {
      id = found->id;
      if (!options_.source_id.empty() && id != options_.source_id) {
        return InvalidArgument(fmt::format("the row is from source '{}', not from the file's "
                                           "source", row.source_name.substr(0, 100)), "source");
      }
    } else if (!options_.source_id.empty()) {
      return InvalidArgument(fmt::format("the row is from source '{}', not from the file's "
                                         "source", row.source_name.substr(0, 100)), "source");
    } else if (mode_ == WriteMode::kWrite) {
      NewSource s{.name = row.source_name, .kind = row.source_kind.value_or(SourceKind::kOther),
                  .trust = row.source_trust, .region = row.source_region};
      ASSIGN_OR_RETURN(Source created, registry_.CreateSource(options_.actor, s));
      id = created.id;
      created_sources_.insert(row.source_name);
    } else {
      created_sources_.insert(row.source_name);  // a dry run: would be created
    }
    sources_.emplace(row.source_name, id);
    return id;
  }

  // A name's source by name (a person line's names); empty in a dry run for a source its
  // file creates.
  Result<std::string> NamedSource(const std::string& name) {
    if (auto it = sources_.find(name); it != sources_.end()) return it->second;
    ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kRead));
    ASSIGN_OR_RETURN(auto found, tx->FindSourceByName(name));
    if (!found) {
      return InvalidArgument(fmt::format("no source named '{}'", name.substr(0, 100)), "names");
    }
    sources_.emplace(name, found->id);
    return found->id;
  }

  // A source's trust (the file's source in a dry run may not exist yet: the default trust).
  Result<int> TrustOf(const std::string& source_id) {
    if (auto it = trust_.find(source_id); it != trust_.end()) return it->second;
    int trust = DefaultTrust(SourceKind::kOther);
    if (!source_id.empty()) {
      ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kRead));
      auto s = tx->GetSource(source_id);
      if (s.ok()) {
        trust = s->trust;
      } else if (s.status().code() != StatusCode::kNotFound) {
        return s.status();
      }
    }
    trust_.emplace(source_id, trust);
    return trust;
  }

  // The person or report a PFIF record id of this registry's own domain names, when it is one
  // of ours: "<domain>/per_…" or "<domain>/rep_…" (pfif_domain). Empty otherwise.
  Result<std::string> OwnRecordId(const std::string& pfif_id, PfifKind kind) {
    const std::string& domain = options_.pfif_domain;
    if (domain.empty() || !pfif_id.starts_with(domain + "/")) return std::string();
    std::string id = pfif_id.substr(domain.size() + 1);
    bool person = kind == PfifKind::kPerson;
    if (!IsWellFormedId(id, person ? kPersonIdPrefix : kReportIdPrefix)) return std::string();
    ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kRead));
    if (!person) {
      auto r = tx->GetReport(id);
      if (!r.ok() && r.status().code() == StatusCode::kNotFound) return std::string();
      RETURN_IF_ERROR(r.status());
      return id;
    }
    auto p = tx->GetPerson(id);
    // Followed through merges: its reports are with the person it was merged into.
    for (int hops = 0; p.ok() && !p->merged_into.empty() && hops < 16; ++hops) {
      id = p->merged_into;
      p = tx->GetPerson(id);
    }
    if (!p.ok() && p.status().code() == StatusCode::kNotFound) return std::string();
    RETURN_IF_ERROR(p.status());
    if (p->purged_at) return std::string();
    return id;
  }

  // PFIF's rule: only records created here carry this registry's domain. Such a record coming
  // back (our export imported again, our feed served back by a registry that copied it) is
  // ours: nothing to record; true then. A note about a person of ours from elsewhere goes to
  // that person as any source's report naming another's person does (Attach: a person of its
  // source's own, and a proposal to merge).
  Result<bool> OwnPfifRecord(ParsedRow& row) {
    ASSIGN_OR_RETURN(std::string id, OwnRecordId(row.report.external_id, row.report.pfif_kind));
    if (!id.empty()) {
      if (row.report.pfif_kind == PfifKind::kPerson) persons_[row.person_key] = id;
      return true;
    }
    if (row.report.pfif_kind != PfifKind::kNote || persons_.contains(row.person_key)) {
      return false;
    }
    ASSIGN_OR_RETURN(std::string person, OwnRecordId(row.person_key, PfifKind::kPerson));
    if (person.empty()) return false;
    row.report.person_id = person;
    row.attach_only = false;
    if (row.report.full_name.empty()) {
      // The stand-in person it may make is named as ours is.
      ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kRead));
      ASSIGN_OR_RETURN(Person p, tx->GetPerson(person));
      row.report.full_name = p.display_name();
    }
    return false;
  }

  // A person line: its names' sources resolved, then written with the next batch (before its
  // reports, which name it by its id).
  Status AddPerson(ParsedRow row) {
    // A person line sets a person's names and details, which a source's own list (a clerk's
    // upload, an import for one --source) must not: only a whole export, whose lines name
    // their sources, restores persons.
    if (!options_.source_id.empty()) {
      Reject(row.line, "record",
             "a person line is imported only from a whole export (no source given for the "
             "file); its reports are imported without it");
      return Status::Ok();
    }
    for (auto& name : row.person.names) {
      for (auto* part : {&name.full_name, &name.surname, &name.given_names, &name.patronymic}) {
        *part = CleanName(*part);
      }
    }
    if (Status s = ValidatePersonLine(row.person, registry_.clock().Now()); !s.ok()) {
      Reject(row, s);
      return Status::Ok();
    }
    for (auto& name : row.person.names) {
      if (name.source_id.empty()) continue;
      auto id = NamedSource(name.source_id);
      if (!id.ok()) {
        if (id.status().code() != StatusCode::kInvalidArgument) return id.status();
        Reject(row, id.status());
        return Status::Ok();
      }
      name.source_id = *id;
    }
    persons_[row.person_key] = row.person_key;
    persons_seen_.insert(row.person_key);
    people_.push_back(std::move(row));
    return Status::Ok();
  }

  Status Add(ParsedRow row) {
    if (!row.error.ok()) {
      Reject(row, row.error);
      return Status::Ok();
    }
    if (row.kind == ParsedRow::Kind::kPerson) return AddPerson(std::move(row));
    if (row.kind == ParsedRow::Kind::kSource) {
      bool existed = sources_.contains(row.source_name);
      auto source = SourceOf(row);
      if (!source.ok()) {
        if (source.status().code() != StatusCode::kInvalidArgument) return source.status();
        Reject(row, source.status());
      } else if (existed || !created_sources_.contains(row.source_name)) {
        ++summary_.counts.unchanged;
      } else {
        ++summary_.counts.created;
      }
      return Status::Ok();
    }
    auto source = SourceOf(row);
    if (!source.ok()) {
      if (source.status().code() != StatusCode::kInvalidArgument) return source.status();
      Reject(row, source.status());
      return Status::Ok();
    }
    if (row.report.pfif_kind != PfifKind::kNone) {
      ASSIGN_OR_RETURN(bool ours, OwnPfifRecord(row));
      if (ours) {
        ++summary_.counts.unchanged;
        return Status::Ok();
      }
    }
    row.report.source_id = *source;
    if (row.report.pfif_kind == PfifKind::kPerson) {
      // An expired record (Person Finder's placeholder has little but ids and dates) is not
      // imported: it deletes the record, and leaves a placeholder (RecordPfifExpiry).
      if (row.report.expires_at && *row.report.expires_at <= registry_.clock().Now()) {
        return AddExpired(std::move(row));
      }
      if (row.report.full_name.empty()) {
        Reject(row.line, "full_name", "is required");
        return Status::Ok();
      }
    }
    if (row.attach_only && expired_.contains(row.person_key)) {
      Reject(row.line, row.person_key_column,
             "its person's record has expired: the note is not kept");
      return Status::Ok();
    }
    // Only a whole export (no source given for the file: `aftermath import` of our own JSON
    // Lines, never an upload) places reports with persons of other sources, as its person lines
    // say; a source's own list is held to the rule every report is (Attach).
    if (options_.source_id.empty()) row.report.attach = Attach::kAnyPerson;
    // PFIF's believed_dead needs a permission in Person Finder; here a source must be trusted
    // as a police department or more to declare someone dead. From a source trusted less, the
    // note becomes a person of its own, proposed to its person in the review queue: an operator
    // decides, and then the trust order does.
    if (row.report.pfif_kind == PfifKind::kNote && row.report.status == PersonStatus::kDeceased &&
        row.report.attach == Attach::kOwnPersonsOnly) {
      ASSIGN_OR_RETURN(int trust, TrustOf(*source));
      if (trust < DefaultTrust(SourceKind::kPolice)) row.report.attach = Attach::kProposeOnly;
    }
    if (refused_persons_.contains(row.person_key)) {
      RejectPurged(row);
      return Status::Ok();
    }
    if (!row.person_key.empty() && row.report.person_id.empty()) {
      if (auto it = persons_.find(row.person_key); it != persons_.end()) {
        row.report.person_id = it->second;
      } else if (pending_.contains(row.person_key)) {
        // Its person is created by a row in this batch: wait for the batch's commit.
        deferred_.push_back(std::move(row));
        return Status::Ok();
      } else if (row.person_key_is_external_id && !source->empty()) {
        // Only this source's own records: a note may attach to a person its source reported
        // (Attach), and an id another source holds is answered as one nobody holds.
        ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kRead));
        ASSIGN_OR_RETURN(auto earlier, tx->FindReportByExternalId(*source, row.person_key));
        if (earlier && row.attach_only) {
          auto owner = tx->GetPerson(earlier->person_id);
          if (!owner.ok() && owner.status().code() != StatusCode::kNotFound) {
            return owner.status();
          }
          if (owner.ok() && owner->purged_at) {
            Reject(row.line, row.person_key_column,
                   "its person's record was removed here (it expired, or under retention): "
                   "the note is not kept");
            return Status::Ok();
          }
        }
        if (earlier) {
          persons_.emplace(row.person_key, earlier->person_id);
          row.report.person_id = earlier->person_id;
          if (row.attach_only && row.report.full_name.empty()) {
            row.report.full_name = earlier->name.full_name;  // the person as its source named it
          }
        } else if (row.attach_only) {
          return RejectNoPerson(row);
        } else {
          pending_.insert(row.person_key);
        }
      } else if (row.attach_only) {
        return RejectNoPerson(row);
      } else {
        pending_.insert(row.person_key);
      }
    }
    if (!row.status_history.empty()) {
      // A replayed state's own rejection is not reported (the line's present state speaks
      // for it), so a date in the future is refused here, for the whole line.
      Timestamp now = registry_.clock().Now();
      for (const auto& e : row.status_history) {
        if (Status s = CheckNotFuture(e.observed_at, now, "status_history"); !s.ok()) {
          Reject(row.line, "status_history", s.message());
          return Status::Ok();
        }
      }
      RETURN_IF_ERROR(Replay(row));
    }
    batch_.push_back(std::move(row));
    return Status::Ok();
  }

  // A PFIF person record whose expiry_date has passed: the record held here goes (or a
  // placeholder is kept for one never held), and its notes in this file are not kept. Counted
  // as RecordPfifExpiry tells: created, updated (a held record removed) or unchanged.
  Status AddExpired(ParsedRow row) {
    // The record created earlier in this file is written first, so it is the one removed.
    if (pending_.contains(row.person_key)) RETURN_IF_ERROR(Flush());
    expired_.insert(row.person_key);
    persons_.erase(row.person_key);
    const NewReport& in = row.report;
    if (mode_ == WriteMode::kDryRun) {
      std::string key = in.source_id + '\x1f' + in.external_id;
      if (seen_.contains(key)) {
        ++summary_.counts.updated;
        return Status::Ok();
      }
      seen_.insert(key);
      std::optional<Report> previous;
      ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kRead));
      if (!in.source_id.empty()) {
        ASSIGN_OR_RETURN(previous, tx->FindReportByExternalId(in.source_id, in.external_id));
      }
      if (!previous) {
        ++summary_.counts.created;
        return Status::Ok();
      }
      ASSIGN_OR_RETURN(Person person, tx->GetPerson(previous->person_id));
      ++(person.purged_at ? summary_.counts.unchanged : summary_.counts.updated);
      return Status::Ok();
    }
    auto out = registry_.RecordPfifExpiry(options_.actor, in);
    if (!out.ok()) {
      if (out.status().code() != StatusCode::kInvalidArgument) return out.status();
      Reject(row, out.status());
      return Status::Ok();
    }
    Count(out->change);
    return Status::Ok();
  }

  // A report with a status history (our export of a report its source corrected), new to this
  // registry: it is first recorded in each earlier state, in the same batch, so its status
  // events come out as in the registry it was exported from. A report already here keeps its
  // own history (a re-import changes nothing).
  Status Replay(ParsedRow& row) {
    std::vector<StatusEvent> history = std::move(row.status_history);
    row.status_history.clear();
    if (mode_ == WriteMode::kDryRun) return Status::Ok();
    const NewReport& in = row.report;
    ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kRead));
    if (!in.external_id.empty()) {
      ASSIGN_OR_RETURN(auto existing, tx->FindReportByExternalId(in.source_id, in.external_id));
      if (existing) return Status::Ok();
    } else if (!in.id.empty()) {
      auto existing = tx->GetReport(in.id);
      if (existing.ok()) return Status::Ok();
      if (existing.status().code() != StatusCode::kNotFound) return existing.status();
    }
    size_t n = history.size();
    // The last event is the present state's own when it says the same.
    if (n > 0 && history.back().status == in.status && history.back().facility == in.facility &&
        in.observed_at && history.back().observed_at == *in.observed_at) {
      --n;
    }
    for (size_t i = 0; i < n; ++i) {
      ParsedRow earlier;
      earlier.line = row.line;
      earlier.person_key = row.person_key;
      earlier.report = in;
      earlier.report.status = history[i].status;
      earlier.report.facility = history[i].facility;
      earlier.report.observed_at = history[i].observed_at;
      earlier.replay = true;
      batch_.push_back(std::move(earlier));
    }
    return Status::Ok();
  }

  Status Flush() {
    std::vector<ParsedRow> people = std::move(people_);
    people_.clear();
    std::vector<ParsedRow> rows = std::move(batch_);
    batch_.clear();
    if (mode_ == WriteMode::kDryRun) {
      RETURN_IF_ERROR(PreviewPersons(people));
      RETURN_IF_ERROR(Preview(rows));
    } else {
      std::unordered_map<std::string, std::string> redirect;  // person key -> merged into
      RETURN_IF_ERROR(WritePersons(people, redirect));
      std::vector<ParsedRow> kept;
      kept.reserve(rows.size());
      for (auto& r : rows) {
        if (auto it = redirect.find(r.report.person_id); it != redirect.end()) {
          r.report.person_id = it->second;
        }
        if (!r.report.person_id.empty() && refused_persons_.contains(r.report.person_id)) {
          RejectPurged(r);
          continue;
        }
        kept.push_back(std::move(r));
      }
      rows = std::move(kept);
      std::vector<NewReport> reports;
      reports.reserve(rows.size());
      for (auto& r : rows) reports.push_back(std::move(r.report));
      ASSIGN_OR_RETURN(auto outcomes, registry_.RecordReports(options_.actor, reports));
      for (size_t i = 0; i < outcomes.size(); ++i) {
        if (rows[i].replay) continue;  // the line's present state speaks for it
        if (!outcomes[i].ok()) {
          Reject(rows[i], outcomes[i].status());
          continue;
        }
        auto change = outcomes[i]->change;
        // Created by its earlier states just before: new to this registry all the same.
        if (change == ReportOutcome::Change::kUpdated && i > 0 && rows[i - 1].replay) {
          change = ReportOutcome::Change::kCreated;
        }
        Count(change);
        if (!rows[i].person_key.empty()) {
          persons_.emplace(rows[i].person_key, outcomes[i]->report.person_id);
        }
      }
    }
    pending_.clear();
    std::vector<ParsedRow> deferred = std::move(deferred_);
    deferred_.clear();
    for (auto& r : deferred) RETURN_IF_ERROR(Add(std::move(r)));
    return Status::Ok();
  }

  Status RejectNoPerson(const ParsedRow& row) {
    Reject(row.line, row.person_key_column.empty() ? "person_key" : row.person_key_column,
           fmt::format("'{}' is neither a person in this file nor one this source reported",
                       row.person_key.substr(0, 64)));
    return Status::Ok();
  }

  void RejectPurged(const ParsedRow& row) {
    Reject(row.line, "person_key",
           "the report's person was removed under retention here: not restored");
  }

  // What a person line does to the person of its id: create it, change it or not; refused
  // (and reported) for a person whose personal data this registry removed under retention.
  enum class PersonChange { kCreate, kUpdate, kUnchanged, kRefuse };
  PersonChange Compare(const Result<Person>& existing, const ParsedRow& row) {
    if (!existing.ok()) return PersonChange::kCreate;
    if (existing->purged_at) {
      Reject(row.line, "person_key",
             "the person's personal data was removed under retention here: not restored");
      refused_persons_.insert(row.person_key);
      return PersonChange::kRefuse;
    }
    // Merged here into another person: left as it is, and its reports go to that person.
    if (!existing->merged_into.empty()) return PersonChange::kUnchanged;
    return SamePersonDetails(*existing, row.person) ? PersonChange::kUnchanged
                                                    : PersonChange::kUpdate;
  }

  Status PreviewPersons(const std::vector<ParsedRow>& people) {
    if (people.empty()) return Status::Ok();
    ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kRead));
    for (const auto& row : people) {
      auto existing = tx->GetPerson(row.person.id);
      if (!existing.ok() && existing.status().code() != StatusCode::kNotFound) {
        return existing.status();
      }
      switch (Compare(existing, row)) {
        case PersonChange::kCreate: ++summary_.counts.created; break;
        case PersonChange::kUpdate: ++summary_.counts.updated; break;
        case PersonChange::kUnchanged: ++summary_.counts.unchanged; break;
        case PersonChange::kRefuse: break;
      }
    }
    return Status::Ok();
  }

  // Creates the persons of person lines with their ids, or brings an existing one's details to
  // the line's (names the line lacks are kept after its own). One transaction, before the
  // batch's reports.
  Status WritePersons(std::vector<ParsedRow>& people,
                      std::unordered_map<std::string, std::string>& redirect) {
    if (people.empty()) return Status::Ok();
    Timestamp now = registry_.clock().Now();
    ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kWrite));
    std::vector<std::string> touched;
    for (auto& row : people) {
      auto existing = tx->GetPerson(row.person.id);
      if (!existing.ok() && existing.status().code() != StatusCode::kNotFound) {
        return existing.status();
      }
      PersonChange change = Compare(existing, row);
      if (change == PersonChange::kRefuse) continue;
      if (change == PersonChange::kUnchanged) {
        ++summary_.counts.unchanged;
        if (existing->merged_into.empty()) continue;
        // Follow the merges to the person that holds the reports now.
        std::string to = existing->merged_into;
        for (int hops = 0; hops < 16; ++hops) {
          auto next = tx->GetPerson(to);
          if (!next.ok() || next->merged_into.empty()) break;
          to = next->merged_into;
        }
        persons_[row.person_key] = to;
        redirect[row.person_key] = to;
        continue;
      }
      Person p = std::move(row.person);
      if (change == PersonChange::kCreate) {
        p.created_at = p.updated_at = now;
        RETURN_IF_ERROR(tx->InsertPerson(p));
        ++summary_.counts.created;
      } else {
        for (auto& n : existing->names) {
          bool listed = false;
          for (const auto& m : p.names) listed = listed || m.full_name == n.full_name;
          if (!listed) p.names.push_back(std::move(n));
        }
        p.version = existing->version;
        p.status = existing->status;
        p.status_source_id = existing->status_source_id;
        p.facility = existing->facility;
        p.created_at = existing->created_at;
        p.updated_at = now;
        RETURN_IF_ERROR(tx->UpdatePerson(p));
        ++summary_.counts.updated;
      }
      AuditEvent e{.at = now, .actor = options_.actor,
                   .action = change == PersonChange::kCreate ? "person.create" : "person.update",
                   .entity_type = "person", .entity_id = p.id,
                   .detail = R"({"via":"import"})"};
      RETURN_IF_ERROR(tx->AppendAudit(std::move(e)).status());
      touched.push_back(p.id);
    }
    if (touched.empty()) return Status::Ok();
    RETURN_IF_ERROR(tx->Commit());
    tx.reset();
    (void)registry_.RefreshIndex(touched);  // the change feed applies a failure again
    return Status::Ok();
  }

  void Count(ReportOutcome::Change change) {
    switch (change) {
      case ReportOutcome::Change::kCreated: ++summary_.counts.created; break;
      case ReportOutcome::Change::kUpdated: ++summary_.counts.updated; break;
      case ReportOutcome::Change::kUnchanged: ++summary_.counts.unchanged; break;
    }
  }

  // A dry run: validates each row as the registry would and tells from the store whether it
  // would create, update or leave a report unchanged. Nothing is written.
  Status Preview(std::vector<ParsedRow>& rows) {
    ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kRead));
    Timestamp now = registry_.clock().Now();
    for (auto& row : rows) {
      if (row.replay) continue;
      const NewReport& in = row.report;
      // Validated exactly as RecordReports will, with stand-ins for what does not exist yet.
      // A report without a person must describe one; a stand-in person id here would let
      // the dry run pass rows the import then rejects.
      Report r = ReportFromNew(in, in.source_id.empty() ? "src_new" : in.source_id, now);
      r.id = "rep_new";
      if (Status s = ValidateReport(r, now); !s.ok()) {
        Reject(row, s);
        continue;
      }
      if (in.person_id == kNewPerson) {
        // The person a row of this file creates, for its source: attached to, as the import
        // will (not a proposal, whose row would have to describe a person of its own).
      } else if (!in.person_id.empty() && in.attach != Attach::kAnyPerson) {
        // As RecordReports will: a person the source has not reported (or nobody: the same
        // answer) means a new person, which the row must then describe.
        ASSIGN_OR_RETURN(NamedPerson named, ResolveNamedPerson(*tx, in.source_id, in.person_id));
        if (named.reported_by_source && in.attach == Attach::kOwnPersonsOnly) {
          r.person_id = named.person->id;  // followed through merges
        } else {
          r.person_id.clear();
          if (Status s = ValidateReport(r, now); !s.ok()) {
            Reject(row, s);
            continue;
          }
        }
      } else if (!in.person_id.empty() && !persons_seen_.contains(in.person_id)) {
        auto p = tx->GetPerson(in.person_id);
        if (!p.ok() && p.status().code() == StatusCode::kNotFound) {
          Reject(row.line, "person_id", fmt::format("no person with id '{}'",
                                                     in.person_id.substr(0, 64)));
          continue;
        }
        RETURN_IF_ERROR(p.status());
      }
      if (!row.person_key.empty()) persons_.emplace(row.person_key, kNewPerson);
      std::string key = in.source_id + '\x1f' + in.external_id;
      if (!in.external_id.empty() && !seen_.insert(key).second) {
        ++summary_.counts.updated;  // a second row of the file with the same record id
        continue;
      }
      std::optional<Report> previous;
      if (!in.external_id.empty() && !in.source_id.empty()) {
        ASSIGN_OR_RETURN(previous, tx->FindReportByExternalId(in.source_id, in.external_id));
      } else if (!in.id.empty()) {  // our export's report without a record id
        auto same = tx->GetReport(in.id);
        if (same.ok()) {
          previous = std::move(same).value();
        } else if (same.status().code() != StatusCode::kNotFound) {
          return same.status();
        }
      }
      if (!previous) {
        ++summary_.counts.created;
        continue;
      }
      // As RecordReports answers a record whose person was purged (under retention, or when
      // its PFIF record expired): not restored.
      if (auto owner = tx->GetPerson(previous->person_id); owner.ok() && owner->purged_at) {
        Reject(row, InvalidArgument(
                        "this record's person was purged under retention; it is not restored",
                        "external_id"));
        continue;
      }
      // Compared as RecordReports compares: the report as it would be kept.
      if (r.person_id.empty()) r.person_id = previous->person_id;
      r.observed_at = in.observed_at.value_or(previous->observed_at);
      if (SameContent(*previous, r)) {
        ++summary_.counts.unchanged;
      } else {
        ++summary_.counts.updated;
      }
    }
    return Status::Ok();
  }

  Registry& registry_;
  Store& store_;  // the registry's
  const ImportOptions& options_;
  WriteMode mode_;
  ImportSummary summary_;
  std::vector<ParsedRow> batch_;
  std::vector<ParsedRow> people_;  // person lines, written before batch_
  std::unordered_set<std::string> created_sources_;  // by name
  std::unordered_set<std::string> refused_persons_;  // person lines of purged persons
  std::vector<ParsedRow> deferred_;
  std::unordered_set<std::string> pending_;                 // person keys created in batch_
  std::unordered_map<std::string, std::string> persons_;    // person key -> person id
  std::unordered_map<std::string, std::string> sources_;    // source name -> id
  std::unordered_set<std::string> seen_;                    // dry run: source+record ids read
  std::unordered_set<std::string> persons_seen_;
  std::unordered_set<std::string> expired_;  // person keys of PFIF records that expired
  std::unordered_map<std::string, int> trust_;  // source id -> trust
};

}  // namespace

Result<ImportSummary> Registry::Import(const ReaderFactory& open, const ImportOptions& options) {
  if (options.bad_rows == BadRows::kAbortAll || options.mode == WriteMode::kDryRun) {
    ASSIGN_OR_RETURN(auto reader, open());
    ImportOptions check = options;
    if (options.mode == WriteMode::kWrite) check.on_progress = nullptr;
    Importer preview(*this, store_, check, WriteMode::kDryRun);
    ASSIGN_OR_RETURN(ImportSummary summary, preview.Run(*reader));
    if (options.mode == WriteMode::kDryRun) return summary;
    if (summary.counts.rejected > 0) {  // all or nothing: refused, and the clerk sees it later
      RETURN_IF_ERROR(RecordImportRun(options, summary));
      return summary;
    }
  }
  ASSIGN_OR_RETURN(auto reader, open());
  ImportOptions write = options;
  if (options.bad_rows == BadRows::kAbortAll) write.on_reject = nullptr;  // reported already
  Importer importer(*this, store_, write, WriteMode::kWrite);
  ASSIGN_OR_RETURN(ImportSummary summary, importer.Run(*reader));
  RETURN_IF_ERROR(RecordImportRun(options, summary));
  return summary;
}

// The source's list of past uploads reads these rows (ImportRuns): counts, no names.
Status Registry::RecordImportRun(const ImportOptions& options, const ImportSummary& summary) {
  if (options.source_id.empty()) return Status::Ok();  // a whole export: rows name their sources
  const auto& c = summary.counts;
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kWrite));
  RETURN_IF_ERROR(Audit(*tx, options.actor, "import.run", "source", options.source_id,
                        boost::json::serialize(boost::json::object{
                            {"created", c.created},
                            {"updated", c.updated},
                            {"unchanged", c.unchanged},
                            {"rejected", c.rejected},
                            {"written", summary.written}})));
  return tx->Commit();
}

Result<std::vector<ImportRun>> Registry::ImportRuns(const std::string& actor,
                                                    const std::string& source_id, int limit) {
  std::vector<ImportRun> runs;
  {
    ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kRead));
    ASSIGN_OR_RETURN(auto rows, tx->QueryAudit({.entity_id = source_id,
                                                .action = "import.run",
                                                .limit = std::clamp(limit, 1, 500)}));
    for (const auto& row : rows) {
      if (row.action != "import.run") continue;
      ImportRun run{.at = row.at, .actor = row.actor};
      boost::system::error_code ec;
      boost::json::value detail = boost::json::parse(row.detail, ec);
      if (ec || !detail.is_object()) {
        return DataLoss(fmt::format("audit_log row {}: detail of import.run is not an object",
                                    row.seq));
      }
      const auto& o = detail.as_object();
      auto count = [&](const char* key) -> size_t {
        const auto* v = o.if_contains(key);
        return v && v->is_int64() && v->as_int64() >= 0 ? static_cast<size_t>(v->as_int64()) : 0;
      };
      run.counts = {.created = count("created"), .updated = count("updated"),
                    .unchanged = count("unchanged"), .rejected = count("rejected")};
      const auto* written = o.if_contains("written");
      run.written = written && written->is_bool() && written->as_bool();
      runs.push_back(std::move(run));
    }
  }
  RETURN_IF_ERROR(AuditRead(actor, "import.list", "source", source_id));
  return runs;
}

}  // namespace aftermath

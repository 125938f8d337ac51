// PFIF records the registry keeps as PFIF keeps them (issue #20): a copied person record that
// expires goes, with its notes, leaving a placeholder (ids and dates only: a tombstone) that
// stops the record from coming back and tells the registries that copied it to delete theirs.
#include <fmt/format.h>

#include <algorithm>
#include <unordered_map>

#include "registry/registry.h"

namespace aftermath {
namespace {

// Every report about a person, oldest first.
Result<std::vector<Report>> ReportsOf(Transaction& tx, const std::string& person_id) {
  std::vector<Report> out;
  PageRequest page{.limit = 200};
  do {
    ASSIGN_OR_RETURN(auto p, tx.ListReports({.person_id = person_id}, page));
    for (auto& r : p.items) out.push_back(std::move(r));
    page.cursor = p.next_cursor;
  } while (!page.cursor.empty());
  std::reverse(out.begin(), out.end());
  return out;
}

// The PFIF person record `person_id` is, as `source_id` (when given) may see: its oldest
// copied person record's id, or "" for a person of this registry's own.
Result<std::string> PfifPersonIdOf(Transaction& tx, const std::string& person_id,
                                   const std::string& source_id) {
  std::string id;
  PageRequest page{.limit = 200};
  do {
    ASSIGN_OR_RETURN(auto p,
                     tx.ListReports({.person_id = person_id, .source_id = source_id}, page));
    for (const auto& r : p.items) {  // newest first: the last one found is the oldest
      if (r.pfif_kind == PfifKind::kPerson) id = r.external_id;
    }
    page.cursor = p.next_cursor;
  } while (!page.cursor.empty());
  return id;
}

}  // namespace

Status Registry::ExpirePfifRecordIn(Transaction& tx, const std::string& actor, const Report& record,
                                    Timestamp now, std::vector<std::string>& touched,
                                    const NewReport* placeholder_in) {
  std::string person_id = record.person_id;
  ASSIGN_OR_RETURN(Person person, tx.GetPerson(person_id));
  if (person.purged_at) return Status::Ok();
  ASSIGN_OR_RETURN(auto reports, ReportsOf(tx, person_id));
  // The record and its notes are what its source said of this person. When other sources
  // spoke of the person too (an operator merged it with a hospital's patient), theirs stay:
  // the source's reports move to a person of their own, which is then purged.
  bool alone = std::all_of(reports.begin(), reports.end(),
                           [&](const Report& r) { return r.source_id == record.source_id; });
  std::string gone = person_id;
  if (!alone) {
    Person tombstone{.id = ids_.NewId(kPersonIdPrefix), .created_at = now, .updated_at = now};
    RETURN_IF_ERROR(tx.InsertPerson(tombstone));
    for (const auto& r : reports) {
      if (r.source_id != record.source_id) continue;
      RETURN_IF_ERROR(tx.SetReportPerson(r.id, tombstone.id));
      ASSIGN_OR_RETURN(auto events, tx.ListStatusEventsOfReport(r.id));
      for (const auto& e : events) RETURN_IF_ERROR(tx.SetStatusEventPerson(e.id, tombstone.id));
    }
    std::erase_if(person.names,
                  [&](const PersonName& n) { return n.source_id == record.source_id; });
    person.updated_at = now;
    RETURN_IF_ERROR(RecomputeStatus(tx, person));
    RETURN_IF_ERROR(tx.UpdatePerson(person));
    touched.push_back(person_id);
    gone = tombstone.id;
  }
  RETURN_IF_ERROR(tx.PurgePerson(gone, now));
  // The placeholder is news for whoever follows this registry's feed (min_entry_date): it is
  // entered again now.
  ASSIGN_OR_RETURN(Report placeholder, tx.GetReport(record.id));
  placeholder.received_at = now;
  // The placeholder that deleted it says when the record expired (the record itself may not
  // have said) and when its source entered that.
  if (placeholder_in) {
    placeholder.expires_at = placeholder_in->expires_at;
    if (placeholder_in->entered_at) placeholder.entered_at = placeholder_in->entered_at;
  }
  RETURN_IF_ERROR(tx.UpdateReport(placeholder));
  RETURN_IF_ERROR(tx.MarkReportMatched(placeholder.id, now));
  touched.push_back(gone);
  return Audit(
      tx, actor, "person.expire", "person", gone,
      fmt::format(R"({{"report_id":"{}","source_id":"{}"}})", record.id, record.source_id));
}

Result<ReportOutcome> Registry::RecordPfifExpiry(const std::string& actor, const NewReport& in) {
  if (in.pfif_kind != PfifKind::kPerson || in.external_id.empty() || !in.expires_at) {
    return InvalidArgument("an expiry needs a PFIF person record id and its expiry_date",
                           "expiry_date");
  }
  Timestamp now = clock_.Now();
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kWrite));
  ASSIGN_OR_RETURN(Source source, ResolveSource(*tx, in));
  ASSIGN_OR_RETURN(auto previous, tx->FindReportByExternalId(source.id, in.external_id));
  std::vector<std::string> touched;
  ReportOutcome out;
  if (previous) {
    ASSIGN_OR_RETURN(Person person, tx->GetPerson(previous->person_id));
    if (person.purged_at) return ReportOutcome{*previous, ReportOutcome::Change::kUnchanged};
    RETURN_IF_ERROR(ExpirePfifRecordIn(*tx, actor, *previous, now, touched, &in));
    ASSIGN_OR_RETURN(out.report, tx->GetReport(previous->id));
    out.change = ReportOutcome::Change::kUpdated;
  } else {
    // Never held here: the placeholder is kept all the same, so the record cannot come back
    // (an older copy of it from elsewhere) and this registry passes the deletion on.
    Person tombstone{.id = ids_.NewId(kPersonIdPrefix), .created_at = now, .updated_at = now};
    RETURN_IF_ERROR(tx->InsertPerson(tombstone));
    Report r{.id = ids_.NewId(kReportIdPrefix),
             .source_id = source.id,
             .external_id = in.external_id,
             .person_id = tombstone.id,
             .observed_at = std::min(in.observed_at.value_or(now), now),
             .received_at = now,
             .pfif_kind = PfifKind::kPerson,
             .entered_at = in.entered_at,
             .expires_at = in.expires_at};
    RETURN_IF_ERROR(tx->InsertReport(r));
    RETURN_IF_ERROR(tx->MarkReportMatched(r.id, now));
    RETURN_IF_ERROR(tx->PurgePerson(tombstone.id, now));
    RETURN_IF_ERROR(
        Audit(*tx, actor, "person.expire", "person", tombstone.id,
              fmt::format(R"({{"report_id":"{}","source_id":"{}"}})", r.id, source.id)));
    touched.push_back(tombstone.id);
    ASSIGN_OR_RETURN(out.report, tx->GetReport(r.id));
    out.change = ReportOutcome::Change::kCreated;
  }
  RETURN_IF_ERROR(CommitAndReindex(*tx, touched));
  return out;
}

Result<int> Registry::ExpirePfifRecords(const std::string& actor, int limit) {
  Timestamp now = clock_.Now();
  // Nothing is due most minutes: looked for in a read transaction first, so the minute's look
  // never holds the writers' lock (on SQLite every audited read's commit would wait behind it).
  {
    ASSIGN_OR_RETURN(auto look, store_.Begin(TransactionMode::kRead));
    ASSIGN_OR_RETURN(auto due, look->ListExpiredPfifRecords(now, limit));
    if (due.empty()) return 0;
  }
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kWrite));
  ASSIGN_OR_RETURN(auto due, tx->ListExpiredPfifRecords(now, limit));
  if (due.empty()) return 0;
  std::vector<std::string> touched;
  for (const auto& r : due) RETURN_IF_ERROR(ExpirePfifRecordIn(*tx, actor, r, now, touched));
  RETURN_IF_ERROR(CommitAndReindex(*tx, touched));
  return static_cast<int>(due.size());
}

}  // namespace aftermath

namespace aftermath {

Result<size_t> Registry::PfifFeed(const PfifFeedOptions& options, RecordWriter& writer) {
  constexpr int kPage = 200;
  std::vector<std::string> handed;
  {
    ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kRead));
    SourceMap sources;
    ASSIGN_OR_RETURN(auto list, tx->ListSources());
    for (auto& s : list) {
      if (options.source_id.empty() || s.id == options.source_id) {
        sources.emplace(s.id, std::move(s));
      }
    }
    std::unordered_map<std::string, Person> persons;
    std::unordered_map<std::string, std::string> pfif_ids;
    Timestamp since = options.min_entry_date;
    std::string after;
    // PFIF dates are whole seconds, and a follower skips the entries of the last second it
    // read: only seconds that are over are served, so no entry joins a second already read.
    const Timestamp until = std::chrono::floor<std::chrono::seconds>(clock_.Now());
    bool settled = true;
    writer.Begin();
    while (!writer.Full() && settled) {
      ASSIGN_OR_RETURN(auto page, tx->ListReportsSince(options.source_id, since, after, kPage));
      for (const auto& r : page) {
        if (r.received_at >= until) {
          settled = false;
          break;
        }
        since = r.received_at;
        after = r.id;
        auto it = persons.find(r.person_id);
        if (it == persons.end()) {
          auto p = tx->GetPerson(r.person_id);
          if (!p.ok() && p.status().code() == StatusCode::kNotFound) continue;
          if (!p.ok()) return p.status();
          it = persons.emplace(r.person_id, std::move(p).value()).first;
        }
        const Person& person = it->second;
        if (person.purged_at &&
            !(writer.WantsExpiredRecords() && r.pfif_kind == PfifKind::kPerson && r.expires_at)) {
          continue;
        }
        if (writer.WantsPfifPersonIds()) {
          auto id = pfif_ids.find(person.id);
          if (id == pfif_ids.end()) {
            ASSIGN_OR_RETURN(std::string pfif_id,
                             PfifPersonIdOf(*tx, person.id, options.source_id));
            id = pfif_ids.emplace(person.id, std::move(pfif_id)).first;
          }
          writer.SetPfifPersonId(id->second);
        }
        writer.Write(options.source_id.empty() ? person : AsSourceGaveIt(person, r), r, sources);
        handed.push_back(r.id);
        if (writer.Full()) break;
      }
      if (static_cast<int>(page.size()) < kPage) break;
    }
    writer.End();
  }
  if (!writer.ok()) return DataLoss("writing the feed failed");
  // The reports read for this page: what was served is among them.
  std::string detail = "{\"report_ids\":[";
  for (size_t i = 0; i < handed.size(); ++i) detail += (i ? ",\"" : "\"") + handed[i] + "\"";
  RETURN_IF_ERROR(
      AuditRead(options.actor, "pfif.feed", "report", options.source_id, detail + "]}"));
  return handed.size();
}

}  // namespace aftermath

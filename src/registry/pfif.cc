// PFIF records the registry keeps as PFIF keeps them (issue #20): a copied person record that
// expires goes, with its notes, leaving a placeholder (ids and dates only: a tombstone) that
// stops the record from coming back and tells the registries that copied it to delete theirs.
#include <fmt/format.h>

#include <algorithm>

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

}  // namespace

Status Registry::ExpirePfifRecordIn(Transaction& tx, const std::string& actor,
                                    const Report& record, Timestamp now,
                                    std::vector<std::string>& touched) {
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
  RETURN_IF_ERROR(tx.UpdateReport(placeholder));
  RETURN_IF_ERROR(tx.MarkReportMatched(placeholder.id, now));
  touched.push_back(gone);
  return Audit(tx, actor, "person.expire", "person", gone,
               fmt::format(R"({{"report_id":"{}","source_id":"{}"}})", record.id,
                           record.source_id));
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
    RETURN_IF_ERROR(ExpirePfifRecordIn(*tx, actor, *previous, now, touched));
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
    RETURN_IF_ERROR(Audit(*tx, actor, "person.expire", "person", tombstone.id,
                          fmt::format(R"({{"report_id":"{}","source_id":"{}"}})", r.id,
                                      source.id)));
    touched.push_back(tombstone.id);
    ASSIGN_OR_RETURN(out.report, tx->GetReport(r.id));
    out.change = ReportOutcome::Change::kCreated;
  }
  RETURN_IF_ERROR(CommitAndReindex(*tx, touched));
  return out;
}

Result<int> Registry::ExpirePfifRecords(const std::string& actor, int limit) {
  Timestamp now = clock_.Now();
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kWrite));
  ASSIGN_OR_RETURN(auto due, tx->ListExpiredPfifRecords(now, limit));
  if (due.empty()) return 0;
  std::vector<std::string> touched;
  for (const auto& r : due) RETURN_IF_ERROR(ExpirePfifRecordIn(*tx, actor, r, now, touched));
  RETURN_IF_ERROR(CommitAndReindex(*tx, touched));
  return static_cast<int>(due.size());
}

}  // namespace aftermath

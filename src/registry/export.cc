// The export use case (Registry::Export): the store's records, handed to one of io's writers.
#include "registry/export.h"

#include <fmt/format.h>

#include <algorithm>
#include <unordered_set>

#include "registry/registry.h"

namespace aftermath {
namespace {

constexpr int kPage = 20000;

}  // namespace

Person AsSourceGaveIt(Person p, const Report& r) {
  std::erase_if(p.names, [&](const PersonName& n) { return n.source_id != r.source_id; });
  if (p.names.empty() && !r.name.full_name.empty()) p.names.push_back(r.name);
  // The person's details may come from another source's report (the first that gave them):
  // this source's report says its own.
  p.sex = r.sex;
  p.birth_date = r.birth_date;
  p.approx_age = r.approx_age;
  p.features = r.features;
  p.home_locality.clear();
  p.status = r.status;
  p.facility = r.facility;
  p.status_source_id = r.source_id;
  return p;
}

Result<ExportSummary> Registry::Export(const ExportOptions& options, RecordWriter& writer) {
  if (!options.source_id.empty()) {
    ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kRead));
    auto source = tx->GetSource(options.source_id);
    if (!source.ok() && source.status().code() == StatusCode::kNotFound) {
      return InvalidArgument("no such source", "source_id");
    }
    RETURN_IF_ERROR(source.status());
  }
  // Audited before any record leaves: an export that fails halfway has still been seen.
  {
    ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kWrite));
    std::string detail =
        fmt::format("{{\"format\":\"{}\",\"status\":\"{}\",\"source_id\":\"{}\"}}", writer.format(),
                    options.status ? ToString(*options.status) : "", options.source_id);
    AuditEvent e{.at = clock_.Now(), .actor = options.actor, .action = "export",
                 .entity_type = "report", .entity_id = options.source_id, .detail = detail};
    RETURN_IF_ERROR(tx->AppendAudit(std::move(e)).status());
    RETURN_IF_ERROR(tx->Commit());
  }
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kRead));
  SourceMap sources;
  ASSIGN_OR_RETURN(auto list, tx->ListSources());
  for (auto& s : list) {
    if (options.source_id.empty() || s.id == options.source_id) sources.emplace(s.id, std::move(s));
  }

  // Oldest first, so a re-import applies each person's reports in the order the registry first
  // saw them. The store pages newest first: walk the pages once for their cursors, then read
  // them back to front. (A person's reports by person_id would be the natural query, but the
  // store's ListReports cannot use its index for that filter: see docs/benchmarks.md, Import.)
  ReportFilter filter{.source_id = options.source_id};
  std::vector<std::string> cursors = {""};
  while (true) {
    ASSIGN_OR_RETURN(auto page, tx->ListReports(filter, {.limit = kPage, .cursor = cursors.back()}));
    if (page.next_cursor.empty()) break;
    cursors.push_back(page.next_cursor);
  }
  writer.Begin();
  writer.WriteSources(sources);
  ExportSummary summary;
  std::unordered_set<std::string> persons_seen;
  std::optional<Person> person;
  std::vector<StatusEvent> events;  // the person's, when the writer wants them
  for (auto cursor = cursors.rbegin(); cursor != cursors.rend(); ++cursor) {
    ASSIGN_OR_RETURN(auto page, tx->ListReports(filter, {.limit = kPage, .cursor = *cursor}));
    for (auto r = page.items.rbegin(); r != page.items.rend(); ++r) {
      if (!person || person->id != r->person_id) {
        auto p = tx->GetPerson(r->person_id);
        if (!p.ok() && p.status().code() == StatusCode::kNotFound) continue;
        if (!p.ok()) return p.status();
        person = options.source_id.empty() ? std::move(*p) : AsSourceGaveIt(std::move(*p), *r);
        events.clear();
        if (writer.WantsStatusEvents() && !person->purged_at) {
          ASSIGN_OR_RETURN(events, tx->ListStatusEvents(person->id));  // by its index
        }
      }
      if (person->purged_at) {
        // What stays of a PFIF record that expired: its placeholder, so that whoever copied the
        // record deletes theirs too.
        if (writer.WantsExpiredRecords() && !options.status && r->pfif_kind == PfifKind::kPerson &&
            r->expires_at) {
          writer.Write(*person, *r, sources);
          ++summary.reports;
          if (persons_seen.insert(person->id).second) ++summary.persons;
        }
        continue;
      }
      if (options.status && person->status != *options.status) continue;
      if (writer.WantsStatusEvents()) {
        std::vector<StatusEvent> mine;
        for (const auto& e : events) {
          if (e.report_id == r->id) mine.push_back(e);
        }
        writer.SetReportEvents(std::move(mine));
      }
      writer.Write(*person, *r, sources);
      ++summary.reports;
      if (persons_seen.insert(person->id).second) ++summary.persons;
    }
    if (!writer.ok()) return DataLoss("writing the export failed");
  }
  // Persons no report is about (entered by hand): only a full export carries them, and never a
  // person merged into another (its reports went with the merge) or purged under retention.
  if (writer.WantsPersonsWithoutReports() && options.source_id.empty()) {
    PersonFilter persons{.status = options.status};
    std::vector<Person> alone;
    PageRequest page{.limit = kPage};
    do {
      ASSIGN_OR_RETURN(auto p, tx->ListPersons(persons, page));
      for (auto& item : p.items) {
        if (persons_seen.contains(item.id) || item.purged_at || !item.merged_into.empty()) {
          continue;
        }
        alone.push_back(std::move(item));
      }
      page.cursor = p.next_cursor;
    } while (!page.cursor.empty());
    // Oldest first, as the reports are: the store pages newest first.
    std::reverse(alone.begin(), alone.end());
    for (const auto& p : alone) {
      writer.WritePerson(p, sources);
      ++summary.persons;
    }
    if (!writer.ok()) return DataLoss("writing the export failed");
  }
  writer.End();
  if (!writer.ok()) return DataLoss("writing the export failed");
  return summary;
}

}  // namespace aftermath

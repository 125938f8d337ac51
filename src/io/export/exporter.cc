#include "io/export/exporter.h"

#include <fmt/format.h>

#include <algorithm>

#include "io/export/record_writer.h"

namespace aftermath::io {
namespace {

constexpr int kPage = 1000;

std::unique_ptr<RecordWriter> MakeWriter(const ExportOptions& options, std::ostream& out) {
  switch (options.format) {
    case Format::kCsv: return MakeCsvWriter(out);
    case Format::kPfif: return MakePfifWriter(out, options.pfif_domain);
    case Format::kJsonl: return MakeJsonlWriter(out);
  }
  return MakeJsonlWriter(out);
}

}  // namespace

Result<ExportSummary> Export(Store& store, const Clock& clock, const ExportOptions& options,
                             std::ostream& out) {
  // Audited before any record leaves: an export that fails halfway has still been seen.
  {
    ASSIGN_OR_RETURN(auto tx, store.Begin(TransactionMode::kWrite));
    std::string detail = fmt::format(
        "{{\"format\":\"{}\",\"status\":\"{}\",\"source_id\":\"{}\"}}", ToString(options.format),
        options.status ? ToString(*options.status) : "", options.source_id);
    AuditEvent e{.at = clock.Now(), .actor = options.actor, .action = "export",
                 .entity_type = "report", .entity_id = options.source_id, .detail = detail};
    RETURN_IF_ERROR(tx->AppendAudit(std::move(e)).status());
    RETURN_IF_ERROR(tx->Commit());
  }
  ASSIGN_OR_RETURN(auto tx, store.Begin(TransactionMode::kRead));
  SourceMap sources;
  ASSIGN_OR_RETURN(auto list, tx->ListSources());
  for (auto& s : list) sources.emplace(s.id, std::move(s));

  auto writer = MakeWriter(options, out);
  writer->Begin();
  ExportSummary summary;
  PersonFilter filter{.status = options.status};
  PageRequest page{.limit = kPage};
  do {
    ASSIGN_OR_RETURN(auto persons, tx->ListPersons(filter, page));
    for (const Person& p : persons.items) {
      if (p.purged_at) continue;
      std::vector<Report> reports;
      PageRequest rpage{.limit = kPage};
      do {
        ASSIGN_OR_RETURN(auto rs, tx->ListReports({.person_id = p.id,
                                                   .source_id = options.source_id}, rpage));
        for (auto& r : rs.items) reports.push_back(std::move(r));
        rpage.cursor = rs.next_cursor;
      } while (!rpage.cursor.empty());
      if (reports.empty() && !options.source_id.empty()) continue;
      // Oldest first, so a re-import applies them in the order the registry first saw them.
      std::stable_sort(reports.begin(), reports.end(), [](const Report& a, const Report& b) {
        return std::tie(a.received_at, a.observed_at) < std::tie(b.received_at, b.observed_at);
      });
      writer->Write(p, reports, sources);
      ++summary.persons;
      summary.reports += reports.size();
    }
    if (!out) return DataLoss("writing the export failed");
    page.cursor = persons.next_cursor;
  } while (!page.cursor.empty());
  writer->End();
  out.flush();
  if (!out) return DataLoss("writing the export failed");
  return summary;
}

}  // namespace aftermath::io

#include "io/import/importer.h"

#include <fmt/format.h>

#include <unordered_map>
#include <unordered_set>

#include "model/validate.h"

namespace aftermath::io {
namespace {

// What a dry run compares to tell "updated" from "unchanged": the fields the registry compares.
bool SameContent(const Report& a, const NewReport& b) {
  return a.name.full_name == b.full_name && a.sex == b.sex && a.birth_date == b.birth_date &&
         a.approx_age == b.approx_age && a.features == b.features && a.status == b.status &&
         a.facility == b.facility && a.location == b.location && a.notes == b.notes &&
         a.raw == b.raw && (!b.observed_at || *b.observed_at == a.observed_at) &&
         (b.person_id.empty() || b.person_id == a.person_id);
}

class Importer {
 public:
  Importer(Registry& registry, const ImportOptions& options, WriteMode mode)
      : registry_(registry), options_(options), mode_(mode) {}

  Result<ImportSummary> Run(RecordReader& reader) {
    ParsedRow row;
    while (true) {
      ASSIGN_OR_RETURN(bool more, reader.Next(row));
      if (!more) break;
      RETURN_IF_ERROR(Add(std::move(row)));
      if (batch_.size() >= options_.batch_size) {
        RETURN_IF_ERROR(Flush());
        if (options_.on_progress) options_.on_progress(summary_.counts, reader.bytes_read());
      }
    }
    while (!batch_.empty()) RETURN_IF_ERROR(Flush());
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
    Reject(row.line, row.column.empty() ? s.field() : row.column, s.message());
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
    ASSIGN_OR_RETURN(auto tx, registry_.store().Begin(TransactionMode::kRead));
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
    }
    sources_.emplace(row.source_name, id);
    return id;
  }

  Status Add(ParsedRow row) {
    if (!row.error.ok()) {
      Reject(row, row.error);
      return Status::Ok();
    }
    auto source = SourceOf(row);
    if (!source.ok()) {
      if (source.status().code() != StatusCode::kInvalidArgument) return source.status();
      Reject(row, source.status());
      return Status::Ok();
    }
    row.report.source_id = *source;
    if (!row.person_key.empty() && row.report.person_id.empty()) {
      if (auto it = persons_.find(row.person_key); it != persons_.end()) {
        row.report.person_id = it->second;
      } else if (pending_.contains(row.person_key)) {
        // Its person is created by a row in this batch: wait for the batch's commit.
        deferred_.push_back(std::move(row));
        return Status::Ok();
      } else if (row.person_key_is_external_id && !source->empty()) {
        ASSIGN_OR_RETURN(auto tx, registry_.store().Begin(TransactionMode::kRead));
        ASSIGN_OR_RETURN(auto earlier, tx->FindReportByExternalId(*source, row.person_key));
        if (earlier) {
          persons_.emplace(row.person_key, earlier->person_id);
          row.report.person_id = earlier->person_id;
        } else {
          pending_.insert(row.person_key);
        }
      } else {
        pending_.insert(row.person_key);
      }
    }
    batch_.push_back(std::move(row));
    return Status::Ok();
  }

  Status Flush() {
    std::vector<ParsedRow> rows = std::move(batch_);
    batch_.clear();
    if (mode_ == WriteMode::kDryRun) {
      RETURN_IF_ERROR(Preview(rows));
    } else {
      std::vector<NewReport> reports;
      reports.reserve(rows.size());
      for (auto& r : rows) reports.push_back(std::move(r.report));
      ASSIGN_OR_RETURN(auto outcomes, registry_.RecordReports(options_.actor, reports));
      for (size_t i = 0; i < outcomes.size(); ++i) {
        if (!outcomes[i].ok()) {
          Reject(rows[i], outcomes[i].status());
          continue;
        }
        Count(outcomes[i]->change);
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
    ASSIGN_OR_RETURN(auto tx, registry_.store().Begin(TransactionMode::kRead));
    for (auto& row : rows) {
      const NewReport& in = row.report;
      // Validated exactly as RecordReports will, with stand-ins for what does not exist yet.
      // A report without a person must describe one; a stand-in person id here would let
      // the dry run pass rows the import then rejects.
      Report r = ReportFromNew(in, in.source_id.empty() ? "src_new" : in.source_id, Timestamp{});
      r.id = "rep_new";
      if (Status s = ValidateReport(r); !s.ok()) {
        Reject(row, s);
        continue;
      }
      if (!in.person_id.empty() && !persons_seen_.contains(in.person_id)) {
        auto p = tx->GetPerson(in.person_id);
        if (!p.ok() && p.status().code() == StatusCode::kNotFound) {
          Reject(row.line, "person_id", fmt::format("no person with id '{}'",
                                                     in.person_id.substr(0, 64)));
          continue;
        }
        RETURN_IF_ERROR(p.status());
      }
      if (!row.person_key.empty()) persons_.emplace(row.person_key, "per_new");
      std::string key = in.source_id + '\x1f' + in.external_id;
      if (!in.external_id.empty() && !seen_.insert(key).second) {
        ++summary_.counts.updated;  // a second row of the file with the same record id
        continue;
      }
      std::optional<Report> previous;
      if (!in.external_id.empty() && !in.source_id.empty()) {
        ASSIGN_OR_RETURN(previous, tx->FindReportByExternalId(in.source_id, in.external_id));
      }
      if (!previous) {
        ++summary_.counts.created;
      } else if (SameContent(*previous, in)) {
        ++summary_.counts.unchanged;
      } else {
        ++summary_.counts.updated;
      }
    }
    return Status::Ok();
  }

  Registry& registry_;
  const ImportOptions& options_;
  WriteMode mode_;
  ImportSummary summary_;
  std::vector<ParsedRow> batch_;
  std::vector<ParsedRow> deferred_;
  std::unordered_set<std::string> pending_;                 // person keys created in batch_
  std::unordered_map<std::string, std::string> persons_;    // person key -> person id
  std::unordered_map<std::string, std::string> sources_;    // source name -> id
  std::unordered_set<std::string> seen_;                    // dry run: source+record ids read
  std::unordered_set<std::string> persons_seen_;
};

}  // namespace

Result<ImportSummary> RunImport(Registry& registry, const ReaderFactory& open,
                                const ImportOptions& options) {
  if (options.bad_rows == BadRows::kAbortAll || options.mode == WriteMode::kDryRun) {
    ASSIGN_OR_RETURN(auto reader, open());
    ImportOptions check = options;
    if (options.mode == WriteMode::kWrite) check.on_progress = nullptr;
    Importer preview(registry, check, WriteMode::kDryRun);
    ASSIGN_OR_RETURN(ImportSummary summary, preview.Run(*reader));
    if (options.mode == WriteMode::kDryRun || summary.counts.rejected > 0) return summary;
  }
  ASSIGN_OR_RETURN(auto reader, open());
  ImportOptions write = options;
  if (options.bad_rows == BadRows::kAbortAll) write.on_reject = nullptr;  // reported already
  Importer importer(registry, write, WriteMode::kWrite);
  return importer.Run(*reader);
}

}  // namespace aftermath::io

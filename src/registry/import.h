// The import use case: the rows of one file, read by one of io's record readers (CSV, PFIF,
// JSON Lines), recorded in committed batches (Registry::Import). A crash loses at most the batch
// in flight; a re-run re-reads the file and, because every row is keyed by its source's record
// id, changes nothing already imported and doubles nothing.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/status.h"
#include "model/record_reader.h"

namespace aftermath {

struct Rejection {
  size_t line = 0;
  std::string column;  // empty when the whole row is at fault
  std::string reason;
};

struct ImportCounts {
  size_t created = 0, updated = 0, unchanged = 0, rejected = 0;
  size_t total() const { return created + updated + unchanged + rejected; }
};

enum class WriteMode { kWrite, kDryRun };
enum class BadRows { kSkip, kAbortAll };  // kAbortAll: --all-or-nothing

struct ImportOptions {
  std::string actor;      // for the audit log: "cli:import", "usr_…"
  std::string source_id;  // every row goes to this source; empty: rows name their own
  // The domain of the PFIF record ids this registry gives its own records ("<domain>/per_…",
  // "<domain>/rep_…"): such a record coming back (a copy of a copy) is ours, not a new one.
  // Empty: none is recognised.
  std::string pfif_domain;
  WriteMode mode = WriteMode::kWrite;
  BadRows bad_rows = BadRows::kSkip;
  size_t batch_size = 10000;
  size_t max_rejections_kept = 10000;  // in the summary; on_reject sees every one
  std::function<void(const Rejection&)> on_reject;
  std::function<void(const ImportCounts&, uint64_t bytes_read)> on_progress;  // per batch
};

struct ImportSummary {
  ImportCounts counts;
  std::vector<Rejection> rejections;  // the first max_rejections_kept
  std::vector<std::string> notes;     // from the reader (encoding, unrecognised columns)
  bool written = false;               // false for a dry run, and when kAbortAll found a bad row
};

// One upload of a source's list as its audit row keeps it (Registry::ImportRuns).
struct ImportRun {
  Timestamp at;
  std::string actor;  // user id, "tok_…" or "cli:import"
  ImportCounts counts;
  bool written = false;  // false: all-or-nothing refused it for its bad rows
};

// Opens a fresh reader over the same input (kAbortAll reads the input twice: first to check
// every row, then to write).
using ReaderFactory = std::function<Result<std::unique_ptr<RecordReader>>()>;

}  // namespace aftermath

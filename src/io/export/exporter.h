// Exports persons and their reports from one consistent snapshot of the store, after writing an
// "export" audit event (who, which format and filters; never personal data).
#pragma once

#include <optional>
#include <ostream>
#include <string>

#include "common/clock.h"
#include "common/status.h"
#include "io/import/formats.h"
#include "store/store.h"

namespace aftermath::io {

struct ExportOptions {
  std::string actor;  // "cli:export", "usr_…"
  Format format = Format::kJsonl;
  std::optional<PersonStatus> status;  // persons whose current status is this; nullopt: all
  std::string source_id;               // only reports of this source; empty: all
  std::string pfif_domain = "aftermath.local";
};

struct ExportSummary {
  size_t persons = 0;
  size_t reports = 0;
};

// Writes every matching person with their reports (oldest first) to `out`. Persons purged under
// retention, and persons with no report of the chosen source, are left out. One source's export
// names only that source, and of a person's names only those it gave. Store errors as
// returned by the store; DataLoss when `out` fails.
Result<ExportSummary> Export(Store& store, const Clock& clock, const ExportOptions& options,
                             std::ostream& out);

}  // namespace aftermath::io

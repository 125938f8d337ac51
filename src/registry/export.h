// The export use case (Registry::Export): persons and their reports from one consistent snapshot
// of the store, handed to one of io's record writers, after an "export" audit event (who, which
// format and filters; never personal data).
#pragma once

#include <optional>
#include <string>

#include "model/enums.h"

namespace aftermath {

struct ExportOptions {
  std::string actor;                   // "cli:export", "usr_…"
  std::optional<PersonStatus> status;  // persons whose current status is this; nullopt: all
  std::string source_id;               // only reports of this source; empty: all
};

struct ExportSummary {
  size_t persons = 0;
  size_t reports = 0;
};

}  // namespace aftermath

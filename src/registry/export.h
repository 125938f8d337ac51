// The export use case (Registry::Export): persons and their reports from one consistent snapshot
// of the store, handed to one of io's record writers, after an "export" audit event (who, which
// format and filters; never personal data).
#pragma once

#include <optional>
#include <string>

#include "model/enums.h"
#include "model/records.h"

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

// What one source's export (or feed) may say of a person: the names that source gave (its
// report's at least) and the details `r` gives (sex, birth date, age, features, status), not
// what other sources or operators said (the person's own details may be theirs).
Person AsSourceGaveIt(Person p, const Report& r);

// The PFIF feeds (Registry::PfifFeed): reports in the order this registry received them.
struct PfifFeedOptions {
  std::string actor;
  std::string source_id;     // only this source's reports (its clerks and tokens); empty: all
  Timestamp min_entry_date;  // received at or after this
};

}  // namespace aftermath

// Retention: personal data of closed cases is removed after a configurable period, leaving a
// tombstone (ids, dates, states) and the audit chain intact.
#pragma once

#include <chrono>
#include <string>

#include "common/clock.h"
#include "store/store.h"

namespace aftermath::access {

struct PurgeReport {
  int inquiries = 0;
  int persons = 0;
};

// Purges inquiries closed or withdrawn more than `retention` ago, and persons untouched for that
// long whom no open or recently closed inquiry seeks: every column store/personal_data.h lists. Each purge is audited ("inquiry.purge",
// "person.purge"); finishes with Store::ReclaimSpace so no copy stays in the files.
Result<PurgeReport> PurgeExpired(Store& store, const Clock& clock, std::chrono::hours retention,
                                 const std::string& actor);

}  // namespace aftermath::access

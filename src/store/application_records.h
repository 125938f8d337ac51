// Applications made online on the public page before they are claims (model/online_application.h,
// migration 0018). One aggregate of Transaction (store.h); only src/recovery holds it.
#pragma once

#include <string_view>

#include "common/status.h"
#include "model/online_application.h"

namespace aftermath {

// GetApplication: NotFound for an unknown id, DataLoss for a row that cannot be read.
// InsertApplication: AlreadyExists on a duplicate id. UpdateApplication is versioned: Aborted
// when the stored record moved on from application.version; the stored version is then one more.
class ApplicationRecords {
 public:
  virtual ~ApplicationRecords() = default;

  virtual Result<OnlineApplication> GetApplication(std::string_view id) = 0;
  // Applications started for `phone` (canonical) at or after `since`: the per-phone limit.
  virtual Result<int64_t> CountApplicationsOfPhone(std::string_view phone, Timestamp since) = 0;
  virtual Status InsertApplication(const OnlineApplication& application) = 0;
  // Writes every field but the id, phone, language and creation time.
  virtual Status UpdateApplication(const OnlineApplication& application) = 0;
};

}  // namespace aftermath

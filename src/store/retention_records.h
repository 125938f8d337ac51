// Retention: finding and purging the personal data of closed cases (see access/retention.h and
// store/personal_data.h, the one list of personal columns). One aggregate of Transaction.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "model/records.h"

namespace aftermath {

class RetentionRecords {
 public:
  virtual ~RetentionRecords() = default;

  // Ids whose personal data is due for purging at `cutoff` and not yet purged.
  // Inquiries closed or withdrawn before the cutoff; persons not updated since the cutoff and
  // linked to no inquiry that is still open or closed after it.
  virtual Result<std::vector<std::string>> InquiriesDueForPurge(Timestamp cutoff) = 0;
  virtual Result<std::vector<std::string>> PersonsDueForPurge(Timestamp cutoff) = 0;
  // Replace every personal field with a blank and set purged_at; ids, dates, states and
  // statuses stay (the tombstone). A person's reports and names are purged with it.
  virtual Status PurgeInquiry(std::string_view id, Timestamp at) = 0;
  virtual Status PurgePerson(std::string_view id, Timestamp at) = 0;
};

}  // namespace aftermath

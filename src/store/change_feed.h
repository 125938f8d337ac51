// The change feed: ids of the persons and inquiries each commit touched, in commit order, so
// every server keeps its in-memory indexes fresh with the others' writes. One aggregate of
// Transaction (store.h).
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "common/status.h"
#include "model/records.h"

namespace aftermath {

// One entry of the change feed: a person or an inquiry changed. Ids only, no personal data.
// Every server follows the feed to keep its in-memory indexes fresh with the others' writes.
struct Change {
  int64_t seq = 0;          // commit order
  std::string entity_type;  // "person" or "inquiry"
  std::string entity_id;
  std::string origin;  // Store::Origin() of the process that wrote it
};

// Wakes a change-feed follower when another process may have committed changes.
class ChangeWaiter {
 public:
  virtual ~ChangeWaiter() = default;
  // Returns when a change may have been committed, or after `timeout`, whichever comes first.
  virtual void Wait(std::chrono::milliseconds timeout) = 0;
};

class ChangeFeed {
 public:
  virtual ~ChangeFeed() = default;

  // The change feed in commit order: entries with seq > after_seq, at most `limit`. A write
  // transaction records an entry for every person and inquiry it touched as it commits.
  virtual Result<std::vector<Change>> ListChanges(int64_t after_seq, int limit) = 0;
  // The newest entry's seq (0 when the feed is empty).
  virtual Result<int64_t> LatestChangeSeq() = 0;
  // Deletes feed entries recorded before `before`. Bookkeeping: needs no audit event.
  virtual Status PruneChanges(Timestamp before) = 0;
};

}  // namespace aftermath

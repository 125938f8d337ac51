// Keeps the register's family and injury cases in step with the direct line: follows the
// store's change feed (store/change_feed.h: the persons and inquiries each commit touched) and
// hands what changed to Recovery::SyncFromDirectLine. The registry knows nothing of it: it
// reads the same feed every server's index follower reads, with a cursor of its own, so a
// morgue's report recorded by any server (or an import into the SQLite file) opens the family's
// case within one poll (Options::max_wait) of its commit.
//
// Thread-safety: PollOnce() may be called from several threads; Run() from one.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>

#include "common/mutex.h"
#include "common/status.h"
#include "recovery/recovery.h"
#include "store/store.h"

namespace aftermath::recovery {

class DirectLineFollower {
 public:
  struct Options {
    std::chrono::milliseconds max_wait{250};  // poll at least this often, woken or not
    int batch = 2000;
    // A batch that keeps failing is passed over after this many attempts (the catch-up at the
    // next start looks at every dead and hospitalised person again).
    int attempts = 3;
    std::function<void(const Status&)> on_error;  // told of each failed poll; may be empty
  };

  // Follows the feed after `from_seq` (ChangeFollower::FeedPosition-like: read it before the
  // catch-up so nothing committed meanwhile is missed). REQUIRES: store and recovery outlive it.
  DirectLineFollower(Store& store, Recovery& recovery, int64_t from_seq, Options options);
  DirectLineFollower(Store& store, Recovery& recovery, int64_t from_seq)
      : DirectLineFollower(store, recovery, from_seq, Options{}) {}

  // Applies every entry after the cursor. Returns the number of entries read; the cursor moves
  // past them once they are applied (or passed over).
  Result<int> PollOnce() EXCLUDES(poll_mu_);
  // Catches up with every dead and hospitalised person, then waits for changes and applies them
  // until `stop` becomes true.
  void Run(const std::atomic<bool>& stop);

  int64_t cursor() const { return cursor_.load(); }

 private:
  Store& store_;
  Recovery& recovery_;
  Options options_;
  Mutex poll_mu_;  // one poller at a time: the cursor moves in order
  int failures_ GUARDED_BY(poll_mu_) = 0;
  std::atomic<int64_t> cursor_;
};

}  // namespace aftermath::recovery

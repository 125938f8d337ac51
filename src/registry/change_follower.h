// Keeps this process's in-memory indexes fresh with what other processes commit to the store:
// other servers over one PostgreSQL, or a CLI import into the SQLite file a server is serving.
// It follows the store's change feed (store.h: Change) from a cursor, so a server that missed a
// wake-up, or was disconnected for a while, catches up by reading on from where it stopped.
//
// Thread-safety: PollOnce() may be called from several threads; Run() from one.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>

#include "common/mutex.h"
#include "common/status.h"
#include "registry/matcher.h"
#include "registry/registry.h"
#include "store/store.h"

namespace aftermath {

class ChangeFollower {
 public:
  struct Options {
    std::chrono::milliseconds max_wait{250};  // poll at least this often, notified or not
    std::chrono::hours keep{24};              // prune feed entries older than this
    int batch = 2000;
  };
  // Where the feed stands now. Read it before the indexes are built from the store and start
  // the follower there, so whatever commits during the build is applied afterwards (applying
  // a change twice is harmless).
  static Result<int64_t> FeedPosition(Store& store);

  // Follows the feed from `from_seq`, telling the time by the registry's clock (what to prune).
  // REQUIRES: store, registry and matcher outlive it.
  ChangeFollower(Store& store, Registry& registry, Matcher* matcher, int64_t from_seq,
                 Options options);
  ChangeFollower(Store& store, Registry& registry, Matcher* matcher, int64_t from_seq)
      : ChangeFollower(store, registry, matcher, from_seq, Options{}) {}

  // Applies every entry after the cursor, skipping this process's own (applied when it
  // committed; those whose index update failed are repaired first, Registry::RepairIndexes).
  // Returns the number of entries read.
  Result<int> PollOnce() EXCLUDES(poll_mu_);
  // Waits for changes and applies them until `stop` becomes true; prunes old entries hourly.
  void Run(const std::atomic<bool>& stop);

  int64_t cursor() const { return cursor_.load(); }

 private:
  Status Apply(const std::vector<Change>& changes) REQUIRES(poll_mu_);
  void Prune();

  Store& store_;
  Registry& registry_;
  Matcher* matcher_;
  Options options_;
  Mutex poll_mu_;  // one poller at a time: the cursor moves in order
  std::atomic<int64_t> cursor_ = 0;
};

}  // namespace aftermath

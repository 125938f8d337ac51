// Audit rows of reads, committed in groups. Every search and every opened record writes one
// audit row, and the request must not answer before that row is durable; one commit (and one
// fsync) per read would make the audit log the bottleneck of every search. So concurrent readers
// queue their rows, and one of them (the leader) commits all queued rows in one bookkeeping
// transaction while the others wait for its outcome (leveldb's group commit of writers).
//
// A read served under a session taken from the server's memory (access/session_confirmation.h)
// has the session confirmed in the same transaction: a session ended since, on any server, fails
// its read with Unauthenticated and writes no row, and the read must not be answered.
//
// Thread-safety: ReadAudit is thread-safe. Record() blocks the calling thread until its row is
// committed or the commit carrying it has failed.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <span>
#include <type_traits>
#include <utility>

#include "common/clock.h"
#include "common/mutex.h"
#include "common/status.h"
#include "model/records.h"
#include "store/store.h"

namespace aftermath {

class ReadAudit {
 public:
  // At most this many rows go into one commit, so a burst does not make one commit unboundedly
  // long while the next readers queue behind it.
  static constexpr size_t kMaxGroup = 512;

  // REQUIRES: `store` and `clock` outlive this object.
  ReadAudit(Store& store, const Clock& clock) : store_(store), clock_(clock) {}
  ReadAudit(const ReadAudit&) = delete;
  ReadAudit& operator=(const ReadAudit&) = delete;

  // Appends `event` to the audit chain and returns once it is durable, committed with the rows
  // of concurrent callers. On failure the commit's error, which every caller in that commit gets:
  // the read must then not be answered. A row the database refuses as invalid (InvalidArgument)
  // fails only its own caller: the group is then committed again row by row. When the calling
  // thread serves a session not yet confirmed, the commit confirms it (Unauthenticated, and no
  // row, when it has ended).
  Status Record(AuditEvent event) EXCLUDES(mu_);

 private:
  struct Waiter {
    AuditEvent event;
    std::string unconfirmed_session;  // the token hash to confirm, if any
    Status status;
    bool refused = false;  // its session had ended: no row
    bool done = false;
    // Notified (under mu_) when its row is committed or it has become the front: the leader.
    std::condition_variable_any wake;
  };
  // Commits the group's rows in one bookkeeping transaction and sets each waiter's status.
  void CommitGroup(std::span<Waiter* const> group);
  Status CommitRows(std::span<Waiter* const> group);
  // Refuses the waiters whose session has ended, reading each session once.
  Status ConfirmSessions(Transaction& tx, std::span<Waiter* const> group);

  Store& store_;
  const Clock& clock_;
  Mutex mu_;
  // The front is the leader, or is being committed.
  std::deque<Waiter*> queue_ GUARDED_BY(mu_);
};

// Runs `read` in a read transaction of its own and returns what it returns; the transaction
// (and its connection) is given back before the caller goes on to audit and answer.
template <typename ReadFn>
auto ReadInTransaction(Store& store, ReadFn read) -> std::invoke_result_t<ReadFn, Transaction&> {
  ASSIGN_OR_RETURN(auto tx, store.Begin(TransactionMode::kRead));
  return read(*tx);
}

}  // namespace aftermath

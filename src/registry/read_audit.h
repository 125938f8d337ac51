// Audit rows of reads, committed in groups. Every search and every opened record writes one
// audit row, and the answer must not leave before that row is durable; one commit (and one
// fsync) per read would make the audit log the bottleneck of every search. So readers queue
// their rows, and a committer thread commits all queued rows in one bookkeeping transaction
// (leveldb's group commit of writers) while the next rows queue.
//
// A reader either waits for its row (Record blocks), or, inside an AuditDeferral, goes on at
// once and holds its answer until the rows are durable: the HTTP server does so, so that its
// threads serve other requests meanwhile and one commit carries the rows of every connection
// instead of those of the few threads that were blocked.
//
// A read served under a session taken from the server's memory (access/session_confirmation.h)
// has the session confirmed in the same transaction: a session ended since, on any server, fails
// its read with Unauthenticated and writes no row, and the read must not be answered.
//
// Thread-safety: ReadAudit is thread-safe. An AuditDeferral belongs to the thread that made it,
// except WhenDurable's callback, which may run on the committer thread.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <span>
#include <thread>
#include <type_traits>
#include <utility>

#include "common/clock.h"
#include "common/mutex.h"
#include "common/status.h"
#include "model/records.h"
#include "store/store.h"

namespace aftermath {

// The audit rows queued under one AuditDeferral, held by whoever sends the answer.
class PendingAudit {
 public:
  // Calls `done` once with OK when every row is durable, or with the first error among their
  // commits: at once when they are already, else on the committer thread. At most once.
  void WhenDurable(std::function<void(Status)> done);

 private:
  friend class AuditDeferral;
  friend class ReadAudit;
  struct State;
  explicit PendingAudit(std::shared_ptr<State> state) : state_(std::move(state)) {}
  std::shared_ptr<State> state_;
};

// Marks the calling thread, for the object's lifetime, as one that holds its answer until the
// audit rows of its reads are durable: ReadAudit::Record then queues the row and returns OK at
// once (a session to confirm counts as confirmed: the commit fails the row when it has ended).
// The caller must then answer only through Release().WhenDurable, with the status given there.
class AuditDeferral {
 public:
  AuditDeferral();
  ~AuditDeferral();
  AuditDeferral(const AuditDeferral&) = delete;
  AuditDeferral& operator=(const AuditDeferral&) = delete;

  // The calling thread's, or nullptr.
  static AuditDeferral* OfThisThread();

  // True when a row was queued under this deferral.
  bool pending() const { return state_ != nullptr; }
  // The rows queued. REQUIRES: pending().
  PendingAudit Release() { return PendingAudit(state_); }

 private:
  friend class ReadAudit;
  // Counts one more row; returns what its commit reports to.
  std::shared_ptr<PendingAudit::State> Add();

  std::shared_ptr<PendingAudit::State> state_;
  AuditDeferral* outer_;
};

class ReadAudit {
 public:
  // At most this many rows go into one commit, so a burst does not make one commit unboundedly
  // long while the next readers queue behind it.
  static constexpr size_t kMaxGroup = 512;

  // REQUIRES: `store` and `clock` outlive this object.
  ReadAudit(Store& store, const Clock& clock);
  // Commits what is queued, then stops the committer.
  ~ReadAudit();
  ReadAudit(const ReadAudit&) = delete;
  ReadAudit& operator=(const ReadAudit&) = delete;

  // Appends `event` to the audit chain and returns once it is durable, committed with the rows
  // of concurrent callers. On failure the commit's error, which every caller in that commit gets:
  // the read must then not be answered. A row the database refuses as invalid (InvalidArgument)
  // fails only its own caller: the group is then committed again row by row. When the calling
  // thread serves a session not yet confirmed, the commit confirms it (Unauthenticated, and no
  // row, when it has ended).
  // Under an AuditDeferral: queues the row and returns OK; the deferral learns the outcome.
  Status Record(AuditEvent event) EXCLUDES(mu_);

 private:
  struct Entry {
    AuditEvent event;
    std::string unconfirmed_session;  // the token hash to confirm, if any
    std::function<void(Status)> done;  // told the outcome, on the committer thread
    Status status;
    bool refused = false;  // its session had ended: no row
  };
  void Enqueue(Entry entry) EXCLUDES(mu_);
  void CommitLoop() EXCLUDES(mu_);
  // Commits the group's rows in one bookkeeping transaction and sets each entry's status.
  void CommitGroup(std::span<Entry> group);
  Status CommitRows(std::span<Entry> group);
  // Refuses the entries whose session has ended, reading each session once.
  Status ConfirmSessions(Transaction& tx, std::span<Entry> group);

  Store& store_;
  const Clock& clock_;
  Mutex mu_;
  std::condition_variable_any queued_;  // rows queued, or stopping
  std::deque<Entry> queue_ GUARDED_BY(mu_);
  bool stopping_ GUARDED_BY(mu_) = false;
  bool committer_idle_ GUARDED_BY(mu_) = false;  // waiting on queued_
  std::thread committer_ GUARDED_BY(mu_);
};

// Runs `read` in a read transaction of its own and returns what it returns; the transaction
// (and its connection) is given back before the caller goes on to audit and answer.
template <typename ReadFn>
auto ReadInTransaction(Store& store, ReadFn read) -> std::invoke_result_t<ReadFn, Transaction&> {
  ASSIGN_OR_RETURN(auto tx, store.Begin(TransactionMode::kRead));
  return read(*tx);
}

}  // namespace aftermath

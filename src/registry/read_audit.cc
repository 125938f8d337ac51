#include "registry/read_audit.h"

#include <pthread.h>

#include <algorithm>
#include <future>
#include <iterator>
#include <map>
#include <vector>

#include "access/session_confirmation.h"

namespace aftermath {
namespace {
thread_local AuditDeferral* this_thread_deferral = nullptr;
}  // namespace

// What the commits of a deferral's rows report to, shared with their queued entries.
struct PendingAudit::State {
  Mutex mu;
  int outstanding GUARDED_BY(mu) = 0;
  Status first_error GUARDED_BY(mu);
  std::function<void(Status)> done GUARDED_BY(mu);

  void Finish(Status s) EXCLUDES(mu) {
    std::function<void(Status)> call;
    Status outcome;
    {
      MutexLock lock(&mu);
      if (!s.ok() && first_error.ok()) first_error = std::move(s);
      if (--outstanding > 0 || !done) return;
      call = std::move(done);
      outcome = first_error;
    }
    call(std::move(outcome));
  }
};

AuditDeferral::AuditDeferral() : outer_(this_thread_deferral) { this_thread_deferral = this; }

AuditDeferral::~AuditDeferral() { this_thread_deferral = outer_; }

AuditDeferral* AuditDeferral::OfThisThread() { return this_thread_deferral; }

std::shared_ptr<PendingAudit::State> AuditDeferral::Add() {
  if (!state_) state_ = std::make_shared<PendingAudit::State>();
  MutexLock lock(&state_->mu);
  ++state_->outstanding;
  return state_;
}

void PendingAudit::WhenDurable(std::function<void(Status)> done) {
  Status outcome;
  {
    MutexLock lock(&state_->mu);
    if (state_->outstanding > 0) {
      state_->done = std::move(done);
      return;
    }
    outcome = state_->first_error;
  }
  done(std::move(outcome));
}

ReadAudit::ReadAudit(Store& store, const Clock& clock) : store_(store), clock_(clock) {
  // Started here, by whoever wires the registry, not by the first reader: a thread inherits its
  // creator's nice value, and the first reader could be the background catch-up.
  MutexLock lock(&mu_);
  committer_ = std::thread([this] {
    pthread_setname_np(pthread_self(), "read-audit");
    CommitLoop();
  });
}

ReadAudit::~ReadAudit() {
  std::thread committer;
  {
    MutexLock lock(&mu_);
    stopping_ = true;
    committer = std::move(committer_);
  }
  queued_.notify_one();
  committer.join();
}

Status ReadAudit::Record(AuditEvent event) {
  access::UnconfirmedSession* session = access::UnconfirmedSession::OfThisThread();
  if (session && session->confirmed()) session = nullptr;
  Entry entry{.event = std::move(event),
              .unconfirmed_session = session ? session->token_hash() : std::string()};
  if (AuditDeferral* deferral = AuditDeferral::OfThisThread()) {
    entry.done = [state = deferral->Add()](Status s) { state->Finish(std::move(s)); };
    Enqueue(std::move(entry));
    // The answer waits for this commit, which fails it when the session has ended.
    if (session) session->Confirm();
    return Status::Ok();
  }
  // Shared with the entry: the committer may still hold it after this caller has returned.
  auto outcome = std::make_shared<std::promise<Status>>();
  std::future<Status> result = outcome->get_future();
  entry.done = [outcome](Status s) { outcome->set_value(std::move(s)); };
  Enqueue(std::move(entry));
  Status s = result.get();
  if (session && s.ok()) session->Confirm();
  return s;
}

void ReadAudit::Enqueue(Entry entry) {
  bool wake;
  {
    MutexLock lock(&mu_);
    queue_.push_back(std::move(entry));
    // While it commits, the committer takes the queue without being woken.
    wake = committer_idle_;
  }
  if (wake) queued_.notify_one();
}

void ReadAudit::CommitLoop() {
  std::vector<Entry> group;
  for (;;) {
    {
      MutexLock lock(&mu_);
      while (queue_.empty() && !stopping_) {
        committer_idle_ = true;
        queued_.wait(mu_);
        committer_idle_ = false;
      }
      if (queue_.empty()) return;  // stopping, and every row committed
      // The rows queued while the previous group was committing go together.
      auto end = queue_.begin() + static_cast<ptrdiff_t>(std::min(queue_.size(), kMaxGroup));
      group.assign(std::make_move_iterator(queue_.begin()), std::make_move_iterator(end));
      queue_.erase(queue_.begin(), end);
    }
    CommitGroup(group);
    for (Entry& e : group) e.done(std::move(e.status));
    group.clear();
  }
}

void ReadAudit::CommitGroup(std::span<Entry> group) {
  Status s = CommitRows(group);
  if (s.code() == StatusCode::kInvalidArgument && group.size() > 1) {
    // One row the database refused must not fail the others' reads: each on its own.
    for (Entry& e : group) {
      if (!e.refused) e.status = CommitRows(std::span<Entry>(&e, 1));
    }
    return;
  }
  for (Entry& e : group) {
    if (!e.refused) e.status = s;
  }
}

Status ReadAudit::CommitRows(std::span<Entry> group) {
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kBookkeeping));
  RETURN_IF_ERROR(ConfirmSessions(*tx, group));
  for (const Entry& e : group) {
    if (!e.refused) RETURN_IF_ERROR(tx->AppendAudit(e.event).status());
  }
  return tx->Commit();
}

Status ReadAudit::ConfirmSessions(Transaction& tx, std::span<Entry> group) {
  const Timestamp now = clock_.Now();
  std::map<std::string_view, Status> ended;  // by token hash: OK while the session lives
  for (Entry& e : group) {
    if (e.unconfirmed_session.empty() || e.refused) continue;
    auto [it, first] = ended.try_emplace(e.unconfirmed_session);
    if (first) {
      auto p = access::SessionPrincipal(tx, e.unconfirmed_session, now);
      if (!p.ok() && p.status().code() != StatusCode::kUnauthenticated) return p.status();
      it->second = p.status();
    }
    if (!it->second.ok()) {
      e.refused = true;
      e.status = it->second;
    }
  }
  return Status::Ok();
}

}  // namespace aftermath

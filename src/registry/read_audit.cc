#include "registry/read_audit.h"

#include <algorithm>
#include <map>
#include <vector>

#include "access/session_confirmation.h"

namespace aftermath {

Status ReadAudit::Record(AuditEvent event) {
  access::UnconfirmedSession* session = access::UnconfirmedSession::OfThisThread();
  if (session && session->confirmed()) session = nullptr;
  Waiter self{.event = std::move(event),
              .unconfirmed_session = session ? session->token_hash() : std::string()};
  // Explicit Lock/Unlock, not a scoped lock: the leader lets go of mu_ while it commits.
  mu_.Lock();
  queue_.push_back(&self);
  // Either a leader commits our row, or we reach the front and lead the next group ourselves.
  while (!self.done && queue_.front() != &self) self.wake.wait(mu_);
  if (self.done) {
    mu_.Unlock();
    if (session && self.status.ok()) session->Confirm();
    return self.status;
  }

  // The rows queued while the previous group was committing go together.
  size_t n = std::min(queue_.size(), kMaxGroup);
  std::vector<Waiter*> group(queue_.begin(), queue_.begin() + static_cast<ptrdiff_t>(n));
  mu_.Unlock();
  CommitGroup(group);
  mu_.Lock();
  // Wakes the group's waiters and the next leader (the new front), if any; the readers queued
  // behind it sleep on (waking them all cost each a futex round trip per group). A waiter
  // cannot return, and take its Waiter with it, before this thread lets go of mu_.
  for (size_t i = 0; i < n; ++i) {
    Waiter* w = queue_.front();
    queue_.pop_front();
    w->done = true;
    if (w != &self) w->wake.notify_one();
  }
  if (!queue_.empty()) queue_.front()->wake.notify_one();
  mu_.Unlock();
  if (session && self.status.ok()) session->Confirm();
  return self.status;
}

void ReadAudit::CommitGroup(std::span<Waiter* const> group) {
  Status s = CommitRows(group);
  if (s.code() == StatusCode::kInvalidArgument && group.size() > 1) {
    // One row the database refused must not fail the others' reads: each on its own.
    for (Waiter* w : group) {
      if (!w->refused) w->status = CommitRows(std::span<Waiter* const>(&w, 1));
    }
    return;
  }
  for (Waiter* w : group) {
    if (!w->refused) w->status = s;
  }
}

Status ReadAudit::CommitRows(std::span<Waiter* const> group) {
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kBookkeeping));
  RETURN_IF_ERROR(ConfirmSessions(*tx, group));
  for (const Waiter* w : group) {
    if (!w->refused) RETURN_IF_ERROR(tx->AppendAudit(w->event).status());
  }
  return tx->Commit();
}

Status ReadAudit::ConfirmSessions(Transaction& tx, std::span<Waiter* const> group) {
  const Timestamp now = clock_.Now();
  std::map<std::string_view, Status> ended;  // by token hash: OK while the session lives
  for (Waiter* w : group) {
    if (w->unconfirmed_session.empty() || w->refused) continue;
    auto [it, first] = ended.try_emplace(w->unconfirmed_session);
    if (first) {
      auto p = access::SessionPrincipal(tx, w->unconfirmed_session, now);
      if (!p.ok() && p.status().code() != StatusCode::kUnauthenticated) return p.status();
      it->second = p.status();
    }
    if (!it->second.ok()) {
      w->refused = true;
      w->status = it->second;
    }
  }
  return Status::Ok();
}

}  // namespace aftermath

// Sessions a server keeps in memory, and how a read served under one is confirmed.
//
// Reading a session and its user from the store on every request cost a read transaction a
// request, a tenth of an operator search's CPU. A GET route marked RouteGuard::kAuditedRead may
// take the principal of a session this server has seen from memory instead, but its answer must
// not leave before the session is confirmed in the store: a sign-out, a disabled account or a
// reset password on any server (or the CLI) must stop the very next answer everywhere. The read
// audit confirms it in the transaction that writes the read's audit row, which every answer
// carrying personal data waits for anyway (registry/read_audit.h); an answer that wrote no audit
// row is confirmed by the route guard with a read of its own before it leaves.
//
// Thread-safety: SessionCache is thread-safe; an UnconfirmedSession belongs to one thread.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>

#include "access/policy.h"
#include "common/mutex.h"
#include "common/status.h"
#include "common/thread_annotations.h"
#include "model/records.h"
#include "store/access_records.h"

namespace aftermath::access {

// The principal of a stored session: Unauthenticated when the session is unknown, revoked or
// expired at `now`, or its user is disabled. Sets `*expires_at` to the session's end when given.
Result<Principal> SessionPrincipal(AccessRecords& records, std::string_view token_hash,
                                   Timestamp now, Timestamp* expires_at = nullptr);

// The principals of sessions this server has seen valid, by the hash of the session token.
class SessionCache {
 public:
  // Past this many sessions the cache starts again empty: only valid sign-ins enter it.
  static constexpr size_t kMaxSessions = 10'000;

  // The principal of `token_hash`, unless unknown here or expired at `now`.
  std::optional<Principal> Find(const std::string& token_hash, Timestamp now) EXCLUDES(mu_);
  void Remember(const std::string& token_hash, const Principal& principal, Timestamp expires_at)
      EXCLUDES(mu_);
  void Forget(const std::string& token_hash) EXCLUDES(mu_);
  void ForgetUser(const std::string& user_id) EXCLUDES(mu_);

 private:
  struct Entry {
    Principal principal;
    Timestamp expires_at;
  };
  Mutex mu_;
  std::unordered_map<std::string, Entry> sessions_ GUARDED_BY(mu_);
};

// Marks the calling thread as serving a request under a session taken from memory, for the
// object's lifetime. The read audit looks for it (OfThisThread) and confirms the session in its
// commit; whoever confirms it calls Confirm().
class UnconfirmedSession {
 public:
  explicit UnconfirmedSession(std::string token_hash);
  ~UnconfirmedSession();
  UnconfirmedSession(const UnconfirmedSession&) = delete;
  UnconfirmedSession& operator=(const UnconfirmedSession&) = delete;

  // The calling thread's, or nullptr.
  static UnconfirmedSession* OfThisThread();

  const std::string& token_hash() const { return token_hash_; }
  bool confirmed() const { return confirmed_; }
  void Confirm() { confirmed_ = true; }

 private:
  std::string token_hash_;
  bool confirmed_ = false;
  UnconfirmedSession* outer_;
};

}  // namespace aftermath::access

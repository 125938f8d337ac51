#include "access/session_confirmation.h"

namespace aftermath::access {
namespace {

thread_local UnconfirmedSession* this_thread_session = nullptr;

}  // namespace

Result<Principal> SessionPrincipal(AccessRecords& records, std::string_view token_hash,
                                   Timestamp now, Timestamp* expires_at) {
  ASSIGN_OR_RETURN(auto session, records.FindSession(token_hash));
  if (!session || session->revoked || session->expires_at <= now) {
    return Unauthenticated("the session has ended; sign in again");
  }
  auto user = records.GetUser(session->user_id);
  if (!user.ok() && user.status().code() == StatusCode::kNotFound) {
    return Unauthenticated("the account is gone");
  }
  if (!user.ok()) return user.status();
  if (user->disabled) return Unauthenticated("the account is disabled");
  Principal p;
  p.kind = PrincipalKind::kUser;
  p.user_id = user->id;
  p.username = user->username;
  p.role = user->role;
  p.source_id = user->source_id;
  p.via_cookie = true;
  p.csrf_token = session->csrf_token;
  if (expires_at) *expires_at = session->expires_at;
  return p;
}

std::optional<Principal> SessionCache::Find(const std::string& token_hash, Timestamp now) {
  MutexLock lock(&mu_);
  auto it = sessions_.find(token_hash);
  if (it == sessions_.end()) return std::nullopt;
  if (it->second.expires_at <= now) {
    sessions_.erase(it);
    return std::nullopt;
  }
  return it->second.principal;
}

void SessionCache::Remember(const std::string& token_hash, const Principal& principal,
                            Timestamp expires_at) {
  MutexLock lock(&mu_);
  if (sessions_.size() >= kMaxSessions) sessions_.clear();
  sessions_.insert_or_assign(token_hash, Entry{principal, expires_at});
}

void SessionCache::Forget(const std::string& token_hash) {
  MutexLock lock(&mu_);
  sessions_.erase(token_hash);
}

void SessionCache::ForgetUser(const std::string& user_id) {
  MutexLock lock(&mu_);
  std::erase_if(sessions_, [&](const auto& kv) { return kv.second.principal.user_id == user_id; });
}

UnconfirmedSession::UnconfirmedSession(std::string token_hash)
    : token_hash_(std::move(token_hash)), outer_(this_thread_session) {
  this_thread_session = this;
}

UnconfirmedSession::~UnconfirmedSession() { this_thread_session = outer_; }

UnconfirmedSession* UnconfirmedSession::OfThisThread() { return this_thread_session; }

}  // namespace aftermath::access

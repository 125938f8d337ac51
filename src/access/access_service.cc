#include "access/access_service.h"

#include <fmt/format.h>

#include <charconv>

#include "access/password.h"
#include "common/ids.h"
#include "model/validate.h"

namespace aftermath::access {
namespace {

constexpr std::string_view kWaitPrefix = "too many failed sign-ins; try again in ";

Status ValidateUsername(const std::string& u) {
  if (u.size() < 2 || u.size() > 64) {
    return InvalidArgument("must be 2 to 64 characters", "username");
  }
  for (char c : u) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
              c == '-';
    if (!ok) {
      return InvalidArgument("may hold only lower-case latin letters, digits, '.', '_' and '-'",
                             "username");
    }
  }
  return Status::Ok();
}

}  // namespace

AccessService::AccessService(Store& store, const Clock& clock, AccessOptions options)
    : store_(store),
      clock_(clock),
      options_(options),
      throttle_(clock),
      ids_(options.ids, clock) {}

Status AccessService::Audit(AuditLog& log, const std::string& actor, std::string action,
                            std::string entity_type, std::string entity_id, std::string detail) {
  AuditEvent e{.at = clock_.Now(), .actor = actor, .action = std::move(action),
               .entity_type = std::move(entity_type), .entity_id = std::move(entity_id),
               .detail = std::move(detail)};
  return log.AppendAudit(std::move(e)).status();
}

Result<User> AccessService::CreateUser(const std::string& actor, const NewUser& in) {
  RETURN_IF_ERROR(ValidateUsername(in.username));
  if (in.display_name.size() > kMaxNameLength || !IsCleanUtf8(in.display_name)) {
    return InvalidArgument("is not a valid name", "display_name");
  }
  RETURN_IF_ERROR(CheckPasswordPolicy(in.password, in.username));
  if (in.role == Role::kClerk && in.source_id.empty()) {
    return InvalidArgument("a clerk must be bound to one source", "source");
  }
  if (in.role != Role::kClerk && !in.source_id.empty()) {
    return InvalidArgument("only clerks are bound to a source", "source");
  }
  ASSIGN_OR_RETURN(std::string hash, HashPassword(in.password));
  Timestamp now = clock_.Now();
  User u{.id = ids_.NewId(kUserIdPrefix), .username = in.username, .display_name = in.display_name,
         .role = in.role, .source_id = in.source_id, .password_hash = hash,
         .created_at = now, .updated_at = now};
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kWrite));
  ASSIGN_OR_RETURN(auto existing, tx->FindUserByUsername(u.username));
  if (existing) return AlreadyExists(fmt::format("the username '{}' is taken", u.username));
  if (!u.source_id.empty()) {
    auto src = tx->GetSource(u.source_id);
    if (!src.ok() && src.status().code() == StatusCode::kNotFound) {
      return InvalidArgument("no such source", "source");
    }
    if (!src.ok()) return src.status();
  }
  RETURN_IF_ERROR(tx->InsertUser(u));
  RETURN_IF_ERROR(Audit(*tx, actor, "user.create", "user", u.id,
                        fmt::format("{{\"role\":\"{}\"}}", ToString(u.role))));
  RETURN_IF_ERROR(tx->Commit());
  return u;
}

Result<std::vector<User>> AccessService::ListUsers() {
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kRead));
  return tx->ListUsers();
}

Result<User> AccessService::FindUserIn(AccessRecords& records,
                                       const std::string& username_or_id) {
  if (username_or_id.starts_with("usr_")) {
    auto u = records.GetUser(username_or_id);
    if (u.ok() || u.status().code() != StatusCode::kNotFound) return u;
  }
  ASSIGN_OR_RETURN(auto u, records.FindUserByUsername(username_or_id));
  if (!u) return NotFound(fmt::format("no user '{}'", username_or_id.substr(0, 64)));
  return *u;
}

Result<User> AccessService::FindUser(const std::string& username_or_id) {
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kRead));
  return FindUserIn(*tx, username_or_id);
}

Status AccessService::SetDisabled(const std::string& actor, const std::string& who,
                                  bool disabled) {
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kWrite));
  ASSIGN_OR_RETURN(User u, FindUserIn(*tx, who));
  // A line without an admin cannot be managed any more: no user, source or token changes.
  if (disabled && u.id == actor) {
    return Status(StatusCode::kFailedPrecondition, "you cannot disable your own account",
                  "disabled");
  }
  if (disabled && !u.disabled && u.role == Role::kAdmin) {
    ASSIGN_OR_RETURN(auto users, tx->ListUsers());
    int admins = 0;
    for (const auto& other : users) admins += other.role == Role::kAdmin && !other.disabled;
    if (admins <= 1) {
      return Status(StatusCode::kFailedPrecondition, "the last admin cannot be disabled",
                    "disabled");
    }
  }
  u.disabled = disabled;
  u.updated_at = clock_.Now();
  RETURN_IF_ERROR(tx->UpdateUser(u));
  if (disabled) RETURN_IF_ERROR(tx->RevokeUserSessions(u.id));
  RETURN_IF_ERROR(Audit(*tx, actor, disabled ? "user.disable" : "user.enable", "user", u.id));
  RETURN_IF_ERROR(tx->Commit());
  if (disabled) sessions_.ForgetUser(u.id);
  return Status::Ok();
}

Status AccessService::ResetPassword(const std::string& actor, const std::string& who,
                                    const std::string& password) {
  // The policy needs the username; the slow hash is computed outside the write transaction.
  ASSIGN_OR_RETURN(User found, FindUser(who));
  RETURN_IF_ERROR(CheckPasswordPolicy(password, found.username));
  ASSIGN_OR_RETURN(std::string hash, HashPassword(password));
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kWrite));
  ASSIGN_OR_RETURN(User u, FindUserIn(*tx, found.id));
  u.password_hash = hash;
  u.updated_at = clock_.Now();
  RETURN_IF_ERROR(tx->UpdateUser(u));
  RETURN_IF_ERROR(tx->RevokeUserSessions(u.id));
  RETURN_IF_ERROR(Audit(*tx, actor, "user.password_reset", "user", u.id));
  RETURN_IF_ERROR(tx->Commit());
  sessions_.ForgetUser(u.id);
  return Status::Ok();
}

Result<LoginResult> AccessService::Login(const std::string& username, const std::string& password,
                                         const std::string& client_address) {
  if (int wait = throttle_.SecondsToWait(username, client_address); wait > 0) {
    return ResourceExhausted(fmt::format("{}{} s", kWaitPrefix, wait));
  }
  // The slow hash is checked outside any write transaction (SQLite has one writer a file).
  std::optional<User> user;
  {
    ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kRead));
    ASSIGN_OR_RETURN(user, tx->FindUserByUsername(username));
  }
  // Verify against a real hash even for unknown users so timing does not reveal usernames.
  static const std::string kDummyHash = HashPassword("not-a-real-password-0").value();
  bool ok = VerifyPassword(user ? user->password_hash : kDummyHash, password);
  // Sessions and their audit rows are bookkeeping: sign-ins never wait for the writers' lock.
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kBookkeeping));
  if (user && ok) {
    // A password reset or a disabling since the check must not be outrun by this session.
    ASSIGN_OR_RETURN(auto now_user, tx->FindUserByUsername(username));
    ok = now_user && now_user->id == user->id && now_user->password_hash == user->password_hash;
    user = std::move(now_user);
  }
  if (!user || !ok || user->disabled) {
    throttle_.RecordFailure(username, client_address);
    RETURN_IF_ERROR(Audit(*tx, "anonymous", "session.login_failed", "user",
                          user ? user->id : std::string()));
    RETURN_IF_ERROR(tx->Commit());
    return Unauthenticated("wrong username or password, or the account is disabled");
  }
  throttle_.RecordSuccess(username, client_address);
  Timestamp now = clock_.Now();
  LoginResult out;
  out.session_token = RandomHex(32);
  out.csrf_token = RandomHex(32);
  out.expires_at = now + options_.session_ttl;
  out.user = *user;
  Session s{.token_hash = Sha256Hex(out.session_token), .user_id = user->id,
            .csrf_token = out.csrf_token, .created_at = now, .expires_at = out.expires_at};
  RETURN_IF_ERROR(tx->InsertSession(s));
  RETURN_IF_ERROR(Audit(*tx, user->id, "session.login", "user", user->id));
  RETURN_IF_ERROR(tx->Commit());
  return out;
}

Status AccessService::Logout(const Principal& who, const std::string& session_token) {
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kBookkeeping));
  std::string hash = Sha256Hex(session_token);
  RETURN_IF_ERROR(tx->RevokeSession(hash));
  RETURN_IF_ERROR(Audit(*tx, who.actor(), "session.logout", "user", who.user_id));
  RETURN_IF_ERROR(tx->Commit());
  sessions_.Forget(hash);
  return Status::Ok();
}

Result<Principal> AccessService::Authenticate(const std::string& session_token,
                                              const std::string& bearer_token) {
  if (session_token.empty() && bearer_token.empty()) return Principal{};
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kRead));
  Timestamp now = clock_.Now();
  if (!bearer_token.empty()) {
    ASSIGN_OR_RETURN(auto token, tx->FindApiToken(Sha256Hex(bearer_token)));
    if (!token || token->revoked_at) return Unauthenticated("the API token is not valid");
    Principal p;
    p.kind = PrincipalKind::kSourceToken;
    p.user_id = token->id;
    p.username = token->name;
    p.role = Role::kClerk;
    p.source_id = token->source_id;
    return p;
  }
  std::string hash = Sha256Hex(session_token);
  Timestamp expires_at;
  auto p = SessionPrincipal(*tx, hash, now, &expires_at);
  if (p.ok()) {
    sessions_.Remember(hash, *p, expires_at);
  } else {
    sessions_.Forget(hash);
  }
  return p;
}

Result<Principal> AccessService::AuthenticateRead(const std::string& session_token,
                                                  const std::string& bearer_token,
                                                  std::string& unconfirmed_hash) {
  unconfirmed_hash.clear();
  if (!session_token.empty() && bearer_token.empty()) {
    std::string hash = Sha256Hex(session_token);
    if (auto p = sessions_.Find(hash, clock_.Now())) {
      unconfirmed_hash = std::move(hash);
      return *std::move(p);
    }
  }
  return Authenticate(session_token, bearer_token);
}

Result<NewTokenResult> AccessService::CreateToken(const std::string& actor,
                                                  const std::string& source_id,
                                                  const std::string& name) {
  if (name.empty() || name.size() > 100 || !IsCleanUtf8(name)) {
    return InvalidArgument("must be 1 to 100 characters", "name");
  }
  NewTokenResult out;
  out.secret = "aft_" + RandomHex(24);
  out.token = ApiToken{.id = ids_.NewId(kTokenIdPrefix), .token_hash = Sha256Hex(out.secret),
                       .source_id = source_id, .name = name, .created_by = actor,
                       .created_at = clock_.Now()};
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kWrite));
  if (auto src = tx->GetSource(source_id); !src.ok()) {
    if (src.status().code() == StatusCode::kNotFound) {
      return InvalidArgument("no such source", "source_id");
    }
    return src.status();
  }
  RETURN_IF_ERROR(tx->InsertApiToken(out.token));
  RETURN_IF_ERROR(Audit(*tx, actor, "token.create", "token", out.token.id,
                        fmt::format("{{\"source_id\":\"{}\"}}", source_id)));
  RETURN_IF_ERROR(tx->Commit());
  return out;
}

Status AccessService::RevokeToken(const std::string& actor, const std::string& token_id) {
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kWrite));
  ASSIGN_OR_RETURN(auto tokens, tx->ListApiTokens());
  bool found = false;
  for (const auto& t : tokens) found = found || t.id == token_id;
  if (!found) return NotFound(fmt::format("no token '{}'", token_id.substr(0, 64)));
  RETURN_IF_ERROR(tx->RevokeApiToken(token_id, clock_.Now()));
  RETURN_IF_ERROR(Audit(*tx, actor, "token.revoke", "token", token_id));
  return tx->Commit();
}

Result<std::vector<ApiToken>> AccessService::ListTokens() {
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kRead));
  return tx->ListApiTokens();
}

std::optional<int> AccessService::RetryAfterSeconds(const Status& s) {
  if (s.code() != StatusCode::kResourceExhausted || !s.message().starts_with(kWaitPrefix)) {
    return std::nullopt;
  }
  std::string_view rest = std::string_view(s.message()).substr(kWaitPrefix.size());
  int seconds = 0;
  std::from_chars(rest.data(), rest.data() + rest.size(), seconds);
  return seconds;
}

}  // namespace aftermath::access

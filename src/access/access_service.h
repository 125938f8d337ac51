// Users, sign-in sessions and source tokens. Every change and every sign-in (successful or
// not) is written to the audit log in the same transaction.
//
// Thread-safety: thread-safe; the store is the only shared state besides the login throttle and
// the sessions kept in memory (session_confirmation.h).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "access/policy.h"
#include "access/rate_limiter.h"
#include "access/session_confirmation.h"
#include "common/clock.h"
#include "common/ids.h"
#include "store/store.h"

namespace aftermath::access {

struct NewUser {
  std::string username;
  std::string display_name;
  Role role = Role::kOperator;
  std::string source_id;  // required for clerks, refused for others
  std::string password;
};

struct LoginResult {
  std::string session_token;  // the cookie value; only its hash is stored
  std::string csrf_token;
  Timestamp expires_at;
  User user;
};

struct NewTokenResult {
  ApiToken token;
  std::string secret;  // shown once; only its hash is stored
};

struct AccessOptions {
  std::chrono::seconds session_ttl{12 * 3600};  // one operator shift
  IdGenerator* ids = nullptr;  // of users and tokens; nullptr: a generator of the service's own
};

class AccessService {
 public:
  AccessService(Store& store, const Clock& clock, AccessOptions options = {});

  // InvalidArgument naming the field for a bad username, name, source or a password that
  // CheckPasswordPolicy (access/password.h) refuses; AlreadyExists for a taken username.
  Result<User> CreateUser(const std::string& actor, const NewUser& in);
  Result<std::vector<User>> ListUsers();
  // Finds a user by username or id.
  Result<User> FindUser(const std::string& username_or_id);
  // Disabling also ends every session of the user.
  Status SetDisabled(const std::string& actor, const std::string& username_or_id, bool disabled);
  // Sets a new password and ends every session of the user. NotFound for an unknown user;
  // InvalidArgument (field "password") when CheckPasswordPolicy refuses it, nothing changed.
  Status ResetPassword(const std::string& actor, const std::string& username_or_id,
                       const std::string& password);

  // Unauthenticated for an unknown user, a wrong password or a disabled account (one message for
  // all, so usernames cannot be probed); ResourceExhausted while the throttle makes the caller
  // wait (the message holds the seconds): the throttle counts failures per (username, client
  // address) and per address (LoginThrottle), so nobody can lock a user out from elsewhere.
  // A new session id every time: no session fixation.
  Result<LoginResult> Login(const std::string& username, const std::string& password,
                            const std::string& client_address);
  Status Logout(const Principal& who, const std::string& session_token);

  // The principal for a request's credentials: a session cookie value and/or a bearer token.
  // Anonymous when neither is present; Unauthenticated when one is present but not valid.
  Result<Principal> Authenticate(const std::string& session_token, const std::string& bearer_token);

  // As Authenticate, for a read that confirms its session before answering
  // (session_confirmation.h): a session this server has seen valid comes from memory, and
  // `unconfirmed_hash` is then set to its token's hash, which the caller must confirm.
  // Otherwise (bearer tokens, sessions not seen, no credentials) exactly Authenticate.
  Result<Principal> AuthenticateRead(const std::string& session_token,
                                     const std::string& bearer_token,
                                     std::string& unconfirmed_hash);

  Result<NewTokenResult> CreateToken(const std::string& actor, const std::string& source_id,
                                     const std::string& name);
  Status RevokeToken(const std::string& actor, const std::string& token_id);
  Result<std::vector<ApiToken>> ListTokens();

  // Seconds the caller must wait before the next attempt, when the throttle says so.
  static std::optional<int> RetryAfterSeconds(const Status& s);

 private:
  Status Audit(AuditLog& log, const std::string& actor, std::string action, std::string entity_type,
               std::string entity_id, std::string detail = {});
  Result<User> FindUserIn(AccessRecords& records, const std::string& username_or_id);

  Store& store_;
  const Clock& clock_;
  AccessOptions options_;
  LoginThrottle throttle_;
  GivenOrOwnIdGenerator ids_;
  SessionCache sessions_;
};

}  // namespace aftermath::access

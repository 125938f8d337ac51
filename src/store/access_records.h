// Who may come in: users, sign-in sessions, source API tokens, and the idempotency keys that
// guard their creates. One aggregate of Transaction (store.h).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "model/records.h"

namespace aftermath {

// What a create answered under a client's Idempotency-Key (see access/idempotency.h).
struct IdempotencyRecord {
  std::string actor;         // who sent it: keys are per caller
  std::string key;           // the client's Idempotency-Key
  std::string request_hash;  // of method, path and body: one key, one request
  int status = 0;            // the answer's HTTP-free outcome code; 0 while in progress
  std::string response;      // the answer's body
  Timestamp created_at;
};

// Reads return NotFound when the id is unknown, DataLoss when a stored row cannot be read.
class AccessRecords {
 public:
  virtual ~AccessRecords() = default;

  virtual Result<User> GetUser(std::string_view id) = 0;
  virtual Result<std::optional<User>> FindUserByUsername(std::string_view username) = 0;
  virtual Result<std::vector<User>> ListUsers() = 0;
  virtual Result<std::optional<Session>> FindSession(std::string_view token_hash) = 0;
  virtual Result<std::optional<ApiToken>> FindApiToken(std::string_view token_hash) = 0;
  virtual Result<std::vector<ApiToken>> ListApiTokens() = 0;

  virtual Status InsertUser(const User& user) = 0;
  virtual Status UpdateUser(const User& user) = 0;
  virtual Status InsertSession(const Session& session) = 0;
  virtual Status RevokeSession(std::string_view token_hash) = 0;
  virtual Status RevokeUserSessions(std::string_view user_id) = 0;
  virtual Status InsertApiToken(const ApiToken& token) = 0;
  virtual Status RevokeApiToken(std::string_view id, Timestamp at) = 0;

  // Idempotency keys. Bookkeeping beside the change they guard: no audit event of their own.
  virtual Result<std::optional<IdempotencyRecord>> FindIdempotencyKey(std::string_view actor,
                                                                      std::string_view key) = 0;
  // AlreadyExists when the caller already used the key.
  virtual Status InsertIdempotencyKey(const IdempotencyRecord& record) = 0;
  // Records the answer of a reserved key.
  virtual Status CompleteIdempotencyKey(std::string_view actor, std::string_view key, int status,
                                        std::string_view response) = 0;
  virtual Status DeleteIdempotencyKey(std::string_view actor, std::string_view key) = 0;
  // Forgets keys created before `before`.
  virtual Status PruneIdempotencyKeys(Timestamp before) = 0;
};

}  // namespace aftermath

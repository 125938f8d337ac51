// Users, sessions, API tokens and idempotency keys of SqlTransaction (see store/access_records.h).
#include "store/sql/sql_transaction.h"

#include <fmt/format.h>

namespace aftermath::sql {

// ---- users, sessions, tokens ----

namespace {

constexpr const char* kUserColumns =
    "id, username, display_name, role, coalesce(source_id, ''), password_hash, disabled, "
    "created_at, updated_at";

Result<User> ReadUser(const Statement& s) {
  RowReader row(s, "users", s.Text(0));
  User u;
  u.id = s.Text(0);
  u.username = s.Text(1);
  u.display_name = s.Text(2);
  u.role = row.Enum(3, "role", ParseRole);
  u.source_id = s.Text(4);
  u.password_hash = s.Text(5);
  u.disabled = s.Int(6) != 0;
  u.created_at = row.Time(7, "created_at");
  u.updated_at = s.Text(8).empty() ? u.created_at : row.Time(8, "updated_at");
  RETURN_IF_ERROR(row.status());
  return u;
}

}  // namespace

Result<User> SqlTransaction::GetUser(std::string_view id) {
  static const std::string sql = fmt::format("SELECT {} FROM users WHERE id = ?", kUserColumns);
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql.c_str()));
  s->Bind(1, id);
  ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return NotFound(fmt::format("no user with id '{}'", id.substr(0, 64)));
  return ReadUser(*s);
}

Result<std::optional<User>> SqlTransaction::FindUserByUsername(std::string_view username) {
  static const std::string sql =
      fmt::format("SELECT {} FROM users WHERE username = ?", kUserColumns);
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql.c_str()));
  s->Bind(1, username);
  ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return std::optional<User>();
  ASSIGN_OR_RETURN(User found, ReadUser(*s));
  return std::optional<User>(std::move(found));
}

Result<std::vector<User>> SqlTransaction::ListUsers() {
  static const std::string sql =
      fmt::format("SELECT {} FROM users ORDER BY username", kUserColumns);
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql.c_str()));
  return CollectRows<User>(*s, ReadUser);
}

Status SqlTransaction::InsertUser(const User& u) {
  RETURN_IF_ERROR(RequireWrite());
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(
      "INSERT INTO users (id, username, display_name, role, source_id, password_hash, disabled, "
      "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  s->Bind(1, u.id).Bind(2, u.username).Bind(3, u.display_name).Bind(4, ToString(u.role))
      .BindNullIfEmpty(5, u.source_id).Bind(6, u.password_hash).Bind(7, int64_t{u.disabled})
      .Bind(8, Ts(u.created_at)).Bind(9, Ts(u.updated_at));
  return s->Run();
}

Status SqlTransaction::UpdateUser(const User& u) {
  RETURN_IF_ERROR(RequireWrite());
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(
      "UPDATE users SET display_name = ?, role = ?, source_id = ?, password_hash = ?, "
      "disabled = ?, updated_at = ? WHERE id = ?"));
  s->Bind(1, u.display_name).Bind(2, ToString(u.role)).BindNullIfEmpty(3, u.source_id)
      .Bind(4, u.password_hash).Bind(5, int64_t{u.disabled}).Bind(6, Ts(u.updated_at))
      .Bind(7, u.id);
  RETURN_IF_ERROR(s->Run());
  if (s->RowsAffected() != 1) return NotFound(fmt::format("no user with id '{}'", u.id));
  return Status::Ok();
}

Result<std::optional<Session>> SqlTransaction::FindSession(std::string_view token_hash) {
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(
      "SELECT token_hash, user_id, csrf_token, created_at, expires_at, revoked FROM sessions "
      "WHERE token_hash = ?"));
  s->Bind(1, token_hash);
  ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return std::optional<Session>();
  // Named by its user: the token hash is as good as the session's secret.
  RowReader fields(*s, "sessions", fmt::format("a session of {}", s->Text(1)));
  Session session{s->Text(0), s->Text(1), s->Text(2), fields.Time(3, "created_at"),
                  fields.Time(4, "expires_at"), s->Int(5) != 0};
  RETURN_IF_ERROR(fields.status());
  return std::optional<Session>(std::move(session));
}

Status SqlTransaction::InsertSession(const Session& x) {
  RETURN_IF_ERROR(RequireWrite(WriteKind::kBookkeeping));
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(
      "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at, revoked) "
      "VALUES (?, ?, ?, ?, ?, ?)"));
  s->Bind(1, x.token_hash).Bind(2, x.user_id).Bind(3, x.csrf_token).Bind(4, Ts(x.created_at))
      .Bind(5, Ts(x.expires_at)).Bind(6, int64_t{x.revoked});
  return s->Run();
}

Status SqlTransaction::RevokeSession(std::string_view token_hash) {
  return RunWith("UPDATE sessions SET revoked = 1 WHERE token_hash = ?", {token_hash},
                 WriteKind::kBookkeeping);
}

Status SqlTransaction::RevokeUserSessions(std::string_view user_id) {
  return RunWith("UPDATE sessions SET revoked = 1 WHERE user_id = ?", {user_id},
                 WriteKind::kBookkeeping);
}

namespace {

Result<ApiToken> ReadToken(const Statement& s) {
  RowReader row(s, "api_tokens", s.Text(0));
  ApiToken t{s.Text(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4), row.Time(5, "created_at"), {}};
  t.revoked_at = row.OptionalTime(6, "revoked_at");
  RETURN_IF_ERROR(row.status());
  return t;
}

}  // namespace

Result<std::optional<ApiToken>> SqlTransaction::FindApiToken(std::string_view token_hash) {
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(
      "SELECT id, token_hash, source_id, name, created_by, created_at, revoked_at "
      "FROM api_tokens WHERE token_hash = ?"));
  s->Bind(1, token_hash);
  ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return std::optional<ApiToken>();
  ASSIGN_OR_RETURN(ApiToken found, ReadToken(*s));
  return std::optional<ApiToken>(std::move(found));
}

Result<std::vector<ApiToken>> SqlTransaction::ListApiTokens() {
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(
      "SELECT id, token_hash, source_id, name, created_by, created_at, revoked_at "
      "FROM api_tokens ORDER BY created_at, id"));
  return CollectRows<ApiToken>(*s, ReadToken);
}

Status SqlTransaction::InsertApiToken(const ApiToken& t) {
  RETURN_IF_ERROR(RequireWrite());
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(
      "INSERT INTO api_tokens (id, token_hash, source_id, name, created_by, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?)"));
  s->Bind(1, t.id).Bind(2, t.token_hash).Bind(3, t.source_id).Bind(4, t.name)
      .Bind(5, t.created_by).Bind(6, Ts(t.created_at));
  return s->Run();
}

Status SqlTransaction::RevokeApiToken(std::string_view id, Timestamp at) {
  std::string when = Ts(at);
  RETURN_IF_ERROR(RunWith(
      "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", {when, id}));
  return Status::Ok();
}

// ---- idempotency keys ----
// Not RequireWrite(): a key is bookkeeping for the change it guards, which is audited itself.

Result<std::optional<IdempotencyRecord>> SqlTransaction::FindIdempotencyKey(
    std::string_view actor, std::string_view key) {
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(
      "SELECT request_hash, status, response, created_at FROM idempotency_keys "
      "WHERE actor = ? AND idem_key = ?"));
  s->Bind(1, actor).Bind(2, key);
  ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return std::optional<IdempotencyRecord>();
  RowReader fields(*s, "idempotency_keys", fmt::format("a key of {}", actor));
  IdempotencyRecord record{
      .actor = std::string(actor), .key = std::string(key), .request_hash = s->Text(0),
      .status = static_cast<int>(s->Int(1)), .response = s->Text(2),
      .created_at = fields.Time(3, "created_at")};
  RETURN_IF_ERROR(fields.status());
  return std::optional<IdempotencyRecord>(std::move(record));
}

Status SqlTransaction::InsertIdempotencyKey(const IdempotencyRecord& r) {
  RETURN_IF_ERROR(CheckWritable(WriteKind::kBookkeeping));
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(
      "INSERT INTO idempotency_keys (actor, idem_key, request_hash, status, response, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?)"));
  s->Bind(1, r.actor).Bind(2, r.key).Bind(3, r.request_hash).Bind(4, int64_t{r.status});
  s->Bind(5, r.response).Bind(6, Ts(r.created_at));
  return s->Run();
}

Status SqlTransaction::CompleteIdempotencyKey(std::string_view actor, std::string_view key,
                                              int status, std::string_view response) {
  RETURN_IF_ERROR(CheckWritable(WriteKind::kBookkeeping));
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(
      "UPDATE idempotency_keys SET status = ?, response = ? WHERE actor = ? AND idem_key = ?"));
  s->Bind(1, int64_t{status}).Bind(2, response).Bind(3, actor).Bind(4, key);
  return s->Run();
}

Status SqlTransaction::DeleteIdempotencyKey(std::string_view actor, std::string_view key) {
  RETURN_IF_ERROR(CheckWritable(WriteKind::kBookkeeping));
  ASSIGN_OR_RETURN(auto s,
                   conn_->Prepare("DELETE FROM idempotency_keys WHERE actor = ? AND idem_key = ?"));
  s->Bind(1, actor).Bind(2, key);
  return s->Run();
}

Status SqlTransaction::PruneIdempotencyKeys(Timestamp before) {
  RETURN_IF_ERROR(CheckWritable(WriteKind::kBookkeeping));
  ASSIGN_OR_RETURN(auto s, conn_->Prepare("DELETE FROM idempotency_keys WHERE created_at < ?"));
  s->Bind(1, Ts(before));
  return s->Run();
}

}  // namespace aftermath::sql

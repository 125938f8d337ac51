// Applications online of SqlTransaction (see store/application_records.h, migration 0018).
#include <fmt/format.h>

#include <sstream>

#include "store/sql/sql_transaction.h"

namespace aftermath::sql {
namespace {

constexpr const char* kColumns =
    "id, version, state, phone, language, code_salt, code_hash, code_expires_at, tries, "
    "message_id, token_hash, token_expires_at, documents, claim_id, created_at, updated_at";

// The documents uploaded under an application, one a line: "sha256 media_type size kind".
std::string DocumentsText(const std::vector<ClaimDocument>& documents) {
  std::string out;
  for (const auto& d : documents) {
    out += fmt::format("{} {} {} {}\n", d.sha256, d.media_type, d.size, d.kind);
  }
  return out;
}

bool DocumentsFrom(const std::string& text, std::vector<ClaimDocument>& out) {
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.empty()) continue;
    std::istringstream fields(line);
    ClaimDocument d;
    if (!(fields >> d.sha256 >> d.media_type >> d.size)) return false;
    fields >> d.kind;
    out.push_back(std::move(d));
  }
  return true;
}

Result<OnlineApplication> Read(const Statement& s) {
  RowReader row(s, "recovery_applications", s.Text(0));
  OnlineApplication a;
  a.id = s.Text(0);
  a.version = s.Int(1);
  a.state = row.Enum(2, "state", ParseApplicationState);
  a.phone = s.Text(3);
  a.language = s.Text(4);
  a.code_salt = s.Text(5);
  a.code_hash = s.Text(6);
  a.code_expires_at = row.Time(7, "code_expires_at");
  a.tries = static_cast<int>(s.Int(8));
  a.message_id = s.Text(9);
  a.token_hash = s.Text(10);
  a.token_expires_at = row.OptionalTime(11, "token_expires_at");
  std::string documents = s.Text(12);
  a.claim_id = s.Text(13);
  a.created_at = row.Time(14, "created_at");
  a.updated_at = row.Time(15, "updated_at");
  RETURN_IF_ERROR(row.status());
  if (!DocumentsFrom(documents, a.documents)) {
    return DataLoss(
        fmt::format("recovery_applications row '{}': column documents cannot be read", a.id));
  }
  return a;
}

}  // namespace

Result<OnlineApplication> SqlTransaction::GetApplication(std::string_view id) {
  static const std::string sql =
      fmt::format("SELECT {} FROM recovery_applications WHERE id = ?", kColumns);
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql.c_str()));
  s->Bind(1, id);
  ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return NotFound(fmt::format("no application with id '{}'", id.substr(0, 64)));
  return Read(*s);
}

Result<int64_t> SqlTransaction::CountApplicationsOfPhone(std::string_view phone, Timestamp since) {
  ASSIGN_OR_RETURN(auto s, conn_->Prepare("SELECT COUNT(*) FROM recovery_applications WHERE "
                                          "phone = ? AND created_at >= ?"));
  s->Bind(1, phone).Bind(2, Ts(since));
  ASSIGN_OR_RETURN(bool row, s->Step());
  return row ? s->Int(0) : 0;
}

Status SqlTransaction::InsertApplication(const OnlineApplication& a) {
  RETURN_IF_ERROR(RequireWrite());
  static const std::string sql = fmt::format(
      "INSERT INTO recovery_applications ({}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
      "?, ?)",
      kColumns);
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql.c_str()));
  s->Bind(1, a.id)
      .Bind(2, a.version)
      .Bind(3, ToString(a.state))
      .Bind(4, a.phone)
      .Bind(5, a.language)
      .Bind(6, a.code_salt)
      .Bind(7, a.code_hash)
      .Bind(8, Ts(a.code_expires_at))
      .Bind(9, int64_t{a.tries})
      .Bind(10, a.message_id)
      .Bind(11, a.token_hash);
  BindOptionalTime(*s, 12, a.token_expires_at);
  s->Bind(13, DocumentsText(a.documents));
  s->BindNullIfEmpty(14, a.claim_id);
  s->Bind(15, Ts(a.created_at)).Bind(16, Ts(a.updated_at));
  return s->Run();
}

Status SqlTransaction::UpdateApplication(const OnlineApplication& a) {
  RETURN_IF_ERROR(RequireWrite());
  ASSIGN_OR_RETURN(auto s,
                   conn_->Prepare("UPDATE recovery_applications SET state = ?1, code_salt = ?2, "
                                  "code_hash = ?3, code_expires_at = ?4, tries = ?5, message_id = "
                                  "?6, token_hash = ?7, token_expires_at = ?8, documents = ?9, "
                                  "claim_id = ?10, updated_at = ?11, version = version + 1 WHERE "
                                  "id = ?12 AND version = ?13"));
  s->Bind(1, ToString(a.state))
      .Bind(2, a.code_salt)
      .Bind(3, a.code_hash)
      .Bind(4, Ts(a.code_expires_at))
      .Bind(5, int64_t{a.tries})
      .Bind(6, a.message_id)
      .Bind(7, a.token_hash);
  BindOptionalTime(*s, 8, a.token_expires_at);
  s->Bind(9, DocumentsText(a.documents));
  s->BindNullIfEmpty(10, a.claim_id);
  s->Bind(11, Ts(a.updated_at)).Bind(12, a.id).Bind(13, a.version);
  RETURN_IF_ERROR(s->Run());
  return CheckVersionedUpdate(s->RowsAffected(), "application", a.id, a.version);
}

}  // namespace aftermath::sql

// Retention of SqlTransaction (see store/retention_records.h), and the small statement
// helpers the other aggregates share.
#include "store/sql/sql_transaction.h"

namespace aftermath::sql {

// ---- retention ----

Result<std::vector<std::string>> SqlTransaction::Ids(const char* sql, std::string_view param) {
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql));
  s->Bind(1, param);
  std::vector<std::string> out;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    out.push_back(s->Text(0));
  }
  return out;
}

Status SqlTransaction::RunWith(const char* sql, std::initializer_list<std::string_view> params,
                               WriteKind kind) {
  RETURN_IF_ERROR(RequireWrite(kind));
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql));
  int i = 0;
  for (auto p : params) s->Bind(++i, p);
  return s->Run();
}

Result<std::vector<std::string>> SqlTransaction::InquiriesDueForPurge(Timestamp cutoff) {
  return Ids(
      "SELECT id FROM inquiries WHERE purged_at IS NULL AND closed_at IS NOT NULL AND "
      "closed_at < ? AND state IN ('closed', 'withdrawn') ORDER BY id",
      Ts(cutoff));
}

Result<std::vector<std::string>> SqlTransaction::PersonsDueForPurge(Timestamp cutoff) {
  return Ids(
      "SELECT p.id FROM persons p WHERE p.purged_at IS NULL AND p.updated_at < ?1 AND "
      "NOT EXISTS (SELECT 1 FROM inquiries q WHERE q.person_id = p.id AND "
      "(q.closed_at IS NULL OR q.closed_at >= ?1)) ORDER BY p.id",
      Ts(cutoff));
}

// The statements come from store/personal_data.h, the one list of personal columns.
Status SqlTransaction::PurgeOf(personal_data::Owner owner, std::string_view id, Timestamp at) {
  std::string when = Ts(at);
  Touch(owner == personal_data::Owner::kInquiry ? "inquiry" : "person", id);
  for (const auto& statement : personal_data::PurgeStatements(owner)) {
    RETURN_IF_ERROR(statement.uses_time ? RunWith(statement.sql.c_str(), {id, when})
                                        : RunWith(statement.sql.c_str(), {id}));
  }
  return Status::Ok();
}

Status SqlTransaction::PurgeInquiry(std::string_view id, Timestamp at) {
  return PurgeOf(personal_data::Owner::kInquiry, id, at);
}

Status SqlTransaction::PurgePerson(std::string_view id, Timestamp at) {
  return PurgeOf(personal_data::Owner::kPerson, id, at);
}

}  // namespace aftermath::sql

// The audit log readers of SqlTransaction (see store/audit_log.h); AppendAudit stays with the
// transaction core in sql_store.cc.
#include <fmt/format.h>

#include <algorithm>
#include <climits>

#include "store/sql/filter_variants.h"
#include "store/sql/sql_transaction.h"

namespace aftermath::sql {

namespace {

constexpr const char* kAuditColumns =
    "seq, at, actor, action, entity_type, entity_id, detail, prev_hash, hash, mac";

Result<AuditEvent> ReadAudit(const Statement& s) {
  RowReader row(s, "audit_log", fmt::format("seq {}", s.Int(0)));
  AuditEvent e;
  e.seq = s.Int(0);
  e.at = row.Time(1, "at");
  e.actor = s.Text(2);
  e.action = s.Text(3);
  e.entity_type = s.Text(4);
  e.entity_id = s.Text(5);
  e.detail = s.Text(6);
  e.prev_hash = s.Text(7);
  e.hash = s.Text(8);
  e.mac = s.Text(9);
  RETURN_IF_ERROR(row.status());
  return e;
}

}  // namespace

Result<std::vector<AuditEvent>> SqlTransaction::ListAudit(int64_t after_seq, int limit) {
  static const std::string sql = fmt::format(
      "SELECT {} FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?", kAuditColumns);
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql.c_str()));
  s->Bind(1, after_seq).Bind(2, int64_t{limit});
  return CollectRows<AuditEvent>(*s, ReadAudit);
}

Result<std::pair<int64_t, std::string>> SqlTransaction::AuditHead() {
  ASSIGN_OR_RETURN(auto s, conn_->Prepare("SELECT seq, hash FROM audit_head WHERE id = 1"));
  ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return DataLoss("the audit chain head is missing");
  return std::make_pair(s->Int(0), s->Text(1));
}

// A statement for each pair of filters given (filter_variants.h): a commission's recusal check
// reads who valued a claim by entity, which with the filter hidden read the whole log.
Result<std::vector<AuditEvent>> SqlTransaction::QueryAudit(const AuditFilter& f) {
  static const std::vector<std::string> sql = FilterStatements(
      fmt::format("SELECT {} FROM audit_log WHERE ", kAuditColumns),
      {"actor = ?1", "entity_id = ?2"},
      " AND (CAST(?3 AS TEXT) IS NULL OR action = ?3 OR substr(action, 1, length(?3)) = ?3) AND "
      "(seq < ?4) ORDER BY seq DESC LIMIT ?5");
  const size_t which = VariantOf({!f.actor.empty(), !f.entity_id.empty()});
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql[which].c_str()));
  s->BindNullIfEmpty(1, f.actor).BindNullIfEmpty(2, f.entity_id).BindNullIfEmpty(3, f.action)
      .Bind(4, f.before_seq > 0 ? f.before_seq : INT64_MAX)
      .Bind(5, int64_t{std::clamp(f.limit, 1, 1000)});
  return CollectRows<AuditEvent>(*s, ReadAudit);
}

}  // namespace aftermath::sql

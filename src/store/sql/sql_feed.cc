// The change feed of SqlTransaction (see store/change_feed.h).
#include "store/sql/sql_transaction.h"

namespace aftermath::sql {

Result<std::vector<Change>> SqlTransaction::ListChanges(int64_t after_seq, int limit) {
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(
      "SELECT seq, entity_type, entity_id, origin FROM changes WHERE seq > ? ORDER BY seq "
      "LIMIT ?"));
  s->Bind(1, after_seq).Bind(2, int64_t{limit});
  return CollectRows<Change>(*s, [](const Statement& r) -> Result<Change> {
    return Change{.seq = r.Int(0), .entity_type = r.Text(1), .entity_id = r.Text(2),
                  .origin = r.Text(3)};
  });
}

Result<int64_t> SqlTransaction::LatestChangeSeq() {
  ASSIGN_OR_RETURN(auto s, conn_->Prepare("SELECT coalesce(max(seq), 0) FROM changes"));
  ASSIGN_OR_RETURN(bool row, s->Step());
  return row ? s->Int(0) : 0;
}

Status SqlTransaction::PruneChanges(Timestamp before) {
  // Not RequireWrite(): pruning is not a change of anyone's data, so it needs no audit event.
  RETURN_IF_ERROR(CheckWritable(WriteKind::kBookkeeping));
  ASSIGN_OR_RETURN(auto s, conn_->Prepare("DELETE FROM changes WHERE at < ?"));
  s->Bind(1, Ts(before));
  return s->Run();
}

}  // namespace aftermath::sql

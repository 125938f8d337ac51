// Figures and queue counts of SqlTransaction (see store/figure_counts.h).
#include "store/sql/sql_transaction.h"

#include <fmt/format.h>

#include <map>

namespace aftermath::sql {

Result<std::vector<HourFigures>> SqlTransaction::FiguresByHour(Timestamp since) {
  std::string from = Ts(since);
  std::map<std::string, HourFigures> by_hour;
  auto count = [&](const char* sql, int64_t HourFigures::*field) -> Status {
    ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql));
    s->Bind(1, from);
    for (;;) {
      ASSIGN_OR_RETURN(bool row, s->Step());
      if (!row) break;
      HourFigures& h = by_hour[s->Text(0)];
      h.hour = s->Text(0);
      h.*field = s->Int(1);
    }
    return Status::Ok();
  };
  RETURN_IF_ERROR(count("SELECT substr(created_at, 1, 13), count(*) FROM inquiries "
                        "WHERE created_at >= ? GROUP BY substr(created_at, 1, 13)",
                        &HourFigures::inquiries));
  RETURN_IF_ERROR(count("SELECT substr(created_at, 1, 13), count(*) FROM matches "
                        "WHERE created_at >= ? GROUP BY substr(created_at, 1, 13)",
                        &HourFigures::matches));
  RETURN_IF_ERROR(count("SELECT substr(decided_at, 1, 13), count(*) FROM matches "
                        "WHERE decided_at >= ? AND decision = 'confirmed' "
                        "GROUP BY substr(decided_at, 1, 13)",
                        &HourFigures::confirmed));
  RETURN_IF_ERROR(count("SELECT substr(updated_at, 1, 13), count(*) FROM callbacks "
                        "WHERE updated_at >= ? AND state = 'informed' "
                        "GROUP BY substr(updated_at, 1, 13)",
                        &HourFigures::informed));
  std::vector<HourFigures> out;
  for (auto& [hour, h] : by_hour) out.push_back(h);
  return out;
}

Result<std::vector<std::pair<std::string, int64_t>>> SqlTransaction::CountPersonsByStatus() {
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(
      "SELECT status, count(*) FROM persons WHERE merged_into IS NULL AND purged_at IS NULL "
      "GROUP BY status ORDER BY status"));
  std::vector<std::pair<std::string, int64_t>> out;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    out.emplace_back(s->Text(0), s->Int(1));
  }
  return out;
}

Result<std::vector<std::pair<std::string, int64_t>>> SqlTransaction::CountPersonsBySource() {
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(
      "SELECT source_id, count(DISTINCT person_id) FROM reports GROUP BY source_id "
      "ORDER BY source_id"));
  std::vector<std::pair<std::string, int64_t>> out;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    out.emplace_back(s->Text(0), s->Int(1));
  }
  return out;
}

Result<int64_t> SqlTransaction::CountOpenInquiries() {
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(
      "SELECT count(*) FROM inquiries WHERE state IN ('open', 'candidate_found', 'confirmed')"));
  ASSIGN_OR_RETURN(bool row, s->Step());
  return row ? s->Int(0) : 0;
}

Result<QueueCounts> SqlTransaction::CountQueues() {
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(
      "SELECT (SELECT count(*) FROM reports WHERE matched_at IS NULL), "
      "(SELECT count(*) FROM inquiries WHERE matched_at IS NULL AND purged_at IS NULL), "
      "(SELECT count(*) FROM matches WHERE decision = 'pending'), "
      "(SELECT count(*) FROM matches WHERE decision = 'unsure'), "
      "(SELECT count(*) FROM callbacks WHERE state = 'pending'), "
      "(SELECT count(*) FROM outbox WHERE state = 'pending'), "
      "(SELECT count(*) FROM outbox WHERE state = 'dead'), "
      "(SELECT min(created_at) FROM outbox WHERE state = 'pending')"));
  ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return QueueCounts{};
  QueueCounts out{s->Int(0), s->Int(1), s->Int(2), s->Int(3), s->Int(4), s->Int(5), s->Int(6)};
  RowReader reader(*s, "outbox", "");
  out.oldest_pending_outbox = reader.OptionalTime(7, "created_at");
  RETURN_IF_ERROR(reader.status());
  return out;
}

}  // namespace aftermath::sql

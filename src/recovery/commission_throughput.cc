#include "recovery/commission_throughput.h"

#include <algorithm>
#include <chrono>

#include "recovery/commission.h"

namespace aftermath::recovery {
namespace {

double Seconds(Timestamp from, Timestamp to) {
  return std::chrono::duration<double>(to - from).count();
}

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  size_t n = values.size();
  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

}  // namespace

CommissionThroughput ComputeThroughput(const Commission& commission,
                                       const std::vector<SessionWithAgenda>& sessions,
                                       Timestamp since, Timestamp now) {
  CommissionThroughput out{.commission_id = commission.id,
                           .name = commission.name,
                           .programme_id = commission.programme_id};
  std::vector<double> gaps;
  for (const auto& [session, agenda] : sessions) {
    if (session.opened_at < since) continue;
    ++out.sessions;
    bool open = session.state == SessionState::kOpen;
    if (open) ++out.open_sessions;
    Timestamp end = session.closed_at.value_or(now);
    out.session_hours += std::max(0.0, Seconds(session.opened_at, end)) / 3600;
    std::vector<Timestamp> decided_at;
    for (const auto& item : agenda) {
      if (item.decision == Decision::kPending) {
        if (open) ++out.pending;
        continue;
      }
      ++out.decided;
      if (item.decision == Decision::kApproved) {
        ++out.approved;
        out.amount_approved += item.amount;
      } else {
        ++out.rejected;
      }
      if (item.decided_at) decided_at.push_back(*item.decided_at);
    }
    std::sort(decided_at.begin(), decided_at.end());
    Timestamp previous = session.opened_at;
    for (Timestamp at : decided_at) {
      gaps.push_back(std::max(0.0, Seconds(previous, at)));
      previous = at;
    }
    if (!decided_at.empty() &&
        (!out.last_decision_at || decided_at.back() > *out.last_decision_at)) {
      out.last_decision_at = decided_at.back();
    }
  }
  if (out.decided > 0 && out.session_hours > 0) {
    out.claims_per_hour = out.decided / out.session_hours;
  }
  if (!gaps.empty()) out.median_seconds_per_decision = Median(std::move(gaps));
  return out;
}

Result<std::vector<CommissionThroughput>> Commissions::Throughput(std::chrono::hours period) {
  Timestamp now = clock_.Now();
  Timestamp since = now - period;
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kRead));
  ASSIGN_OR_RETURN(auto commissions, tx->ListCommissions());
  std::vector<CommissionThroughput> out;
  out.reserve(commissions.size());
  for (const auto& commission : commissions) {
    ASSIGN_OR_RETURN(auto sessions, tx->ListCommissionSessions(commission.id));
    std::vector<SessionWithAgenda> rows;
    for (auto& session : sessions) {
      if (session.opened_at < since) continue;  // newest first, but not promised to stay so
      ASSIGN_OR_RETURN(auto agenda, tx->ListAgenda(session.id));
      rows.push_back({std::move(session), std::move(agenda)});
    }
    out.push_back(ComputeThroughput(commission, rows, since, now));
  }
  return out;
}

}  // namespace aftermath::recovery

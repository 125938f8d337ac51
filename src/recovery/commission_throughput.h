// Each commission's throughput for the supervisor's dashboard (issue #18): sessions held, claims
// decided and how fast, over a period. Counts and times only: no applicant, no member, no reason.
// A commission that decides a prepared claim in ≤ 30 s of its members' time decides at least 120
// claims an hour in session; `claims_per_hour` is that figure as the commission lived it.
//
// Pure functions; thread-safe. Commissions::Throughput (commission.h) reads the rows.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/clock.h"
#include "model/commission.h"

namespace aftermath::recovery {

struct CommissionThroughput {
  std::string commission_id, name, programme_id;
  int sessions = 0;       // opened in the period
  int open_sessions = 0;  // of those, not yet closed
  int decided = 0, approved = 0, rejected = 0;
  int pending = 0;  // on the agenda of an open session, not yet decided
  int64_t amount_approved = 0;
  double session_hours = 0;               // open to close; to now while open
  std::optional<double> claims_per_hour;  // decided / session_hours; none before a decision
  // The middle of the times between one decision and the next in a session (the first counted
  // from the session's opening): a member's time on one claim, set-up included.
  std::optional<double> median_seconds_per_decision;
  std::optional<Timestamp> last_decision_at;
};

struct SessionWithAgenda {
  CommissionSession session;
  std::vector<AgendaItem> agenda;
};

// The throughput of `commission` over its sessions opened at or after `since`, as of `now`.
CommissionThroughput ComputeThroughput(const Commission& commission,
                                       const std::vector<SessionWithAgenda>& sessions,
                                       Timestamp since, Timestamp now);

}  // namespace aftermath::recovery

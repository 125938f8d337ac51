// A session's act as canonical text: the same session, agenda and supersession always give the
// same bytes, so anybody holding the act can recompute its SHA-256 and compare. Ids, decisions
// and amounts only (never a reason or a name): the act is kept for ever and is not personal data.
#pragma once

#include <string>
#include <vector>

#include "model/commission.h"

namespace aftermath::recovery {

// The act's text:
//   aftermath commission act 1
//   session <id>
//   commission <id>
//   programme <id>
//   opened <timestamp>
//   supersedes <act id or ->
//   present <user ids, sorted, comma separated>
//   claim <id> <approved|rejected> <amount> recused <user:reason,... or -> signoffs
//     <role:user,... or ->   (one line each, in agenda order)
//   approved <count> <total amount>
//   rejected <count>
// each line ended by "\n".
std::string ActContent(const Commission& commission, const CommissionSession& session,
                       const std::vector<AgendaItem>& agenda, const std::vector<SignOff>& sign_offs,
                       const std::string& supersedes);

// Lower-case hex SHA-256 of `content` (libsodium).
std::string ActHash(const std::string& content);

}  // namespace aftermath::recovery

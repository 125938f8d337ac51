#include "access/audit_chain.h"

#include <fmt/format.h>

namespace aftermath::access {

Result<AuditVerification> VerifyAuditChain(Store& store) {
  ASSIGN_OR_RETURN(auto tx, store.Begin(TransactionMode::kRead));
  AuditVerification out;
  std::string prev_hash(64, '0');
  int64_t expected_seq = 1;
  auto fail = [&](int64_t seq, std::string problem) {
    out.intact = false;
    out.first_bad_seq = seq;
    out.problem = std::move(problem);
    return out;
  };
  for (;;) {
    ASSIGN_OR_RETURN(auto rows, tx->ListAudit(expected_seq - 1, 10000));
    if (rows.empty()) break;
    for (const auto& e : rows) {
      if (e.seq != expected_seq) {
        return fail(expected_seq, fmt::format("row {} is missing", expected_seq));
      }
      if (e.prev_hash != prev_hash) {
        return fail(e.seq, fmt::format("row {} does not follow row {}", e.seq, e.seq - 1));
      }
      if (AuditHash(e) != e.hash) {
        return fail(e.seq, fmt::format("row {} was edited", e.seq));
      }
      prev_hash = e.hash;
      ++expected_seq;
      ++out.rows;
    }
  }
  ASSIGN_OR_RETURN(auto head, tx->AuditHead());
  if (head.first != out.rows || head.second != prev_hash) {
    return fail(out.rows + 1, fmt::format("rows after {} were removed (the head is at {})",
                                          out.rows, head.first));
  }
  return out;
}

}  // namespace aftermath::access

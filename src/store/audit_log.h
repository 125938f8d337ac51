// The append-only audit log: a hash chain of every change and every read of personal data.
// One aggregate of Transaction (store.h).
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"
#include "model/records.h"

namespace aftermath {

// A keyed MAC of `message` as lowercase hex (HMAC-SHA256 with the installation's audit key).
using AuditMacFunction = std::function<std::string(std::string_view message)>;

struct AuditFilter {
  std::string actor;       // empty: any
  std::string entity_id;   // empty: any
  std::string action;      // empty: any; "person." matches every person action
  int64_t before_seq = 0;  // 0: from the newest
  int limit = 100;
};

// Reads return DataLoss when a stored row cannot be read.
class AuditLog {
 public:
  virtual ~AuditLog() = default;

  // Audit rows with seq > after_seq, oldest first, at most `limit`.
  virtual Result<std::vector<AuditEvent>> ListAudit(int64_t after_seq, int limit) = 0;
  // The chain head: the newest audit row's seq and hash (0 and 64 zeros when empty).
  virtual Result<std::pair<int64_t, std::string>> AuditHead() = 0;
  // Audit rows matching `filter`, newest first.
  virtual Result<std::vector<AuditEvent>> QueryAudit(const AuditFilter& filter) = 0;
  // Queues an event for the audit chain and returns it as queued: Commit() links it into the
  // chain (seq, prev_hash, hash) under the chain's own short lock, so a long transaction does not
  // hold up other transactions' audit rows until its commit.
  virtual Result<AuditEvent> AppendAudit(AuditEvent event) = 0;
};

// The SHA-256 chain link of an audit event: hex(sha256(prev_hash | seq | at | actor | ...)).
std::string AuditHash(const AuditEvent& event);

}  // namespace aftermath

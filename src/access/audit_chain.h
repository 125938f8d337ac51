// The audit log's integrity: verification of the hash chain, the audit key that MACs each row,
// and anchors (the signed head, kept outside the database and checked against later).
//
// The chain alone finds an edited, deleted or inserted row, but whoever can write the database
// can recompute every hash after an edit, or cut the tail and move audit_head back. The key,
// a file outside the database, makes rewriting take the key too; an anchor kept elsewhere makes
// cutting back below it visible. See docs/operations.md, "Audit log integrity", for the limits.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "common/clock.h"
#include "store/store.h"

namespace aftermath::access {

// ---- the audit key ----

enum class AuditKeyFile { kMustExist, kCreateIfMissing };

// Reads the audit key from `path`: 64 hex digits (32 random bytes) and an optional newline, and
// returns HMAC-SHA256 with it for OpenOptions::audit_mac. With kCreateIfMissing a missing file
// is created with a fresh key, mode 0600, atomically (processes starting together read one key).
// NotFound when the file is missing (kMustExist); FailedPrecondition when it is not a regular
// file or group or others may read or write it; DataLoss when it does not hold a key.
Result<AuditMacFunction> LoadAuditKey(const std::string& path, AuditKeyFile mode);

// ---- anchors ----

// "aftermath-anchor v1 seq=N hash=H at=T mac=M": row N is the chain head with hash H at time
// T; M is the audit key's MAC of everything before " mac=".
struct AuditAnchor {
  int64_t seq = 0;
  std::string hash;
  std::string at;
  std::string mac;
};

// The current head as an anchor line. FailedPrecondition when the store has no audit key.
Result<std::string> MakeAuditAnchor(Store& store, Timestamp now);

// Finds the anchor in `text` (a log line may carry one among other words) and checks its MAC.
// InvalidArgument when there is none, it is malformed, or its MAC does not match (altered, or
// made with another key); FailedPrecondition when `mac` is empty.
Result<AuditAnchor> ParseAuditAnchor(std::string_view text, const AuditMacFunction& mac);

// ---- verification ----

struct AuditVerification {
  int64_t rows = 0;
  bool intact = true;
  int64_t first_bad_seq = 0;    // when not intact
  std::string problem;          // "row 17 was edited", ...
  bool macs_checked = false;    // the store has the audit key, so every row's MAC was checked
  int64_t unkeyed_through = 0;  // when checked: rows 1..N carry no MAC (written before the key)
  int64_t keyed_rows = 0;       // rows that carry a MAC (checked or not)
  int64_t anchors_checked = 0;
};

// Walks the whole log in batches, from the first row to the stored head. With the store's
// audit key (Store::AuditMac) every row's MAC is checked: a row without one is accepted only
// before the first row with one. Each anchor's row must still exist with the anchored hash.
// An error Status only when the store cannot be read.
Result<AuditVerification> VerifyAuditChain(Store& store, std::span<const AuditAnchor> anchors = {});
// The same walk over one open transaction's log; `mac` empty: MACs are not checked.
Result<AuditVerification> VerifyAuditChain(AuditLog& log, const AuditMacFunction& mac,
                                           std::span<const AuditAnchor> anchors = {});

}  // namespace aftermath::access

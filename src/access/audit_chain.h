// Verification of the hash-chained audit log: an edited, deleted, inserted or truncated row is
// found by walking the chain from the first row to the stored head.
#pragma once

#include <cstdint>
#include <string>

#include "store/store.h"

namespace aftermath::access {

struct AuditVerification {
  int64_t rows = 0;
  bool intact = true;
  int64_t first_bad_seq = 0;  // when not intact
  std::string problem;        // "row 17 was edited", ...
};

// Reads the whole log in batches. An error Status only when the store cannot be read.
Result<AuditVerification> VerifyAuditChain(Store& store);

}  // namespace aftermath::access

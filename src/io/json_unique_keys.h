// JSON objects with one key twice are ambiguous: Boost.JSON keeps the last, another reader the
// first, so a proxy or a log and the registry could each see a different request. Refused.
#pragma once

#include <string_view>

#include "common/status.h"

namespace aftermath::io {

// OK when no object in `json` repeats a key (compared after unescaping, so "a" and "\u0061"
// are one key); InvalidArgument naming the key otherwise. Text that is not JSON is OK here:
// the real parse reports it.
Status RejectDuplicateKeys(std::string_view json, int max_depth);

}  // namespace aftermath::io

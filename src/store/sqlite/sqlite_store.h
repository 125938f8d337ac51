// The embedded SQLite backend (see store.h for the contract).
#pragma once

#include <memory>
#include <string>

#include "store/store.h"

namespace aftermath {

// `path` is a file path; the parent directory must exist.
Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path, const OpenOptions& options);

}  // namespace aftermath

// Opens the registry named by --db for a CLI command, creating the parent directory of a SQLite
// file ("var/") so that the first run works from a fresh checkout.
#pragma once

#include <memory>
#include <string>

#include "store/store.h"

namespace aftermath::cli {

Result<std::unique_ptr<Store>> OpenDb(const std::string& url, const OpenOptions& options = {});

}  // namespace aftermath::cli

// Opens the registry named by --db for a CLI command, creating the parent directory of a SQLite
// file ("var/") so that the first run works from a fresh checkout. Commands that only read open
// it with {.access = StoreAccess::kReadOnly}: they run beside a server; writing commands are
// refused while a server (or another writer) holds an SQLite file (store.h, StoreAccess).
#pragma once

#include <memory>
#include <string>

#include "cli/flags.h"
#include "store/store.h"

namespace aftermath::cli {

Result<std::unique_ptr<Store>> OpenDb(const std::string& url, const OpenOptions& options = {});

// OpenDb with a command's flags: --db (default kDefaultDb) and, when --audit-key names a file,
// that audit key (created with mode 0600 on first use), so every audit row the command appends
// carries its MAC (access/audit_chain.h). Errors of the key file as LoadAuditKey.
Result<std::unique_ptr<Store>> OpenDb(const ParsedFlags& flags, OpenOptions options = {});

}  // namespace aftermath::cli

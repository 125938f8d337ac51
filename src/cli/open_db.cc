#include "cli/open_db.h"

#include <filesystem>

#include "access/audit_chain.h"

namespace aftermath::cli {

Result<std::unique_ptr<Store>> OpenDb(const std::string& url, const OpenOptions& options) {
  if (url.starts_with("sqlite:") && options.access == StoreAccess::kReadWrite) {
    std::filesystem::path path(url.substr(7));
    std::error_code ec;
    if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ec);
  }
  return OpenStore(url, options);
}

Result<std::unique_ptr<Store>> OpenDb(const ParsedFlags& flags, OpenOptions options) {
  // A read-only open appends nothing, so it needs (and creates) no key.
  std::string key = flags.Get("audit-key");
  if (!key.empty() && !options.audit_mac && options.access == StoreAccess::kReadWrite) {
    ASSIGN_OR_RETURN(options.audit_mac,
                     access::LoadAuditKey(key, access::AuditKeyFile::kCreateIfMissing));
  }
  return OpenDb(flags.Get("db", kDefaultDb), options);
}

}  // namespace aftermath::cli

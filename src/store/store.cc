#include "store/store.h"

#include <fmt/format.h>
#include <sodium.h>

#include "store/sqlite/sqlite_store.h"

namespace aftermath {

Result<std::unique_ptr<Store>> OpenStore(std::string_view url, const OpenOptions& options) {
  if (url.starts_with("sqlite:")) {
    std::string path(url.substr(7));
    if (path.starts_with("//")) path = path.substr(2);  // sqlite:///abs/path
    if (path.empty()) return InvalidArgument("sqlite: URL needs a file path", "db");
    return OpenSqliteStore(path, options);
  }
  if (url.starts_with("postgres:") || url.starts_with("postgresql:")) {
    return Unavailable("the PostgreSQL backend is not built yet; use sqlite:PATH");
  }
  return InvalidArgument(
      fmt::format("'{}' is not a database URL (use sqlite:PATH)", url.substr(0, 80)), "db");
}

std::string AuditHash(const AuditEvent& e) {
  // Unit separators keep field boundaries unambiguous.
  std::string content = fmt::format("{}\x1f{}\x1f{}\x1f{}\x1f{}\x1f{}\x1f{}\x1f{}", e.prev_hash,
                                    e.seq, FormatTimestamp(e.at), e.actor, e.action,
                                    e.entity_type, e.entity_id, e.detail);
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(content.data()),
                     content.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

}  // namespace aftermath

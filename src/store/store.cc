#include "store/store.h"

#include <fmt/format.h>
#include <sodium.h>

#include "store/postgres/pg_store.h"
#include "store/sqlite/sqlite_store.h"

namespace aftermath {

namespace {

Result<std::unique_ptr<Store>> OpenByScheme(std::string_view url, const OpenOptions& options) {
  if (url.starts_with("sqlite:")) {
    std::string path(url.substr(7));
    if (path.starts_with("//")) path = path.substr(2);  // sqlite:///abs/path
    if (path.empty()) return InvalidArgument("sqlite: URL needs a file path", "db");
    return OpenSqliteStore(path, options);
  }
  // libpq reads these URIs itself.
  if (url.starts_with("postgres://") || url.starts_with("postgresql://")) {
    return OpenPostgresStore(std::string(url), options);
  }
  return InvalidArgument(
      fmt::format("'{}' is not a database URL (use sqlite:PATH or postgresql://USER@HOST/DB)",
                  url.substr(0, 80)),
      "db");
}

}  // namespace

Result<std::unique_ptr<Store>> OpenStore(std::string_view url, const OpenOptions& options) {
  if (options.access != StoreAccess::kReadOnly) return OpenByScheme(url, options);
  OpenOptions read_only = options;
  read_only.migrate = false;
  ASSIGN_OR_RETURN(auto store, OpenByScheme(url, read_only));
  // A reader cannot migrate, and this build's queries expect this build's schema.
  ASSIGN_OR_RETURN(int version, store->SchemaVersion());
  if (version != store->LatestSchemaVersion()) {
    return FailedPrecondition(fmt::format(
        "the database schema is version {}, this build's is {}: run `aftermath migrate` first "
        "(read-only commands do not change the database)",
        version, store->LatestSchemaVersion()));
  }
  return store;
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

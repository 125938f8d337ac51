// Photos and documents kept outside the database, each file named by its SHA-256 (lower-case
// hex) in a directory tree ("ab/cdef…"), so a record refers to it by hash and the same file sent
// twice is kept once. Only the types rules.h allows, within its size limit, and only when the
// bytes are what the declared type says (JPEG, PNG, WebP, HEIC and PDF signatures).
//
// Thread-safety: thread-safe; a file is written under a temporary name and renamed into place.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "common/status.h"

namespace aftermath::recovery {

struct StoredFile {
  std::string sha256;
  std::string media_type;
  int64_t size = 0;
};

// Lower-case hex SHA-256 of `bytes`.
std::string Sha256Hex(std::string_view bytes);

class FileStore {
 public:
  // REQUIRES: `dir` exists or can be created by the first Put.
  explicit FileStore(std::filesystem::path dir) : dir_(std::move(dir)) {}

  // Keeps `bytes` under their hash. InvalidArgument ("media_type" or "file") for a type not
  // allowed, an empty or too large file, or bytes that are not of the declared type;
  // Unavailable when the file cannot be written.
  Result<StoredFile> Put(std::string_view bytes, std::string_view media_type);
  bool Has(std::string_view sha256) const;
  // Where a stored file is; empty for a hash that is not well formed.
  std::filesystem::path PathOf(std::string_view sha256) const;

 private:
  std::filesystem::path dir_;
};

}  // namespace aftermath::recovery

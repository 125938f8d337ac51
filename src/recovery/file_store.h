// Photos and documents kept outside the database, each file named by its SHA-256 (lower-case
// hex) in a directory tree ("ab/cdef…"), so a record refers to it by hash and the same file sent
// twice is kept once. Only the types rules.h allows, within its size limit, and only when the
// bytes are what the declared type says (JPEG, PNG, WebP, HEIC and PDF signatures).
//
// Thread-safety: thread-safe; a file is written under a temporary name and renamed into place.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/status.h"
#include "store/store.h"

namespace aftermath::recovery {

struct StoredFile {
  std::string sha256;
  std::string media_type;
  int64_t size = 0;
};

// Lower-case hex SHA-256 of `bytes`.
std::string Sha256Hex(std::string_view bytes);

// The allowed media type the bytes are, by their signature (never by a name or a declared
// type): "image/jpeg", "image/png", "image/webp", "image/heic" or "application/pdf"; nullopt
// for anything else.
std::optional<std::string> SniffMediaType(std::string_view bytes);

class FileStore {
 public:
  // REQUIRES: `dir` exists or can be created by the first Put.
  explicit FileStore(std::filesystem::path dir) : dir_(std::move(dir)) {}

  // Keeps `bytes` under their hash (a file kept already is touched: its time becomes now).
  // InvalidArgument ("media_type" or "file") for a type not allowed, an empty or too large
  // file, or bytes that are not of the declared type; Unavailable when the file cannot be
  // written.
  Result<StoredFile> Put(std::string_view bytes, std::string_view media_type);
  bool Has(std::string_view sha256) const;
  // Where a stored file is; empty for a hash that is not well formed.
  std::filesystem::path PathOf(std::string_view sha256) const;
  // The hashes of the files kept whose time (written or last sent again) is before `before`;
  // none when the directory does not exist. Unavailable when it cannot be read.
  Result<std::vector<std::string>> ListOlderThan(std::filesystem::file_time_type before) const;
  // Removes a kept file; OK when there was none. Unavailable when it cannot be removed.
  Status Remove(std::string_view sha256);

 private:
  std::filesystem::path dir_;
};

// How long a file may be kept without any record naming it: a photo is uploaded before the
// claim or assessment that names it is sent.
inline constexpr std::chrono::hours kUnreferencedFileGrace{24};

// Removes the files `files` keeps that no claim document or assessment photo names any more
// (a purge of the direct line removed the last record naming them) and that are older than
// `grace`, each audited as "file.delete" by `actor` with its hash. Returns how many were
// removed. Store errors; Unavailable when the files cannot be listed or removed.
Result<int> SweepUnreferencedFiles(Store& store, FileStore& files, const Clock& clock,
                                   const std::string& actor,
                                   std::chrono::seconds grace = kUnreferencedFileGrace);

}  // namespace aftermath::recovery

#include "recovery/file_store.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sodium.h>
#include <unistd.h>

#include "common/ids.h"
#include "recovery/rules.h"

namespace aftermath::recovery {
namespace {

bool StartsWith(std::string_view bytes, std::string_view magic, size_t at = 0) {
  return bytes.size() >= at + magic.size() && bytes.substr(at, magic.size()) == magic;
}

// Whether the bytes begin as files of the declared type do.
bool LooksLike(std::string_view bytes, std::string_view media_type) {
  using namespace std::string_view_literals;
  if (media_type == "image/jpeg") return StartsWith(bytes, "\xFF\xD8\xFF"sv);
  if (media_type == "image/png") return StartsWith(bytes, "\x89PNG\r\n\x1A\n"sv);
  if (media_type == "image/webp") {
    return StartsWith(bytes, "RIFF"sv) && StartsWith(bytes, "WEBP"sv, 8);
  }
  if (media_type == "image/heic") {
    return StartsWith(bytes, "ftyp"sv, 4) &&
           (StartsWith(bytes, "heic"sv, 8) || StartsWith(bytes, "heix"sv, 8) ||
            StartsWith(bytes, "mif1"sv, 8) || StartsWith(bytes, "msf1"sv, 8));
  }
  if (media_type == "application/pdf") return StartsWith(bytes, "%PDF-"sv);
  return false;
}

}  // namespace

std::optional<std::string> SniffMediaType(std::string_view bytes) {
  for (const char* type :
       {"image/jpeg", "image/png", "image/webp", "image/heic", "application/pdf"}) {
    if (LooksLike(bytes, type)) return std::string(type);
  }
  return std::nullopt;
}

std::string Sha256Hex(std::string_view bytes) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  std::string out;
  for (unsigned char b : digest) out += fmt::format("{:02x}", b);
  return out;
}

std::filesystem::path FileStore::PathOf(std::string_view sha256) const {
  if (!IsSha256Hex(sha256)) return {};
  return dir_ / std::string(sha256.substr(0, 2)) / std::string(sha256.substr(2));
}

bool FileStore::Has(std::string_view sha256) const {
  std::error_code ec;
  auto path = PathOf(sha256);
  return !path.empty() && std::filesystem::exists(path, ec);
}

Result<StoredFile> FileStore::Put(std::string_view bytes, std::string_view media_type) {
  if (!IsAllowedMediaType(media_type)) {
    return InvalidArgument("send image/jpeg, image/png, image/webp, image/heic or application/pdf",
                           "media_type");
  }
  if (bytes.empty() || static_cast<int64_t>(bytes.size()) > kMaxFileBytes) {
    return InvalidArgument(fmt::format("a file is 1 to {} bytes", kMaxFileBytes), "file");
  }
  if (!LooksLike(bytes, media_type)) {
    return InvalidArgument(fmt::format("the bytes are not a {} file", media_type), "file");
  }
  StoredFile out{Sha256Hex(bytes), std::string(media_type), static_cast<int64_t>(bytes.size())};
  std::filesystem::path path = PathOf(out.sha256);
  std::error_code ec;
  if (Has(out.sha256)) {
    // Sent again: kept from now on as if new (a sweep spares files younger than its grace).
    std::filesystem::last_write_time(path, std::filesystem::file_time_type::clock::now(), ec);
    return out;
  }
  std::filesystem::create_directories(path.parent_path(), ec);
  if (ec) return Unavailable(fmt::format("cannot create the files directory: {}", ec.message()));
  std::filesystem::path tmp =
      path.parent_path() / fmt::format(".{}.{}.tmp", out.sha256, RandomHex(8));
  // Durable before it is named: the record that refers to it is committed with FULL sync.
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
  if (fd < 0) return Unavailable("cannot write the file");
  size_t written = 0;
  while (written < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n <= 0) break;
    written += static_cast<size_t>(n);
  }
  bool ok = written == bytes.size() && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) {
    std::filesystem::remove(tmp, ec);
    return Unavailable("cannot write the file");
  }
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::filesystem::remove(tmp, ec);
    return Unavailable(fmt::format("cannot keep the file: {}", ec.message()));
  }
  if (int dir = ::open(path.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
  return out;
}

Result<std::vector<std::string>> FileStore::ListOlderThan(
    std::filesystem::file_time_type before) const {
  std::vector<std::string> out;
  std::error_code ec;
  if (!std::filesystem::is_directory(dir_, ec)) return out;
  std::filesystem::recursive_directory_iterator it(dir_, ec), end;
  if (ec) return Unavailable(fmt::format("cannot read the files directory: {}", ec.message()));
  for (; it != end; it.increment(ec)) {
    if (ec) return Unavailable(fmt::format("cannot read the files directory: {}", ec.message()));
    if (!it->is_regular_file(ec) || it.depth() != 1) continue;
    std::string hash =
        it->path().parent_path().filename().string() + it->path().filename().string();
    if (!IsSha256Hex(hash) || PathOf(hash) != it->path()) continue;  // a temporary file
    auto written = it->last_write_time(ec);
    if (ec || written >= before) continue;
    out.push_back(std::move(hash));
  }
  return out;
}

Status FileStore::Remove(std::string_view sha256) {
  auto path = PathOf(sha256);
  if (path.empty()) return InvalidArgument("not a SHA-256", "sha256");
  std::error_code ec;
  std::filesystem::remove(path, ec);
  if (ec) return Unavailable(fmt::format("cannot remove a kept file: {}", ec.message()));
  return Status::Ok();
}

Result<int> SweepUnreferencedFiles(Store& store, FileStore& files, const Clock& clock,
                                   const std::string& actor, std::chrono::seconds grace) {
  ASSIGN_OR_RETURN(auto candidates,
                   files.ListOlderThan(std::filesystem::file_time_type::clock::now() - grace));
  if (candidates.empty()) return 0;
  // Under the writers' lock, so no record naming a file commits between the look and the
  // removal; the audit rows commit with it.
  ASSIGN_OR_RETURN(auto tx, store.Begin(TransactionMode::kWrite));
  int removed = 0;
  for (const auto& hash : candidates) {
    ASSIGN_OR_RETURN(bool referenced, tx->IsFileReferenced(hash));
    if (referenced) continue;
    RETURN_IF_ERROR(files.Remove(hash));
    AuditEvent e{.at = clock.Now(),
                 .actor = actor,
                 .action = "file.delete",
                 .entity_type = "recovery_file",
                 .entity_id = hash};
    RETURN_IF_ERROR(tx->AppendAudit(std::move(e)).status());
    ++removed;
  }
  if (removed > 0) RETURN_IF_ERROR(tx->Commit());
  return removed;
}

}  // namespace aftermath::recovery

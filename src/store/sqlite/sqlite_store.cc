#include "common/mutex.h"
#include "store/sqlite/sqlite_store.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <map>
#include <mutex>
#include <span>

#include "store/sql/sql_store.h"
#include "store/sqlite/sqlite_connection.h"

namespace aftermath {
namespace store_migrations {
struct EmbeddedFile {
  std::string_view name;
  std::string_view content;
};
std::span<const EmbeddedFile> SqliteMigrations();
}  // namespace store_migrations

namespace {

// The writer's lock on "<db>.lock", held while any store of this process has the file open for
// writing. SQLite's own POSIX locks are not enough: closing any other descriptor of the database
// file in the server's process drops them all, and the next process to close the database then
// believes it is the last one and deletes the -wal the server still writes to. flock() on a file
// of our own is not touched by that.
class WriterLock {
 public:
  explicit WriterLock(int fd) : fd_(fd) {}
  ~WriterLock() { close(fd_); }  // releases the lock; the file stays (unlinking would race)
  WriterLock(const WriterLock&) = delete;
  WriterLock& operator=(const WriterLock&) = delete;

 private:
  int fd_;
};

std::string LockHolder(int fd) {
  char buf[32] = {};
  ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
  std::string pid(buf, n > 0 ? static_cast<size_t>(n) : 0);
  while (!pid.empty() && (pid.back() == '\n' || pid.back() == ' ')) pid.pop_back();
  return pid.empty() ? "unknown" : pid;
}

// One lock a file per process, shared by every store of this process that writes to it (a
// second flock() from the same process would conflict with the first).
Result<std::shared_ptr<WriterLock>> LockForWriting(const std::string& db_path) {
  static Mutex mu;
  static std::map<std::string, std::weak_ptr<WriterLock>> held;
  std::error_code ec;
  std::filesystem::path key = std::filesystem::weakly_canonical(db_path, ec);
  if (ec) key = std::filesystem::absolute(db_path, ec);
  MutexLock lock(&mu);
  if (auto existing = held[key.string()].lock()) return existing;
  // Beside the file itself, so every path to one database (a symlink, "./") meets one lock.
  std::string lock_path = key.string() + ".lock";
  int fd = open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    return Unavailable(
        fmt::format("cannot open the lock file '{}': {}", lock_path, std::strerror(errno)));
  }
  if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
    int err = errno;
    std::string holder = LockHolder(fd);
    close(fd);
    if (err == EWOULDBLOCK) {
      return FailedPrecondition(fmt::format(
          "the database '{}' is in use by pid {} (a server or another writing command); stop "
          "it first, or use a read-only command",
          db_path, holder));
    }
    return Unavailable(fmt::format("cannot lock '{}': {}", lock_path, std::strerror(err)));
  }
  std::string pid = fmt::format("{}\n", getpid());
  if (ftruncate(fd, 0) != 0 || pwrite(fd, pid.data(), pid.size(), 0) < 0) {
    // The lock holds without the pid; a refused process then names it "unknown".
  }
  auto out = std::make_shared<WriterLock>(fd);
  held[key.string()] = out;
  return out;
}

}  // namespace

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path,
                                               const OpenOptions& options) {
  SqlBackend backend;
  backend.description = "sqlite:" + path;
  OpenOptions sql_options = options;
  if (options.access == StoreAccess::kReadOnly) {
    sql_options.migrate = false;
    backend.connect = [path] { return sql::OpenSqliteConnection(path, StoreAccess::kReadOnly); };
  } else {
    // Taken before the first connection, so a refused process never opens the database at all.
    ASSIGN_OR_RETURN(auto lock, LockForWriting(path));
    backend.connect = [path, lock] { return sql::OpenSqliteConnection(path); };
    // TRUNCATE empties the write-ahead log, which still holds old pages with purged data.
    backend.reclaim_sql = "PRAGMA wal_checkpoint(TRUNCATE)";
  }
  backend.queue_writers = true;
  for (const auto& f : store_migrations::SqliteMigrations()) {
    backend.migrations.push_back({f.name, f.content});
  }
  return OpenSqlStore(std::move(backend), sql_options);
}

}  // namespace aftermath

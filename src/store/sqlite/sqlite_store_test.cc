// The SQLite writer's lock and read-only opening (issue #14 item 2): a second writer is told who
// holds the file; readers run beside it without a lock and never write.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>

#include "common/ids.h"
#include "store/store.h"

namespace aftermath {
namespace {

class SqliteLockTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("aftermath_sqlite_lock_" + std::to_string(getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    path_ = (dir_ / "r.db").string();
    url_ = "sqlite:" + path_;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  void AddSource(Store& store, const std::string& name) {
    auto tx = std::move(store.Begin(TransactionMode::kWrite)).value();
    ASSERT_TRUE(tx->InsertSource({.id = NewId(kSourceIdPrefix),
                                  .name = name,
                                  .kind = SourceKind::kHospital,
                                  .trust = 1,
                                  .created_at = SystemClock().Now()})
                    .ok());
    ASSERT_TRUE(
        tx->AppendAudit({.at = SystemClock().Now(), .actor = "test", .action = "source.create"})
            .ok());
    ASSERT_TRUE(tx->Commit().ok());
  }
  size_t CountSources(Store& store) {
    return std::move(store.Begin(TransactionMode::kRead)).value()->ListSources()->size();
  }

  std::filesystem::path dir_;
  std::string path_, url_;
};

TEST_F(SqliteLockTest, SecondWriterIsToldThePidOfTheFirst) {
  ASSERT_TRUE(OpenStore(url_).ok());  // created and migrated, then closed
  int ready[2], done[2];
  ASSERT_EQ(pipe(ready), 0);
  ASSERT_EQ(pipe(done), 0);
  pid_t child = fork();
  if (child == 0) {
    auto store = OpenStore(url_);
    char c = store.ok() ? 'y' : 'n';
    (void)!write(ready[1], &c, 1);
    (void)!read(done[0], &c, 1);  // holds the store until the parent is done
    _exit(0);
  }
  char c = 0;
  ASSERT_EQ(read(ready[0], &c, 1), 1);
  ASSERT_EQ(c, 'y');

  auto refused = OpenStore(url_);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(refused.status().message().find(fmt::format("in use by pid {}", child)),
            std::string::npos)
      << refused.status().ToString();

  // Another path to the same file meets the same lock.
  std::filesystem::create_symlink(path_, dir_ / "link.db");
  auto via_link = OpenStore("sqlite:" + (dir_ / "link.db").string());
  EXPECT_EQ(via_link.status().code(), StatusCode::kFailedPrecondition);

  // A reader runs beside the writer, and cannot write.
  auto reader = OpenStore(url_, {.access = StoreAccess::kReadOnly});
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  EXPECT_EQ(CountSources(**reader), 0u);
  EXPECT_FALSE((*reader)->Begin(TransactionMode::kWrite).ok());
  EXPECT_FALSE((*reader)->Migrate().ok());
  reader->reset();

  (void)!write(done[1], "x", 1);
  int status = 0;
  waitpid(child, &status, 0);
  auto store = OpenStore(url_);  // the lock went with the process
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  // Several stores of one process share its lock.
  auto second = OpenStore(url_);
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  AddSource(**second, "Hospital 1");
  EXPECT_EQ(CountSources(**store), 1u);
}

TEST_F(SqliteLockTest, ReaderOpensAClosedDatabaseAndLeavesItAsItWas) {
  {
    auto store = std::move(OpenStore(url_)).value();
    AddSource(*store, "Hospital 1");
  }
  // A clean close checkpointed and removed the -wal and -shm.
  EXPECT_FALSE(std::filesystem::exists(path_ + "-wal"));
  auto size = std::filesystem::file_size(path_);
  {
    auto reader = OpenStore(url_, {.access = StoreAccess::kReadOnly});
    ASSERT_TRUE(reader.ok()) << reader.status().ToString();
    EXPECT_EQ(CountSources(**reader), 1u);
    // No lock: a writer opens beside the reader.
    auto writer = OpenStore(url_);
    ASSERT_TRUE(writer.ok()) << writer.status().ToString();
    AddSource(**writer, "Hospital 2");
    EXPECT_EQ(CountSources(**reader), 2u);
  }
  auto store = std::move(OpenStore(url_)).value();
  EXPECT_EQ(CountSources(*store), 2u);
  EXPECT_GE(std::filesystem::file_size(path_), size);
}

TEST_F(SqliteLockTest, ReaderNeedsAnExistingDatabaseAtThisBuildsSchema) {
  auto missing = OpenStore(url_, {.access = StoreAccess::kReadOnly});
  EXPECT_FALSE(missing.ok());
  EXPECT_FALSE(std::filesystem::exists(path_));           // never created
  ASSERT_TRUE(OpenStore(url_, {.migrate = false}).ok());  // an empty file, no schema
  auto empty = OpenStore(url_, {.access = StoreAccess::kReadOnly});
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(empty.status().message().find("aftermath migrate"), std::string::npos);
}

}  // namespace
}  // namespace aftermath

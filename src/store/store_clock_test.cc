// The store tells the time by the clock it is opened with (OpenOptions::clock), not the system's:
// the change feed is dated, and pruned, by it.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "common/clock.h"
#include "common/ids.h"
#include "store/store.h"

namespace aftermath {
namespace {

TEST(StoreClockTest, ChangeFeedIsDatedByTheInjectedClock) {
  auto dir = std::filesystem::temp_directory_path() /
             ("aftermath_store_clock_" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  // Long past: dated by the system clock instead, the entry would be years younger than this.
  const Timestamp then = *ParseTimestamp("2001-01-01T00:00:00Z");
  FakeClock clock(then);
  {
    auto store =
        std::move(OpenStore("sqlite:" + (dir / "r.db").string(), {.clock = &clock})).value();
    {
      auto tx = std::move(store->Begin(TransactionMode::kWrite)).value();
      ASSERT_TRUE(tx->InsertInquiry({.id = NewId(kInquiryIdPrefix),
                                     .sought_name = "A B",
                                     .created_at = then,
                                     .updated_at = then})
                      .ok());
      ASSERT_TRUE(tx->AppendAudit({.at = then, .actor = "test", .action = "inquiry.create"}).ok());
      ASSERT_TRUE(tx->Commit().ok());
    }
    auto pruned_before = [&](Timestamp before) {
      auto tx = std::move(store->Begin(TransactionMode::kWrite)).value();
      EXPECT_TRUE(tx->PruneChanges(before).ok());
      EXPECT_TRUE(tx->Commit().ok());
      return std::move(store->Begin(TransactionMode::kRead)).value()->ListChanges(0, 10)->empty();
    };
    EXPECT_FALSE(pruned_before(then - std::chrono::hours(1)));
    EXPECT_TRUE(pruned_before(then + std::chrono::hours(1)));
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace aftermath

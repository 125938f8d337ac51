#include "store/paging.h"

#include <gtest/gtest.h>

namespace aftermath {
namespace {

TEST(PagingTest, CursorRoundTrips) {
  std::string c = EncodeCursor("2026-01-06T10:00:00.000Z", "per_0123456789ABCDEF");
  auto d = DecodeCursor(c);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->created_at, "2026-01-06T10:00:00.000Z");
  EXPECT_EQ(d->id, "per_0123456789ABCDEF");
}

TEST(PagingTest, ForgedCursorsAreRejected) {
  EXPECT_TRUE(DecodeCursor("")->empty());
  EXPECT_EQ(DecodeCursor("zz").status().field(), "cursor");
  EXPECT_FALSE(DecodeCursor(EncodeCursor("yesterday", "x")).ok());
  EXPECT_FALSE(DecodeCursor("abc").ok());
}

}  // namespace
}  // namespace aftermath

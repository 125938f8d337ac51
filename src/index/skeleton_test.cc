#include "index/skeleton.h"

#include <gtest/gtest.h>

namespace aftermath::index {
namespace {

TEST(SkeletonTest, FoldsEastSlavicFormsOfOneSurname) {
  EXPECT_EQ(Skeleton("romanov"), Skeleton("ramanav"));
  EXPECT_EQ(Skeleton("gerasimov"), Skeleton("herasimav"));
  EXPECT_EQ(Skeleton("teterin"), Skeleton("caterin"));
  EXPECT_EQ(Skeleton("boguslavski"), Skeleton("bahuslavski"));
  EXPECT_NE(Skeleton("romanov"), Skeleton("ivanov"));
}

TEST(SkeletonTest, FoldsPatronymicStems) {
  EXPECT_EQ(Skeleton("evhen"), Skeleton("evgen"));
  EXPECT_EQ(Skeleton("iavgen"), Skeleton("evgen"));
  EXPECT_EQ(Skeleton("alaksandr"), Skeleton("aleksandr"));
}

TEST(SkeletonTest, ShortSkeletonsAreNoKey) {
  EXPECT_EQ(Skeleton("aia"), "");
  EXPECT_EQ(Skeleton("ivi"), "");
  EXPECT_EQ(Skeleton("oleg"), "");
}

}  // namespace
}  // namespace aftermath::index

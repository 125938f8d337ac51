#include "model/partial_date.h"

#include <gtest/gtest.h>

namespace aftermath {
namespace {

TEST(PartialDateTest, ParsesYearMonthAndFullDates) {
  EXPECT_EQ(ParsePartialDate("1990")->ToString(), "1990");
  EXPECT_EQ(ParsePartialDate("1990-03")->ToString(), "1990-03");
  EXPECT_EQ(ParsePartialDate("1990-03-21")->ToString(), "1990-03-21");
  EXPECT_EQ(ParsePartialDate("2000-02-29")->day, 29);
}

TEST(PartialDateTest, RejectsImpossibleDates) {
  for (const char* bad : {"31.02.1990", "1990-02-30", "1990-13", "1990-00", "199", "19900",
                          "1990-3-1", "1800", "abcd", "", "1990-03-21T00:00"}) {
    auto r = ParsePartialDate(bad);
    EXPECT_FALSE(r.ok()) << bad;
  }
  EXPECT_NE(ParsePartialDate("31.02.1990").status().message().find("31.02.1990"),
            std::string::npos);
}

}  // namespace
}  // namespace aftermath

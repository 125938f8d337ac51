#include "common/status.h"

#include <gtest/gtest.h>

namespace aftermath {
namespace {

Result<int> Half(int x) {
  if (x % 2) return InvalidArgument("odd", "x");
  return x / 2;
}

Result<int> Quarter(int x) {
  ASSIGN_OR_RETURN(int half, Half(x));
  ASSIGN_OR_RETURN(int quarter, Half(half));
  return quarter;
}

TEST(StatusTest, OkByDefault) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.ToString(), "ok");
}

TEST(StatusTest, ToStringNamesCodeFieldAndMessage) {
  Status s = InvalidArgument("'31.02.1990' is not a date", "birth_date");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.ToString(), "invalid_argument: birth_date: '31.02.1990' is not a date");
}

TEST(StatusTest, AssignOrReturnPropagatesTheFirstError) {
  EXPECT_EQ(*Quarter(8), 2);
  Result<int> r = Quarter(6);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(r.status().field(), "x");
}

TEST(StatusTest, ResultFromAnOkStatusIsInternal) {
  Result<int> r = Status::Ok();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInternal);
}

Result<int> ForgetsTheValue() { return Status::Ok(); }

Result<int> PassesOn() {
  ASSIGN_OR_RETURN(int v, ForgetsTheValue());
  return v + 1;
}

TEST(StatusTest, AssignOrReturnNeverPassesOnSuccessWithoutAValue) {
  Result<int> r = PassesOn();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInternal);
}

}  // namespace
}  // namespace aftermath

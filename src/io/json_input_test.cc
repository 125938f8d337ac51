#include "io/json_input.h"

#include <gtest/gtest.h>

namespace aftermath::io {
namespace {

TEST(JsonInputTest, ReadsTypedFields) {
  auto in = JsonInput::Parse(
      R"({"name": "Ерлан", "age": 30, "sex": "m", "born": "1990-03", "at": "2026-01-06T10:00:00Z"})");
  ASSERT_TRUE(in.ok());
  std::string name;
  std::optional<int> age;
  Sex sex = Sex::kUnknown;
  PartialDate born;
  std::optional<Timestamp> at;
  EXPECT_TRUE(in->String("name", name).ok());
  EXPECT_TRUE(in->Int("age", age).ok());
  EXPECT_TRUE(in->Sex("sex", sex).ok());
  EXPECT_TRUE(in->Date("born", born).ok());
  EXPECT_TRUE(in->Time("at", at).ok());
  EXPECT_TRUE(in->Finish().ok());
  EXPECT_EQ(name, "Ерлан");
  EXPECT_EQ(age, 30);
  EXPECT_EQ(sex, Sex::kMale);
  EXPECT_EQ(born.ToString(), "1990-03");
  EXPECT_TRUE(at.has_value());
}

TEST(JsonInputTest, NamesTheOffendingField) {
  auto in = JsonInput::Parse(R"({"age": "thirty", "birthdate": "1990"})");
  ASSERT_TRUE(in.ok());
  std::optional<int> age;
  Status s = in->Int("age", age);
  EXPECT_EQ(s.field(), "age");
  EXPECT_EQ(in->Finish().field(), "birthdate");
}

TEST(JsonInputTest, RejectsNonObjectsAndBrokenJson) {
  EXPECT_EQ(JsonInput::Parse("[1,2]").status().field(), "body");
  EXPECT_EQ(JsonInput::Parse("{\"a\": ").status().field(), "body");
  EXPECT_EQ(JsonInput::Parse("").status().code(), StatusCode::kInvalidArgument);
  std::string deep(100, '[');
  EXPECT_FALSE(JsonInput::Parse("{\"a\":" + deep).ok());
}

// Two readers of {"a":1,"a":2} may each see another request (first or last wins): refused.
TEST(JsonInputTest, RejectsDuplicateKeysAtAnyDepth) {
  auto top = JsonInput::Parse(R"({"status":"alive","status":"deceased"})");
  ASSERT_FALSE(top.ok());
  EXPECT_EQ(top.status().field(), "body");
  EXPECT_NE(top.status().message().find("'status'"), std::string::npos);
  EXPECT_FALSE(JsonInput::Parse(R"({"a":1,"\u0061":2})").ok());  // the same key escaped
  EXPECT_FALSE(JsonInput::Parse(R"({"x":{"b":1,"b":1}})").ok());
  EXPECT_FALSE(JsonInput::Parse(R"({"x":[{"c":1},{"c":1,"c":2}]})").ok());
  // The same key in different objects is fine.
  EXPECT_TRUE(JsonInput::Parse(R"({"a":{"b":1},"c":{"b":2},"d":[{"b":3}]})").ok());
}

TEST(JsonInputTest, EnumErrorsListTheAllowedWords) {
  auto in = JsonInput::Parse(R"({"status": "dead"})");
  PersonStatus st;
  Status s = in->Status_("status", st);
  EXPECT_EQ(s.field(), "status");
  EXPECT_NE(s.message().find("deceased"), std::string::npos);
}

}  // namespace
}  // namespace aftermath::io

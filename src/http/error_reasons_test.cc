#include "http/error_reasons.h"

#include <gtest/gtest.h>

#include "common/clock.h"
#include "model/partial_date.h"
#include "model/validate.h"

namespace aftermath::http {
namespace {

std::string CodeOf(const Status& s) {
  auto r = ReasonForMessage(s.message());
  return r ? r->code : "<none: " + s.message() + ">";
}

Inquiry GoodInquiry() {
  Inquiry q;
  q.sought_name = "Жакупов Марат";
  q.inquirer_name = "Жакупова Айгуль";
  q.callback_phone = "+7 701 000 00 00";
  return q;
}

// The writers of the errors an intake meets, driven for real: a message reworded there
// fails here instead of reaching a Kazakh console in English.
TEST(ErrorReasonsTest, TheIntakesValidationErrorsHaveCodes) {
  const Timestamp now = SystemClock().Now();
  Inquiry q = GoodInquiry();
  ASSERT_TRUE(ValidateInquiry(q, now).ok());

  q = GoodInquiry();
  q.callback_phone = "call me";
  Status s = ValidateInquiry(q, now);
  EXPECT_EQ(CodeOf(s), "not_a_phone");
  EXPECT_EQ(ReasonForMessage(s.message())->params.at(0),
            (std::pair<std::string, std::string>{"value", "call me"}));

  q = GoodInquiry();
  q.inquirer_name = "";
  EXPECT_EQ(CodeOf(ValidateInquiry(q, now)), "required");

  q = GoodInquiry();
  q.language = "de";
  EXPECT_EQ(CodeOf(ValidateInquiry(q, now)), "language_invalid");

  q = GoodInquiry();
  q.sought_approx_age = 200;
  s = ValidateInquiry(q, now);
  EXPECT_EQ(CodeOf(s), "not_an_age");
  EXPECT_EQ(ReasonForMessage(s.message())->params.at(0).second, "200");

  q = GoodInquiry();
  q.sought_name = "Жакупов\u200bМарат";
  EXPECT_EQ(CodeOf(ValidateInquiry(q, now)), "zero_width");

  q = GoodInquiry();
  q.sought_name = "Жакупов \u202eМарат";
  EXPECT_EQ(CodeOf(ValidateInquiry(q, now)), "bidi_control");

  q = GoodInquiry();
  q.sought_name = "---";
  EXPECT_EQ(CodeOf(ValidateInquiry(q, now)), "no_name");

  q = GoodInquiry();
  q.sought_birth_date = PartialDate{.year = 2999};
  EXPECT_EQ(CodeOf(ValidateInquiry(q, now)), "future_date");

  q = GoodInquiry();
  q.notes = std::string(100000, 'x');
  s = ValidateInquiry(q, now);
  EXPECT_EQ(CodeOf(s), "too_long");

  EXPECT_EQ(CodeOf(ParsePartialDate("12.03.1994").status()), "not_a_date");
}

// IntQuery's bounds ("limit", "days", "hours") as a code with both ends.
TEST(ErrorReasonsTest, AQueryNumberOutOfItsRangeHasACode) {
  auto r = ReasonForMessage("must be 1..366");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->code, "out_of_range");
  EXPECT_EQ(r->params, (std::vector<std::pair<std::string, std::string>>{{"lo", "1"},
                                                                          {"hi", "366"}}));
  EXPECT_EQ(ReasonForMessage("must be within 0..100")->code, "trust_range");
}

TEST(ErrorReasonsTest, UnknownMessagesHaveNone) {
  EXPECT_FALSE(ReasonForMessage("the moon is not a date source").has_value());
  EXPECT_FALSE(ReasonForMessage(std::string(5000, 'x')).has_value());
  auto r = ReasonForMessage("too many failed sign-ins; try again in 7 s");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->code, "sign_in_wait");
  EXPECT_EQ(r->params.at(0).second, "7");
  EXPECT_EQ(ReasonForMessage("inquiry 'inq_1' is at version 3, not 2: someone else changed it; "
                             "reload and retry")
                ->code,
            "stale_version");
}

TEST(ErrorReasonsTest, TheCsvReadersNotesHaveCodes) {
  auto r = ReasonForMessage("encoding windows-1251, delimiter ';', columns: external_id, surname");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->code, "file_read");
  EXPECT_EQ(r->params.at(0).second, "windows-1251");
  EXPECT_EQ(r->params.at(1).second, ";");
  EXPECT_EQ(r->params.at(2).second, "external_id, surname");
  r = ReasonForMessage("column 4 'Группа крови' not recognised: kept in raw only");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->code, "column_unrecognised");
  EXPECT_EQ(r->params.at(1).second, "Группа крови");
}

}  // namespace
}  // namespace aftermath::http

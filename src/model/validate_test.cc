#include "model/validate.h"

#include <gtest/gtest.h>

namespace aftermath {
namespace {

Inquiry GoodInquiry() {
  Inquiry q;
  q.sought_name = "Серiков Ерлан";
  q.inquirer_name = "Aigul Serikova";
  q.callback_phone = "+7 701 123 45 67";
  return q;
}

TEST(ValidateTest, AcceptsAGoodInquiry) { EXPECT_TRUE(ValidateInquiry(GoodInquiry()).ok()); }

TEST(ValidateTest, NamesTheFieldAtFault) {
  Inquiry q = GoodInquiry();
  q.callback_phone = "call me";
  Status s = ValidateInquiry(q);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.field(), "callback_phone");

  q = GoodInquiry();
  q.sought_name = "  ...  ";
  EXPECT_EQ(ValidateInquiry(q).field(), "sought_name");

  q = GoodInquiry();
  q.sought_approx_age = 400;
  EXPECT_EQ(ValidateInquiry(q).field(), "sought_approx_age");
}

TEST(ValidateTest, RejectsInvalidUtf8AndControlCharacters) {
  EXPECT_TRUE(IsCleanUtf8("Қасым-Жомарт Тоқаев"));
  EXPECT_FALSE(IsCleanUtf8("\xd0"));              // truncated
  EXPECT_FALSE(IsCleanUtf8("\xc0\xaf"));          // overlong
  EXPECT_FALSE(IsCleanUtf8("\xed\xa0\x80"));      // surrogate
  EXPECT_FALSE(IsCleanUtf8(std::string("a\0b", 3)));
  Inquiry q = GoodInquiry();
  q.sought_name = "Ivan\xff";
  EXPECT_EQ(ValidateInquiry(q).field(), "sought_name");
}

TEST(ValidateTest, UnidentifiedReportNeedsSomeDescription) {
  Report r;
  r.source_id = "src_0123456789ABCDEF";
  EXPECT_EQ(ValidateReport(r).field(), "full_name");
  r.sex = Sex::kMale;
  r.approx_age = 30;
  r.features = "tattoo on the left arm";
  EXPECT_TRUE(ValidateReport(r).ok());
}

}  // namespace
}  // namespace aftermath

#include "model/validate.h"

#include <gtest/gtest.h>

namespace aftermath {
namespace {

// 2026-12-05T04:00:00Z
const Timestamp kNow = *ParseTimestamp("2026-12-05T04:00:00Z");

Inquiry GoodInquiry() {
  Inquiry q;
  q.sought_name = "Серiков Ерлан";
  q.inquirer_name = "Aigul Serikova";
  q.callback_phone = "+7 701 123 45 67";
  return q;
}

TEST(ValidateTest, AcceptsAGoodInquiry) { EXPECT_TRUE(ValidateInquiry(GoodInquiry(), kNow).ok()); }

TEST(ValidateTest, NamesTheFieldAtFault) {
  Inquiry q = GoodInquiry();
  q.callback_phone = "call me";
  Status s = ValidateInquiry(q, kNow);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.field(), "callback_phone");

  q = GoodInquiry();
  q.sought_name = "  ...  ";
  EXPECT_EQ(ValidateInquiry(q, kNow).field(), "sought_name");

  q = GoodInquiry();
  q.sought_approx_age = 400;
  EXPECT_EQ(ValidateInquiry(q, kNow).field(), "sought_approx_age");
}

TEST(ValidateTest, RejectsInvalidUtf8AndControlCharacters) {
  EXPECT_TRUE(IsCleanUtf8("Қасым-Жомарт Тоқаев"));
  EXPECT_FALSE(IsCleanUtf8("\xd0"));              // truncated
  EXPECT_FALSE(IsCleanUtf8("\xc0\xaf"));          // overlong
  EXPECT_FALSE(IsCleanUtf8("\xed\xa0\x80"));      // surrogate
  EXPECT_FALSE(IsCleanUtf8(std::string("a\0b", 3)));
  Inquiry q = GoodInquiry();
  q.sought_name = "Ivan\xff";
  EXPECT_EQ(ValidateInquiry(q, kNow).field(), "sought_name");
}

TEST(ValidateTest, UnidentifiedReportNeedsSomeDescription) {
  Report r;
  r.source_id = "src_0123456789ABCDEF";
  r.observed_at = r.received_at = kNow;
  EXPECT_EQ(ValidateReport(r, kNow).field(), "full_name");
  r.sex = Sex::kMale;
  r.approx_age = 30;
  r.features = "tattoo on the left arm";
  EXPECT_TRUE(ValidateReport(r, kNow).ok());
}

// A date in the future would pin a status (the newest word wins) or a birth year for ever.
TEST(ValidateTest, RefusesDatesInTheFuture) {
  Report r;
  r.source_id = "src_0123456789ABCDEF";
  r.name.full_name = "Серіков Ерлан";
  r.observed_at = r.received_at = kNow;
  EXPECT_TRUE(ValidateReport(r, kNow).ok());
  r.observed_at = kNow + std::chrono::minutes(9);  // a source's clock a little ahead
  EXPECT_TRUE(ValidateReport(r, kNow).ok());
  r.observed_at = kNow + std::chrono::minutes(11);
  EXPECT_EQ(ValidateReport(r, kNow).field(), "observed_at");
  r.observed_at = *ParseTimestamp("3026-01-01T00:00:00Z");
  EXPECT_EQ(ValidateReport(r, kNow).field(), "observed_at");
  r.observed_at = kNow;
  r.received_at = *ParseTimestamp("2027-01-01T00:00:00Z");
  EXPECT_EQ(ValidateReport(r, kNow).field(), "received_at");
  r.received_at = kNow;

  r.birth_date = *ParsePartialDate("2090");
  EXPECT_EQ(ValidateReport(r, kNow).field(), "birth_date");
  r.birth_date = *ParsePartialDate("2026-12-06");  // tomorrow
  EXPECT_EQ(ValidateReport(r, kNow).field(), "birth_date");
  for (const char* today : {"2026", "2026-12", "2026-12-05"}) {
    r.birth_date = *ParsePartialDate(today);
    EXPECT_TRUE(ValidateReport(r, kNow).ok()) << today;
  }

  Person p;
  p.names.push_back({.full_name = "Серіков Ерлан"});
  p.birth_date = *ParsePartialDate("2090-01-01");
  EXPECT_EQ(ValidatePerson(p, kNow).field(), "birth_date");

  Inquiry q = GoodInquiry();
  q.sought_birth_date = *ParsePartialDate("2027");
  EXPECT_EQ(ValidateInquiry(q, kNow).field(), "sought_birth_date");
  q = GoodInquiry();
  q.last_seen_at = *ParseTimestamp("2030-01-01T00:00:00Z");
  EXPECT_EQ(ValidateInquiry(q, kNow).field(), "last_seen_at");
}

TEST(ValidateTest, CleanNameDropsZeroWidthCharacters) {
  EXPECT_EQ(CleanName("Ив\u200bан"), "Иван");
  EXPECT_EQ(CleanName("\ufeffIvan\u2060 Petrov"), "Ivan Petrov");
  // ZWNJ/ZWJ hide a difference in Latin and Cyrillic names, but shape Persian and Indic ones.
  EXPECT_EQ(CleanName("Ivan\u200c\u200dov"), "Ivanov");
  EXPECT_EQ(CleanName("Ерлан\u200c"), "Ерлан");
  EXPECT_EQ(CleanName("\u0645\u06cc\u200c\u0631\u0636\u0627"), "\u0645\u06cc\u200c\u0631\u0636\u0627");
  EXPECT_EQ(CleanName("\u0645\u06cc\u200c\u200c\u0631"), "\u0645\u06cc\u200c\u0631");
  EXPECT_EQ(CleanName("\u202eIvan"), "\u202eIvan");  // refused by validation, not hidden
  EXPECT_EQ(CleanName("Ivan\xff"), "Ivan\xff");
}

TEST(ValidateTest, RefusesBidiControlsAndZeroWidthCharactersInNames) {
  for (const char* bad : {"\u202e", "\u202a", "\u2066", "\u2069", "\u200e", "\u200f",
                          "\u061c"}) {
    Inquiry q = GoodInquiry();
    q.sought_name = std::string("Ivan") + bad + "Petrov";
    EXPECT_EQ(ValidateInquiry(q, kNow).field(), "sought_name") << bad;
    q = GoodInquiry();
    q.inquirer_name = std::string(bad) + "Aigul";
    EXPECT_EQ(ValidateInquiry(q, kNow).field(), "inquirer_name") << bad;
  }
  for (const char* bad : {"\u200b", "\u2060", "\ufeff", "\u200c", "\u200d"}) {
    Person p;
    p.names.push_back({.full_name = std::string("Ivan") + bad + "Petrov"});
    EXPECT_EQ(ValidatePerson(p, kNow).field(), "full_name") << bad;
    Report r;
    r.source_id = "src_0123456789ABCDEF";
    r.observed_at = r.received_at = kNow;
    r.name.full_name = std::string("Ivan") + bad;
    EXPECT_EQ(ValidateReport(r, kNow).field(), "full_name") << bad;
  }
  Person persian;
  persian.names.push_back({.full_name = "\u0645\u06cc\u200c\u0631\u0636\u0627"});
  EXPECT_TRUE(ValidatePerson(persian, kNow).ok());
}

}  // namespace
}  // namespace aftermath

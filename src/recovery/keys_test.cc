#include "recovery/keys.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

namespace aftermath::recovery {
namespace {

void ExpectInvalid(const Result<std::string>& r, std::string_view field,
                   std::string_view message_part) {
  ASSERT_FALSE(r.ok()) << "accepted: " << *r;
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(r.status().field(), field);
  EXPECT_NE(r.status().message().find(message_part), std::string::npos) << r.status().ToString();
}

// BINs of real organisations (published in their statements): the check digit algorithm agrees
// with the issuer's on numbers this code did not make.
TEST(KzIdTest, RealBinsPass) {
  for (const char* bin : {"971240001315", "940140000385", "981140001551", "090340007747"}) {
    auto r = ParseBin(bin, "bin");
    ASSERT_TRUE(r.ok()) << bin << ": " << r.status().ToString();
    EXPECT_TRUE(IsBin(*r));
  }
}

TEST(KzIdTest, CheckDigitUsesTheSecondPassWhenTheFirstGivesTen) {
  EXPECT_EQ(KzCheckDigit("90010130001"), 7);
  // 8501154009x: first pass 10, second pass 1.
  EXPECT_EQ(KzCheckDigit("85011540091"), 1);
  // Both passes give 10: no such number is issued.
  EXPECT_EQ(KzCheckDigit("85011540090"), std::nullopt);
  EXPECT_EQ(KzCheckDigit("8501154009"), std::nullopt);
  EXPECT_EQ(KzCheckDigit("8501154009a"), std::nullopt);
  EXPECT_EQ(CompleteKzId("90010130001"), "900101300017");
}

TEST(KzIdTest, IinAcceptsSeparatorsAndReadsBirthDateAndSex) {
  auto r = ParseIin(" 900101 300017 ", "applicant_iin");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(*r, "900101300017");
  auto facts = FactsOfIin(*r);
  ASSERT_TRUE(facts);
  EXPECT_EQ(facts->birth_date, (PartialDate{1990, 1, 1}));
  EXPECT_EQ(facts->sex, Sex::kMale);
  auto f = FactsOfIin(*ParseIin("850115-400911", "iin"));
  EXPECT_EQ(f->birth_date, (PartialDate{1985, 1, 15}));
  EXPECT_EQ(f->sex, Sex::kFemale);
  // Digit 7 of 5: born in the 2000s.
  std::string young = *CompleteKzId("05031050012");
  EXPECT_EQ(FactsOfIin(young)->birth_date, (PartialDate{2005, 3, 10}));
}

TEST(KzIdTest, InvalidIinNamesTheFieldAndWhatIsWrong) {
  ExpectInvalid(ParseIin("900101300018", "applicant_iin"), "applicant_iin", "check digit");
  ExpectInvalid(ParseIin("90010130001", "applicant_iin"), "applicant_iin", "12 digits");
  ExpectInvalid(ParseIin("9001013000l7", "owner_iin"), "owner_iin", "12 digits");
  ExpectInvalid(ParseIin("", "applicant_iin"), "applicant_iin", "empty");
  // A valid BIN is not an IIN.
  ExpectInvalid(ParseIin("971240001315", "applicant_iin"), "applicant_iin", "BIN");
  // 31 February, with a correct check digit.
  ExpectInvalid(ParseIin(*CompleteKzId("90023130001"), "iin"), "iin", "date of birth");
  // Digit 7 of 8, with a correct check digit.
  ExpectInvalid(ParseIin(*CompleteKzId("90010180001"), "iin"), "iin", "digit 7");
}

TEST(KzIdTest, InvalidBinNamesTheField) {
  ExpectInvalid(ParseBin("971240001316", "bin"), "bin", "check digit");
  ExpectInvalid(ParseBin("900101300017", "bin"), "bin", "digit 5");
  ExpectInvalid(ParseBin(*CompleteKzId("97134000131"), "bin"), "bin", "month");
}

TEST(KzIdTest, IinOrBinPicksByTheFifthDigit) {
  EXPECT_TRUE(IsBin(*ParseIinOrBin("971240001315", "applicant_id")));
  EXPECT_FALSE(IsBin(*ParseIinOrBin("900101300017", "applicant_id")));
  ExpectInvalid(ParseIinOrBin("971240001314", "applicant_id"), "applicant_id", "check digit");
}

TEST(IbanTest, AcceptsGroupsAndLowerCaseAndChecksMod97) {
  auto r = ParseIban("kz86 125k zt50 0410 0100", "iban");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(*r, "KZ86125KZT5004100100");
  EXPECT_EQ(FormatIban(*r), "KZ86 125K ZT50 0410 0100");
  EXPECT_TRUE(ParseIban("DE89 3704 0044 0532 0130 00", "iban").ok());
  EXPECT_TRUE(ParseIban("GB82WEST12345698765432", "iban").ok());
}

TEST(IbanTest, CompletedCheckDigitsAreTheOnesParseIbanChecks) {
  EXPECT_EQ(CompleteKzIban("125KZT5004100100"), "KZ86125KZT5004100100");
  for (int n = 0; n < 200; ++n) {
    std::string iban = CompleteKzIban(fmt::format("601A{:012d}", 861001700000 + n));
    EXPECT_TRUE(ParseIban(iban, "iban").ok()) << iban;
  }
}

TEST(IbanTest, RejectsWrongCheckLengthAndCountry) {
  ExpectInvalid(ParseIban("KZ86125KZT5004100101", "iban"), "iban", "check digits");
  ExpectInvalid(ParseIban("KZ87125KZT5004100100", "iban"), "iban", "check digits");
  ExpectInvalid(ParseIban("KZ86125KZT500410010", "iban"), "iban", "20 characters");
  ExpectInvalid(ParseIban("RU86125KZT5004100100", "payee_iban"), "payee_iban", "'RU'");
  ExpectInvalid(ParseIban("KZ86ABCKZT5004100100", "iban"), "iban", "bank");
  ExpectInvalid(ParseIban("86125KZT5004100100", "iban"), "iban", "country code");
  ExpectInvalid(ParseIban("KZ86_125KZT5004100100", "iban"), "iban", "letters and digits");
}

TEST(VinTest, ChecksTheNinthCharacterWhereTheRegionRequiresIt) {
  EXPECT_EQ(VinCheckCharacter("1M8GDM9AXKP042788"), 'X');
  EXPECT_EQ(*ParseVin("1m8gdm9axkp042788", "vin"), "1M8GDM9AXKP042788");
  ExpectInvalid(ParseVin("1M8GDM9A1KP042788", "vin"), "vin", "check digit");
  // A European maker's VIN: character 9 is free.
  EXPECT_TRUE(ParseVin("WVWZZZ1JZXW000001", "vin").ok());
  ExpectInvalid(ParseVin("WVWZZZ1JZXW00000", "vin"), "vin", "17 characters");
  ExpectInvalid(ParseVin("WVWZZZ1JZXW0000O1", "vin"), "vin", "I, O or Q");
}

TEST(PlateTest, FoldsCyrillicLookAlikesAndSeparators) {
  EXPECT_EQ(*ParsePlate("123 ABC 02", "plate"), "123ABC02");
  EXPECT_EQ(*ParsePlate("123АВС02", "plate"), "123ABC02");  // Cyrillic А В С
  EXPECT_EQ(*ParsePlate("123-abc-02", "plate"), "123ABC02");
  ExpectInvalid(ParsePlate("123ЖЖЖ02", "plate"), "plate", "letters and digits");
  ExpectInvalid(ParsePlate("AB", "plate"), "plate", "4 to 10");
  ExpectInvalid(ParsePlate("ABCDE", "plate"), "plate", "digit");
}

TEST(PhoneTest, KazakhNationalFormsBecomeInternational) {
  EXPECT_EQ(*ParsePhone("8 (701) 123-45-67", "phone"), "+77011234567");
  EXPECT_EQ(*ParsePhone("+7 701 123 45 67", "phone"), "+77011234567");
  EXPECT_EQ(*ParsePhone("701 123 45 67", "phone"), "+77011234567");
  EXPECT_EQ(*ParsePhone("+49 30 1234567", "phone"), "+49301234567");
  ExpectInvalid(ParsePhone("123", "applicant_phone"), "applicant_phone", "10 to 15");
  ExpectInvalid(ParsePhone("+7 701 abc", "applicant_phone"), "applicant_phone", "only digits");
  ExpectInvalid(ParsePhone("", "applicant_phone"), "applicant_phone", "empty");
}

TEST(CadastralTest, KeepsColonsAndThePremises) {
  EXPECT_EQ(*ParseCadastral("20:321:012:345", "cadastral"), "20:321:012:345");
  EXPECT_EQ(*ParseCadastral("20-321-012-345", "cadastral"), "20:321:012:345");
  EXPECT_EQ(*ParseCadastral("20 321 012 345:1/12", "cadastral"), "20:321:012:345:1/12");
  ExpectInvalid(ParseCadastral("20:321:012", "cadastral_number"), "cadastral_number", "20:321");
  ExpectInvalid(ParseCadastral("2:321:012:345", "cadastral"), "cadastral", "region");
  ExpectInvalid(ParseCadastral("20:321/1:012:345", "cadastral"), "cadastral", "'/'");
  ExpectInvalid(ParseCadastral("20:321:012:345a", "cadastral"), "cadastral", "characters");
}

}  // namespace
}  // namespace aftermath::recovery

#include "recovery/keys.h"

#include <fmt/format.h>

#include <array>
#include <cctype>
#include <utility>
#include <vector>

#include "recovery/text.h"

namespace aftermath::recovery {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool AllDigits(std::string_view s) {
  for (char c : s) {
    if (!IsDigit(c)) return false;
  }
  return !s.empty();
}
int DigitAt(std::string_view s, size_t i) { return s[i] - '0'; }

// `text` without spaces (of any kind), dashes and dots, which people put between groups.
std::string WithoutSeparators(std::string_view text) {
  std::string out;
  for (char32_t c : DecodeUtf8(text)) {
    if (c == ' ' || c == '-' || c == '.' || c == '\t' || c == 0xA0 || c == 0x2009 || c == 0x202F ||
        c == 0x2010 || c == 0x2011 || c == 0x2013 || c == 0x2014) {
      continue;
    }
    AppendUtf8(c, out);
  }
  return out;
}

Status Invalid(std::string_view field, std::string message) {
  return InvalidArgument(std::move(message), std::string(field));
}

// The shape both IIN and BIN share: 12 digits whose last is the check digit of the others.
Result<std::string> TwelveDigits(std::string_view text, std::string_view field,
                                 std::string_view what) {
  std::string s = WithoutSeparators(text);
  if (s.empty()) return Invalid(field, fmt::format("{} is empty", what));
  if (!AllDigits(s)) return Invalid(field, fmt::format("{} must be 12 digits", what));
  if (s.size() != 12) {
    return Invalid(field, fmt::format("{} must be 12 digits, not {}", what, s.size()));
  }
  auto check = KzCheckDigit(std::string_view(s).substr(0, 11));
  if (!check || *check != DigitAt(s, 11)) {
    return Invalid(field,
                   fmt::format("{}: the check digit does not match (is a digit mistyped?)", what));
  }
  return s;
}

bool ValidDay(int year, int month, int day) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1) return false;
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  int max = kDays[month - 1] + (month == 2 && leap ? 1 : 0);
  return day <= max;
}

}  // namespace

std::optional<int> KzCheckDigit(std::string_view first11) {
  if (first11.size() != 11 || !AllDigits(first11)) return std::nullopt;
  int sum = 0;
  for (int i = 0; i < 11; ++i) sum += DigitAt(first11, i) * (i + 1);
  int check = sum % 11;
  if (check != 10) return check;
  static constexpr int kSecond[] = {3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2};
  sum = 0;
  for (int i = 0; i < 11; ++i) sum += DigitAt(first11, i) * kSecond[i];
  check = sum % 11;
  if (check == 10) return std::nullopt;
  return check;
}

std::optional<std::string> CompleteKzId(std::string_view first11) {
  auto check = KzCheckDigit(first11);
  if (!check) return std::nullopt;
  return std::string(first11) + static_cast<char>('0' + *check);
}

bool IsBin(std::string_view canonical) {
  return canonical.size() == 12 && canonical[4] >= '4' && canonical[4] <= '6';
}

std::optional<IinFacts> FactsOfIin(std::string_view s) {
  if (s.size() != 12 || !AllDigits(s) || IsBin(s)) return std::nullopt;
  int yy = DigitAt(s, 0) * 10 + DigitAt(s, 1);
  int mm = DigitAt(s, 2) * 10 + DigitAt(s, 3);
  int dd = DigitAt(s, 4) * 10 + DigitAt(s, 5);
  int c = DigitAt(s, 6);
  IinFacts facts;
  if (c >= 1 && c <= 6) {
    facts.birth_date = {1800 + 100 * ((c - 1) / 2) + yy, mm, dd};
    facts.sex = c % 2 == 1 ? Sex::kMale : Sex::kFemale;
  } else {
    // Digit 7 of 0: the century is not written; the date is read in the 1900s.
    facts.birth_date = {1900 + yy, mm, dd};
  }
  return facts;
}

Result<std::string> ParseIin(std::string_view text, std::string_view field) {
  ASSIGN_OR_RETURN(std::string s, TwelveDigits(text, field, "IIN"));
  if (IsBin(s)) {
    return Invalid(field, "is a BIN (an organisation's number), not an individual's IIN");
  }
  if (DigitAt(s, 6) > 6) {
    return Invalid(field, "IIN: digit 7 (century and sex) must be 0 to 6");
  }
  auto facts = FactsOfIin(s);
  const PartialDate& d = facts->birth_date;
  if (!ValidDay(d.year, d.month, d.day)) {
    return Invalid(field, "IIN: digits 1-6 are not a date of birth (YYMMDD)");
  }
  return s;
}

Result<std::string> ParseBin(std::string_view text, std::string_view field) {
  ASSIGN_OR_RETURN(std::string s, TwelveDigits(text, field, "BIN"));
  if (!IsBin(s)) {
    return Invalid(field,
                   "BIN: digit 5 must be 4, 5 or 6 (the kind of organisation); is this an IIN?");
  }
  int mm = DigitAt(s, 2) * 10 + DigitAt(s, 3);
  if (mm < 1 || mm > 12) {
    return Invalid(field, "BIN: digits 3-4 are the month of registration, 01 to 12");
  }
  return s;
}

Result<std::string> ParseIinOrBin(std::string_view text, std::string_view field) {
  std::string s = WithoutSeparators(text);
  if (s.size() == 12 && AllDigits(s) && IsBin(s)) return ParseBin(s, field);
  return ParseIin(s, field);
}

// ---- IBAN ----

namespace {

// IBAN lengths by country (SWIFT's IBAN registry).
constexpr std::pair<std::string_view, int> kIbanLengths[] = {
    {"AD", 24}, {"AE", 23}, {"AL", 28}, {"AT", 20}, {"AZ", 28}, {"BA", 20}, {"BE", 16}, {"BG", 22},
    {"BH", 22}, {"BY", 28}, {"CH", 21}, {"CY", 28}, {"CZ", 24}, {"DE", 22}, {"DK", 18}, {"EE", 20},
    {"EG", 29}, {"ES", 24}, {"FI", 18}, {"FO", 18}, {"FR", 27}, {"GB", 22}, {"GE", 22}, {"GI", 23},
    {"GL", 18}, {"GR", 27}, {"HR", 21}, {"HU", 28}, {"IE", 22}, {"IL", 23}, {"IQ", 23}, {"IS", 26},
    {"IT", 27}, {"JO", 30}, {"KW", 30}, {"KZ", 20}, {"LB", 28}, {"LC", 32}, {"LI", 21}, {"LT", 20},
    {"LU", 20}, {"LV", 21}, {"MC", 27}, {"MD", 24}, {"ME", 22}, {"MK", 19}, {"MR", 27}, {"MT", 31},
    {"MU", 30}, {"NL", 18}, {"NO", 15}, {"PK", 24}, {"PL", 28}, {"PS", 29}, {"PT", 25}, {"QA", 29},
    {"RO", 24}, {"RS", 22}, {"SA", 24}, {"SC", 31}, {"SE", 24}, {"SI", 19}, {"SK", 24}, {"SM", 27},
    {"ST", 25}, {"SV", 28}, {"TL", 23}, {"TN", 24}, {"TR", 26}, {"UA", 29}, {"VA", 22}, {"VG", 24},
    {"XK", 20},
};

std::optional<int> IbanLength(std::string_view country) {
  for (auto [c, n] : kIbanLengths) {
    if (c == country) return n;
  }
  return std::nullopt;
}

bool IsUpperAlnum(char c) { return IsDigit(c) || (c >= 'A' && c <= 'Z'); }

// ISO 7064 mod 97 of an IBAN's characters as moved (the first four at the end): letters count
// 10..35, taken piece by piece.
int IbanMod97(std::string_view moved) {
  int remainder = 0;
  for (char c : moved) {
    int v = IsDigit(c) ? c - '0' : c - 'A' + 10;
    remainder = (v >= 10 ? remainder * 100 + v : remainder * 10 + v) % 97;
  }
  return remainder;
}

}  // namespace

Result<std::string> ParseIban(std::string_view text, std::string_view field) {
  std::string s = WithoutSeparators(text);
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (s.empty()) return Invalid(field, "IBAN is empty");
  for (char c : s) {
    if (!IsUpperAlnum(c))
      return Invalid(field, "IBAN has characters other than letters and digits");
  }
  if (s.size() < 4 || !std::isalpha(static_cast<unsigned char>(s[0])) ||
      !std::isalpha(static_cast<unsigned char>(s[1])) || !IsDigit(s[2]) || !IsDigit(s[3])) {
    return Invalid(field, "IBAN must start with a country code and two check digits (KZ..)");
  }
  std::string country = s.substr(0, 2);
  auto length = IbanLength(country);
  if (!length) {
    return Invalid(field, fmt::format("IBAN: '{}' is not a country that uses IBAN", country));
  }
  if (static_cast<int>(s.size()) != *length) {
    return Invalid(field, fmt::format("IBAN: a {} IBAN has {} characters, not {}", country, *length,
                                      s.size()));
  }
  if (country == "KZ" && !AllDigits(std::string_view(s).substr(4, 3))) {
    return Invalid(field, "IBAN: a KZ IBAN's characters 5-7 are the bank's 3-digit code");
  }
  if (IbanMod97(s.substr(4) + s.substr(0, 4)) != 1) {
    return Invalid(field, "IBAN: the check digits do not match (is a character mistyped?)");
  }
  return s;
}

std::string CompleteKzIban(std::string_view bban) {
  return fmt::format("KZ{:02d}{}", 98 - IbanMod97(std::string(bban) + "KZ00"), bban);
}

std::string FormatIban(std::string_view canonical) {
  std::string out;
  for (size_t i = 0; i < canonical.size(); ++i) {
    if (i > 0 && i % 4 == 0) out += ' ';
    out += canonical[i];
  }
  return out;
}

// ---- vehicles ----

namespace {

// ISO 3779's values of the letters (I, O and Q are not used).
std::optional<int> VinValue(char c) {
  if (IsDigit(c)) return c - '0';
  static constexpr std::string_view kLetters = "ABCDEFGHJKLMNPRSTUVWXYZ";
  static constexpr int kValues[] = {1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4,
                                    5, 7, 9, 2, 3, 4, 5, 6, 7, 8, 9};
  size_t i = kLetters.find(c);
  if (i == std::string_view::npos) return std::nullopt;
  return kValues[i];
}

// Cyrillic capitals and small letters that look like the Latin letters plates and VINs use.
char32_t LatinLookAlike(char32_t c) {
  switch (c) {
    case U'А':
    case U'а':
      return 'A';
    case U'В':
    case U'в':
      return 'B';
    case U'Е':
    case U'е':
      return 'E';
    case U'К':
    case U'к':
      return 'K';
    case U'М':
    case U'м':
      return 'M';
    case U'Н':
    case U'н':
      return 'H';
    case U'О':
    case U'о':
      return 'O';
    case U'Р':
    case U'р':
      return 'P';
    case U'С':
    case U'с':
      return 'C';
    case U'Т':
    case U'т':
      return 'T';
    case U'У':
    case U'у':
      return 'Y';
    case U'Х':
    case U'х':
      return 'X';
    default:
      return c;
  }
}

// Upper-case ASCII letters and digits with look-alikes folded; nullopt when another character
// remains.
std::optional<std::string> PlateCharacters(std::string_view text) {
  std::string out;
  for (char32_t c : DecodeUtf8(WithoutSeparators(text))) {
    c = LatinLookAlike(c);
    if (c >= 'a' && c <= 'z') c = c - 'a' + 'A';
    if (c > 0x7F || !IsUpperAlnum(static_cast<char>(c))) return std::nullopt;
    out += static_cast<char>(c);
  }
  return out;
}

}  // namespace

std::optional<char> VinCheckCharacter(std::string_view vin) {
  static constexpr int kWeights[] = {8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2};
  if (vin.size() != 17) return std::nullopt;
  int sum = 0;
  for (int i = 0; i < 17; ++i) {
    auto v = VinValue(vin[i]);
    if (!v) return std::nullopt;
    sum += *v * kWeights[i];
  }
  int r = sum % 11;
  return r == 10 ? 'X' : static_cast<char>('0' + r);
}

Result<std::string> ParseVin(std::string_view text, std::string_view field) {
  auto chars = PlateCharacters(text);
  if (!chars || chars->empty()) {
    return Invalid(field,
                   chars ? "VIN is empty" : "VIN has characters other than letters and digits");
  }
  const std::string& s = *chars;
  if (s.size() != 17)
    return Invalid(field, fmt::format("VIN must be 17 characters, not {}", s.size()));
  for (char c : s) {
    if (c == 'I' || c == 'O' || c == 'Q') {
      return Invalid(field, "VIN never uses the letters I, O or Q (read 1 and 0?)");
    }
  }
  bool checked_region = (s[0] >= '1' && s[0] <= '5') || s[0] == 'L';
  if (checked_region && VinCheckCharacter(s) != s[8]) {
    return Invalid(field, "VIN: character 9, the check digit, does not match (mistyped?)");
  }
  return s;
}

Result<std::string> ParsePlate(std::string_view text, std::string_view field) {
  auto chars = PlateCharacters(text);
  if (!chars) return Invalid(field, "a plate has only letters and digits");
  if (chars->size() < 4 || chars->size() > 10) {
    return Invalid(field, "a plate has 4 to 10 letters and digits");
  }
  bool digit = false;
  for (char c : *chars) digit = digit || IsDigit(c);
  if (!digit) return Invalid(field, "a plate has at least one digit");
  return *chars;
}

// ---- contacts ----

Result<std::string> ParsePhone(std::string_view text, std::string_view field) {
  std::string digits;
  bool plus = false;
  for (char32_t c : DecodeUtf8(text)) {
    if (c >= '0' && c <= '9') {
      digits += static_cast<char>(c);
    } else if (c == '+' && digits.empty() && !plus) {
      plus = true;
    } else if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')' && c != 0xA0) {
      return Invalid(field, "a phone number has only digits, '+', spaces, dashes and brackets");
    }
  }
  if (digits.empty()) return Invalid(field, "the phone number is empty");
  if (!plus && digits.size() == 11 && digits[0] == '8') digits[0] = '7';        // 8 701 ...
  if (!plus && digits.size() == 10 && digits[0] == '7') digits = "7" + digits;  // 701 ...
  if (digits.size() < 10 || digits.size() > 15) {
    return Invalid(field, "a phone number has 10 to 15 digits with its country code");
  }
  return "+" + digits;
}

// ---- real estate ----

Result<std::string> ParseCadastral(std::string_view text, std::string_view field) {
  // Groups of digits split at any separator; a '/' stays inside the premises' group.
  std::vector<std::string> groups(1);
  for (char32_t c : DecodeUtf8(text)) {
    if (c >= '0' && c <= '9') {
      groups.back() += static_cast<char>(c);
    } else if (c == '/') {
      if (groups.size() < 5 || groups.back().empty()) {
        return Invalid(field, "cadastral number: '/' belongs only inside the premises' number");
      }
      groups.back() += '/';
    } else if (c == ':' || c == '-' || c == '.' || c == ' ') {
      if (!groups.back().empty()) groups.emplace_back();
    } else {
      return Invalid(field, "cadastral number has characters other than digits and separators");
    }
  }
  if (groups.back().empty()) groups.pop_back();
  constexpr std::string_view kShape =
      "cadastral number must look like 20:321:012:345 (region, district, quarter, parcel), "
      "optionally :premises";
  if (groups.size() != 4 && groups.size() != 5) return Invalid(field, std::string(kShape));
  if (groups[0].size() != 2 || groups[1].size() != 3 || groups[2].size() != 3 ||
      groups[3].empty() || groups[3].size() > 5) {
    return Invalid(field, std::string(kShape));
  }
  if (groups.size() == 5 && (groups[4].back() == '/' || groups[4].size() > 12)) {
    return Invalid(field, std::string(kShape));
  }
  std::string out = groups[0];
  for (size_t i = 1; i < groups.size(); ++i) out += ":" + groups[i];
  return out;
}

}  // namespace aftermath::recovery

// The keys that identify applicants, payees and affected objects, checked as their issuers
// define them: Kazakhstan's IIN (individuals) and BIN (organisations) with their check digit,
// IBAN (ISO 13616), vehicle VIN (ISO 3779) and plate, and the cadastral number of real estate.
// Each Parse* accepts what people type (spaces, dashes, lower case, Cyrillic look-alikes where
// they occur) and returns the one canonical form kept and compared; anything else is an
// InvalidArgument whose field is the caller's `field` and whose message says what is wrong.
// Pure functions, no state.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"
#include "model/enums.h"
#include "model/partial_date.h"

namespace aftermath::recovery {

// ---- IIN and BIN (12 digits; the 12th is a check digit over the first 11) ----

// The check digit of the first 11 digits: weights 1..11 mod 11; when that is 10, weights
// 3..11,1,2 mod 11. nullopt when the second pass gives 10 too (no such number is issued) or
// `first11` is not 11 digits.
std::optional<int> KzCheckDigit(std::string_view first11);

// What an IIN says of its holder: the birth date (digits 1-6 with the century of digit 7) and
// the sex (digit 7: odd male, even female). Digit 7 of 0 (foreigners' old numbers) says neither.
struct IinFacts {
  PartialDate birth_date;
  Sex sex = Sex::kUnknown;
};

// An individual's IIN: 12 digits after removing spaces and dashes, a real birth date in digits
// 1-6, digit 7 in 0..6, the check digit right.
Result<std::string> ParseIin(std::string_view text, std::string_view field);
// An organisation's BIN: 12 digits, a month in digits 3-4, digit 5 one of 4 (resident legal
// entity), 5 (non-resident) or 6 (joint venture / individual entrepreneur), the check digit right.
Result<std::string> ParseBin(std::string_view text, std::string_view field);
// Either (an applicant may be a person or a business): a BIN when digit 5 is 4-6, else an IIN.
Result<std::string> ParseIinOrBin(std::string_view text, std::string_view field);
// True for a canonical BIN (digit 5 is 4, 5 or 6), false for an IIN.
bool IsBin(std::string_view canonical);
// The facts of a canonical IIN; nullopt for a BIN.
std::optional<IinFacts> FactsOfIin(std::string_view canonical);
// The 11 digits followed by their check digit; nullopt when no check digit exists for them
// (test data and the claims generator).
std::optional<std::string> CompleteKzId(std::string_view first11);

// ---- IBAN (ISO 13616) ----

// Upper case without spaces: two letters, two check digits, the BBAN; the length the country's
// registry entry gives (KZ: 20, the BBAN a 3-digit bank code and 13 characters); mod 97 == 1.
Result<std::string> ParseIban(std::string_view text, std::string_view field);
// "KZ", the check digits and `bban` (16 upper-case letters or digits, the first three the bank's
// code): an IBAN that ParseIban accepts (test data and the claims generator).
std::string CompleteKzIban(std::string_view bban);
// "KZ86 125K ZT50 0410 0100": groups of four, for people to read.
std::string FormatIban(std::string_view canonical);

// ---- vehicles ----

// A 17-character VIN (no I, O or Q), upper case. Its 9th character is a check digit where the
// maker's region requires it (ISO 3779 / 49 CFR 565: North America, WMI 1-5; China, WMI L) and is
// checked there; elsewhere it is any character.
Result<std::string> ParseVin(std::string_view text, std::string_view field);
// The ISO 3779 check character of a 17-character VIN ('0'-'9' or 'X'); nullopt when a character
// has no value.
std::optional<char> VinCheckCharacter(std::string_view vin);
// A registration plate: letters and digits only, Cyrillic letters that look like Latin ones
// written in Latin (plates use only those), upper case; 4..10 characters with a digit.
// "123 ABC 02", "123АВС02" and "123-abc-02" are all "123ABC02".
Result<std::string> ParsePlate(std::string_view text, std::string_view field);

// ---- contacts ----

// A phone number as '+' and 10 to 15 digits. Kazakhstan's national forms are written
// internationally: "8 701 123 45 67" and "701 123 45 67" are "+77011234567". Spaces, dashes,
// dots and brackets are dropped.
Result<std::string> ParsePhone(std::string_view text, std::string_view field);

// ---- real estate ----

// Kazakhstan's cadastral number: region (2 digits), district (3), quarter (3), parcel (1-5),
// and optionally the premises within the building (digits, "/" and digits). Separators may be
// ':', '-', '.' or spaces; kept as ':' ("20:321:012:345", "20:321:012:345:1/12").
Result<std::string> ParseCadastral(std::string_view text, std::string_view field);

}  // namespace aftermath::recovery

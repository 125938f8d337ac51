// Validation of records coming in from outside: each returns the first problem found, as an
// InvalidArgument naming the field ("sought_name: must not be empty").
#pragma once

#include <chrono>

#include "common/status.h"
#include "model/records.h"

namespace aftermath {

inline constexpr size_t kMaxNameLength = 300;
inline constexpr size_t kMaxTextLength = 4000;
inline constexpr size_t kMaxRawLength = 64 * 1024;
// How far ahead of the server's clock a timestamp from outside may be (clocks drift). Anything
// later is refused: a report "observed" in 3026 would outrank every true report forever.
inline constexpr std::chrono::minutes kMaxClockSkew{10};

// InvalidArgument naming `field` when `value` is longer than `max_length` bytes or is not clean
// UTF-8 text (IsCleanUtf8).
Status CheckText(std::string_view value, std::string_view field, size_t max_length);
// A name as it is kept: zero-width characters that only hide differences between two spellings
// (U+200B, U+2060, U+FEFF; U+200C/U+200D except between two letters of scripts that join with
// them, as Persian does) removed. Bidi controls stay, for ValidatePersonName to refuse: they
// reorder what an operator reads. Text that is not valid UTF-8 comes back as it is.
std::string CleanName(std::string_view name);
// InvalidArgument naming `field` for text that is too long or not clean UTF-8, for a bidi
// control (U+202A–202E, U+2066–2069, U+200E, U+200F, U+061C) and for any zero-width character
// CleanName would remove. Callers clean names first.
Status CheckNameText(std::string_view value, std::string_view field, size_t max_length);
Status ValidatePersonName(const PersonName& name, std::string_view field);
// InvalidArgument naming `field` when `t` is later than `now` plus kMaxClockSkew.
Status CheckNotFuture(Timestamp t, Timestamp now, std::string_view field);
// InvalidArgument naming `field` when the earliest day `date` may mean is after `now`'s day
// (a birth date of 2090, or of tomorrow). An empty date passes.
Status CheckBirthDate(const PartialDate& date, Timestamp now, std::string_view field);
// Each Validate* also refuses dates after `now` (the clock of the server receiving the record).
Status ValidatePerson(const Person& person, Timestamp now);
// A report may carry no name when it is about a known person (person_id) or describes an
// unidentified one (sex, age or features).
Status ValidateReport(const Report& report, Timestamp now);
Status ValidateInquiry(const Inquiry& inquiry, Timestamp now);
// True for text a person writes a phone number in: digits, spaces, + ( ) - and 5..20 digits.
bool IsPhoneText(std::string_view text);
// A phone number's last ten digits, so that the forms people write one number in meet
// ("+7 701 123-45-67", "8 (701) 1234567"); all its digits when it has fewer.
std::string PhoneKey(std::string_view phone);
Status ValidateSource(const Source& source);

// True when `s` is valid UTF-8 without control characters other than tab and newline.
bool IsCleanUtf8(std::string_view s);

}  // namespace aftermath

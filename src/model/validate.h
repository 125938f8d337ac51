// Validation of records coming in from outside: each returns the first problem found, as an
// InvalidArgument naming the field ("sought_name: must not be empty").
#pragma once

#include "common/status.h"
#include "model/records.h"

namespace aftermath {

inline constexpr size_t kMaxNameLength = 300;
inline constexpr size_t kMaxTextLength = 4000;
inline constexpr size_t kMaxRawLength = 64 * 1024;

// InvalidArgument naming `field` when `value` is longer than `max_length` bytes or is not clean
// UTF-8 text (IsCleanUtf8).
Status CheckText(std::string_view value, std::string_view field, size_t max_length);
Status ValidatePersonName(const PersonName& name, std::string_view field);
Status ValidatePerson(const Person& person);
// A report may carry no name when it is about a known person (person_id) or describes an
// unidentified one (sex, age or features).
Status ValidateReport(const Report& report);
Status ValidateInquiry(const Inquiry& inquiry);
Status ValidateSource(const Source& source);

// True when `s` is valid UTF-8 without control characters other than tab and newline.
bool IsCleanUtf8(std::string_view s);

}  // namespace aftermath

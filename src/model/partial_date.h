// A birth date as sources know it: a year, a year and month, or a full date.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace aftermath {

struct PartialDate {
  int year = 0;
  int month = 0;  // 0 when unknown
  int day = 0;    // 0 when unknown

  bool empty() const { return year == 0; }
  // "1990", "1990-03" or "1990-03-21".
  std::string ToString() const;
  friend bool operator==(const PartialDate&, const PartialDate&) = default;
};

// Parses "YYYY", "YYYY-MM" or "YYYY-MM-DD"; rejects impossible dates ("1990-02-30") and years
// outside 1880..2100 with a message naming the value.
Result<PartialDate> ParsePartialDate(std::string_view text);

}  // namespace aftermath

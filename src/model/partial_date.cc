#include "model/partial_date.h"

#include <fmt/format.h>

#include <charconv>
#include <chrono>

namespace aftermath {
namespace {

bool Digits(std::string_view s, size_t n, int& out) {
  if (s.size() != n) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  std::from_chars(s.data(), s.data() + n, out);
  return true;
}

}  // namespace

std::string PartialDate::ToString() const {
  if (year == 0) return {};
  if (month == 0) return fmt::format("{:04d}", year);
  if (day == 0) return fmt::format("{:04d}-{:02d}", year, month);
  return fmt::format("{:04d}-{:02d}-{:02d}", year, month, day);
}

Result<PartialDate> ParsePartialDate(std::string_view text) {
  auto bad = [&] {
    return InvalidArgument(
        fmt::format("'{}' is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)", text.substr(0, 40)));
  };
  PartialDate d;
  if (!Digits(text.substr(0, 4), 4, d.year)) return bad();
  if (text.size() > 4) {
    if (text[4] != '-' || !Digits(text.substr(5, 2), 2, d.month)) return bad();
    if (text.size() > 7) {
      if (text.size() != 10 || text[7] != '-' || !Digits(text.substr(8, 2), 2, d.day)) return bad();
    }
  }
  if (d.year < 1880 || d.year > 2100) return bad();
  if (d.month > 12 || (text.size() > 4 && d.month == 0)) return bad();
  if (text.size() > 7) {
    using namespace std::chrono;
    if (!year_month_day(year(d.year), month(d.month), day(d.day)).ok()) return bad();
  }
  return d;
}

}  // namespace aftermath

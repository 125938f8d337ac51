#include "recovery/working_days.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

namespace aftermath::recovery {
namespace {

using std::chrono::sys_days;

bool IsWeekend(sys_days day) {
  std::chrono::weekday wd{day};
  return wd == std::chrono::Saturday || wd == std::chrono::Sunday;
}

}  // namespace

WorkingCalendar WorkingCalendar::Kazakhstan() {
  WorkingCalendar c;
  c.fixed_ = {{1, 1, true},  {1, 2, true},  {1, 7, false},  {3, 8, true},  {3, 21, true},
              {3, 22, true}, {3, 23, true}, {5, 1, true},   {5, 7, true},  {5, 9, true},
              {7, 6, true},  {8, 30, true}, {10, 25, true}, {12, 16, true}};
  return c;
}

void WorkingCalendar::AddDaysOff(const std::vector<sys_days>& days) {
  extra_.insert(days.begin(), days.end());
}

bool WorkingCalendar::IsWorkingDay(sys_days day) const {
  if (IsWeekend(day) || extra_.contains(day)) return false;
  if (fixed_.empty()) return true;
  std::chrono::year_month_day ymd{day};
  std::chrono::year year = ymd.year();
  auto date = [&](const Fixed& f) {
    return sys_days(
        std::chrono::year_month_day(year, std::chrono::month(f.month), std::chrono::day(f.day)));
  };
  std::set<sys_days> holidays;
  for (const Fixed& f : fixed_) holidays.insert(date(f));
  if (holidays.contains(day)) return false;
  // The carried-over days off of this year's holidays, in date order: each takes the first
  // working day after its holiday that is neither a holiday nor already taken.
  std::set<sys_days> carried;
  for (const Fixed& f : fixed_) {
    sys_days h = date(f);
    if (!f.carried || !IsWeekend(h)) continue;
    sys_days next = h + std::chrono::days(1);
    while (IsWeekend(next) || holidays.contains(next) || extra_.contains(next) ||
           carried.contains(next)) {
      next += std::chrono::days(1);
    }
    if (next == day) return false;
    carried.insert(next);
  }
  return true;
}

Result<std::vector<sys_days>> ParseDaysOff(std::string_view text, std::string_view field) {
  std::vector<sys_days> out;
  size_t i = 0;
  auto separator = [](char c) {
    return c == ',' || c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == ';';
  };
  while (i < text.size()) {
    if (separator(text[i])) {
      ++i;
      continue;
    }
    size_t end = i;
    while (end < text.size() && !separator(text[end])) ++end;
    std::string_view word = text.substr(i, end - i);
    i = end;
    auto refuse = [&] {
      return InvalidArgument(fmt::format("'{}' is not a date (YYYY-MM-DD)", word.substr(0, 40)),
                             std::string(field));
    };
    if (word.size() != 10 || word[4] != '-' || word[7] != '-') return refuse();
    int y = 0;
    unsigned m = 0, d = 0;
    auto num = [&](std::string_view s, auto& v) {
      auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
      return ec == std::errc() && p == s.data() + s.size();
    };
    if (!num(word.substr(0, 4), y) || !num(word.substr(5, 2), m) || !num(word.substr(8, 2), d)) {
      return refuse();
    }
    std::chrono::year_month_day ymd{std::chrono::year(y), std::chrono::month(m),
                                    std::chrono::day(d)};
    if (!ymd.ok()) return refuse();
    out.push_back(sys_days(ymd));
  }
  return out;
}

Timestamp AddWorkingDays(Timestamp from, int days, const WorkingCalendar& calendar,
                         std::chrono::minutes utc_offset) {
  auto local = from + utc_offset;
  auto day = std::chrono::floor<std::chrono::days>(local);
  auto time_of_day = local - day;
  for (int left = days; left > 0;) {
    day += std::chrono::days(1);
    if (calendar.IsWorkingDay(sys_days(day))) --left;
  }
  return std::chrono::time_point_cast<std::chrono::milliseconds>(day + time_of_day) - utc_offset;
}

}  // namespace aftermath::recovery

// Deadlines in working days: Monday to Friday in Kazakhstan's time (UTC+5, one zone since
// 2024-03-01), less the public holidays of a WorkingCalendar: Kazakhstan's holidays fixed by date
// (with their carry-over to the next working day), plus the days off an operator configures (the
// first day of Kurban ait, which follows the lunar calendar, and the days the government moves).
#pragma once

#include <chrono>
#include <set>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/status.h"

namespace aftermath::recovery {

inline constexpr std::chrono::minutes kKazakhstanOffset{5 * 60};

// Which days are working days. A plain value: copy it freely; thread-safe to read.
class WorkingCalendar {
 public:
  // Monday to Friday, no holidays.
  WorkingCalendar() = default;
  // Kazakhstan's public holidays that fall on the same date every year (Law "On holidays in the
  // Republic of Kazakhstan"): 1-2 January, 7 January (Orthodox Christmas), 8 March, 21-23 March
  // (Nauryz), 1 May, 7 May, 9 May, 6 July, 30 August, 25 October, 16 December. A holiday that
  // falls on a Saturday or Sunday moves the day off to the next working day after the holidays,
  // except the religious 7 January.
  static WorkingCalendar Kazakhstan();

  // Adds days off (local dates) beyond the fixed holidays: Kurban ait's first day, the days a
  // government decree moves. A configured day on a weekend changes nothing.
  void AddDaysOff(const std::vector<std::chrono::sys_days>& days);
  const std::set<std::chrono::sys_days>& extra_days_off() const { return extra_; }

  // True for Monday to Friday unless a holiday, a holiday's carried-over day off or a configured
  // day off.
  bool IsWorkingDay(std::chrono::sys_days day) const;

 private:
  struct Fixed {
    unsigned month, day;
    bool carried;  // moved to the next working day when it falls on a weekend
  };
  std::vector<Fixed> fixed_;
  std::set<std::chrono::sys_days> extra_;
};

// Dates as "YYYY-MM-DD", separated by commas, spaces or new lines (a server option or a config
// file's value). InvalidArgument naming `field` and the first date that is not one.
Result<std::vector<std::chrono::sys_days>> ParseDaysOff(std::string_view text,
                                                        std::string_view field);

// The moment `days` working days after `from`: the same local time of day on the `days`-th
// working day after `from`'s local day. A claim complete on a Friday afternoon is due the
// Friday after, at the same time, unless holidays come between. REQUIRES: days >= 0.
Timestamp AddWorkingDays(Timestamp from, int days,
                         const WorkingCalendar& calendar = WorkingCalendar::Kazakhstan(),
                         std::chrono::minutes utc_offset = kKazakhstanOffset);

}  // namespace aftermath::recovery

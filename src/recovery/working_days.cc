#include "recovery/working_days.h"

namespace aftermath::recovery {

Timestamp AddWorkingDays(Timestamp from, int days, std::chrono::minutes utc_offset) {
  auto local = from + utc_offset;
  auto day = std::chrono::floor<std::chrono::days>(local);
  auto time_of_day = local - day;
  for (int left = days; left > 0;) {
    day += std::chrono::days(1);
    std::chrono::weekday wd{std::chrono::sys_days(day)};
    if (wd != std::chrono::Saturday && wd != std::chrono::Sunday) --left;
  }
  return std::chrono::time_point_cast<std::chrono::milliseconds>(day + time_of_day) - utc_offset;
}

}  // namespace aftermath::recovery

#include "common/clock.h"

#include <fmt/format.h>

#include <charconv>

namespace aftermath {
namespace {

bool ParseInt(std::string_view s, int& out) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

}  // namespace

Timestamp SystemClock::Now() const {
  return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
}

std::string FormatTimestamp(Timestamp t) {
  using namespace std::chrono;
  auto day = floor<days>(t);
  year_month_day ymd(day);
  hh_mm_ss hms(t - day);
  return fmt::format("{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}.{:03d}Z", int(ymd.year()),
                     unsigned(ymd.month()), unsigned(ymd.day()), hms.hours().count(),
                     hms.minutes().count(), hms.seconds().count(), hms.subseconds().count());
}

Result<Timestamp> ParseTimestamp(std::string_view text) {
  using namespace std::chrono;
  auto bad = [&] {
    return InvalidArgument(fmt::format("'{}' is not a UTC time like 2026-01-06T10:00:00Z",
                                       text.substr(0, 64)));
  };
  int y, mo, d, h = 0, mi = 0, s = 0, ms = 0;
  if (text.size() < 10 || text[4] != '-' || text[7] != '-') return bad();
  if (!ParseInt(text.substr(0, 4), y) || !ParseInt(text.substr(5, 2), mo) ||
      !ParseInt(text.substr(8, 2), d))
    return bad();
  year_month_day ymd{year(y), month(mo), day(d)};
  if (!ymd.ok()) return bad();
  std::string_view rest = text.substr(10);
  int offset_minutes = 0;
  if (!rest.empty()) {
    if (rest[0] != 'T' && rest[0] != 't' && rest[0] != ' ') return bad();
    rest.remove_prefix(1);
    if (rest.size() < 5 || rest[2] != ':' || !ParseInt(rest.substr(0, 2), h) ||
        !ParseInt(rest.substr(3, 2), mi))
      return bad();
    rest.remove_prefix(5);
    if (!rest.empty() && rest[0] == ':') {
      if (rest.size() < 3 || !ParseInt(rest.substr(1, 2), s)) return bad();
      rest.remove_prefix(3);
      if (!rest.empty() && rest[0] == '.') {
        size_t n = 1;
        while (n < rest.size() && rest[n] >= '0' && rest[n] <= '9') ++n;
        std::string frac(rest.substr(1, n - 1));
        if (frac.empty()) return bad();
        frac.resize(3, '0');
        if (!ParseInt(frac, ms)) return bad();
        rest.remove_prefix(n);
      }
    }
    if (rest == "Z" || rest == "z") {
    } else if (rest.size() == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':') {
      int oh, om;
      if (!ParseInt(rest.substr(1, 2), oh) || !ParseInt(rest.substr(4, 2), om)) return bad();
      offset_minutes = (oh * 60 + om) * (rest[0] == '+' ? 1 : -1);
    } else {
      return bad();  // a time without a zone is ambiguous
    }
    if (h > 23 || mi > 59 || s > 60) return bad();
  }
  Timestamp t = time_point_cast<milliseconds>(sys_days(ymd)) + hours(h) + minutes(mi) +
                seconds(s) + milliseconds(ms) - minutes(offset_minutes);
  return t;
}

}  // namespace aftermath

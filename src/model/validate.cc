#include "model/validate.h"

#include <fmt/format.h>

#include <cctype>
#include <chrono>

namespace aftermath {

Status CheckText(std::string_view value, std::string_view field, size_t max_length) {
  if (value.size() > max_length) {
    return InvalidArgument(fmt::format("is {} bytes long; at most {} allowed", value.size(),
                                       max_length),
                           std::string(field));
  }
  if (!IsCleanUtf8(value)) {
    return InvalidArgument("is not valid UTF-8 text", std::string(field));
  }
  return Status::Ok();
}

namespace {

Status CheckAge(const std::optional<int>& age, std::string_view field) {
  if (age && (*age < 0 || *age > 130)) {
    return InvalidArgument(fmt::format("{} is not an age (0..130)", *age), std::string(field));
  }
  return Status::Ok();
}

// The next code point of valid UTF-8 text at `i`, which moves past it.
char32_t NextCodePoint(std::string_view s, size_t& i) {
  unsigned char c = s[i];
  size_t n = c < 0x80 ? 0 : (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2 : 3;
  char32_t cp = n == 0 ? c : n == 1 ? (c & 0x1F) : n == 2 ? (c & 0x0F) : (c & 0x07);
  for (size_t k = 1; k <= n && i + k < s.size(); ++k) cp = (cp << 6) | (s[i + k] & 0x3F);
  i += n + 1;
  return cp;
}

bool IsBidiControl(char32_t c) {
  return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200E ||
         c == 0x200F || c == 0x061C;
}

// Invisible in every script: never part of a name.
bool IsZeroWidthSpace(char32_t c) { return c == 0x200B || c == 0x2060 || c == 0xFEFF; }

bool IsJoiner(char32_t c) { return c == 0x200C || c == 0x200D; }

// Scripts where ZWNJ/ZWJ change how letters join (Persian "می‌خواهم", Indic conjuncts): from
// Hebrew on to U+1FFF, and the Arabic presentation forms. Latin, Greek and Cyrillic names
// have no use for them, so there they only hide a difference.
bool JoinsWithJoiners(char32_t c) {
  return (c >= 0x0590 && c < 0x2000) || (c >= 0xFB1D && c <= 0xFDFF) ||
         (c >= 0xFE70 && c <= 0xFEFC);
}

bool HasLetterOrDigit(std::string_view s) {
  for (unsigned char c : s) {
    if (c >= 0x80 || std::isalnum(c)) return true;
  }
  return false;
}

Status CheckPhone(std::string_view phone, std::string_view field) {
  if (IsPhoneText(phone)) return Status::Ok();
  return InvalidArgument(fmt::format("'{}' is not a phone number", phone.substr(0, 40)),
                         std::string(field));
}

}  // namespace

bool IsPhoneText(std::string_view text) {
  int digits = 0;
  for (char c : text) {
    if (c >= '0' && c <= '9') {
      ++digits;
    } else if (c != ' ' && c != '+' && c != '(' && c != ')' && c != '-') {
      return false;
    }
  }
  return digits >= 5 && digits <= 20;
}

bool IsCleanUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = s[i];
    size_t n;
    uint32_t cp;
    if (c < 0x80) {
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return false;
      if (c == 0x7f) return false;
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      n = 1;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      n = 2;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      n = 3;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + n >= s.size()) return false;  // truncated sequence
    for (size_t k = 1; k <= n; ++k) {
      unsigned char cc = s[i + k];
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
        cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;  // overlong, out of range or a surrogate
    }
    i += n + 1;
  }
  return true;
}

std::string CleanName(std::string_view name) {
  if (!IsCleanUtf8(name)) return std::string(name);
  std::string out;
  out.reserve(name.size());
  char32_t last_kept = 0;
  for (size_t i = 0; i < name.size();) {
    size_t start = i;
    char32_t c = NextCodePoint(name, i);
    if (IsZeroWidthSpace(c)) continue;
    if (IsJoiner(c)) {
      size_t j = i;
      char32_t next = j < name.size() ? NextCodePoint(name, j) : 0;
      if (!JoinsWithJoiners(last_kept) || !JoinsWithJoiners(next)) continue;
    }
    out.append(name.substr(start, i - start));
    last_kept = c;
  }
  return out;
}

Status CheckNameText(std::string_view value, std::string_view field, size_t max_length) {
  RETURN_IF_ERROR(CheckText(value, field, max_length));
  for (size_t i = 0; i < value.size();) {
    char32_t c = NextCodePoint(value, i);
    if (IsBidiControl(c)) {
      return InvalidArgument(
          fmt::format("holds the bidi control U+{:04X}, which reorders how the name reads",
                      static_cast<uint32_t>(c)),
          std::string(field));
    }
  }
  if (CleanName(value) != value) {
    return InvalidArgument("holds zero-width characters", std::string(field));
  }
  return Status::Ok();
}

Status ValidatePersonName(const PersonName& name, std::string_view field) {
  RETURN_IF_ERROR(CheckNameText(name.full_name, field, kMaxNameLength));
  if (!HasLetterOrDigit(name.full_name)) {
    return InvalidArgument("must contain a name", std::string(field));
  }
  return Status::Ok();
}

Status CheckNotFuture(Timestamp t, Timestamp now, std::string_view field) {
  if (t > now + kMaxClockSkew) {
    return InvalidArgument(fmt::format("{} is in the future (the server's time is {})",
                                       FormatTimestamp(t), FormatTimestamp(now)),
                           std::string(field));
  }
  return Status::Ok();
}

Status CheckBirthDate(const PartialDate& date, Timestamp now, std::string_view field) {
  if (date.empty()) return Status::Ok();
  using namespace std::chrono;
  year_month_day today{floor<days>(now)};
  year_month_day earliest{year(date.year), month(date.month ? date.month : 1),
                          day(date.day ? date.day : 1)};
  if (sys_days(earliest) > sys_days(today)) {
    return InvalidArgument(fmt::format("'{}' is in the future", date.ToString()),
                           std::string(field));
  }
  return Status::Ok();
}

Status ValidatePerson(const Person& p, Timestamp now) {
  if (p.names.empty()) return InvalidArgument("must not be empty", "full_name");
  for (const auto& n : p.names) RETURN_IF_ERROR(ValidatePersonName(n, "full_name"));
  RETURN_IF_ERROR(CheckBirthDate(p.birth_date, now, "birth_date"));
  RETURN_IF_ERROR(CheckAge(p.approx_age, "approx_age"));
  RETURN_IF_ERROR(CheckText(p.home_locality, "home_locality", kMaxNameLength));
  RETURN_IF_ERROR(CheckText(p.features, "features", kMaxTextLength));
  return Status::Ok();
}

Status ValidateReport(const Report& r, Timestamp now) {
  if (r.source_id.empty()) return InvalidArgument("must name the reporting source", "source_id");
  RETURN_IF_ERROR(CheckText(r.external_id, "external_id", 200));
  if (!r.name.full_name.empty()) {
    RETURN_IF_ERROR(ValidatePersonName(r.name, "full_name"));
  } else if (r.person_id.empty() && r.sex == Sex::kUnknown && !r.approx_age &&
             r.birth_date.empty() && r.features.empty()) {
    return InvalidArgument(
        "a report needs a name, or for an unidentified person at least sex, age or features",
        "full_name");
  }
  RETURN_IF_ERROR(CheckAge(r.approx_age, "approx_age"));
  RETURN_IF_ERROR(CheckBirthDate(r.birth_date, now, "birth_date"));
  RETURN_IF_ERROR(CheckNotFuture(r.observed_at, now, "observed_at"));
  RETURN_IF_ERROR(CheckNotFuture(r.received_at, now, "received_at"));
  RETURN_IF_ERROR(CheckText(r.features, "features", kMaxTextLength));
  RETURN_IF_ERROR(CheckText(r.facility, "facility", kMaxNameLength));
  RETURN_IF_ERROR(CheckText(r.location, "location", kMaxNameLength));
  RETURN_IF_ERROR(CheckText(r.notes, "notes", kMaxTextLength));
  if (r.raw.size() > kMaxRawLength) {
    return InvalidArgument(fmt::format("is longer than {} bytes", kMaxRawLength), "raw");
  }
  return Status::Ok();
}

Status ValidateInquiry(const Inquiry& q, Timestamp now) {
  RETURN_IF_ERROR(ValidatePersonName(PersonName{.full_name = q.sought_name}, "sought_name"));
  RETURN_IF_ERROR(CheckBirthDate(q.sought_birth_date, now, "sought_birth_date"));
  RETURN_IF_ERROR(CheckAge(q.sought_approx_age, "sought_approx_age"));
  if (q.last_seen_at) RETURN_IF_ERROR(CheckNotFuture(*q.last_seen_at, now, "last_seen_at"));
  RETURN_IF_ERROR(CheckText(q.sought_home_locality, "sought_home_locality", kMaxNameLength));
  RETURN_IF_ERROR(CheckText(q.last_seen_place, "last_seen_place", kMaxNameLength));
  RETURN_IF_ERROR(CheckText(q.sought_features, "sought_features", kMaxTextLength));
  RETURN_IF_ERROR(CheckNameText(q.inquirer_name, "inquirer_name", kMaxNameLength));
  if (q.inquirer_name.empty()) return InvalidArgument("must not be empty", "inquirer_name");
  RETURN_IF_ERROR(CheckText(q.inquirer_relation, "inquirer_relation", 100));
  if (q.callback_phone.empty()) return InvalidArgument("must not be empty", "callback_phone");
  RETURN_IF_ERROR(CheckPhone(q.callback_phone, "callback_phone"));
  RETURN_IF_ERROR(CheckText(q.notes, "notes", kMaxTextLength));
  RETURN_IF_ERROR(CheckText(q.close_reason, "close_reason", kMaxTextLength));
  if (!q.language.empty() && q.language != "kk" && q.language != "ru" && q.language != "en") {
    return InvalidArgument("must be kk, ru or en", "language");
  }
  return Status::Ok();
}

std::string PhoneKey(std::string_view phone) {
  std::string digits;
  for (char c : phone) {
    if (c >= '0' && c <= '9') digits += c;
  }
  constexpr size_t kKeyDigits = 10;
  return digits.size() > kKeyDigits ? digits.substr(digits.size() - kKeyDigits) : digits;
}

Status ValidateSource(const Source& s) {
  RETURN_IF_ERROR(CheckText(s.name, "name", kMaxNameLength));
  if (!HasLetterOrDigit(s.name)) return InvalidArgument("must not be empty", "name");
  RETURN_IF_ERROR(CheckText(s.region, "region", kMaxNameLength));
  if (s.trust < 0 || s.trust > 100) return InvalidArgument("must be within 0..100", "trust");
  return Status::Ok();
}

}  // namespace aftermath

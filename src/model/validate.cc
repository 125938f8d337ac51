#include "model/validate.h"

#include <fmt/format.h>

#include <cctype>

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

bool HasLetterOrDigit(std::string_view s) {
  for (unsigned char c : s) {
    if (c >= 0x80 || std::isalnum(c)) return true;
  }
  return false;
}

// Phone numbers as people type them: digits, spaces, + ( ) - ; 5..20 digits.
Status CheckPhone(std::string_view phone, std::string_view field) {
  int digits = 0;
  for (char c : phone) {
    if (c >= '0' && c <= '9') {
      ++digits;
    } else if (c != ' ' && c != '+' && c != '(' && c != ')' && c != '-') {
      return InvalidArgument(fmt::format("'{}' is not a phone number", phone.substr(0, 40)),
                             std::string(field));
    }
  }
  if (digits < 5 || digits > 20) {
    return InvalidArgument(fmt::format("'{}' is not a phone number", phone.substr(0, 40)),
                           std::string(field));
  }
  return Status::Ok();
}

}  // namespace

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

Status ValidatePersonName(const PersonName& name, std::string_view field) {
  RETURN_IF_ERROR(CheckText(name.full_name, field, kMaxNameLength));
  if (!HasLetterOrDigit(name.full_name)) {
    return InvalidArgument("must contain a name", std::string(field));
  }
  return Status::Ok();
}

Status ValidatePerson(const Person& p) {
  if (p.names.empty()) return InvalidArgument("must not be empty", "full_name");
  for (const auto& n : p.names) RETURN_IF_ERROR(ValidatePersonName(n, "full_name"));
  RETURN_IF_ERROR(CheckAge(p.approx_age, "approx_age"));
  RETURN_IF_ERROR(CheckText(p.home_locality, "home_locality", kMaxNameLength));
  RETURN_IF_ERROR(CheckText(p.features, "features", kMaxTextLength));
  return Status::Ok();
}

Status ValidateReport(const Report& r) {
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
  RETURN_IF_ERROR(CheckText(r.features, "features", kMaxTextLength));
  RETURN_IF_ERROR(CheckText(r.facility, "facility", kMaxNameLength));
  RETURN_IF_ERROR(CheckText(r.location, "location", kMaxNameLength));
  RETURN_IF_ERROR(CheckText(r.notes, "notes", kMaxTextLength));
  if (r.raw.size() > kMaxRawLength) {
    return InvalidArgument(fmt::format("is longer than {} bytes", kMaxRawLength), "raw");
  }
  return Status::Ok();
}

Status ValidateInquiry(const Inquiry& q) {
  RETURN_IF_ERROR(ValidatePersonName(PersonName{.full_name = q.sought_name}, "sought_name"));
  RETURN_IF_ERROR(CheckAge(q.sought_approx_age, "sought_approx_age"));
  RETURN_IF_ERROR(CheckText(q.sought_home_locality, "sought_home_locality", kMaxNameLength));
  RETURN_IF_ERROR(CheckText(q.last_seen_place, "last_seen_place", kMaxNameLength));
  RETURN_IF_ERROR(CheckText(q.sought_features, "sought_features", kMaxTextLength));
  RETURN_IF_ERROR(CheckText(q.inquirer_name, "inquirer_name", kMaxNameLength));
  if (q.inquirer_name.empty()) return InvalidArgument("must not be empty", "inquirer_name");
  RETURN_IF_ERROR(CheckText(q.inquirer_relation, "inquirer_relation", 100));
  if (q.callback_phone.empty()) return InvalidArgument("must not be empty", "callback_phone");
  RETURN_IF_ERROR(CheckPhone(q.callback_phone, "callback_phone"));
  RETURN_IF_ERROR(CheckText(q.notes, "notes", kMaxTextLength));
  return Status::Ok();
}

Status ValidateSource(const Source& s) {
  RETURN_IF_ERROR(CheckText(s.name, "name", kMaxNameLength));
  if (!HasLetterOrDigit(s.name)) return InvalidArgument("must not be empty", "name");
  RETURN_IF_ERROR(CheckText(s.region, "region", kMaxNameLength));
  if (s.trust < 0 || s.trust > 100) return InvalidArgument("must be within 0..100", "trust");
  return Status::Ok();
}

}  // namespace aftermath

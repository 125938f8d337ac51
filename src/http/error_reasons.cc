#include "http/error_reasons.h"

#include <regex>

namespace aftermath::http {
namespace {

struct Pattern {
  const char* code;
  const char* regex;  // matches the whole message
  std::vector<const char*> params;  // one name per capture group, in order
};

// The messages the consoles meet: validation of what an operator or clerk typed (model/
// validate.cc, io/json_input.cc, io/csv/columns.cc), the registry's refusals of a stale or
// decided record, sign-in. A message reworded where it is written falls back to English until
// its line here follows (error_reasons_test.cc drives the writers to catch that).
const std::vector<Pattern>& Patterns() {
  static const std::vector<Pattern> kPatterns = {
      {"required", "must not be empty|is required", {}},
      {"too_long", "is (\\d+) bytes long; at most (\\d+) allowed", {"length", "max"}},
      {"too_long", "is longer than (\\d+) bytes", {"max"}},
      {"not_utf8", "is not valid UTF-8 text", {}},
      {"not_an_age", "(-?\\d+) is not an age \\(0\\.\\.130\\)", {"value"}},
      {"not_an_age", "'(.*)' is not an age", {"value"}},
      {"not_a_phone", "'(.*)' is not a phone number", {"value"}},
      {"bidi_control", "holds the bidi control U\\+([0-9A-F]+), which reorders how the name reads",
       {"codepoint"}},
      {"zero_width", "holds zero-width characters", {}},
      {"no_name", "must contain a name", {}},
      {"future_time", "(\\S+) is in the future \\(the server's time is (\\S+)\\)",
       {"value", "now"}},
      {"future_date", "'(.*)' is in the future", {"value"}},
      {"not_a_date", "'(.*)' is not a date[ :(].*", {"value"}},
      {"two_digit_year", "'(.*)': a two-digit year is ambiguous; write the year in full",
       {"value"}},
      {"not_a_sex", "'(.*)' is not a sex .*", {"value"}},
      {"not_a_status", "'(.*)' is not a status; .*", {"value"}},
      {"not_one_of", "'(.*)' is not one of: (.*)", {"value", "allowed"}},
      {"source_required",
       "must name the reporting source|a report must name its source \\(source_id or source\\)|"
       "name the source the list comes from",
       {}},
      {"no_source", "no source with id '(.*)'", {"value"}},
      {"no_source", "no such source", {}},
      {"report_needs_name",
       "a report needs a name, or for an unidentified person at least sex, age or features", {}},
      {"language_invalid", "must be kk, ru or en", {}},
      {"trust_range", "must be within 0\\.\\.100", {}},
      {"out_of_range", "must be (-?\\d+)\\.\\.(-?\\d+)", {"lo", "hi"}},
      {"close_reason_required", "say why the inquiry is closed or withdrawn", {}},
      {"not_phone_or_name", "is neither a phone number nor a name", {}},
      {"not_json", "the body is not valid JSON: .*", {}},
      {"not_object", "the body must be a JSON object", {}},
      {"not_string", "must be a string", {}},
      {"not_integer", "must be a whole number", {}},
      {"not_bool", "must be true or false", {}},
      {"unknown_field", "is not a known field", {}},
      {"stale_version",
       ".* is at version \\d+, not \\d+: someone else changed it; reload and retry|"
       ".* was changed by someone else since version \\d+; reload it",
       {}},
      {"match_decided", "the match was already (\\w+) by .*", {"decision"}},
      {"family_informed",
       "the family was informed already: the confirmation stands|the family was already informed",
       {}},
      {"claimed_by_other", ".* is calling this family \\(until (\\S+)\\)", {"until"}},
      {"second_step_needed",
       "confirming a match with an? (\\w+) person needs a second, explicit step .*", {"status"}},
      {"sign_in_wait", "too many failed sign-ins; try again in (\\d+) s", {"seconds"}},
      {"wrong_credentials", "wrong username or password, or the account is disabled", {}},
      {"session_ended", "the session has ended; sign in again", {}},
      {"account_disabled", "the account is disabled", {}},
      {"file_empty", "the file is empty: no header row", {}},
      {"row_fields",
       "the row has (\\d+) fields, the header (\\d+) \\(a stray delimiter or a line break "
       "outside quotes\\?\\)",
       {"fields", "header"}},
      {"no_name_column", "the header names no column for the person's name .*", {}},
      {"internal", "internal error; the operators have been told", {}},
      // A CSV reader's notes on the file (io/csv/csv_reader.cc), shown with an upload.
      {"file_read", "encoding (\\S+), delimiter '(.+)', columns: (.*)",
       {"encoding", "delimiter", "columns"}},
      {"column_unrecognised", "column (\\d+) '(.*)' not recognised: kept in raw only",
       {"number", "header"}},
  };
  return kPatterns;
}

struct Compiled {
  const Pattern* pattern;
  std::regex regex;
};

const std::vector<Compiled>& CompiledPatterns() {
  static const std::vector<Compiled> kCompiled = [] {
    std::vector<Compiled> out;
    for (const auto& p : Patterns()) out.push_back({&p, std::regex(p.regex)});
    return out;
  }();
  return kCompiled;
}

}  // namespace

std::optional<MessageReason> ReasonForMessage(std::string_view message) {
  if (message.size() > 2000) return std::nullopt;  // not one of ours; no regex over a novel
  std::match_results<std::string_view::const_iterator> m;
  for (const auto& c : CompiledPatterns()) {
    if (!std::regex_match(message.begin(), message.end(), m, c.regex)) continue;
    MessageReason r{.code = c.pattern->code};
    for (size_t i = 0; i < c.pattern->params.size() && i + 1 < m.size(); ++i) {
      r.params.emplace_back(c.pattern->params[i], m[i + 1].str());
    }
    return r;
  }
  return std::nullopt;
}

boost::json::object ReasonJson(const MessageReason& reason) {
  boost::json::object params;
  for (const auto& [k, v] : reason.params) params[k] = v;
  return {{"code", reason.code}, {"params", std::move(params)}};
}

}  // namespace aftermath::http

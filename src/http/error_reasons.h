// What an error says, as a stable code and parameters (issue #19): the console says it in the
// operator's language, and falls back to the English message for a code it does not know.
// The domain writes its errors in English (Status messages, import rejections); this table
// reads the ones a console shows often back into codes, so nothing below src/http changes and
// the message stays what logs, the CLI and the API's clients read.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json.hpp>

namespace aftermath::http {

struct MessageReason {
  std::string code;  // "required", "not_a_phone", "stale_version", ...
  std::vector<std::pair<std::string, std::string>> params;  // in the message's order
};

// The reason of an error's message, or nullopt when the table does not know it (the console
// then shows the message as it is). Thread-safe.
std::optional<MessageReason> ReasonForMessage(std::string_view message);

// {"code": ..., "params": {...}} for a JSON body.
boost::json::object ReasonJson(const MessageReason& reason);

}  // namespace aftermath::http

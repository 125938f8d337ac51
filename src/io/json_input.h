// Strict reading of a JSON request body: every field must have the expected type, and a field
// the endpoint does not know is an error (a typo like "birthdate" must not be silently ignored).
#pragma once

#include <boost/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/status.h"
#include "model/enums.h"
#include "model/partial_date.h"

namespace aftermath::io {

class JsonInput {
 public:
  static constexpr int kMaxDepth = 16;  // nesting a body may have

  // InvalidArgument when `body` is not a JSON object.
  static Result<JsonInput> Parse(std::string_view body);
  // An object already parsed (a JSON Lines record's part): no second trip through text.
  static JsonInput FromObject(boost::json::object obj) { return JsonInput(std::move(obj)); }

  bool Has(std::string_view key) const;
  // Each leaves `out` untouched when the key is absent or null.
  Status String(std::string_view key, std::string& out);
  Status RequiredString(std::string_view key, std::string& out);
  Status Int(std::string_view key, std::optional<int>& out);
  Status Int64(std::string_view key, int64_t& out);
  Status Bool(std::string_view key, std::optional<bool>& out);
  Status StringList(std::string_view key, std::vector<std::string>& out);
  Status Date(std::string_view key, PartialDate& out);
  Status Time(std::string_view key, std::optional<Timestamp>& out);
  Status Sex(std::string_view key, aftermath::Sex& out);
  Status Status_(std::string_view key, PersonStatus& out);
  Status Kind(std::string_view key, SourceKind& out);
  Status ChannelField(std::string_view key, Channel& out);
  Status State(std::string_view key, InquiryState& out);

  // InvalidArgument naming the first field no reader asked for.
  Status Finish() const;

 private:
  explicit JsonInput(boost::json::object obj) : obj_(std::move(obj)) {}
  const boost::json::value* Get(std::string_view key);
  template <typename E, typename ParseFn>
  Status Enum(std::string_view key, E& out, ParseFn parse, std::string_view names);

  boost::json::object obj_;
  std::set<std::string, std::less<>> seen_;
};

}  // namespace aftermath::io

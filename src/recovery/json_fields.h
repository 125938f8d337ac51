// Strict reading of a JSON object for the register's requests and files (programmes, claims,
// assessments): every member must have the expected type, nested objects and arrays of objects
// are read with the path of each member in errors ("object.owners[1].share_bp"), and a member
// nobody asked for is an error (a typo must not be ignored silently).
#pragma once

#include <boost/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/status.h"
#include "model/partial_date.h"

namespace aftermath::recovery {

class JsonFields {
 public:
  // InvalidArgument when `text` is not one JSON object.
  static Result<JsonFields> Parse(std::string_view text);
  // `path` prefixes the names of its members in errors ("" for a top-level object).
  JsonFields(boost::json::object obj, std::string path)
      : obj_(std::move(obj)), path_(std::move(path)) {}

  // True when the member is present and not null.
  bool Has(std::string_view key) const;
  // Each leaves `out` as it is when the member is absent or null.
  Status String(std::string_view key, std::string& out);
  Status String(std::string_view key, std::optional<std::string>& out);
  Status Int64(std::string_view key, int64_t& out);
  Status Int64(std::string_view key, std::optional<int64_t>& out);
  Status Int(std::string_view key, int& out);
  Status Bool(std::string_view key, bool& out);
  Status Double(std::string_view key, std::optional<double>& out);
  Status Date(std::string_view key, PartialDate& out);
  Status Time(std::string_view key, std::optional<Timestamp>& out);
  Status Strings(std::string_view key, std::vector<std::string>& out);
  // A nested object; nullopt when absent or null.
  Result<std::optional<JsonFields>> Object(std::string_view key);
  // An array of objects; empty when absent or null.
  Result<std::vector<JsonFields>> Objects(std::string_view key);
  // `key` as a member of this object: "object.address".
  std::string Path(std::string_view key) const;
  // InvalidArgument naming the first member no reader asked for.
  Status Finish() const;

 private:
  const boost::json::value* Get(std::string_view key);
  Status Wrong(std::string_view key, std::string_view what) const;

  boost::json::object obj_;
  std::string path_;
  std::set<std::string, std::less<>> seen_;
};

}  // namespace aftermath::recovery

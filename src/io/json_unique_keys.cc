#include "io/json_unique_keys.h"

#include <fmt/format.h>

#include <boost/json/basic_parser_impl.hpp>
#include <string>
#include <unordered_set>
#include <vector>

namespace aftermath::io {
namespace {

using boost::json::string_view;
using ec_t = boost::system::error_code;

// A Boost.JSON parse handler that keeps, for each open object, the keys seen so far.
struct KeyTracker {
  static constexpr size_t max_object_size = size_t(-1);
  static constexpr size_t max_array_size = size_t(-1);
  static constexpr size_t max_key_size = size_t(-1);
  static constexpr size_t max_string_size = size_t(-1);

  std::vector<std::unordered_set<std::string>> objects;
  std::string key;        // the key being read (keys may arrive in parts)
  std::string duplicate;  // set when one was found

  bool Fail(ec_t& ec) {
    ec = make_error_code(std::errc::invalid_argument);
    return false;
  }
  bool on_document_begin(ec_t&) { return true; }
  bool on_document_end(ec_t&) { return true; }
  bool on_object_begin(ec_t&) {
    objects.emplace_back();
    return true;
  }
  bool on_object_end(size_t, ec_t&) {
    objects.pop_back();
    return true;
  }
  bool on_array_begin(ec_t&) { return true; }
  bool on_array_end(size_t, ec_t&) { return true; }
  bool on_key_part(string_view s, size_t, ec_t&) {
    key.append(s.data(), s.size());
    return true;
  }
  bool on_key(string_view s, size_t, ec_t& ec) {
    key.append(s.data(), s.size());
    if (!objects.back().insert(key).second) {
      duplicate = std::move(key);
      return Fail(ec);
    }
    key.clear();
    return true;
  }
  bool on_string_part(string_view, size_t, ec_t&) { return true; }
  bool on_string(string_view, size_t, ec_t&) { return true; }
  bool on_number_part(string_view, ec_t&) { return true; }
  bool on_int64(int64_t, string_view, ec_t&) { return true; }
  bool on_uint64(uint64_t, string_view, ec_t&) { return true; }
  bool on_double(double, string_view, ec_t&) { return true; }
  bool on_bool(bool, ec_t&) { return true; }
  bool on_null(ec_t&) { return true; }
  bool on_comment_part(string_view, ec_t&) { return true; }
  bool on_comment(string_view, ec_t&) { return true; }
};

// Keys are quoted back sanitised: they may be anything a client sent.
std::string Printable(const std::string& key) {
  std::string out;
  for (char c : key.substr(0, 64)) {
    out += static_cast<unsigned char>(c) < 0x20 ? '?' : c;
  }
  return out;
}

}  // namespace

Status RejectDuplicateKeys(std::string_view json, int max_depth) {
  boost::json::parse_options opts;
  opts.max_depth = static_cast<size_t>(max_depth);
  boost::json::basic_parser<KeyTracker> parser(opts);
  ec_t ec;
  parser.write_some(false, json.data(), json.size(), ec);
  const std::string& duplicate = parser.handler().duplicate;
  if (ec && !duplicate.empty()) {
    return InvalidArgument(
        fmt::format("the key '{}' appears twice in one object", Printable(duplicate)), "body");
  }
  return Status::Ok();
}

}  // namespace aftermath::io

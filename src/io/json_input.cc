#include "io/json_input.h"

#include <fmt/format.h>

#include "io/json_unique_keys.h"

namespace aftermath::io {

Result<JsonInput> JsonInput::Parse(std::string_view body) {
  boost::system::error_code ec;
  boost::json::parse_options opts;
  opts.max_depth = kMaxDepth;
  boost::json::value v = boost::json::parse(body, ec, {}, opts);
  if (ec) {
    return InvalidArgument(fmt::format("the body is not valid JSON: {}", ec.message()), "body");
  }
  if (!v.is_object()) return InvalidArgument("the body must be a JSON object", "body");
  RETURN_IF_ERROR(RejectDuplicateKeys(body, kMaxDepth));
  return JsonInput(std::move(v.as_object()));
}

bool JsonInput::Has(std::string_view key) const {
  auto it = obj_.find(key);
  return it != obj_.end() && !it->value().is_null();
}

const boost::json::value* JsonInput::Get(std::string_view key) {
  seen_.emplace(key);
  auto it = obj_.find(key);
  if (it == obj_.end() || it->value().is_null()) return nullptr;
  return &it->value();
}

Status JsonInput::String(std::string_view key, std::string& out) {
  const auto* v = Get(key);
  if (!v) return Status::Ok();
  if (!v->is_string()) return InvalidArgument("must be a string", std::string(key));
  out = std::string(v->as_string());
  return Status::Ok();
}

Status JsonInput::RequiredString(std::string_view key, std::string& out) {
  if (!Has(key)) {
    seen_.emplace(key);
    return InvalidArgument("is required", std::string(key));
  }
  RETURN_IF_ERROR(String(key, out));
  if (out.find_first_not_of(" \t\r\n") == std::string::npos) {
    return InvalidArgument("must not be empty", std::string(key));
  }
  return Status::Ok();
}

Status JsonInput::Int(std::string_view key, std::optional<int>& out) {
  const auto* v = Get(key);
  if (!v) return Status::Ok();
  if (v->is_int64() && v->as_int64() >= INT32_MIN && v->as_int64() <= INT32_MAX) {
    out = static_cast<int>(v->as_int64());
  } else if (v->is_uint64() && v->as_uint64() <= INT32_MAX) {
    out = static_cast<int>(v->as_uint64());
  } else {
    return InvalidArgument("must be a whole number", std::string(key));
  }
  return Status::Ok();
}

Status JsonInput::Int64(std::string_view key, int64_t& out) {
  const auto* v = Get(key);
  if (!v) return Status::Ok();
  if (!v->is_int64()) return InvalidArgument("must be a whole number", std::string(key));
  out = v->as_int64();
  return Status::Ok();
}

Status JsonInput::Bool(std::string_view key, std::optional<bool>& out) {
  const auto* v = Get(key);
  if (!v) return Status::Ok();
  if (!v->is_bool()) return InvalidArgument("must be true or false", std::string(key));
  out = v->as_bool();
  return Status::Ok();
}

Status JsonInput::StringList(std::string_view key, std::vector<std::string>& out) {
  const auto* v = Get(key);
  if (!v) return Status::Ok();
  if (!v->is_array()) return InvalidArgument("must be a list of strings", std::string(key));
  out.clear();
  for (const auto& item : v->as_array()) {
    if (!item.is_string()) return InvalidArgument("must be a list of strings", std::string(key));
    out.emplace_back(item.as_string());
  }
  if (out.size() > 50) return InvalidArgument("has more than 50 entries", std::string(key));
  return Status::Ok();
}

Status JsonInput::Date(std::string_view key, PartialDate& out) {
  std::string text;
  RETURN_IF_ERROR(String(key, text));
  if (text.empty()) return Status::Ok();
  auto d = ParsePartialDate(text);
  if (!d.ok()) return InvalidArgument(d.status().message(), std::string(key));
  out = *d;
  return Status::Ok();
}

Status JsonInput::Time(std::string_view key, std::optional<Timestamp>& out) {
  std::string text;
  RETURN_IF_ERROR(String(key, text));
  if (text.empty()) return Status::Ok();
  auto t = ParseTimestamp(text);
  if (!t.ok()) return InvalidArgument(t.status().message(), std::string(key));
  out = *t;
  return Status::Ok();
}

template <typename E, typename ParseFn>
Status JsonInput::Enum(std::string_view key, E& out, ParseFn parse, std::string_view names) {
  std::string text;
  RETURN_IF_ERROR(String(key, text));
  if (!Has(key)) return Status::Ok();
  auto v = parse(text);
  if (!v) {
    return InvalidArgument(fmt::format("'{}' is not one of: {}", text.substr(0, 40), names),
                           std::string(key));
  }
  out = *v;
  return Status::Ok();
}

Status JsonInput::Sex(std::string_view key, aftermath::Sex& out) {
  return Enum(key, out, ParseSex, "male, female, unknown (or m, f)");
}
Status JsonInput::Status_(std::string_view key, PersonStatus& out) {
  return Enum(key, out, ParsePersonStatus, PersonStatusNames());
}
Status JsonInput::Kind(std::string_view key, SourceKind& out) {
  return Enum(key, out, ParseSourceKind, SourceKindNames());
}
Status JsonInput::ChannelField(std::string_view key, Channel& out) {
  return Enum(key, out, ParseChannel, ChannelNames());
}
Status JsonInput::State(std::string_view key, InquiryState& out) {
  return Enum(key, out, ParseInquiryState, InquiryStateNames());
}

Status JsonInput::Finish() const {
  for (const auto& [key, value] : obj_) {
    if (!seen_.contains(std::string_view(key))) {
      return InvalidArgument("is not a known field", std::string(key));
    }
  }
  return Status::Ok();
}

}  // namespace aftermath::io

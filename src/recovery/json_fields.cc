#include "recovery/json_fields.h"

#include <fmt/format.h>

namespace aftermath::recovery {

Result<JsonFields> JsonFields::Parse(std::string_view text) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(text, ec);
  if (ec) return InvalidArgument(fmt::format("the body is not JSON: {}", ec.message()));
  if (!v.is_object()) return InvalidArgument("the body must be a JSON object");
  return JsonFields(std::move(v.as_object()), "");
}

std::string JsonFields::Path(std::string_view key) const {
  return path_.empty() ? std::string(key) : fmt::format("{}.{}", path_, key);
}

Status JsonFields::Wrong(std::string_view key, std::string_view what) const {
  return InvalidArgument(fmt::format("must be {}", what), Path(key));
}

bool JsonFields::Has(std::string_view key) const {
  const boost::json::value* v = obj_.if_contains(key);
  return v && !v->is_null();
}

const boost::json::value* JsonFields::Get(std::string_view key) {
  seen_.emplace(key);
  const boost::json::value* v = obj_.if_contains(key);
  return v && !v->is_null() ? v : nullptr;
}

Status JsonFields::String(std::string_view key, std::string& out) {
  const auto* v = Get(key);
  if (!v) return Status::Ok();
  if (!v->is_string()) return Wrong(key, "a string");
  out = std::string(v->as_string());
  return Status::Ok();
}

Status JsonFields::String(std::string_view key, std::optional<std::string>& out) {
  const auto* v = Get(key);
  if (!v) return Status::Ok();
  if (!v->is_string()) return Wrong(key, "a string");
  out = std::string(v->as_string());
  return Status::Ok();
}

Status JsonFields::Int64(std::string_view key, std::optional<int64_t>& out) {
  const auto* v = Get(key);
  if (!v) return Status::Ok();
  if (v->is_int64()) {
    out = v->as_int64();
  } else if (v->is_uint64() && v->as_uint64() <= static_cast<uint64_t>(INT64_MAX)) {
    out = static_cast<int64_t>(v->as_uint64());
  } else {
    return Wrong(key, "a whole number");
  }
  return Status::Ok();
}

Status JsonFields::Int64(std::string_view key, int64_t& out) {
  std::optional<int64_t> v;
  RETURN_IF_ERROR(Int64(key, v));
  if (v) out = *v;
  return Status::Ok();
}

Status JsonFields::Int(std::string_view key, int& out) {
  std::optional<int64_t> v;
  RETURN_IF_ERROR(Int64(key, v));
  if (!v) return Status::Ok();
  if (*v < INT32_MIN || *v > INT32_MAX) return Wrong(key, "a smaller whole number");
  out = static_cast<int>(*v);
  return Status::Ok();
}

Status JsonFields::Bool(std::string_view key, bool& out) {
  const auto* v = Get(key);
  if (!v) return Status::Ok();
  if (!v->is_bool()) return Wrong(key, "true or false");
  out = v->as_bool();
  return Status::Ok();
}

Status JsonFields::Double(std::string_view key, std::optional<double>& out) {
  const auto* v = Get(key);
  if (!v) return Status::Ok();
  if (!v->is_number()) return Wrong(key, "a number");
  out = v->to_number<double>();
  return Status::Ok();
}

Status JsonFields::Date(std::string_view key, PartialDate& out) {
  std::optional<std::string> text;
  RETURN_IF_ERROR(String(key, text));
  if (!text || text->empty()) return Status::Ok();
  auto d = ParsePartialDate(*text);
  if (!d.ok()) return InvalidArgument(d.status().message(), Path(key));
  out = *d;
  return Status::Ok();
}

Status JsonFields::Time(std::string_view key, std::optional<Timestamp>& out) {
  std::optional<std::string> text;
  RETURN_IF_ERROR(String(key, text));
  if (!text) return Status::Ok();
  auto t = ParseTimestamp(*text);
  if (!t.ok()) return InvalidArgument(t.status().message(), Path(key));
  out = *t;
  return Status::Ok();
}

Status JsonFields::Strings(std::string_view key, std::vector<std::string>& out) {
  const auto* v = Get(key);
  if (!v) return Status::Ok();
  if (!v->is_array()) return Wrong(key, "a list of strings");
  out.clear();
  for (const auto& item : v->as_array()) {
    if (!item.is_string()) return Wrong(key, "a list of strings");
    out.emplace_back(item.as_string());
  }
  return Status::Ok();
}

Result<std::optional<JsonFields>> JsonFields::Object(std::string_view key) {
  const auto* v = Get(key);
  if (!v) return std::optional<JsonFields>();
  if (!v->is_object()) return Wrong(key, "an object");
  return std::optional<JsonFields>(JsonFields(v->as_object(), Path(key)));
}

Result<std::vector<JsonFields>> JsonFields::Objects(std::string_view key) {
  std::vector<JsonFields> out;
  const auto* v = Get(key);
  if (!v) return out;
  if (!v->is_array()) return Wrong(key, "a list of objects");
  const auto& items = v->as_array();
  for (size_t i = 0; i < items.size(); ++i) {
    std::string path = fmt::format("{}[{}]", Path(key), i);
    if (!items[i].is_object()) return InvalidArgument("must be an object", path);
    out.emplace_back(items[i].as_object(), path);
  }
  return out;
}

Status JsonFields::Finish() const {
  for (const auto& member : obj_) {
    if (!seen_.contains(member.key())) {
      return InvalidArgument("is not a field this request takes", Path(member.key()));
    }
  }
  return Status::Ok();
}

}  // namespace aftermath::recovery

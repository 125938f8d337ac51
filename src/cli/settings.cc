#include "cli/settings.h"

#include <fmt/format.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace aftermath::cli {
namespace {

constexpr Setting kSettings[] = {
    {"db"},
    {"listen"},
    {"web"},
    {"threads"},
    {"read-timeout"},
    {"idle-timeout"},
    {"max-body-bytes"},
    {"secure-cookies", true},
    {"line-phone"},
    {"population"},
    {"no-population", true},
    {"log-format"},
    {"log-level"},
    {"metrics-allow"},
    {"trusted-proxies"},
    {"lookup-proof-bits"},
    {"retention-days"},
    {"purge-every"},
    {"pfif-domain"},
    {"audit-key"},
    {"files"},
    {"holidays"},
};

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// The value part of a line: quoted as written, otherwise up to a comment.
Result<std::string> ParseValue(std::string_view raw, const std::string& where) {
  std::string_view v = Trim(raw);
  if (v.starts_with('"')) {
    size_t close = v.find('"', 1);
    if (close == std::string_view::npos) return InvalidArgument(where + ": unclosed '\"'");
    std::string_view rest = Trim(v.substr(close + 1));
    if (!rest.empty() && !rest.starts_with('#')) {
      return InvalidArgument(where + ": text after the closing '\"'");
    }
    return std::string(v.substr(1, close - 1));
  }
  for (size_t i = 1; i < v.size(); ++i) {
    if (v[i] == '#' && std::isspace(static_cast<unsigned char>(v[i - 1]))) {
      v = Trim(v.substr(0, i));
      break;
    }
  }
  return std::string(v);
}

}  // namespace

std::span<const Setting> Settings() { return kSettings; }

const Setting* FindSetting(std::string_view name) {
  for (const auto& s : kSettings) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

std::string EnvironmentName(std::string_view setting) {
  std::string out = "AFTERMATH_";
  for (char c : setting) {
    out += c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return out;
}

std::optional<bool> ParseBool(std::string_view value) {
  std::string v;
  for (char c : value) v += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (v == "true" || v == "yes" || v == "on" || v == "1") return true;
  if (v == "false" || v == "no" || v == "off" || v == "0") return false;
  return std::nullopt;
}

Result<std::map<std::string, ConfigValue>> ParseConfig(std::string_view text,
                                                       std::string_view file_name) {
  std::map<std::string, ConfigValue> out;
  int line_no = 0;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    ++line_no;
    line = Trim(line);
    if (line.empty() || line.starts_with('#')) continue;
    std::string where = fmt::format("{}:{}", file_name, line_no);
    size_t eq = line.find('=');
    if (eq == std::string_view::npos) {
      // The line itself is not echoed: it may hold a password.
      return InvalidArgument(where + ": expected 'key = value'");
    }
    std::string key(Trim(line.substr(0, eq)));
    for (auto& c : key) {
      if (c == '_') c = '-';
    }
    if (key.empty()) return InvalidArgument(where + ": expected 'key = value'");
    const Setting* setting = FindSetting(key);
    if (!setting) return InvalidArgument(fmt::format("{}: unknown key '{}'", where, key), key);
    ASSIGN_OR_RETURN(std::string value, ParseValue(line.substr(eq + 1), where));
    if (value.empty()) {
      return InvalidArgument(
          fmt::format("{}: '{}' has no value (leave the line out for the default)", where, key),
          key);
    }
    if (setting->boolean && !ParseBool(value)) {
      return InvalidArgument(
          fmt::format("{}: '{}' takes true or false, not '{}'", where, key, value), key);
    }
    if (auto it = out.find(key); it != out.end()) {
      return InvalidArgument(
          fmt::format("{}: '{}' is set twice (first on line {})", where, key, it->second.line),
          key);
    }
    out[key] = {std::move(value), line_no};
  }
  return out;
}

Result<std::map<std::string, ConfigValue>> ReadConfigFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return InvalidArgument(
        fmt::format("cannot read config file {}: {}", path, std::strerror(errno)), "config");
  }
  std::stringstream text;
  text << in.rdbuf();
  return ParseConfig(text.str(), path);
}

}  // namespace aftermath::cli

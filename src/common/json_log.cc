#include "common/json_log.h"

#include <fmt/format.h>
#include <spdlog/details/log_msg.h>

#include <vector>

#include "common/clock.h"

namespace aftermath {
namespace {

bool IsKeyStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool IsKeyChar(char c) { return IsKeyStart(c) || (c >= '0' && c <= '9'); }

// The length of "key" when `token` is "key=value", else 0.
size_t KeyLength(std::string_view token) {
  if (token.empty() || !IsKeyStart(token[0])) return 0;
  size_t i = 1;
  while (i < token.size() && IsKeyChar(token[i])) ++i;
  return i < token.size() && token[i] == '=' ? i : 0;
}

// A JSON number as written by the log calls: -?(0|[1-9][0-9]*)(.[0-9]+)?
bool IsPlainNumber(std::string_view s) {
  size_t i = s.starts_with('-') ? 1 : 0;
  if (i >= s.size() || s.size() > 24) return false;
  if (s[i] == '0') {
    ++i;
  } else {
    size_t digits = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    if (i == digits) return false;
  }
  if (i < s.size() && s[i] == '.') {
    size_t frac = ++i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    if (i == frac) return false;
  }
  return i == s.size();
}

// The length of the valid UTF-8 sequence at s[i], or 0.
size_t Utf8Length(std::string_view s, size_t i) {
  auto b = static_cast<unsigned char>(s[i]);
  size_t n = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((static_cast<unsigned char>(s[i + k]) >> 6) != 0x2) return 0;
  }
  return n;
}

// A JSON string; invalid UTF-8 (from a library's error text) becomes U+FFFD so every line parses.
void AppendString(std::string& out, std::string_view s) {
  out += '"';
  for (size_t i = 0; i < s.size();) {
    char c = s[i];
    size_t n = Utf8Length(s, i);
    if (n == 0) {
      out += "\\ufffd";
      ++i;
      continue;
    }
    if (n > 1) {
      out.append(s.substr(i, n));
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      out += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
    } else {
      out += c;
    }
    i += n;
  }
  out += '"';
}

bool KeepsString(std::string_view key) { return key == "id" || key.ends_with("_id"); }

}  // namespace

std::string JsonLogLine(std::chrono::system_clock::time_point time, std::string_view level,
                        std::string_view message) {
  // Split into words, then group: words before the first key=value are the message, and each
  // key=value runs until the next one.
  std::vector<std::string_view> words;
  for (size_t i = 0; i <= message.size();) {
    size_t j = message.find(' ', i);
    if (j == std::string_view::npos) j = message.size();
    words.push_back(message.substr(i, j - i));
    i = j + 1;
  }
  std::string out = "{\"ts\":";
  AppendString(out, FormatTimestamp(std::chrono::time_point_cast<std::chrono::milliseconds>(time)));
  out += ",\"level\":";
  AppendString(out, level);
  size_t w = 0;
  while (w < words.size() && KeyLength(words[w]) == 0) ++w;
  const char* text_begin = message.data();
  const char* text_end = w < words.size() ? words[w].data() : message.data() + message.size();
  std::string_view text(text_begin, text_end - text_begin);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  out += ",\"msg\":";
  AppendString(out, text);
  while (w < words.size()) {
    size_t key_len = KeyLength(words[w]);
    std::string_view key = words[w].substr(0, key_len);
    const char* value_begin = words[w].data() + key_len + 1;
    size_t next = w + 1;
    while (next < words.size() && KeyLength(words[next]) == 0) ++next;
    const char* value_end =
        next < words.size() ? words[next].data() - 1 : message.data() + message.size();
    std::string_view value(value_begin, value_end - value_begin);
    // "msg", "ts" and "level" are ours; a field by that name is kept under another.
    std::string name(key);
    if (name == "ts" || name == "level" || name == "msg") name = "field_" + name;
    out += ',';
    AppendString(out, name);
    out += ':';
    if (IsPlainNumber(value) && !KeepsString(key)) {
      out.append(value);
    } else {
      AppendString(out, value);
    }
    w = next;
  }
  out += '}';
  return out;
}

namespace {

class JsonLogFormatter final : public spdlog::formatter {
 public:
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
    auto level = spdlog::level::to_string_view(msg.level);
    std::string line = JsonLogLine(msg.time, std::string_view(level.data(), level.size()),
                                   std::string_view(msg.payload.data(), msg.payload.size()));
    line += '\n';
    dest.append(line.data(), line.data() + line.size());
  }
  std::unique_ptr<spdlog::formatter> clone() const override {
    return std::make_unique<JsonLogFormatter>();
  }
};

}  // namespace

std::unique_ptr<spdlog::formatter> MakeJsonLogFormatter() {
  return std::make_unique<JsonLogFormatter>();
}

}  // namespace aftermath

#include "demo/population/sources.h"

#include <fmt/format.h>

#include <fstream>
#include <sstream>

namespace aftermath::population {

int CsvTable::Column(std::string_view name) const {
  for (size_t i = 0; i < header.size(); ++i) {
    if (header[i] == name) return static_cast<int>(i);
  }
  return -1;
}

std::vector<std::string> SplitCsvLine(std::string_view line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        fields.back().push_back('"');
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        fields.back().push_back(c);
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else if (c != '\r') {
      fields.back().push_back(c);
    }
  }
  return fields;
}

namespace {

template <typename Fn>
void ForEachLine(std::string_view text, Fn fn) {
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!line.empty()) fn(line);
  }
}

}  // namespace

CsvTable ParseCsv(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  CsvTable table;
  bool first = true;
  ForEachLine(text, [&](std::string_view line) {
    if (first) {
      table.header = SplitCsvLine(line);
      first = false;
    } else {
      table.rows.push_back(SplitCsvLine(line));
    }
  });
  return table;
}

std::vector<std::pair<std::string, std::string>> ParseYamlMap(std::string_view text) {
  std::vector<std::pair<std::string, std::string>> out;
  ForEachLine(text, [&](std::string_view line) {
    if (line.starts_with('#') || line.starts_with("---")) return;
    size_t colon = line.find(": ");
    if (colon == std::string_view::npos) return;
    auto trim = [](std::string_view s) {
      while (!s.empty() && (s.front() == ' ' || s.front() == '"' || s.front() == '\'')) {
        s.remove_prefix(1);
      }
      while (!s.empty() && (s.back() == ' ' || s.back() == '"' || s.back() == '\'')) {
        s.remove_suffix(1);
      }
      return std::string(s);
    };
    out.emplace_back(trim(line.substr(0, colon)), trim(line.substr(colon + 2)));
  });
  return out;
}

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound(fmt::format("cannot read {}", path));
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace aftermath::population

// Readers for the formats of the population lists: CSV with a header row (quotes allowed) and
// the "Name: count" / "Name: Male, Female" YAML maps of the realistic-russian-names gem.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace aftermath::population {

struct CsvTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;

  // Index of the column named `name`, or -1.
  int Column(std::string_view name) const;
};

// Splits one CSV line; fields may be quoted with "" as an escaped quote.
std::vector<std::string> SplitCsvLine(std::string_view line);

// Parses CSV text (a leading byte order mark is skipped; empty lines are skipped).
CsvTable ParseCsv(std::string_view text);

// "key: value" lines; lines without ": " and comments are skipped.
std::vector<std::pair<std::string, std::string>> ParseYamlMap(std::string_view text);

// The file's contents; NotFound naming the path when it cannot be read.
Result<std::string> ReadFile(const std::string& path);

}  // namespace aftermath::population

// CSV files are opened in spreadsheets, which run a cell starting with = + - @ (or a tab or CR
// before one) as a formula: a name like "=HYPERLINK(...)" sent in by anyone would run on a
// supervisor's machine. As OWASP recommends, such a cell is written with a leading apostrophe
// (and quoted), which spreadsheets show as text; our own reader takes the apostrophe off again,
// so an export read back is unchanged.
#pragma once

#include <string>
#include <string_view>

namespace aftermath::io {

inline bool StartsLikeAFormula(std::string_view v) {
  return !v.empty() && std::string_view("=+-@\t\r").find(v.front()) != std::string_view::npos;
}

// The text to write for a cell value.
inline std::string NeutraliseFormula(std::string_view v) {
  return StartsLikeAFormula(v) ? "'" + std::string(v) : std::string(v);
}

// The value a written cell stood for: undoes NeutraliseFormula.
inline std::string_view RestoreNeutralised(std::string_view v) {
  if (v.size() >= 2 && v.front() == '\'' && StartsLikeAFormula(v.substr(1))) v.remove_prefix(1);
  return v;
}

}  // namespace aftermath::io

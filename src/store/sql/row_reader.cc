#include "store/sql/row_reader.h"

#include <fmt/format.h>

namespace aftermath::sql {
Timestamp RowReader::Time(int col, std::string_view column) {
  std::string text = s_.Text(col);
  auto t = ParseTimestamp(text);
  if (t.ok()) return *t;
  Fail(column, Quote(text) + " is not a timestamp");
  return {};
}

std::optional<Timestamp> RowReader::OptionalTime(int col, std::string_view column) {
  if (s_.IsNull(col)) return std::nullopt;
  return Time(col, column);
}

PartialDate RowReader::Date(int col, std::string_view column) {
  std::string text = s_.Text(col);
  if (text.empty()) return {};
  auto d = ParsePartialDate(text);
  if (d.ok()) return *d;
  // Not quoted: the only dates stored are birth dates, personal data that must not reach a log.
  Fail(column, "not a date");
  return {};
}

void RowReader::Fail(std::string_view column, std::string what) {
  if (!status_.ok()) return;  // the first corrupt column is the one to report
  std::string where = fmt::format("{}.{}", table_, column);
  if (!row_.empty()) where += fmt::format(" of {}", row_);
  status_ = DataLoss(fmt::format("{}: {}", where, what));
}

std::string RowReader::Quote(std::string_view value) {
  constexpr size_t kMaxQuoted = 40;
  return fmt::format("'{}'", value.substr(0, kMaxQuoted));
}

}  // namespace aftermath::sql

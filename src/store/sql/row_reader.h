// Reads the typed columns of one stored row. A value that does not parse is corrupt data, not a
// default: the first one makes status() DataLoss naming the table, the column and the row
// ("persons.updated_at of p_123: '2026-13-99' is not a timestamp"), so no reader turns it into
// the epoch or a default enum and serves it as true.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"
#include "model/records.h"
#include "store/sql/sql_connection.h"

namespace aftermath::sql {

class RowReader {
 public:
  // `row` names the row in errors (its id); empty when there is none worth naming. `table` must
  // outlive the reader (a literal).
  RowReader(const Statement& s, std::string_view table, std::string row = {})
      : s_(s), table_(table), row_(std::move(row)) {}

  Timestamp Time(int col, std::string_view column);
  // NULL: nullopt.
  std::optional<Timestamp> OptionalTime(int col, std::string_view column);
  // "": an unknown date.
  PartialDate Date(int col, std::string_view column);
  // `parse` maps the stored text to the enum (ParseSex, ParseInquiryState ...).
  template <typename Parse>
  auto Enum(int col, std::string_view column, Parse parse) {
    std::string text = s_.Text(col);
    auto value = parse(text);
    if (!value) Fail(column, Quote(text) + " is not a known value");
    return value.value_or(typename decltype(value)::value_type{});
  }

  // The first corrupt column's DataLoss; OK when every column read parsed.
  const Status& status() const { return status_; }

 private:
  // Notes the first corrupt column; `what` is what is wrong with its value.
  void Fail(std::string_view column, std::string what);
  // The start of a corrupt value, quoted: it may be long, and its start says enough.
  static std::string Quote(std::string_view value);

  const Statement& s_;
  std::string_view table_;
  std::string row_;
  Status status_;
};

}  // namespace aftermath::sql

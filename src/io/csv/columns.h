// What the columns of a list mean: header names recognised in Kazakh, Russian and English, or
// an explicit mapping file; and the readers of the values people put in them (dd.mm.yyyy dates,
// М/Ж, "госпитализирован", ...).
#pragma once

#include <istream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "model/enums.h"
#include "model/partial_date.h"

namespace aftermath::io {

enum class Column {
  kIgnore,  // known not to matter (a running row number); kept in `raw` only
  kUnknown, // not recognised; kept in `raw` only, and reported once
  kExternalId,
  kSurname,
  kGivenName,
  kPatronymic,
  kFullName,
  kBirthDate,
  kAge,
  kSex,
  kStatus,
  kFacility,
  kLocation,
  kFeatures,
  kNotes,
};

std::string_view ToString(Column c);
// The mapping file's names: "external_id", "surname", "given_name", "patronymic", "full_name",
// "birth_date", "age", "sex", "status", "facility", "location", "features", "notes", "ignore".
std::optional<Column> ParseColumn(std::string_view name);

// Lower case, trimmed, inner whitespace collapsed, trailing ':' '*' '.' dropped: the key under
// which header names and status words are looked up.
std::string FoldKey(std::string_view text);

// A header name's meaning; kUnknown when not recognised.
Column RecogniseHeader(std::string_view header);

// A mapping file: one "header = column" a line ("Фамилия пациента = surname"); '#' comments.
// InvalidArgument naming the line for a malformed line or an unknown column name.
using ColumnMap = std::vector<std::pair<std::string, Column>>;
Result<ColumnMap> ParseColumnMap(std::istream& in);

// The columns of a header row: from `map` when it names the header, else recognised.
// InvalidArgument when no column says who the person is (a name, or sex/age/features) or when two
// columns claim the same meaning.
Result<std::vector<Column>> MapHeader(const std::vector<std::string>& header,
                                      const ColumnMap& map);

// Values. Each InvalidArgument with a message naming the value.
// "21.03.1990", "21/03/1990", "21.03.90"? (no: two-digit years are ambiguous), "1990-03-21",
// "03.1990", "1990".
Result<PartialDate> ParseListDate(std::string_view text);
// М/Ж, муж/жен, мужской/женский, Е/Ә, ер/әйел, m/f, male/female, ...
Result<Sex> ParseListSex(std::string_view text);
// Our status names, and the Russian and Kazakh words lists use.
Result<PersonStatus> ParseListStatus(std::string_view text);
// "35", "35 лет", "~35", "около 35".
Result<int> ParseListAge(std::string_view text);

}  // namespace aftermath::io

#include "store/sql/sql_connection.h"

namespace aftermath::sql {

Statement& Statement::BindOptional(int i, const std::optional<int>& v) {
  return v ? Bind(i, int64_t{*v}) : BindNull(i);
}

Statement& Statement::BindNullIfEmpty(int i, std::string_view v) {
  return v.empty() ? BindNull(i) : Bind(i, v);
}

Status Statement::Run() {
  for (;;) {
    ASSIGN_OR_RETURN(bool row, Step());
    if (!row) return Status::Ok();
  }
}

std::optional<int> Statement::OptionalInt(int col) const {
  if (IsNull(col)) return std::nullopt;
  return static_cast<int>(Int(col));
}

}  // namespace aftermath::sql

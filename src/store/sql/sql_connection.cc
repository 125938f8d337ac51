#include "store/sql/sql_connection.h"

#include <bit>
#include <map>
#include <mutex>
#include <tuple>

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

const char* RowsSql(const char* head, const char* row, int rows, const char* tail) {
  using Key = std::tuple<const char*, const char*, int, const char*>;
  static std::mutex mu;
  static auto* texts = new std::map<Key, std::string>();  // never freed: statements point in
  std::lock_guard lock(mu);
  auto [it, added] = texts->try_emplace(Key{head, row, rows, tail});
  if (added) {
    std::string& text = it->second;
    text = head;
    for (int i = 0; i < rows; ++i) {
      if (i > 0) text += ", ";
      text += row;
    }
    text += tail;
  }
  return it->second.c_str();
}

int RowsInNextStatement(size_t left) {
  if (left >= static_cast<size_t>(kMaxRowsPerStatement)) return kMaxRowsPerStatement;
  return static_cast<int>(std::bit_floor(left));
}

}  // namespace aftermath::sql

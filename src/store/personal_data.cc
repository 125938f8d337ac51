#include "store/personal_data.h"

#include <fmt/format.h>

namespace aftermath::personal_data {
namespace {

std::vector<Statement> Build(Owner owner) {
  std::vector<Statement> out;
  for (const Scope& scope : kScopes) {
    if (scope.owner != owner) continue;
    std::string set;
    bool delete_rows = false;
    for (const Column& c : kPersonalColumns) {
      if (c.table != scope.table) continue;
      if (c.blank.empty()) delete_rows = true;
      set += fmt::format("{}{} = {}", set.empty() ? "" : ", ", c.column, c.blank);
    }
    if (!scope.also_set.empty()) set += fmt::format(", {}", scope.also_set);
    Statement s;
    s.sql = delete_rows ? fmt::format("DELETE FROM {} WHERE {}", scope.table, scope.where)
                        : fmt::format("UPDATE {} SET {} WHERE {}", scope.table, set, scope.where);
    s.uses_time = s.sql.find("?2") != std::string::npos;
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace

const std::vector<Statement>& PurgeStatements(Owner owner) {
  static const std::vector<Statement> inquiry = Build(Owner::kInquiry);
  static const std::vector<Statement> person = Build(Owner::kPerson);
  return owner == Owner::kInquiry ? inquiry : person;
}

}  // namespace aftermath::personal_data

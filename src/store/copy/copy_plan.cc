#include "store/copy/copy_plan.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

namespace aftermath::store_copy {
namespace {

// Every row's first column as text.
Result<std::vector<std::string>> Strings(sql::Statement& s) {
  std::vector<std::string> out;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) return out;
    out.push_back(s.Text(0));
  }
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

const SchemaTable* Find(const std::vector<SchemaTable>& tables, std::string_view name) {
  auto it =
      std::find_if(tables.begin(), tables.end(), [&](const auto& t) { return t.name == name; });
  return it == tables.end() ? nullptr : &*it;
}

const SchemaColumn* FindColumn(const SchemaTable& table, std::string_view name) {
  auto it = std::find_if(table.columns.begin(), table.columns.end(),
                         [&](const auto& c) { return c.name == name; });
  return it == table.columns.end() ? nullptr : &*it;
}

Result<CopyTable> PlanTable(const SchemaTable& source, const SchemaTable& target) {
  CopyTable t{.name = source.name, .seeded = IsSeeded(source.name)};
  std::vector<std::pair<int, int>> key;  // (position in the key, column index)
  for (const SchemaColumn& c : source.columns) {
    const SchemaColumn* tc = FindColumn(target, c.name);
    if (tc == nullptr) {
      return FailedPrecondition(
          fmt::format("the schemas differ: column {}.{} is in the source but not in the target",
                      source.name, c.name));
    }
    ASSIGN_OR_RETURN(ColumnKind kind, KindOfPostgresType(source.name, *tc));
    if (c.key_position > 0) key.emplace_back(c.key_position, static_cast<int>(t.columns.size()));
    t.columns.push_back({.name = c.name, .kind = kind, .is_sequence = tc->is_sequence});
  }
  for (const SchemaColumn& c : target.columns) {
    if (FindColumn(source, c.name) == nullptr) {
      return FailedPrecondition(
          fmt::format("the schemas differ: column {}.{} is in the target but not in the source",
                      target.name, c.name));
    }
  }
  std::sort(key.begin(), key.end());
  for (auto [position, index] : key) t.key.push_back(index);
  t.has_primary_key = !t.key.empty();
  if (t.key.empty()) {  // no primary key: every column orders the rows
    for (int i = 0; i < static_cast<int>(t.columns.size()); ++i) t.key.push_back(i);
  }
  return t;
}

}  // namespace

bool IsSkipped(std::string_view table) {
  return table == "schema_migrations" || table == "changes";
}

bool IsSeeded(std::string_view table) { return table == "audit_head"; }

Result<std::vector<SchemaTable>> ReadSqliteSchema(sql::Connection& conn) {
  ASSIGN_OR_RETURN(auto names, conn.Prepare("SELECT name FROM sqlite_master WHERE type = 'table' "
                                            "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
                                            "ORDER BY name"));
  ASSIGN_OR_RETURN(std::vector<std::string> tables, Strings(*names));
  std::vector<SchemaTable> out;
  for (const std::string& name : tables) {
    SchemaTable t{.name = name};
    ASSIGN_OR_RETURN(auto cols,
                     conn.Prepare("SELECT name, type, pk FROM pragma_table_info(?) ORDER BY cid"));
    cols->Bind(1, name);
    for (;;) {
      ASSIGN_OR_RETURN(bool row, cols->Step());
      if (!row) break;
      t.columns.push_back({.name = cols->Text(0),
                           .type = cols->Text(1),
                           .key_position = static_cast<int>(cols->Int(2))});
    }
    ASSIGN_OR_RETURN(
        auto refs,
        conn.Prepare("SELECT DISTINCT \"table\" FROM pragma_foreign_key_list(?) ORDER BY 1"));
    refs->Bind(1, name);
    ASSIGN_OR_RETURN(t.references, Strings(*refs));
    out.push_back(std::move(t));
  }
  return out;
}

Result<std::vector<SchemaTable>> ReadPostgresSchema(sql::Connection& conn) {
  ASSIGN_OR_RETURN(
      auto s,
      conn.Prepare("SELECT c.table_name, c.column_name, c.data_type, c.is_identity, "
                   "coalesce(c.column_default, '') LIKE 'nextval(%' "
                   "FROM information_schema.columns c JOIN information_schema.tables t "
                   "ON t.table_schema = c.table_schema AND t.table_name = c.table_name "
                   "WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' "
                   "ORDER BY c.table_name, c.ordinal_position"));
  std::vector<SchemaTable> out;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    std::string table = s->Text(0);
    if (out.empty() || out.back().name != table) out.push_back({.name = table});
    out.back().columns.push_back({.name = s->Text(1),
                                  .type = s->Text(2),
                                  .is_sequence = s->Text(3) == "YES" || s->Text(4) == "t"});
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  return out;
}

Result<ColumnKind> KindOfPostgresType(std::string_view table, const SchemaColumn& column) {
  std::string type = Lower(column.type);
  if (type == "text" || type == "character varying" || type == "character") {
    return ColumnKind::kText;
  }
  if (type == "integer" || type == "bigint" || type == "smallint") return ColumnKind::kInteger;
  if (type == "boolean") return ColumnKind::kBoolean;
  if (type == "double precision" || type == "real") return ColumnKind::kReal;
  if (type == "bytea") return ColumnKind::kBlob;
  return FailedPrecondition(
      fmt::format("column {}.{} has type {} in the target, which copy does not know how to carry",
                  table, column.name, column.type));
}

Result<std::vector<CopyTable>> PlanCopy(const std::vector<SchemaTable>& source,
                                        const std::vector<SchemaTable>& target) {
  std::map<std::string, CopyTable> planned;
  std::map<std::string, std::set<std::string>> waits_for;  // table -> planned tables it references
  for (const SchemaTable& s : source) {
    if (IsSkipped(s.name)) continue;
    const SchemaTable* t = Find(target, s.name);
    if (t == nullptr) {
      return FailedPrecondition(fmt::format(
          "the schemas differ: table {} is in the source but not in the target", s.name));
    }
    ASSIGN_OR_RETURN(CopyTable table, PlanTable(s, *t));
    planned.emplace(s.name, std::move(table));
  }
  for (const SchemaTable& t : target) {
    if (!IsSkipped(t.name) && !planned.contains(t.name)) {
      return FailedPrecondition(fmt::format(
          "the schemas differ: table {} is in the target but not in the source", t.name));
    }
  }
  for (const SchemaTable& s : source) {
    if (!planned.contains(s.name)) continue;
    auto& waits = waits_for[s.name];
    for (const std::string& r : s.references) {
      // A row may reference its own table; the order of rows within a table is the key's.
      if (r != s.name && planned.contains(r)) waits.insert(r);
    }
  }
  // Kahn's algorithm; among the tables that are ready, name order keeps the plan stable.
  std::vector<CopyTable> order;
  while (!waits_for.empty()) {
    auto ready = std::find_if(waits_for.begin(), waits_for.end(),
                              [](const auto& w) { return w.second.empty(); });
    if (ready == waits_for.end()) {
      std::vector<std::string> names;
      for (const auto& [name, waits] : waits_for) names.push_back(name);
      return FailedPrecondition(
          fmt::format("the foreign keys of tables {} form a cycle; copy cannot order them",
                      fmt::join(names, ", ")));
    }
    std::string name = ready->first;
    waits_for.erase(ready);
    for (auto& [other, waits] : waits_for) waits.erase(name);
    order.push_back(std::move(planned.at(name)));
  }
  return order;
}

}  // namespace aftermath::store_copy

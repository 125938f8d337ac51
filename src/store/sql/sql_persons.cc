// Persons, their names and the index rows of SqlTransaction (see store/person_records.h).
#include <fmt/format.h>

#include <algorithm>

#include "store/paging.h"
#include "store/sql/filter_variants.h"
#include "store/sql/sql_transaction.h"

namespace aftermath::sql {

// ---- persons ----

namespace {

constexpr const char* kPersonColumns =
    "id, version, sex, birth_date, approx_age, home_locality, features, status, "
    "coalesce(status_source_id, ''), facility, created_at, updated_at, purged_at, "
    "coalesce(merged_into, '')";

Result<Person> ReadPerson(const Statement& s) {
  RowReader row(s, "persons", s.Text(0));
  Person p;
  p.id = s.Text(0);
  p.version = s.Int(1);
  p.sex = row.Enum(2, "sex", ParseSex);
  p.birth_date = row.Date(3, "birth_date");
  p.approx_age = s.OptionalInt(4);
  p.home_locality = s.Text(5);
  p.features = s.Text(6);
  p.status = row.Enum(7, "status", ParsePersonStatus);
  p.status_source_id = s.Text(8);
  p.facility = s.Text(9);
  p.created_at = row.Time(10, "created_at");
  p.updated_at = row.Time(11, "updated_at");
  p.purged_at = row.OptionalTime(12, "purged_at");
  p.merged_into = s.Text(13);
  RETURN_IF_ERROR(row.status());
  return p;
}

}  // namespace

Result<std::vector<PersonName>> SqlTransaction::ReadNames(std::string_view person_id) {
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(
      "SELECT full_name, surname, given_names, patronymic, coalesce(source_id, '') "
      "FROM person_names WHERE person_id = ? ORDER BY ordinal"));
  s->Bind(1, person_id);
  std::vector<PersonName> names;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    names.push_back({s->Text(0), s->Text(1), s->Text(2), s->Text(3), s->Text(4)});
  }
  return names;
}

Result<Person> SqlTransaction::GetPerson(std::string_view id) {
  static const std::string sql = fmt::format("SELECT {} FROM persons WHERE id = ?", kPersonColumns);
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql.c_str()));
  s->Bind(1, id);
  ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return NotFound(fmt::format("no person with id '{}'", id.substr(0, 64)));
  ASSIGN_OR_RETURN(Person p, ReadPerson(*s));
  s.reset();
  ASSIGN_OR_RETURN(p.names, ReadNames(p.id));
  return p;
}

Result<Page<Person>> SqlTransaction::ListPersons(const PersonFilter& filter,
                                                    const PageRequest& page) {
  ASSIGN_OR_RETURN(PageCursor cursor, DecodeCursor(page.cursor));
  // Newest first; the cursor is the (created_at, id) of the last row served.
  // With a status given, persons_by_status serves it (filter_variants.h); hidden, a rare status
  // (the deceased) read the registry backwards until a page was full.
  static const std::vector<std::string> sql = FilterStatements(
      fmt::format("SELECT {} FROM persons WHERE merged_into IS NULL AND ", kPersonColumns),
      {"status = ?1"},
      " AND (CAST(?2 AS TEXT) IS NULL OR (created_at, id) < (?2, ?3)) "
      "ORDER BY created_at DESC, id DESC LIMIT ?4");
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql[VariantOf({filter.status.has_value()})].c_str()));
  if (filter.status) s->Bind(1, ToString(*filter.status));
  if (!cursor.empty()) s->Bind(2, cursor.created_at).Bind(3, cursor.id);
  s->Bind(4, int64_t{page.limit + 1});
  Page<Person> out;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    ASSIGN_OR_RETURN(Person item, ReadPerson(*s));
    out.items.push_back(std::move(item));
  }
  s.reset();
  if (static_cast<int>(out.items.size()) > page.limit) {
    out.items.pop_back();
    out.next_cursor = EncodeCursor(Ts(out.items.back().created_at), out.items.back().id);
  }
  for (auto& p : out.items) {
    ASSIGN_OR_RETURN(p.names, ReadNames(p.id));
  }
  return out;
}

Status SqlTransaction::WriteNames(const Person& p) {
  {
    ASSIGN_OR_RETURN(auto del, conn_->Prepare("DELETE FROM person_names WHERE person_id = ?"));
    del->Bind(1, p.id);
    RETURN_IF_ERROR(del->Run());
  }
  for (size_t i = 0; i < p.names.size(); ++i) {
    const PersonName& n = p.names[i];
    ASSIGN_OR_RETURN(auto s, conn_->Prepare(
        "INSERT INTO person_names (person_id, ordinal, full_name, surname, given_names, "
        "patronymic, source_id) VALUES (?, ?, ?, ?, ?, ?, ?)"));
    s->Bind(1, p.id).Bind(2, int64_t(i)).Bind(3, n.full_name).Bind(4, n.surname)
        .Bind(5, n.given_names).Bind(6, n.patronymic).BindNullIfEmpty(7, n.source_id);
    RETURN_IF_ERROR(s->Run());
  }
  return Status::Ok();
}

Status SqlTransaction::InsertPerson(const Person& p) {
  RETURN_IF_ERROR(RequireWrite());
  Touch("person", p.id);
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(
      "INSERT INTO persons (id, version, sex, birth_date, approx_age, home_locality, features, "
      "status, status_source_id, facility, created_at, updated_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  s->Bind(1, p.id).Bind(2, p.version).Bind(3, ToString(p.sex)).Bind(4, p.birth_date.ToString())
      .BindOptional(5, p.approx_age).Bind(6, p.home_locality).Bind(7, p.features)
      .Bind(8, ToString(p.status)).BindNullIfEmpty(9, p.status_source_id).Bind(10, p.facility)
      .Bind(11, Ts(p.created_at)).Bind(12, Ts(p.updated_at));
  RETURN_IF_ERROR(s->Run());
  s.reset();
  return WriteNames(p);
}

Status SqlTransaction::CheckVersionedUpdate(int64_t rows, std::string_view table,
                                            std::string_view id, int64_t version) {
  if (rows == 1) return Status::Ok();
  return Aborted(fmt::format("{} '{}' was changed by someone else since version {}; reload it",
                             table, id, version));
}

Status SqlTransaction::UpdatePerson(const Person& p) {
  RETURN_IF_ERROR(RequireWrite());
  Touch("person", p.id);
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(
      "UPDATE persons SET version = version + 1, sex = ?, birth_date = ?, approx_age = ?, "
      "home_locality = ?, features = ?, status = ?, status_source_id = ?, facility = ?, "
      "updated_at = ?, merged_into = ? WHERE id = ? AND version = ?"));
  s->Bind(1, ToString(p.sex)).Bind(2, p.birth_date.ToString()).BindOptional(3, p.approx_age)
      .Bind(4, p.home_locality).Bind(5, p.features).Bind(6, ToString(p.status))
      .BindNullIfEmpty(7, p.status_source_id).Bind(8, p.facility).Bind(9, Ts(p.updated_at))
      .BindNullIfEmpty(10, p.merged_into).Bind(11, p.id).Bind(12, p.version);
  RETURN_IF_ERROR(s->Run());
  RETURN_IF_ERROR(CheckVersionedUpdate(s->RowsAffected(), "person", p.id, p.version));
  s.reset();
  return WriteNames(p);
}

Result<int64_t> SqlTransaction::CountPersons() {
  ASSIGN_OR_RETURN(auto s, conn_->Prepare("SELECT count(*) FROM persons"));
  ASSIGN_OR_RETURN(bool row, s->Step());
  return row ? s->Int(0) : 0;
}

Result<std::vector<Person>> SqlTransaction::ListUnidentified(int limit) {
  static const std::string sql = fmt::format(
      "SELECT {} FROM persons p WHERE purged_at IS NULL AND merged_into IS NULL AND "
      "NOT EXISTS (SELECT 1 FROM person_names n WHERE n.person_id = p.id) "
      "ORDER BY created_at DESC LIMIT ?",
      kPersonColumns);
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql.c_str()));
  s->Bind(1, int64_t{limit});
  return CollectRows<Person>(*s, ReadPerson);
}

// ---- index rows ----

namespace {

Result<IndexRow> ReadIndexRow(const Statement& s) {
  RowReader row(s, "persons", s.Text(0));
  IndexRow r;
  r.person_id = s.Text(0);
  r.status = row.Enum(1, "status", ParsePersonStatus);
  r.sex = row.Enum(2, "sex", ParseSex);
  r.birth_date = row.Date(3, "birth_date");
  r.approx_age = s.OptionalInt(4);
  r.home_locality = s.Text(5);
  r.created_at = row.Time(6, "created_at");
  r.updated_at = row.Time(7, "updated_at");
  r.facility = s.Text(8);
  r.status_source_id = s.Text(9);
  RETURN_IF_ERROR(row.status());
  return r;
}

}  // namespace

Status SqlTransaction::FillIndexRows(std::vector<IndexRow>& rows) {
  if (rows.empty()) return Status::Ok();
  const std::string& first = rows.front().person_id;
  const std::string& last = rows.back().person_id;
  auto find = [&](const std::string& id) -> IndexRow* {
    auto it = std::lower_bound(rows.begin(), rows.end(), id,
                               [](const IndexRow& r, const std::string& v) {
                                 return r.person_id < v;
                               });
    return it != rows.end() && it->person_id == id ? &*it : nullptr;
  };
  {
    ASSIGN_OR_RETURN(auto s, conn_->Prepare(
        "SELECT person_id, full_name FROM person_names WHERE person_id >= ? AND person_id <= ? "
        "ORDER BY person_id, ordinal"));
    s->Bind(1, first).Bind(2, last);
    for (;;) {
      ASSIGN_OR_RETURN(bool row, s->Step());
      if (!row) break;
      if (IndexRow* r = find(s->Text(0))) r->names.push_back(s->Text(1));
    }
  }
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(
      "SELECT r.person_id, coalesce(r.external_id, ''), s.kind, s.region, s.id FROM reports r "
      "JOIN sources s ON s.id = r.source_id WHERE r.person_id >= ? AND r.person_id <= ? "
      "ORDER BY r.person_id, r.received_at, r.id"));
  s->Bind(1, first).Bind(2, last);
  for (;;) {
    ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    IndexRow* r = find(s->Text(0));
    if (!r) continue;
    if (r->external_id.empty()) r->external_id = s->Text(1);
    RowReader source(*s, "sources", s->Text(4));
    SourceKind kind = source.Enum(2, "kind", ParseSourceKind);
    RETURN_IF_ERROR(source.status());
    if (std::find(r->source_kinds.begin(), r->source_kinds.end(), kind) ==
        r->source_kinds.end()) {
      r->source_kinds.push_back(kind);
    }
    std::string region = s->Text(3);
    if (!region.empty() &&
        std::find(r->regions.begin(), r->regions.end(), region) == r->regions.end()) {
      r->regions.push_back(region);
    }
  }
  return Status::Ok();
}

Result<std::vector<IndexRow>> SqlTransaction::ScanIndexRows(std::string_view after_id,
                                                            int limit) {
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(
      "SELECT id, status, sex, birth_date, approx_age, home_locality, created_at, updated_at, "
      "facility, coalesce(status_source_id, '') "
      "FROM persons WHERE id > ? AND purged_at IS NULL AND merged_into IS NULL ORDER BY id "
      "LIMIT ?"));
  s->Bind(1, after_id).Bind(2, int64_t{limit});
  std::vector<IndexRow> rows;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    ASSIGN_OR_RETURN(IndexRow item, ReadIndexRow(*s));
    rows.push_back(std::move(item));
  }
  s.reset();
  RETURN_IF_ERROR(FillIndexRows(rows));
  return rows;
}

Result<std::optional<IndexRow>> SqlTransaction::LoadIndexRow(std::string_view person_id) {
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(
      "SELECT id, status, sex, birth_date, approx_age, home_locality, created_at, updated_at, "
      "facility, coalesce(status_source_id, '') "
      "FROM persons WHERE id = ? AND purged_at IS NULL AND merged_into IS NULL"));
  s->Bind(1, person_id);
  ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return std::optional<IndexRow>();
  ASSIGN_OR_RETURN(IndexRow found, ReadIndexRow(*s));
  std::vector<IndexRow> rows{std::move(found)};
  s.reset();
  RETURN_IF_ERROR(FillIndexRows(rows));
  return std::optional<IndexRow>(std::move(rows.front()));
}

}  // namespace aftermath::sql

// Reports, status events and sources of SqlTransaction (see store/person_records.h).
#include "store/sql/sql_transaction.h"

#include <fmt/format.h>

#include "store/paging.h"

namespace aftermath::sql {

// ---- reports ----

namespace {

constexpr const char* kReportColumns =
    "id, version, source_id, coalesce(external_id, ''), coalesce(person_id, ''), full_name, "
    "surname, given_names, patronymic, sex, birth_date, approx_age, features, status, facility, "
    "location, observed_at, received_at, notes, raw, pfif_kind, entered_at, expires_at, "
    "extension";

Result<Report> ReadReport(const Statement& s) {
  RowReader row(s, "reports", s.Text(0));
  Report r;
  r.id = s.Text(0);
  r.version = s.Int(1);
  r.source_id = s.Text(2);
  r.external_id = s.Text(3);
  r.person_id = s.Text(4);
  r.name = {s.Text(5), s.Text(6), s.Text(7), s.Text(8), r.source_id};
  r.sex = row.Enum(9, "sex", ParseSex);
  r.birth_date = row.Date(10, "birth_date");
  r.approx_age = s.OptionalInt(11);
  r.features = s.Text(12);
  r.status = row.Enum(13, "status", ParsePersonStatus);
  r.facility = s.Text(14);
  r.location = s.Text(15);
  r.observed_at = row.Time(16, "observed_at");
  r.received_at = row.Time(17, "received_at");
  r.notes = s.Text(18);
  r.raw = s.Text(19);
  r.pfif_kind = row.Enum(20, "pfif_kind", ParsePfifKind);
  r.entered_at = row.OptionalTime(21, "entered_at");
  r.expires_at = row.OptionalTime(22, "expires_at");
  r.extension = s.Text(23);
  RETURN_IF_ERROR(row.status());
  return r;
}

}  // namespace

Result<Report> SqlTransaction::GetReport(std::string_view id) {
  static const std::string sql = fmt::format("SELECT {} FROM reports WHERE id = ?", kReportColumns);
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql.c_str()));
  s->Bind(1, id);
  ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return NotFound(fmt::format("no report with id '{}'", id.substr(0, 64)));
  return ReadReport(*s);
}

Result<std::optional<Report>> SqlTransaction::FindReportByExternalId(
    std::string_view source_id, std::string_view external_id) {
  static const std::string sql = fmt::format(
      "SELECT {} FROM reports WHERE source_id = ? AND external_id = ?", kReportColumns);
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql.c_str()));
  s->Bind(1, source_id).Bind(2, external_id);
  ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return std::optional<Report>();
  ASSIGN_OR_RETURN(Report found, ReadReport(*s));
  return std::optional<Report>(std::move(found));
}

Result<Page<Report>> SqlTransaction::ListReports(const ReportFilter& filter,
                                                 const PageRequest& page) {
  ASSIGN_OR_RETURN(PageCursor cursor, DecodeCursor(page.cursor));
  // One statement a filter, each with a plain equality its index can serve; an "?1 IS NULL OR"
  // form would make SQLite walk every report.
  static const std::string by_person = fmt::format(
      "SELECT {} FROM reports WHERE person_id = ?1 AND (CAST(?2 AS TEXT) IS NULL OR "
      "source_id = ?2) AND (CAST(?3 AS TEXT) IS NULL OR (received_at, id) < (?3, ?4)) "
      "ORDER BY received_at DESC, id DESC LIMIT ?5",
      kReportColumns);
  static const std::string by_source = fmt::format(
      "SELECT {} FROM reports WHERE source_id = ?2 AND (CAST(?1 AS TEXT) IS NULL OR "
      "person_id = ?1) AND (CAST(?3 AS TEXT) IS NULL OR (received_at, id) < (?3, ?4)) "
      "ORDER BY received_at DESC, id DESC LIMIT ?5",
      kReportColumns);
  static const std::string all = fmt::format(
      "SELECT {} FROM reports WHERE (CAST(?1 AS TEXT) IS NULL OR person_id = ?1) AND "
      "(CAST(?2 AS TEXT) IS NULL OR source_id = ?2) AND "
      "(CAST(?3 AS TEXT) IS NULL OR (received_at, id) < (?3, ?4)) "
      "ORDER BY received_at DESC, id DESC LIMIT ?5",
      kReportColumns);
  const std::string& sql = !filter.person_id.empty()   ? by_person
                           : !filter.source_id.empty() ? by_source
                                                       : all;
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql.c_str()));
  s->BindNullIfEmpty(1, filter.person_id).BindNullIfEmpty(2, filter.source_id);
  if (!cursor.empty()) {
    s->Bind(3, cursor.created_at).Bind(4, cursor.id);
  } else {
    s->BindNull(3).BindNull(4);
  }
  s->Bind(5, int64_t{page.limit + 1});
  Page<Report> out;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    ASSIGN_OR_RETURN(Report item, ReadReport(*s));
    out.items.push_back(std::move(item));
  }
  if (static_cast<int>(out.items.size()) > page.limit) {
    out.items.pop_back();
    out.next_cursor = EncodeCursor(Ts(out.items.back().received_at), out.items.back().id);
  }
  return out;
}

Status SqlTransaction::InsertReport(const Report& r) {
  RETURN_IF_ERROR(RequireWrite());
  Touch("person", r.person_id);
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(
      "INSERT INTO reports (id, version, source_id, external_id, person_id, full_name, surname, "
      "given_names, patronymic, sex, birth_date, approx_age, features, status, facility, "
      "location, observed_at, received_at, notes, raw, pfif_kind, entered_at, expires_at, "
      "extension) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  s->Bind(1, r.id).Bind(2, r.version).Bind(3, r.source_id).BindNullIfEmpty(4, r.external_id)
      .BindNullIfEmpty(5, r.person_id).Bind(6, r.name.full_name).Bind(7, r.name.surname)
      .Bind(8, r.name.given_names).Bind(9, r.name.patronymic).Bind(10, ToString(r.sex))
      .Bind(11, r.birth_date.ToString()).BindOptional(12, r.approx_age).Bind(13, r.features)
      .Bind(14, ToString(r.status)).Bind(15, r.facility).Bind(16, r.location)
      .Bind(17, Ts(r.observed_at)).Bind(18, Ts(r.received_at)).Bind(19, r.notes).Bind(20, r.raw)
      .Bind(21, ToString(r.pfif_kind)).Bind(24, r.extension);
  BindOptionalTime(*s, 22, r.entered_at);
  BindOptionalTime(*s, 23, r.expires_at);
  return s->Run();
}

Status SqlTransaction::UpdateReport(const Report& r) {
  RETURN_IF_ERROR(RequireWrite());
  Touch("person", r.person_id);
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(
      "UPDATE reports SET version = version + 1, person_id = ?, full_name = ?, surname = ?, "
      "given_names = ?, patronymic = ?, sex = ?, birth_date = ?, approx_age = ?, features = ?, "
      "status = ?, facility = ?, location = ?, observed_at = ?, received_at = ?, notes = ?, "
      "raw = ?, pfif_kind = ?, entered_at = ?, expires_at = ?, extension = ?, "
      "matched_at = NULL WHERE id = ? AND version = ?"));
  s->BindNullIfEmpty(1, r.person_id).Bind(2, r.name.full_name).Bind(3, r.name.surname)
      .Bind(4, r.name.given_names).Bind(5, r.name.patronymic).Bind(6, ToString(r.sex))
      .Bind(7, r.birth_date.ToString()).BindOptional(8, r.approx_age).Bind(9, r.features)
      .Bind(10, ToString(r.status)).Bind(11, r.facility).Bind(12, r.location)
      .Bind(13, Ts(r.observed_at)).Bind(14, Ts(r.received_at)).Bind(15, r.notes).Bind(16, r.raw)
      .Bind(17, ToString(r.pfif_kind)).Bind(20, r.extension).Bind(21, r.id).Bind(22, r.version);
  BindOptionalTime(*s, 18, r.entered_at);
  BindOptionalTime(*s, 19, r.expires_at);
  RETURN_IF_ERROR(s->Run());
  return CheckVersionedUpdate(s->RowsAffected(), "report", r.id, r.version);
}

Result<std::vector<Report>> SqlTransaction::UnmatchedReports(int limit) {
  static const std::string sql = fmt::format(
      "SELECT {} FROM reports WHERE matched_at IS NULL ORDER BY received_at, id LIMIT ?",
      kReportColumns);
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql.c_str()));
  s->Bind(1, int64_t{limit});
  return CollectRows<Report>(*s, ReadReport);
}

Result<std::vector<Report>> SqlTransaction::ListReportsSince(std::string_view source_id,
                                                             Timestamp since,
                                                             std::string_view after_id,
                                                             int limit) {
  // One statement a filter, each an equality and a range its index serves (reports_by_received;
  // a source's through its own rows).
  static const std::string all = fmt::format(
      "SELECT {} FROM reports WHERE (received_at, id) > (?1, ?2) "
      "ORDER BY received_at, id LIMIT ?3",
      kReportColumns);
  static const std::string of_source = fmt::format(
      "SELECT {} FROM reports WHERE source_id = ?4 AND (received_at, id) > (?1, ?2) "
      "ORDER BY received_at, id LIMIT ?3",
      kReportColumns);
  ASSIGN_OR_RETURN(auto s, conn_->Prepare((source_id.empty() ? all : of_source).c_str()));
  // From `since` on: after ("since", "") every id there is; else after that report.
  s->Bind(1, Ts(since)).Bind(2, after_id).Bind(3, int64_t{limit});
  if (!source_id.empty()) s->Bind(4, source_id);
  return CollectRows<Report>(*s, ReadReport);
}

Result<std::vector<Report>> SqlTransaction::ListExpiredPfifRecords(Timestamp now, int limit) {
  // EXISTS, not IN (SELECT ...): with IN, SQLite scanned every person and looked up their
  // reports (a second at a million persons, every minute); so it walks the expiry index.
  static const std::string sql = fmt::format(
      "SELECT {} FROM reports WHERE expires_at IS NOT NULL AND expires_at <= ? AND "
      "pfif_kind = 'person' AND EXISTS (SELECT 1 FROM persons WHERE persons.id = "
      "reports.person_id AND persons.purged_at IS NULL) ORDER BY expires_at, id LIMIT ?",
      kReportColumns);
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql.c_str()));
  s->Bind(1, Ts(now)).Bind(2, int64_t{limit});
  return CollectRows<Report>(*s, ReadReport);
}

Status SqlTransaction::MarkReportMatched(std::string_view report_id, Timestamp at) {
  std::string when = Ts(at);
  return RunWith("UPDATE reports SET matched_at = ? WHERE id = ?", {when, report_id});
}

Status SqlTransaction::SetReportPerson(std::string_view report_id, std::string_view person_id) {
  // Both the person losing the report and the one gaining it change.
  ASSIGN_OR_RETURN(auto old,
                   conn_->Prepare("SELECT coalesce(person_id, '') FROM reports WHERE id = ?"));
  old->Bind(1, report_id);
  ASSIGN_OR_RETURN(bool found, old->Step());
  if (found) Touch("person", old->Text(0));
  old.reset();
  Touch("person", person_id);
  return RunWith("UPDATE reports SET person_id = ? WHERE id = ?", {person_id, report_id});
}

Status SqlTransaction::SetStatusEventPerson(std::string_view event_id,
                                            std::string_view person_id) {
  return RunWith("UPDATE status_events SET person_id = ? WHERE id = ?", {person_id, event_id});
}

// ---- status events ----

namespace {

constexpr const char* kStatusEventColumns =
    "id, person_id, report_id, source_id, status, facility, observed_at, recorded_at";

Result<StatusEvent> ReadStatusEvent(const Statement& s) {
  RowReader row(s, "status_events", s.Text(0));
  StatusEvent e{s.Text(0),
                s.Text(1),
                s.Text(2),
                s.Text(3),
                row.Enum(4, "status", ParsePersonStatus),
                s.Text(5),
                row.Time(6, "observed_at"),
                row.Time(7, "recorded_at")};
  RETURN_IF_ERROR(row.status());
  return e;
}

}  // namespace

Status SqlTransaction::InsertStatusEvent(const StatusEvent& e) {
  RETURN_IF_ERROR(RequireWrite());
  Touch("person", e.person_id);
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(
      "INSERT INTO status_events (id, person_id, report_id, source_id, status, facility, "
      "observed_at, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
  s->Bind(1, e.id).Bind(2, e.person_id).Bind(3, e.report_id).Bind(4, e.source_id)
      .Bind(5, ToString(e.status)).Bind(6, e.facility).Bind(7, Ts(e.observed_at))
      .Bind(8, Ts(e.recorded_at));
  return s->Run();
}

Result<std::vector<StatusEvent>> SqlTransaction::ListStatusEvents(std::string_view person_id) {
  static const std::string sql = fmt::format(
      "SELECT {} FROM status_events WHERE person_id = ? ORDER BY recorded_at, id",
      kStatusEventColumns);
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql.c_str()));
  s->Bind(1, person_id);
  return CollectRows<StatusEvent>(*s, ReadStatusEvent);
}

Result<std::vector<StatusEvent>> SqlTransaction::ListStatusEventsOfReport(
    std::string_view report_id) {
  static const std::string sql = fmt::format(
      "SELECT {} FROM status_events WHERE report_id = ? ORDER BY recorded_at, id",
      kStatusEventColumns);
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql.c_str()));
  s->Bind(1, report_id);
  return CollectRows<StatusEvent>(*s, ReadStatusEvent);
}

// ---- sources ----

namespace {

Result<Source> ReadSource(const Statement& s) {
  RowReader row(s, "sources", s.Text(0));
  Source src;
  src.id = s.Text(0);
  src.name = s.Text(1);
  src.kind = row.Enum(2, "kind", ParseSourceKind);
  src.trust = static_cast<int>(s.Int(3));
  src.region = s.Text(4);
  src.created_at = row.Time(5, "created_at");
  RETURN_IF_ERROR(row.status());
  return src;
}

}  // namespace

Result<Source> SqlTransaction::GetSource(std::string_view id) {
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(
      "SELECT id, name, kind, trust, region, created_at FROM sources WHERE id = ?"));
  s->Bind(1, id);
  ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return NotFound(fmt::format("no source with id '{}'", id.substr(0, 64)));
  return ReadSource(*s);
}

Result<std::optional<Source>> SqlTransaction::FindSourceByName(std::string_view name) {
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(
      "SELECT id, name, kind, trust, region, created_at FROM sources WHERE name = ?"));
  s->Bind(1, name);
  ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return std::optional<Source>();
  ASSIGN_OR_RETURN(Source found, ReadSource(*s));
  return std::optional<Source>(std::move(found));
}

Result<std::vector<Source>> SqlTransaction::ListSources() {
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(
      "SELECT id, name, kind, trust, region, created_at FROM sources ORDER BY name"));
  return CollectRows<Source>(*s, ReadSource);
}

Status SqlTransaction::InsertSource(const Source& src) {
  RETURN_IF_ERROR(RequireWrite());
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(
      "INSERT INTO sources (id, name, kind, trust, region, created_at) VALUES (?, ?, ?, ?, ?, ?)"));
  s->Bind(1, src.id).Bind(2, src.name).Bind(3, ToString(src.kind)).Bind(4, int64_t{src.trust})
      .Bind(5, src.region).Bind(6, Ts(src.created_at));
  return s->Run();
}

}  // namespace aftermath::sql

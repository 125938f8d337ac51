// Persons and what was reported about them: reports, status events, the sources that sent them,
// and the rows the in-memory name index is built from. One aggregate of Transaction (store.h).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "model/records.h"

namespace aftermath {

struct PersonFilter {
  std::optional<PersonStatus> status;
};

struct ReportFilter {
  std::string person_id;  // empty: all
  std::string source_id;  // empty: all
};

// What the in-memory name index needs of one person (see index/name_index.h).
struct IndexRow {
  std::string person_id;
  std::string external_id;  // the first source record id reported for the person, if any
  std::vector<std::string> names;
  PersonStatus status = PersonStatus::kUnknown;
  Sex sex = Sex::kUnknown;
  PartialDate birth_date;
  std::optional<int> approx_age;
  Timestamp created_at;
  Timestamp updated_at;
  std::string home_locality;
  std::string facility;          // where the person is, as the status's source said
  std::string status_source_id;  // the source that set the status
  std::vector<SourceKind> source_kinds;  // of every source that reported the person
  std::vector<std::string> regions;      // of those sources
};

// Reads return NotFound when the id is unknown, DataLoss when a stored row cannot be read.
// Inserts fail with AlreadyExists on a duplicate id or (source, external id). Updates take the
// version the caller read and fail with Aborted when the stored record has moved on; on success
// the record's version is the caller's plus one.
class PersonRecords {
 public:
  virtual ~PersonRecords() = default;

  virtual Result<Person> GetPerson(std::string_view id) = 0;
  virtual Result<Page<Person>> ListPersons(const PersonFilter& filter, const PageRequest& page) = 0;
  virtual Result<Report> GetReport(std::string_view id) = 0;
  // The report a source sent under its own record id, if any.
  virtual Result<std::optional<Report>> FindReportByExternalId(std::string_view source_id,
                                                               std::string_view external_id) = 0;
  virtual Result<Page<Report>> ListReports(const ReportFilter& filter, const PageRequest& page) = 0;
  virtual Result<std::vector<StatusEvent>> ListStatusEvents(std::string_view person_id) = 0;
  virtual Result<Source> GetSource(std::string_view id) = 0;
  virtual Result<std::optional<Source>> FindSourceByName(std::string_view name) = 0;
  virtual Result<std::vector<Source>> ListSources() = 0;
  virtual Result<int64_t> CountPersons() = 0;

  // Index rows of persons with id > after_id in id order, at most `limit`; purged persons are
  // left out. Used to rebuild the index at start.
  virtual Result<std::vector<IndexRow>> ScanIndexRows(std::string_view after_id, int limit) = 0;
  // The index row of one person; nullopt when unknown or purged.
  virtual Result<std::optional<IndexRow>> LoadIndexRow(std::string_view person_id) = 0;

  // Reports not yet run through matching, oldest first.
  virtual Result<std::vector<Report>> UnmatchedReports(int limit) = 0;
  // Persons reported without a name (not purged, not merged).
  virtual Result<std::vector<Person>> ListUnidentified(int limit) = 0;
  virtual Result<std::vector<StatusEvent>> ListStatusEventsOfReport(std::string_view report_id) = 0;
  // Reports in the order they were received (received_at, then id), from `since` on or, when
  // `after_id` is given, after the report (since, after_id); only `source_id`'s when given;
  // at most `limit`. What the PFIF feeds page through (min_entry_date).
  virtual Result<std::vector<Report>> ListReportsSince(std::string_view source_id, Timestamp since,
                                                       std::string_view after_id, int limit) = 0;
  // PFIF person records whose expiry_date is at or before `now` and whose person is not yet
  // purged, soonest expired first, at most `limit` (Report::expires_at, io/pfif).
  virtual Result<std::vector<Report>> ListExpiredPfifRecords(Timestamp now, int limit) = 0;

  virtual Status InsertPerson(const Person& person) = 0;
  virtual Status UpdatePerson(const Person& person) = 0;
  virtual Status InsertReport(const Report& report) = 0;
  // A changed report is matched again (its matching state is reset).
  virtual Status UpdateReport(const Report& report) = 0;
  virtual Status InsertStatusEvent(const StatusEvent& event) = 0;
  virtual Status InsertSource(const Source& source) = 0;
  virtual Status MarkReportMatched(std::string_view report_id, Timestamp at) = 0;
  // Re-points one report or status event at another person (merges and their undo).
  virtual Status SetReportPerson(std::string_view report_id, std::string_view person_id) = 0;
  virtual Status SetStatusEventPerson(std::string_view event_id, std::string_view person_id) = 0;
};

}  // namespace aftermath

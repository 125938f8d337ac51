// What an export is written through: one writer a format (io/export/record_writer.h makes them),
// handed one report at a time, oldest first, with the person it is about and the sources.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "model/records.h"

namespace aftermath {

using SourceMap = std::unordered_map<std::string, Source>;  // by id

class RecordWriter {
 public:
  virtual ~RecordWriter() = default;
  // The format's name ("csv", "pfif", "jsonl"), for the export's audit row.
  virtual std::string_view format() const = 0;
  // False once the bytes could not be written (a full disk, a closed pipe): the export stops.
  virtual bool ok() const = 0;
  virtual void Begin() {}
  // After Begin: every source, for a format that carries them (our JSON Lines).
  virtual void WriteSources(const SourceMap& sources) { (void)sources; }
  virtual void Write(const Person& person, const Report& report, const SourceMap& sources) = 0;
  // True when the format carries persons without any report (our JSON Lines): the exporter
  // then hands them to WritePerson after the last report.
  virtual bool WantsPersonsWithoutReports() const { return false; }
  virtual void WritePerson(const Person& person, const SourceMap& sources) {
    (void)person;
    (void)sources;
  }
  // True when the format carries each report's status history (our JSON Lines): the exporter
  // then hands the report's status events (oldest first) to SetReportEvents before Write.
  virtual bool WantsStatusEvents() const { return false; }
  virtual void SetReportEvents(std::vector<StatusEvent> events) { (void)events; }
  // True when the format passes on the deletion of PFIF records that expired (PFIF's
  // placeholders): the exporter then hands it, for a person purged when its record expired,
  // the placeholder report (pfif_kind kPerson with expires_at) with the purged person.
  virtual bool WantsExpiredRecords() const { return false; }
  // A feed's page (the PFIF feeds): true once the writer holds as many entries as it takes; the
  // registry then stops handing it records.
  virtual bool Full() const { return false; }
  // True when the writer names persons as PFIF does (the feeds): before each Write the
  // registry then says by SetPfifPersonId which copied PFIF person record the person is,
  // among the records the reader may see ("" for a person of this registry's own).
  virtual bool WantsPfifPersonIds() const { return false; }
  virtual void SetPfifPersonId(const std::string& person_record_id) { (void)person_record_id; }
  // Writes what is left and flushes.
  virtual void End() {}
};

}  // namespace aftermath

// Writers of exported records, one per format. The exporter hands them one report at a time,
// oldest first, with the person it is about and the sources.
#pragma once

#include <memory>
#include <ostream>
#include <string>
#include <unordered_map>
#include <vector>

#include "model/records.h"

namespace aftermath::io {

using SourceMap = std::unordered_map<std::string, Source>;  // by id

class RecordWriter {
 public:
  virtual ~RecordWriter() = default;
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
  virtual void End() {}
};

// One JSON object a source, then one a report, each person's own line before its first report,
// and the persons without a report at the end (see jsonl_reader.h for the fields).
std::unique_ptr<RecordWriter> MakeJsonlWriter(std::ostream& out);
// A UTF-8 CSV with a BOM (so Excel reads it as UTF-8), one row a report, headers our CSV reader
// recognises.
std::unique_ptr<RecordWriter> MakeCsvWriter(std::ostream& out);
// A PFIF 1.4 document: a person record when a person first appears ("<domain>/<person id>"),
// then a top-level note a report ("<domain>/<report id>").
std::unique_ptr<RecordWriter> MakePfifWriter(std::ostream& out, std::string domain);

}  // namespace aftermath::io

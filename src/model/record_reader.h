// The readers of every import format (io/: CSV, PFIF, JSON Lines) produce the same thing: rows of
// NewReport with the line they came from, or the reason they were rejected. The registry's import
// use case (registry/import.h) does the rest.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "model/records.h"
#include "model/requests.h"

namespace aftermath {

struct ParsedRow {
  size_t line = 0;     // where the row starts in the file (1-based)
  std::string column;  // with a rejection: the column or field at fault, when one is
  Status error;        // not ok: the row is rejected for this reason
  NewReport report;    // source_id is left to the importer
  // Rows sharing a person_key are about one person: the first creates the person, the others
  // attach to it (PFIF notes of a person, the reports of one person in our JSON Lines export).
  std::string person_key;
  // The key is also the source's record id of the person's first row (PFIF person_record_id),
  // so a row whose person was imported from an earlier file still finds it.
  bool person_key_is_external_id = false;
  // The row only speaks of a person (a PFIF note): it attaches to the person of person_key
  // that this file creates or, by person_key_is_external_id, one its source reported before,
  // and is rejected when neither has it, never recorded as a person of its own.
  // person_key_column names the key in the file for that rejection.
  bool attach_only = false;
  std::string person_key_column;
  // When the file names its source per row (our JSON Lines export): the source's name, and
  // its kind and trust for creating it when absent.
  std::string source_name;
  std::optional<SourceKind> source_kind;
  std::optional<int> source_trust;
  std::string source_region;
  // Our JSON Lines export also carries whole sources and persons (jsonl_reader.h). kSource: the
  // source_* fields above describe it. kPerson: `person` as exported, with its id in
  // person_key; each name's source_id holds the source's *name* until the importer resolves it.
  enum class Kind { kReport, kSource, kPerson };
  Kind kind = Kind::kReport;
  Person person;
  // A report line's status history (our export of a report its source corrected): each
  // event's status, facility and observed_at, oldest first. The importer records the report
  // in these states before its present one, so the new registry has the same history.
  std::vector<StatusEvent> status_history;
  bool replay = false;  // set by the importer on those earlier states
  // The file's own name for the field the registry calls observed_at (PFIF: "source_date"),
  // so that a rejection names what the sender wrote; empty when it is "observed_at".
  std::string observed_at_column;
};

class RecordReader {
 public:
  virtual ~RecordReader() = default;
  // Reads the next row; false at the end. A row-level problem comes back in row.error; a
  // returned error (DataLoss, InvalidArgument for an unreadable file) ends the import.
  virtual Result<bool> Next(ParsedRow& row) = 0;
  // Bytes consumed so far, for the progress bar; 0 when unknown.
  virtual uint64_t bytes_read() const = 0;
  // Notes about the whole file for the summary ("encoding windows-1251, delimiter ';'",
  // "column 7 'Телефон' not recognised: kept in raw only").
  virtual std::vector<std::string> notes() const { return {}; }
};

}  // namespace aftermath

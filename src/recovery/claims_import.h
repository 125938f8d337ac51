// Claims from field forms: the CSV KoBoToolbox and ODK (Central, Collect) export, in UTF-8 or
// Windows-1251, recorded through the register's batch intake (Recovery::SubmitClaims) with the
// duplicate check, like the persons import: each bad row is reported ("row 17, column Иин
// заявителя: IIN: the check digit does not match") and skipped, a dry run writes nothing, and
// importing the same file again changes nothing (each row's form id, else its content, is the
// claim's external id).
//
// Columns are found by name: the canonical field names below, common aliases, and the last part
// of a group path ("applicant/applicant_name" in KoBo, "applicant-applicant_name" in ODK
// Central); a `--map` file names other columns ("applicant_name = ФИО заявителя"). Canonical
// fields: kind, programme, applicant_name, applicant_id, applicant_phone, applicant_address,
// iban, relation, severity, amount_claimed, notes, object_kind, object_name, object_address,
// cadastral, vin, plate, object_bin, premises, description, photo_sha256 (hashes separated by
// spaces or ';'), and the form's row id (_uuid, meta/instanceID, KEY).
#pragma once

#include <istream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "recovery/recovery.h"

namespace aftermath::recovery {

struct ClaimImportOptions {
  std::string programme;                   // when no column names one
  std::optional<ClaimKind> kind;           // when no column names one
  std::string encoding;                    // "utf-8", "cp1251", ...; empty: detect
  std::map<std::string, std::string> map;  // canonical field -> column header
  WriteMode mode = WriteMode::kCommit;
  size_t batch = 500;  // rows a transaction
};

struct ClaimImportSummary {
  int rows = 0;
  int created = 0;
  int existing = 0;  // imported before (same form id or content)
  int rejected = 0;
  int conflicts = 0;           // opened by the duplicate check
  std::vector<Status> errors;  // the first 1000 rejected rows, each naming row and column
};

// Parses a --map file: "field = Column header" lines, '#' comments, blank lines. InvalidArgument
// naming the line for an unknown field or a line without '='.
Result<std::map<std::string, std::string>> ParseColumnMap(std::string_view text);

// Imports every row of `in`. Returns the summary, or the error that stopped the import (an
// unreadable file, a header without an applicant's name column, the store failing); batches
// committed before it stay committed and importing the file again completes it.
Result<ClaimImportSummary> ImportClaims(Recovery& recovery, const std::string& actor,
                                        std::istream& in, const ClaimImportOptions& options);

}  // namespace aftermath::recovery

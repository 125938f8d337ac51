// What the screens show, read by the registry in one place so that every read of personal data
// is audited there (registry_views.cc): a match with both sides, a callback with what to tell
// whom, a search hit with where and who said so, the audit log and the schema's state.
// Plain values; the HTTP layer only filters them for the viewer's role and writes them out.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "index/name_index.h"
#include "model/records.h"

namespace aftermath {

// A match with what a reviewer needs to decide, side by side. A side that no longer exists
// (purged) is left empty.
struct MatchView {
  Match match;
  std::optional<Person> person;
  std::optional<Inquiry> inquiry;  // with the inquirer's name, relation and phone
  std::optional<Report> report;
  std::string report_source_name;  // the report's source, by name
  std::string merge_id;  // the merge this decision made (a confirmed "same person?"), to undo it
};

// A callback task with the inquiry it answers, the person it is about, and the one line the
// operator reads out.
struct CallbackView {
  CallbackTask task;
  Inquiry inquiry;
  Person person;
  std::string message;  // "Call <inquirer> (<relation>), <phone>, about <name>: <status>, ..."
  std::string claimed_by_name;  // the user name of the operator holding the call, if any
};

// A search hit with what the operator sees in the result line.
// A result line: the hit as the index holds it (status, facility and last change included, kept
// fresh with the index, so a search reads no person from the store) and the status's source by
// name.
// An inquiry found again ("I called yesterday"), and what it was found by.
struct InquiryHit {
  Inquiry inquiry;
  std::string matched_on;  // "callback_phone", "sought_name" or "inquirer_name"
  float score = 0;         // 1 for a phone; the name engine's score for a name
};

struct SearchHitView {
  index::SearchHit hit;
  std::string status_source_name;
};

// The schema's version in the database (an error when it cannot be read) and the one this
// build writes.
struct SchemaStatus {
  std::optional<int> current;
  int latest = 0;
};

}  // namespace aftermath

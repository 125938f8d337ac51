// What callers ask the registry to record: a person, a report, a source. Plain values, read from
// API bodies and import files (io/) and checked by the registry, which alone writes them.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "model/enums.h"
#include "model/partial_date.h"
#include "model/records.h"

namespace aftermath {

struct NewPerson {
  std::string full_name;
  std::vector<std::string> other_names;
  Sex sex = Sex::kUnknown;
  PartialDate birth_date;
  std::optional<int> approx_age;
  std::string home_locality;
  std::string features;
};

// Whom a report may be attached to when it names a person (NewReport::person_id).
enum class Attach {
  // Only a person its source has reported before; naming anyone else (or an id that does not
  // exist: the answer is the same) records the report as a new person and queues a proposal
  // for an operator to confirm. Every source, clerk and token is held to this.
  kOwnPersonsOnly,
  // Any existing person: staff, who may merge persons anyway, and restoring our own export.
  kAnyPerson,
  // Never the named person itself, even one its source reported: a person of its own, and a
  // proposal to merge the two for an operator to confirm. A claim that needs more trust than
  // its source has (a PFIF believed_dead from a source that may not declare anyone dead).
  kProposeOnly,
};

struct NewReport {
  std::string source_id;    // or
  std::string source_name;  // an existing source by name
  std::string external_id;
  std::string person_id;  // attach to this person; empty: a new person is recorded
  std::string full_name;  // empty for an unidentified person
  Sex sex = Sex::kUnknown;
  PartialDate birth_date;
  std::optional<int> approx_age;
  std::string features;
  PersonStatus status = PersonStatus::kUnknown;
  std::string facility;
  std::string location;
  std::optional<Timestamp> observed_at;  // default: now
  std::string notes;
  std::string raw;
  // What a source says of the person beyond this report (PFIF alternate_names, home_city):
  // the other names join the person's names, the home locality fills an empty one. The report
  // itself keeps them in `raw` only.
  std::vector<std::string> other_names;
  std::string home_locality;
  // Imports of our own export only (never read from the API): keep the report's id and the
  // time it was received from the registry it was exported from. A report without an
  // external_id is then found again by this id, so re-importing the export changes nothing.
  std::string id;
  std::optional<Timestamp> received_at;  // default: now
  Attach attach = Attach::kOwnPersonsOnly;
  // The name's parts as the source gave them (PFIF family_name and given_name), kept with the
  // report's name; empty when not given.
  std::string surname;
  std::string given_names;
  // A PFIF record, copied as it came (Report's fields of the same names).
  PfifKind pfif_kind = PfifKind::kNone;
  std::optional<Timestamp> entered_at;
  std::optional<Timestamp> expires_at;
  std::string extension;
};

struct NewSource {
  std::string name;
  SourceKind kind = SourceKind::kOther;
  std::optional<int> trust;  // default: DefaultTrust(kind)
  std::string region;
};

}  // namespace aftermath

// The registry's records. Plain values: validation lives in validate.h, persistence in store/.
// Ids are public, random and prefixed (common/ids.h); times are UTC.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "model/enums.h"
#include "model/partial_date.h"

namespace aftermath {

// Id prefixes, one a record type.
inline constexpr const char* kPersonIdPrefix = "per";
inline constexpr const char* kReportIdPrefix = "rep";
inline constexpr const char* kInquiryIdPrefix = "inq";
inline constexpr const char* kMatchIdPrefix = "mat";
inline constexpr const char* kSourceIdPrefix = "src";
inline constexpr const char* kUserIdPrefix = "usr";
inline constexpr const char* kStatusEventIdPrefix = "sev";
inline constexpr const char* kTokenIdPrefix = "tok";
inline constexpr const char* kCallbackIdPrefix = "cbk";
inline constexpr const char* kMergeIdPrefix = "mrg";
inline constexpr const char* kOutboxIdPrefix = "msg";

// A name as one source wrote it, with the parts the name engine found in it.
struct PersonName {
  std::string full_name;   // exactly as given
  std::string surname;     // parsed parts; empty when not known
  std::string given_names;
  std::string patronymic;
  std::string source_id;   // who wrote it this way; empty for an operator's entry
  friend bool operator==(const PersonName&, const PersonName&) = default;
};

// What is known about a person across every report. One record a real person; the names list
// keeps every spelling any source used.
struct Person {
  std::string id;
  int64_t version = 1;  // bumped on every change (optimistic concurrency)
  std::vector<PersonName> names;  // names[0] is the display name
  Sex sex = Sex::kUnknown;
  PartialDate birth_date;
  std::optional<int> approx_age;  // when only an age is known ("about 30")
  std::string home_locality;
  std::string features;  // distinguishing features: scars, tattoos, clothing
  PersonStatus status = PersonStatus::kUnknown;  // derived from reports
  std::string status_source_id;                  // the source whose report set the status
  std::string facility;                          // where that report places the person
  Timestamp created_at;
  Timestamp updated_at;
  std::optional<Timestamp> purged_at;  // personal data removed by retention; a tombstone remains
  std::string merged_into;  // set when this record was merged into another person

  const std::string& display_name() const;
};

// Whether a report came as a PFIF record (io/pfif): a person record, a note, or neither.
enum class PfifKind { kNone, kPerson, kNote };
std::string_view ToString(PfifKind k);  // "", "person", "note"
std::optional<PfifKind> ParsePfifKind(std::string_view s);

// What one source said about one person at one time. The source's own record id makes a
// re-sent report an update of the same record, never a duplicate.
struct Report {
  std::string id;
  int64_t version = 1;
  std::string source_id;
  std::string external_id;  // the source's own record id; may be empty
  std::string person_id;    // the person this report is about
  PersonName name;          // the name as this source wrote it; empty for the unidentified
  Sex sex = Sex::kUnknown;
  PartialDate birth_date;
  std::optional<int> approx_age;
  std::string features;
  PersonStatus status = PersonStatus::kUnknown;
  std::string facility;   // hospital, police department, morgue, shelter by name
  std::string location;   // address or place within the facility
  Timestamp observed_at;  // when the source says this was true
  Timestamp received_at;  // when aftermath received it
  std::string notes;
  std::string raw;  // the row or document as received, for provenance
  // A PFIF record is copied on as it came (PFIF: a copy keeps its record id and fields for
  // ever): its kind (external_id is then its person_record_id or note_record_id), its
  // entry_date and expiry_date, and in `extension` its fields that no column above holds as
  // written (a JSON object by PFIF field name; io/pfif/pfif_record.h). All empty otherwise.
  PfifKind pfif_kind = PfifKind::kNone;
  std::optional<Timestamp> entered_at;  // PFIF entry_date as copied
  std::optional<Timestamp> expires_at;  // PFIF expiry_date: the record goes then
  std::string extension;
};

// One change of a person's status, with the report that caused it.
struct StatusEvent {
  std::string id;
  std::string person_id;
  std::string report_id;
  std::string source_id;
  PersonStatus status = PersonStatus::kUnknown;
  std::string facility;
  Timestamp observed_at;
  Timestamp recorded_at;
};

// A call to the line: someone (the inquirer) seeks someone (the sought person).
struct Inquiry {
  std::string id;
  int64_t version = 1;
  // Who is sought.
  std::string sought_name;
  Sex sought_sex = Sex::kUnknown;
  PartialDate sought_birth_date;
  std::optional<int> sought_approx_age;
  std::string sought_home_locality;
  std::string last_seen_place;
  std::optional<Timestamp> last_seen_at;
  std::string sought_features;
  // Who asks.
  std::string inquirer_name;
  std::string inquirer_relation;
  std::string callback_phone;
  Channel channel = Channel::kPhone;
  // The language the family chose for messages: "kk", "ru", "en", or "" for the server's
  // default (registry/message_templates.h).
  std::string language;
  InquiryState state = InquiryState::kOpen;
  std::string person_id;  // set once a match is confirmed
  std::string taken_by;   // user id of the operator
  std::string notes;
  std::string close_reason;  // why it was closed or withdrawn (required then)
  Timestamp created_at;
  Timestamp updated_at;
  std::optional<Timestamp> closed_at;  // set when the state becomes closed or withdrawn
  std::optional<Timestamp> purged_at;  // personal data removed by retention; a tombstone remains
};

// A candidate link between a report or an inquiry and a person, waiting for a person to decide.
struct Match {
  std::string id;
  int64_t version = 1;
  std::string person_id;
  std::string report_id;   // one of report_id / inquiry_id is set
  std::string inquiry_id;
  double score = 0;
  std::string explanation;
  MatchDecision decision = MatchDecision::kPending;
  std::string decided_by;  // user id
  std::optional<Timestamp> decided_at;
  Timestamp created_at;
};

enum class CallbackState { kPending, kInformed, kNoAnswer, kCancelled };
std::string_view ToString(CallbackState s);
std::optional<CallbackState> ParseCallbackState(std::string_view s);

// A call to make to the inquirer of a confirmed match.
struct CallbackTask {
  std::string id;
  int64_t version = 1;
  std::string inquiry_id;
  std::string person_id;
  std::string match_id;
  std::string family_code;  // read to the family on the call; opens their limited view
  CallbackState state = CallbackState::kPending;
  int attempts = 0;
  Timestamp due_at;
  std::string note;
  Timestamp created_at;
  Timestamp updated_at;
  std::string message_id;  // the SMS queued with it (withdrawn if the confirmation is undone)
  // The operator who opened it, so two operators do not call one family; lapses at
  // claimed_until.
  std::string claimed_by;
  std::optional<Timestamp> claimed_until;
};

// Two person records merged into one, with what is needed to undo it exactly.
struct MergeRecord {
  std::string id;
  std::string survivor_id;
  std::string absorbed_id;
  std::string snapshot;  // JSON, written and read by the registry
  int64_t survivor_version = 0;
  std::string created_by;
  Timestamp created_at;
  std::optional<Timestamp> undone_at;
};

// Where a message is on its way: pending (to send, now or at next_attempt_at), sent (the
// gateway took it), delivered / undelivered (the gateway's receipt said so), dead (given up
// after the configured number of tries).
enum class OutboxState { kPending, kSent, kDelivered, kUndelivered, kDead };
std::string_view ToString(OutboxState s);
std::optional<OutboxState> ParseOutboxState(std::string_view s);

// What a message carries: an ordinary message, or a one-time code (issue #18), whose body no
// signed-in reader is shown (the registry masks it) and which is blanked once sent.
enum class OutboxKind { kMessage, kOneTimeCode };
std::string_view ToString(OutboxKind k);
std::optional<OutboxKind> ParseOutboxKind(std::string_view s);

// A message for the SMS / e-mail gateway (transactional outbox).
struct OutboxMessage {
  std::string id;
  std::string channel;    // "sms" or "email"
  std::string recipient;  // phone number or address
  std::string body;
  Timestamp created_at;
  std::optional<Timestamp> sent_at;
  int attempts = 0;
  std::string last_error;
  OutboxState state = OutboxState::kPending;
  std::optional<Timestamp> next_attempt_at;  // a failed try waits until then
  // The delivery worker sending it holds it until lease_until (src/delivery).
  std::string lease_owner;
  std::optional<Timestamp> lease_until;
  std::optional<Timestamp> receipt_at;  // when the gateway's receipt came
  OutboxKind kind = OutboxKind::kMessage;
};

// The body as a signed-in reader (an admin listing the outbox) may see it: a one-time code's
// digits masked ("Код: ••••••"); any other message as it is.
std::string BodyForReaders(const OutboxMessage& m);

// An organisation that reports people: a hospital, a police department, a morgue, ...
struct Source {
  std::string id;
  std::string name;
  SourceKind kind = SourceKind::kOther;
  int trust = 0;  // higher outranks lower when deriving status
  std::string region;
  Timestamp created_at;
};

struct User {
  std::string id;
  std::string username;
  std::string display_name;
  Role role = Role::kOperator;
  std::string source_id;  // clerks only: the one source they act for
  std::string password_hash;
  bool disabled = false;
  Timestamp created_at;
  Timestamp updated_at;
};

// A signed-in browser session. Only a hash of the cookie's secret is stored, so a copy of the
// database does not let anyone sign in.
struct Session {
  std::string token_hash;  // hex SHA-256 of the cookie value
  std::string user_id;
  std::string csrf_token;  // sent back in X-CSRF-Token on every state-changing request
  Timestamp created_at;
  Timestamp expires_at;
  bool revoked = false;
};

// A bearer token for a source's own system, scoped to that source.
struct ApiToken {
  std::string id;
  std::string token_hash;  // hex SHA-256 of the secret
  std::string source_id;
  std::string name;
  std::string created_by;
  Timestamp created_at;
  std::optional<Timestamp> revoked_at;
};

// One row of the append-only audit log; each row's hash covers the previous row's hash.
struct AuditEvent {
  int64_t seq = 0;  // assigned by the store, gap-free
  Timestamp at;
  std::string actor;        // user id, "cli:<command>", or "system"
  std::string action;       // "person.create", "person.read", "inquiry.update", ...
  std::string entity_type;  // "person", "report", ...
  std::string entity_id;
  std::string detail;  // JSON, ids and field names only — never personal data
  std::string prev_hash;
  std::string hash;
  std::string mac;  // HMAC-SHA256 of `hash` with the audit key, hex; empty when written without
};

// Keyset paging: `cursor` is opaque to callers, empty for the first page.
struct PageRequest {
  int limit = 50;
  std::string cursor;
};

template <typename T>
struct Page {
  std::vector<T> items;
  std::string next_cursor;  // empty on the last page
};

}  // namespace aftermath

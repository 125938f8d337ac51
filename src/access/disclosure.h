// Graded disclosure: what each kind of viewer may learn. One table (disclosure.cc) in two parts:
// every field of every view the API writes (a person, a report, an inquiry, a match, ...) has a
// class, and each class says which viewers may see it. Every response carrying personal data
// passes through it for the viewer's role (http/json_output.cc, Disclosed); a field of a view
// that is not in the table is shown to nobody.
#pragma once

#include <optional>
#include <span>
#include <string_view>

#include "access/policy.h"

namespace aftermath::access {

enum class Viewer {
  kPublic,  // anyone, signed out
  kFamily,  // the inquirer of an operator-confirmed inquiry, about their person only
  kClerk,   // a source's clerk or system (source token), about that source's own reports
  kOperator,
  kSupervisor,
  kAdmin,
  // The damage & support register's roles (they see of the line only what the public sees).
  kInspector,
  kValuer,
  kRecoveryClerk,
  // Part 2 (issue #17).
  kCommissionMember,
  kFinance,
};

// The classes of fields.
enum class Field {
  kExistence,    // "information exists — call the line"
  kDisplayName,  // the name as searched
  kStatus,       // missing / hospitalised / detained / deceased / safe
  kFacility,     // which hospital, police department, morgue or shelter
  kLocation,     // where inside it (ward, cell, drawer); where last seen
  kIdentity,     // every spelling, sex, birth date, age; what an inquirer says of them
  kDescription,  // features, home locality
  kProvenance,   // sources, reports, raw rows, notes, status history, who decided
  kContact,      // inquirers' names, relations and phone numbers, family codes, messages to them
  kAuditLog,
  kRecordKeys,   // ids, versions, record states and times: what a record is, not whom
  kNotPersonal,  // the line's phone, fixed messages, the caller's own words
  // The damage & support register's fields (kRecoveryFields).
  kClaimRecord,        // ids, versions, kinds, states, channels, programmes, dates
  kApplicantName,      // applicants' and owners' names
  kApplicantId,        // IIN/BIN of applicants and owners
  kApplicantContact,   // applicants' phones and home addresses
  kBankAccount,        // IBAN
  kPropertyDetails,    // an object's address, keys (cadastral number, VIN, plate), description
  kDamage,             // damage grades, looted/burned, damage and lost income, photos, works
  kAmounts,            // amounts claimed and valued
  kDeceased,           // the direct line's person a family's or injured person's case is about
  kKin,                // next of kin proposed from the line's inquiries: names, relations, phones
  kConflictDetail,     // why two claims were put side by side, and how it was decided
  kDecisionReason,     // why a commission rejected a claim or corrected its act
};

// The views the API writes.
enum class View {
  kPerson,
  kReport,
  kStatusEvent,  // a person's status history
  kInquiry,
  kMatch,  // its sides are written as kPerson, kInquiry and kReport
  kCallback,
  kSearchHit,
  kOutboxMessage,
  kAuditRow,
  kFamilyAnswer,  // what a family with the code learns (GET /api/v1/family/{id})
  kPublicAnswer,  // the public lookup's answer
  // The damage & support register's views.
  kClaim,
  kObject,
  kOwner,  // an object's owner, inside kObject
  kAssessment,
  kWork,
  kKinProposal,
  kConflict,  // its sides are written as kClaim
  kPfifPerson,    // a PFIF person record of the feeds (GET /api/v1/pfif/persons), by field
  kPfifNote,      // a PFIF note record of the feeds (GET /api/v1/pfif/notes), by field
  // The register's part 2: commissions, their sessions, agenda items, votes, acts and members'
  // declarations of interest.
  kCommission,
  kSession,
  kAgendaItem,
  kVote,
  kAct,
  kDeclaration,
  kSignOff,        // an extra sign-off of a large approval
  kApprovalTiers,  // a programme's thresholds
  kPaymentList,
  kPayment,
  kHeldBack,  // an approved claim left off a payment list, and why
};

struct ViewField {
  View view;
  std::string_view key;  // the JSON member
  Field field;
};

inline constexpr Viewer kAllViewers[] = {Viewer::kPublic,   Viewer::kFamily,     Viewer::kClerk,
                                         Viewer::kOperator, Viewer::kSupervisor, Viewer::kAdmin};
inline constexpr Field kAllFields[] = {
    Field::kExistence, Field::kDisplayName, Field::kStatus,      Field::kFacility,
    Field::kLocation,  Field::kIdentity,    Field::kDescription, Field::kProvenance,
    Field::kContact,   Field::kAuditLog,    Field::kRecordKeys,  Field::kNotPersonal};

// The damage & support register's viewers and fields (kAllViewers and kAllFields are the
// line's): its viewers see of the line's fields what kPublic sees, and the line's viewers see of
// its fields what the second part of disclosure.cc's table says.
inline constexpr Viewer kRecoveryViewers[] = {Viewer::kInspector, Viewer::kValuer,
                                              Viewer::kRecoveryClerk, Viewer::kCommissionMember,
                                              Viewer::kFinance};
inline constexpr Field kRecoveryFields[] = {
    Field::kClaimRecord,      Field::kApplicantName, Field::kApplicantId, Field::kApplicantContact,
    Field::kBankAccount,      Field::kPropertyDetails, Field::kDamage,    Field::kAmounts,
    Field::kDeceased,         Field::kKin,           Field::kConflictDetail,
    Field::kDecisionReason};

bool MayDisclose(Viewer viewer, Field field);

// Every field of every view with its class.
std::span<const ViewField> ViewFields();
// The class of `key` in `view`; none when the table does not list it.
std::optional<Field> FieldOf(View view, std::string_view key);
// True when `viewer` may see member `key` of `view`: it is in the table and its class allowed.
bool MayShow(Viewer viewer, View view, std::string_view key);

// The viewer a principal is when reading registry records: kPublic when signed out, kClerk for
// clerks and source tokens (never kFamily: a family is known by its code, not a sign-in).
Viewer ViewerFor(const Principal& p);

std::string_view ViewerName(Viewer v);
std::string_view FieldName(Field f);
std::string_view ViewName(View v);

}  // namespace aftermath::access

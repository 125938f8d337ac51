#include "access/disclosure.h"

#include <vector>

namespace aftermath::access {
namespace {

// Rows: classes of fields; columns: public, family, clerk, operator, supervisor, admin.
struct Row {
  Field field;
  std::string_view name;
  bool allowed[6];
};

constexpr Row kTable[] = {
    //                                    public family clerk  oper   super  admin
    {Field::kExistence, "existence",     {true,  true,  true,  true,  true,  true}},
    {Field::kDisplayName, "display_name", {true, true,  true,  true,  true,  true}},
    {Field::kStatus, "status",           {false, true,  true,  true,  true,  true}},
    {Field::kFacility, "facility",       {false, true,  true,  true,  true,  true}},
    {Field::kLocation, "location",       {false, false, true,  true,  true,  true}},
    {Field::kIdentity, "identity",       {false, false, true,  true,  true,  true}},
    {Field::kDescription, "description", {false, false, true,  true,  true,  true}},
    {Field::kProvenance, "provenance",   {false, false, true,  true,  true,  true}},
    {Field::kContact, "contact",         {false, false, false, true,  true,  true}},
    {Field::kAuditLog, "audit_log",      {false, false, false, false, true,  true}},
    {Field::kRecordKeys, "record_keys",  {false, false, true,  true,  true,  true}},
    {Field::kNotPersonal, "not_personal", {true, true,  true,  true,  true,  true}},
};

// The register's fields, for every viewer: public, family, clerk, operator, supervisor, admin,
// inspector, valuer, recovery clerk, commission member, finance. The line's viewers but
// supervisors and admins see none; an inspector sees whom and what to visit, a valuer the damage
// and the money but not whose (the valuation stays independent), a recovery clerk everything
// the claim holds; a commission member what a decision weighs (whose, what, how much; the
// applicant's name and IIN/BIN to declare an interest) but no contacts or bank account; finance
// whom to pay, how much and where, and nothing of the damage.
struct RecoveryRow {
  Field field;
  std::string_view name;
  bool allowed[11];
};

constexpr RecoveryRow kRecoveryTable[] = {
    //                                             P  F  C  O  S  A  I  V  R  M  $
    {Field::kClaimRecord, "claim_record",         {0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1}},
    {Field::kApplicantName, "applicant_name",     {0, 0, 0, 0, 1, 1, 1, 0, 1, 1, 1}},
    {Field::kApplicantId, "applicant_id",         {0, 0, 0, 0, 1, 1, 0, 0, 1, 1, 1}},
    {Field::kApplicantContact, "applicant_contact", {0, 0, 0, 0, 1, 1, 1, 0, 1, 0, 0}},
    {Field::kBankAccount, "bank_account",         {0, 0, 0, 0, 1, 1, 0, 0, 1, 0, 1}},
    {Field::kPropertyDetails, "property_details", {0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 0}},
    {Field::kDamage, "damage",                    {0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 0}},
    {Field::kAmounts, "amounts",                  {0, 0, 0, 0, 1, 1, 0, 1, 1, 1, 1}},
    {Field::kDeceased, "deceased",                {0, 0, 0, 0, 1, 1, 0, 0, 1, 1, 0}},
    {Field::kKin, "kin",                          {0, 0, 0, 0, 1, 1, 0, 0, 1, 0, 0}},
    {Field::kConflictDetail, "conflict_detail",   {0, 0, 0, 0, 1, 1, 0, 0, 1, 0, 0}},
    {Field::kDecisionReason, "decision_reason",   {0, 0, 0, 0, 1, 1, 0, 0, 1, 1, 0}},
};

bool IsRecoveryViewer(Viewer v) {
  return v == Viewer::kInspector || v == Viewer::kValuer || v == Viewer::kRecoveryClerk ||
         v == Viewer::kCommissionMember || v == Viewer::kFinance;
}

using F = Field;
using V = View;

// Every member of every view the API writes, with its class.
constexpr ViewField kViewFields[] = {
    {V::kPerson, "id", F::kRecordKeys},
    {V::kPerson, "version", F::kRecordKeys},
    {V::kPerson, "display_name", F::kDisplayName},
    {V::kPerson, "names", F::kIdentity},
    {V::kPerson, "sex", F::kIdentity},
    {V::kPerson, "birth_date", F::kIdentity},
    {V::kPerson, "approx_age", F::kIdentity},
    {V::kPerson, "home_locality", F::kDescription},
    {V::kPerson, "features", F::kDescription},
    {V::kPerson, "status", F::kStatus},
    {V::kPerson, "status_source_id", F::kProvenance},
    {V::kPerson, "facility", F::kFacility},
    {V::kPerson, "merged_into", F::kProvenance},  // a merged-away record says where it went
    {V::kPerson, "created_at", F::kRecordKeys},
    {V::kPerson, "updated_at", F::kRecordKeys},

    {V::kReport, "id", F::kRecordKeys},
    {V::kReport, "version", F::kRecordKeys},
    {V::kReport, "change", F::kRecordKeys},
    {V::kReport, "person_id", F::kRecordKeys},
    {V::kReport, "source_id", F::kProvenance},
    {V::kReport, "source_name", F::kProvenance},
    {V::kReport, "external_id", F::kProvenance},
    {V::kReport, "full_name", F::kDisplayName},
    {V::kReport, "sex", F::kIdentity},
    {V::kReport, "birth_date", F::kIdentity},
    {V::kReport, "approx_age", F::kIdentity},
    {V::kReport, "features", F::kDescription},
    {V::kReport, "status", F::kStatus},
    {V::kReport, "facility", F::kFacility},
    {V::kReport, "location", F::kLocation},
    {V::kReport, "observed_at", F::kProvenance},
    {V::kReport, "received_at", F::kProvenance},
    {V::kReport, "notes", F::kProvenance},
    {V::kReport, "raw", F::kProvenance},

    {V::kStatusEvent, "id", F::kRecordKeys},
    {V::kStatusEvent, "person_id", F::kRecordKeys},
    {V::kStatusEvent, "report_id", F::kProvenance},
    {V::kStatusEvent, "source_id", F::kProvenance},
    {V::kStatusEvent, "status", F::kStatus},
    {V::kStatusEvent, "facility", F::kFacility},
    {V::kStatusEvent, "observed_at", F::kProvenance},
    {V::kStatusEvent, "recorded_at", F::kProvenance},

    {V::kInquiry, "id", F::kRecordKeys},
    {V::kInquiry, "version", F::kRecordKeys},
    {V::kInquiry, "state", F::kRecordKeys},
    {V::kInquiry, "channel", F::kRecordKeys},
    {V::kInquiry, "person_id", F::kRecordKeys},
    {V::kInquiry, "created_at", F::kRecordKeys},
    {V::kInquiry, "updated_at", F::kRecordKeys},
    {V::kInquiry, "sought_name", F::kIdentity},
    {V::kInquiry, "sought_sex", F::kIdentity},
    {V::kInquiry, "sought_birth_date", F::kIdentity},
    {V::kInquiry, "sought_approx_age", F::kIdentity},
    {V::kInquiry, "sought_home_locality", F::kDescription},
    {V::kInquiry, "sought_features", F::kDescription},
    {V::kInquiry, "last_seen_place", F::kLocation},
    {V::kInquiry, "last_seen_at", F::kLocation},
    {V::kInquiry, "inquirer_name", F::kContact},
    {V::kInquiry, "inquirer_relation", F::kContact},
    {V::kInquiry, "callback_phone", F::kContact},
    {V::kInquiry, "language", F::kContact},  // the family's language for messages
    {V::kInquiry, "taken_by", F::kProvenance},
    {V::kInquiry, "notes", F::kProvenance},
    {V::kInquiry, "close_reason", F::kProvenance},
    {V::kInquiry, "closed_at", F::kRecordKeys},

    {V::kMatch, "id", F::kRecordKeys},
    {V::kMatch, "version", F::kRecordKeys},
    {V::kMatch, "score", F::kRecordKeys},
    {V::kMatch, "decision", F::kRecordKeys},
    {V::kMatch, "created_at", F::kRecordKeys},
    {V::kMatch, "explanation", F::kIdentity},
    {V::kMatch, "reasons", F::kIdentity},  // the explanation as codes (quotes both names)
    {V::kMatch, "decided_by", F::kProvenance},
    {V::kMatch, "person", F::kRecordKeys},   // written as a kPerson view
    {V::kMatch, "inquiry", F::kRecordKeys},  // written as a kInquiry view
    {V::kMatch, "report", F::kRecordKeys},   // written as a kReport view
    {V::kMatch, "merge_id", F::kRecordKeys},  // the merge a confirmation made, to undo it

    {V::kCallback, "id", F::kRecordKeys},
    {V::kCallback, "version", F::kRecordKeys},
    {V::kCallback, "inquiry_id", F::kRecordKeys},
    {V::kCallback, "person_id", F::kRecordKeys},
    {V::kCallback, "state", F::kRecordKeys},
    {V::kCallback, "attempts", F::kRecordKeys},
    {V::kCallback, "due_at", F::kRecordKeys},
    {V::kCallback, "created_at", F::kRecordKeys},
    {V::kCallback, "phone", F::kContact},
    {V::kCallback, "inquirer_name", F::kContact},
    {V::kCallback, "inquirer_relation", F::kContact},
    {V::kCallback, "message", F::kContact},
    {V::kCallback, "family_code", F::kContact},
    {V::kCallback, "person_name", F::kDisplayName},
    {V::kCallback, "status", F::kStatus},
    {V::kCallback, "facility", F::kFacility},
    {V::kCallback, "note", F::kProvenance},
    {V::kCallback, "match_id", F::kRecordKeys},
    {V::kCallback, "claimed_by", F::kProvenance},
    {V::kCallback, "claimed_by_name", F::kProvenance},
    {V::kCallback, "claimed_until", F::kProvenance},

    {V::kSearchHit, "person_id", F::kRecordKeys},
    {V::kSearchHit, "score", F::kRecordKeys},
    {V::kSearchHit, "probability", F::kRecordKeys},
    {V::kSearchHit, "decision", F::kRecordKeys},
    {V::kSearchHit, "updated_at", F::kRecordKeys},
    {V::kSearchHit, "display_name", F::kDisplayName},
    {V::kSearchHit, "why", F::kIdentity},
    {V::kSearchHit, "status", F::kStatus},
    {V::kSearchHit, "facility", F::kFacility},
    {V::kSearchHit, "status_source", F::kProvenance},

    {V::kOutboxMessage, "id", F::kRecordKeys},
    {V::kOutboxMessage, "channel", F::kRecordKeys},
    {V::kOutboxMessage, "created_at", F::kRecordKeys},
    {V::kOutboxMessage, "sent_at", F::kRecordKeys},
    {V::kOutboxMessage, "attempts", F::kRecordKeys},
    {V::kOutboxMessage, "state", F::kRecordKeys},
    {V::kOutboxMessage, "next_attempt_at", F::kRecordKeys},
    {V::kOutboxMessage, "receipt_at", F::kRecordKeys},
    {V::kOutboxMessage, "recipient", F::kContact},
    {V::kOutboxMessage, "body", F::kContact},
    {V::kOutboxMessage, "last_error", F::kContact},  // a gateway may quote the number

    {V::kAuditRow, "seq", F::kAuditLog},
    {V::kAuditRow, "at", F::kAuditLog},
    {V::kAuditRow, "actor", F::kAuditLog},
    {V::kAuditRow, "action", F::kAuditLog},
    {V::kAuditRow, "entity_type", F::kAuditLog},
    {V::kAuditRow, "entity_id", F::kAuditLog},
    {V::kAuditRow, "detail", F::kAuditLog},
    {V::kAuditRow, "hash", F::kAuditLog},

    {V::kFamilyAnswer, "name", F::kDisplayName},
    {V::kFamilyAnswer, "status", F::kStatus},
    {V::kFamilyAnswer, "facility", F::kFacility},
    {V::kFamilyAnswer, "phone", F::kNotPersonal},  // the line's

    {V::kPublicAnswer, "found", F::kExistence},
    {V::kPublicAnswer, "name", F::kNotPersonal},  // the caller's own words, echoed
    {V::kPublicAnswer, "message", F::kNotPersonal},
    {V::kPublicAnswer, "phone", F::kNotPersonal},  // the line's

    {V::kClaim, "id", F::kClaimRecord},
    {V::kClaim, "version", F::kClaimRecord},
    {V::kClaim, "kind", F::kClaimRecord},
    {V::kClaim, "state", F::kClaimRecord},
    {V::kClaim, "channel", F::kClaimRecord},
    {V::kClaim, "programme_id", F::kClaimRecord},
    {V::kClaim, "programme_code", F::kClaimRecord},
    {V::kClaim, "programme_name", F::kClaimRecord},
    {V::kClaim, "object_id", F::kClaimRecord},
    {V::kClaim, "person_id", F::kClaimRecord},
    {V::kClaim, "external_id", F::kClaimRecord},
    {V::kClaim, "missing", F::kClaimRecord},
    {V::kClaim, "duplicate_of", F::kClaimRecord},
    {V::kClaim, "submitted_at", F::kClaimRecord},
    {V::kClaim, "completed_at", F::kClaimRecord},
    {V::kClaim, "due_at", F::kClaimRecord},
    {V::kClaim, "ready_at", F::kClaimRecord},
    {V::kClaim, "withdrawn_at", F::kClaimRecord},
    {V::kClaim, "updated_at", F::kClaimRecord},
    {V::kClaim, "documents", F::kClaimRecord},  // kinds and hashes of files kept elsewhere
    {V::kClaim, "applicant_name", F::kApplicantName},
    {V::kClaim, "applicant_id", F::kApplicantId},
    {V::kClaim, "applicant_phone", F::kApplicantContact},
    {V::kClaim, "applicant_address", F::kApplicantContact},
    {V::kClaim, "relation", F::kApplicantContact},
    {V::kClaim, "iban", F::kBankAccount},
    {V::kClaim, "severity", F::kDamage},
    {V::kClaim, "amount_claimed", F::kAmounts},
    {V::kClaim, "amount_valued", F::kAmounts},
    {V::kClaim, "valuation", F::kAmounts},
    {V::kClaim, "notes", F::kApplicantContact},
    {V::kClaim, "person_name", F::kDeceased},
    {V::kClaim, "person_status", F::kDeceased},
    {V::kClaim, "object", F::kClaimRecord},       // written as a kObject view
    {V::kClaim, "assessments", F::kClaimRecord},  // written as kAssessment views
    {V::kClaim, "conflicts", F::kClaimRecord},    // written as kConflict views
    {V::kClaim, "kin", F::kClaimRecord},          // written as kKinProposal views
    {V::kClaim, "earlier", F::kAmounts},  // the same applicant's or object's claims, and payments

    {V::kObject, "id", F::kClaimRecord},
    {V::kObject, "version", F::kClaimRecord},
    {V::kObject, "kind", F::kClaimRecord},
    {V::kObject, "created_at", F::kClaimRecord},
    {V::kObject, "updated_at", F::kClaimRecord},
    {V::kObject, "claim_ids", F::kClaimRecord},
    {V::kObject, "name", F::kPropertyDetails},
    {V::kObject, "address", F::kPropertyDetails},
    {V::kObject, "cadastral", F::kPropertyDetails},
    {V::kObject, "vin", F::kPropertyDetails},
    {V::kObject, "plate", F::kPropertyDetails},
    {V::kObject, "bin", F::kPropertyDetails},
    {V::kObject, "premises", F::kPropertyDetails},
    {V::kObject, "description", F::kPropertyDetails},
    {V::kObject, "district", F::kClaimRecord},     // adm2: what the public figures count by
    {V::kObject, "owners", F::kClaimRecord},       // written as kOwner views
    {V::kObject, "assessments", F::kClaimRecord},  // written as kAssessment views
    {V::kObject, "works", F::kClaimRecord},        // written as kWork views
    {V::kOwner, "name", F::kApplicantName},
    {V::kOwner, "id_number", F::kApplicantId},
    {V::kOwner, "share_bp", F::kPropertyDetails},

    {V::kAssessment, "id", F::kClaimRecord},
    {V::kAssessment, "object_id", F::kClaimRecord},
    {V::kAssessment, "claim_id", F::kClaimRecord},
    {V::kAssessment, "inspector", F::kClaimRecord},
    {V::kAssessment, "inspected_at", F::kClaimRecord},
    {V::kAssessment, "grade", F::kDamage},
    {V::kAssessment, "fema", F::kDamage},
    {V::kAssessment, "looted", F::kDamage},
    {V::kAssessment, "burned", F::kDamage},
    {V::kAssessment, "asset_damage", F::kDamage},
    {V::kAssessment, "lost_income", F::kDamage},
    {V::kAssessment, "notes", F::kDamage},
    {V::kAssessment, "photos", F::kDamage},  // hashes, types, times and places of photos

    {V::kWork, "id", F::kClaimRecord},
    {V::kWork, "version", F::kClaimRecord},
    {V::kWork, "object_id", F::kClaimRecord},
    {V::kWork, "started_at", F::kClaimRecord},
    {V::kWork, "completed_at", F::kClaimRecord},
    {V::kWork, "contractor", F::kDamage},
    {V::kWork, "budget", F::kDamage},
    {V::kWork, "progress_pct", F::kDamage},
    {V::kWork, "notes", F::kDamage},

    {V::kKinProposal, "id", F::kClaimRecord},
    {V::kKinProposal, "version", F::kClaimRecord},
    {V::kKinProposal, "state", F::kClaimRecord},
    {V::kKinProposal, "inquiry_id", F::kClaimRecord},
    {V::kKinProposal, "created_at", F::kClaimRecord},
    {V::kKinProposal, "name", F::kKin},
    {V::kKinProposal, "relation", F::kKin},
    {V::kKinProposal, "phone", F::kKin},

    {V::kConflict, "id", F::kClaimRecord},
    {V::kConflict, "version", F::kClaimRecord},
    {V::kConflict, "claim_id", F::kClaimRecord},
    {V::kConflict, "other_claim_id", F::kClaimRecord},
    {V::kConflict, "state", F::kClaimRecord},
    {V::kConflict, "created_at", F::kClaimRecord},
    {V::kConflict, "reason", F::kConflictDetail},
    {V::kConflict, "reasons", F::kConflictDetail},
    {V::kConflict, "score", F::kConflictDetail},
    {V::kConflict, "resolved_by", F::kConflictDetail},
    {V::kConflict, "resolved_at", F::kConflictDetail},
    {V::kConflict, "resolution_note", F::kConflictDetail},
    {V::kConflict, "claim", F::kClaimRecord},  // written as a kClaim view
    {V::kConflict, "other", F::kClaimRecord},  // written as a kClaim view
    // PFIF records in the feeds, field by field (io/pfif/pfif_record.h). Authors are often
    // families: their e-mail and phone, and the found person's, are contacts, as Person
    // Finder keeps them from keys without full read permission.
    {V::kPfifPerson, "person_record_id", F::kRecordKeys},
    {V::kPfifPerson, "entry_date", F::kRecordKeys},
    {V::kPfifPerson, "expiry_date", F::kRecordKeys},
    {V::kPfifPerson, "author_name", F::kProvenance},
    {V::kPfifPerson, "author_email", F::kContact},
    {V::kPfifPerson, "author_phone", F::kContact},
    {V::kPfifPerson, "source_name", F::kProvenance},
    {V::kPfifPerson, "source_date", F::kProvenance},
    {V::kPfifPerson, "source_url", F::kProvenance},
    {V::kPfifPerson, "full_name", F::kDisplayName},
    {V::kPfifPerson, "given_name", F::kIdentity},
    {V::kPfifPerson, "family_name", F::kIdentity},
    {V::kPfifPerson, "alternate_names", F::kIdentity},
    {V::kPfifPerson, "description", F::kDescription},
    {V::kPfifPerson, "sex", F::kIdentity},
    {V::kPfifPerson, "date_of_birth", F::kIdentity},
    {V::kPfifPerson, "age", F::kIdentity},
    {V::kPfifPerson, "home_street", F::kDescription},
    {V::kPfifPerson, "home_neighborhood", F::kDescription},
    {V::kPfifPerson, "home_city", F::kDescription},
    {V::kPfifPerson, "home_state", F::kDescription},
    {V::kPfifPerson, "home_postal_code", F::kDescription},
    {V::kPfifPerson, "home_country", F::kDescription},
    {V::kPfifPerson, "photo_url", F::kIdentity},
    {V::kPfifPerson, "profile_urls", F::kIdentity},

    {V::kPfifNote, "note_record_id", F::kRecordKeys},
    {V::kPfifNote, "person_record_id", F::kRecordKeys},
    {V::kPfifNote, "linked_person_record_id", F::kRecordKeys},
    {V::kPfifNote, "entry_date", F::kRecordKeys},
    {V::kPfifNote, "author_name", F::kProvenance},
    {V::kPfifNote, "author_email", F::kContact},
    {V::kPfifNote, "author_phone", F::kContact},
    {V::kPfifNote, "source_date", F::kProvenance},
    {V::kPfifNote, "author_made_contact", F::kProvenance},
    {V::kPfifNote, "status", F::kStatus},
    {V::kPfifNote, "email_of_found_person", F::kContact},
    {V::kPfifNote, "phone_of_found_person", F::kContact},
    {V::kPfifNote, "last_known_location", F::kLocation},
    {V::kPfifNote, "text", F::kProvenance},
    {V::kPfifNote, "photo_url", F::kIdentity},
    {V::kPfifNote, "aftermath:status", F::kStatus},
    {V::kPfifNote, "aftermath:facility", F::kFacility},
    // The register's part 2: staff user ids, states, decisions, amounts and hashes; a
    // rejection's reason has a class of its own.
    {V::kCommission, "id", F::kClaimRecord},
    {V::kCommission, "version", F::kClaimRecord},
    {V::kCommission, "programme_id", F::kClaimRecord},
    {V::kCommission, "name", F::kClaimRecord},
    {V::kCommission, "quorum", F::kClaimRecord},
    {V::kCommission, "members", F::kClaimRecord},
    {V::kCommission, "created_by", F::kClaimRecord},
    {V::kCommission, "created_at", F::kClaimRecord},
    {V::kCommission, "updated_at", F::kClaimRecord},
    {V::kCommission, "sessions", F::kClaimRecord},  // written as kSession views
    {V::kCommission, "names", F::kClaimRecord},     // the members' (staff's) display names
    {V::kSession, "id", F::kClaimRecord},
    {V::kSession, "version", F::kClaimRecord},
    {V::kSession, "commission_id", F::kClaimRecord},
    {V::kSession, "state", F::kClaimRecord},
    {V::kSession, "present", F::kClaimRecord},
    {V::kSession, "opened_by", F::kClaimRecord},
    {V::kSession, "opened_at", F::kClaimRecord},
    {V::kSession, "closed_at", F::kClaimRecord},
    {V::kSession, "agenda", F::kClaimRecord},  // written as kAgendaItem views
    {V::kSession, "votes", F::kClaimRecord},   // written as kVote views
    {V::kSession, "acts", F::kClaimRecord},    // written as kAct views
    {V::kAgendaItem, "session_id", F::kClaimRecord},
    {V::kAgendaItem, "claim_id", F::kClaimRecord},
    {V::kAgendaItem, "ordinal", F::kClaimRecord},
    {V::kAgendaItem, "decision", F::kClaimRecord},
    {V::kAgendaItem, "amount", F::kAmounts},
    {V::kAgendaItem, "reason", F::kDecisionReason},
    {V::kAgendaItem, "recused", F::kClaimRecord},
    {V::kAgendaItem, "decided_by", F::kClaimRecord},
    {V::kAgendaItem, "decided_at", F::kClaimRecord},
    {V::kVote, "session_id", F::kClaimRecord},
    {V::kVote, "claim_id", F::kClaimRecord},
    {V::kVote, "user_id", F::kClaimRecord},
    {V::kVote, "choice", F::kClaimRecord},
    {V::kVote, "cast_at", F::kClaimRecord},
    {V::kAct, "id", F::kClaimRecord},
    {V::kAct, "session_id", F::kClaimRecord},
    {V::kAct, "supersedes", F::kClaimRecord},
    {V::kAct, "content", F::kAmounts},  // ids, decisions and amounts
    {V::kAct, "sha256", F::kClaimRecord},
    {V::kAct, "created_at", F::kClaimRecord},
    {V::kAct, "final_at", F::kClaimRecord},
    {V::kAct, "signatures", F::kClaimRecord},
    {V::kDeclaration, "id", F::kClaimRecord},
    {V::kDeclaration, "commission_id", F::kClaimRecord},
    {V::kDeclaration, "user_id", F::kClaimRecord},
    {V::kDeclaration, "claim_id", F::kClaimRecord},
    {V::kDeclaration, "declared_at", F::kClaimRecord},
    {V::kSession, "sign_offs", F::kClaimRecord},  // written as kSignOff views
    {V::kSignOff, "session_id", F::kClaimRecord},
    {V::kSignOff, "claim_id", F::kClaimRecord},
    {V::kSignOff, "role", F::kClaimRecord},
    {V::kSignOff, "user_id", F::kClaimRecord},
    {V::kSignOff, "signed_at", F::kClaimRecord},
    {V::kApprovalTiers, "programme_id", F::kClaimRecord},
    {V::kApprovalTiers, "tiers", F::kClaimRecord},
    {V::kPaymentList, "id", F::kClaimRecord},
    {V::kPaymentList, "version", F::kClaimRecord},
    {V::kPaymentList, "programme_id", F::kClaimRecord},
    {V::kPaymentList, "state", F::kClaimRecord},
    {V::kPaymentList, "count", F::kClaimRecord},
    {V::kPaymentList, "total", F::kAmounts},
    {V::kPaymentList, "created_by", F::kClaimRecord},
    {V::kPaymentList, "created_at", F::kClaimRecord},
    {V::kPaymentList, "exported_at", F::kClaimRecord},
    {V::kPaymentList, "export_format", F::kClaimRecord},
    {V::kPaymentList, "export_sha256", F::kClaimRecord},
    {V::kPaymentList, "answered_at", F::kClaimRecord},
    {V::kPaymentList, "payments", F::kClaimRecord},  // written as kPayment views
    {V::kPaymentList, "held", F::kClaimRecord},      // written as kHeldBack views
    {V::kPayment, "id", F::kClaimRecord},
    {V::kPayment, "version", F::kClaimRecord},
    {V::kPayment, "list_id", F::kClaimRecord},
    {V::kPayment, "programme_id", F::kClaimRecord},
    {V::kPayment, "claim_id", F::kClaimRecord},
    {V::kPayment, "session_id", F::kClaimRecord},
    {V::kPayment, "object_id", F::kClaimRecord},
    {V::kPayment, "payee_name", F::kApplicantName},
    {V::kPayment, "payee_id", F::kApplicantId},
    {V::kPayment, "payee_person_id", F::kClaimRecord},
    {V::kPayment, "iban", F::kBankAccount},
    {V::kPayment, "bic", F::kClaimRecord},
    {V::kPayment, "amount", F::kAmounts},
    {V::kPayment, "state", F::kClaimRecord},
    {V::kPayment, "return_reason", F::kClaimRecord},
    {V::kPayment, "resent_from", F::kClaimRecord},
    {V::kPayment, "created_at", F::kClaimRecord},
    {V::kPayment, "paid_at", F::kClaimRecord},
    {V::kPayment, "returned_at", F::kClaimRecord},
    {V::kHeldBack, "claim_id", F::kClaimRecord},
    {V::kHeldBack, "reason", F::kClaimRecord},  // states, ids and amounts, never a name
    {V::kHeldBack, "code", F::kClaimRecord},
    {V::kHeldBack, "params", F::kClaimRecord},  // as the reason: ids, amounts, a bank's code
};

int Column(Viewer v) { return static_cast<int>(v); }

}  // namespace

bool MayDisclose(Viewer viewer, Field field) {
  for (const auto& row : kRecoveryTable) {
    if (row.field == field) return row.allowed[Column(viewer)];
  }
  // Of the line's fields the register's viewers see what the public sees.
  if (IsRecoveryViewer(viewer)) viewer = Viewer::kPublic;
  for (const auto& row : kTable) {
    if (row.field == field) return row.allowed[Column(viewer)];
  }
  return false;
}

std::span<const ViewField> ViewFields() { return kViewFields; }

std::optional<Field> FieldOf(View view, std::string_view key) {
  // Each view's rows apart, in the table's order: every member of every answer is looked up
  // here, and a scan of the whole table (hundreds of rows) cost 2 % of a search's CPU.
  static const std::vector<std::vector<ViewField>> kByView = [] {
    std::vector<std::vector<ViewField>> by_view;
    for (const auto& f : kViewFields) {
      const auto v = static_cast<size_t>(f.view);
      if (by_view.size() <= v) by_view.resize(v + 1);
      by_view[v].push_back(f);
    }
    return by_view;
  }();
  const auto v = static_cast<size_t>(view);
  if (v >= kByView.size()) return std::nullopt;
  for (const auto& f : kByView[v]) {
    if (f.key == key) return f.field;
  }
  return std::nullopt;
}

bool MayShow(Viewer viewer, View view, std::string_view key) {
  auto field = FieldOf(view, key);
  return field && MayDisclose(viewer, *field);
}

Viewer ViewerFor(const Principal& p) {
  if (p.kind == PrincipalKind::kAnonymous) return Viewer::kPublic;
  if (IsSourceBound(p)) return Viewer::kClerk;
  switch (p.role) {
    case Role::kAdmin: return Viewer::kAdmin;
    case Role::kSupervisor: return Viewer::kSupervisor;
    case Role::kOperator: return Viewer::kOperator;
    case Role::kClerk: return Viewer::kClerk;
    case Role::kInspector: return Viewer::kInspector;
    case Role::kValuer: return Viewer::kValuer;
    case Role::kRecoveryClerk: return Viewer::kRecoveryClerk;
    case Role::kCommissionMember: return Viewer::kCommissionMember;
    case Role::kFinance: return Viewer::kFinance;
  }
  return Viewer::kPublic;
}

std::string_view ViewerName(Viewer v) {
  constexpr std::string_view kNames[] = {"public",   "family",     "clerk",
                                         "operator", "supervisor", "admin",
                                         "inspector", "valuer", "recovery_clerk",
                                         "commission_member", "finance"};
  return kNames[Column(v)];
}

std::string_view FieldName(Field f) {
  for (const auto& row : kTable) {
    if (row.field == f) return row.name;
  }
  for (const auto& row : kRecoveryTable) {
    if (row.field == f) return row.name;
  }
  return "unknown";
}

std::string_view ViewName(View v) {
  constexpr std::string_view kNames[] = {"person",   "report",         "status_event",
                                         "inquiry",  "match",          "callback",
                                         "search_hit", "outbox_message", "audit_row",
                                         "family_answer", "public_answer",
                                         "claim", "object", "owner", "assessment", "work",
                                         "kin_proposal", "conflict",
                                         "pfif_person", "pfif_note",
                                         "commission", "session", "agenda_item", "vote", "act",
                                         "declaration", "sign_off", "approval_tiers",
                                         "payment_list", "payment", "held_back"};
  return kNames[static_cast<int>(v)];
}

}  // namespace aftermath::access

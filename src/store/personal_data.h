// Every column of the schema (migrations/{sqlite,postgres}, kept in step by migrations_test)
// that holds personal data of the people the registry is about: the people reported and sought,
// and the families who ask. Retention purges exactly these (Transaction::PurgeInquiry and
// PurgePerson build their statements from this file), and personal_data_test fails on any column
// of the schema that is in neither kPersonalColumns nor kOtherColumns: a new column is classified
// here before it can ship.
//
// Not purged, by design: the tombstone (ids, dates, states, statuses, facilities), the audit log
// (ids and field names only, never personal data: model/records.h AuditEvent), staff accounts
// (users, sessions, api_tokens: people who work the line, disabled rather than purged), and
// reports.external_id (the source's own record number, kept so that a source sending the record
// again updates it instead of creating a new person).
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace aftermath::personal_data {

struct Column {
  std::string_view table;
  std::string_view column;
  std::string_view blank;  // the SQL value a purge writes ('' , NULL, 'unknown'); "" = row deleted
};

inline constexpr Column kPersonalColumns[] = {
    {"persons", "sex", "'unknown'"},
    {"persons", "birth_date", "''"},
    {"persons", "approx_age", "NULL"},
    {"persons", "home_locality", "''"},
    {"persons", "features", "''"},
    // Every spelling of the name: the rows are deleted.
    {"person_names", "full_name", ""},
    {"person_names", "surname", ""},
    {"person_names", "given_names", ""},
    {"person_names", "patronymic", ""},
    {"reports", "full_name", "''"},
    {"reports", "surname", "''"},
    {"reports", "given_names", "''"},
    {"reports", "patronymic", "''"},
    {"reports", "sex", "'unknown'"},
    {"reports", "birth_date", "''"},
    {"reports", "approx_age", "NULL"},
    {"reports", "features", "''"},
    {"reports", "location", "''"},
    {"reports", "notes", "''"},
    {"reports", "raw", "''"},        // the source's record as received
    {"reports", "extension", "''"},  // a PFIF record's other fields: authors' e-mail, phones
    {"inquiries", "sought_name", "''"},
    {"inquiries", "sought_sex", "'unknown'"},
    {"inquiries", "sought_birth_date", "''"},
    {"inquiries", "sought_approx_age", "NULL"},
    {"inquiries", "sought_home_locality", "''"},
    {"inquiries", "last_seen_place", "''"},
    {"inquiries", "last_seen_at", "NULL"},
    {"inquiries", "sought_features", "''"},
    {"inquiries", "inquirer_name", "''"},
    {"inquiries", "inquirer_relation", "''"},
    {"inquiries", "callback_phone", "''"},
    {"inquiries", "phone_key", "''"},     // the phone's last ten digits, for finding it again
    {"inquiries", "close_reason", "''"},  // may tell what the family learned
    {"inquiries", "notes", "''"},
    {"matches", "explanation", "''"},  // quotes both names it compared
    {"callbacks", "note", "''"},
    {"callbacks", "family_code", "''"},  // opened the family's view; a purged inquiry has none
    {"merges", "snapshot", "''"},        // both persons before the merge: names, birth dates
    {"outbox", "recipient", "''"},       // the family's phone
    {"outbox", "body", "''"},
    {"outbox", "last_error", "''"},          // a gateway's error may quote the number
    {"idempotency_keys", "response", "''"},  // the JSON a create answered
    // The damage & support register (migration 0008). Purged here only where a record came
    // from the direct line (a family's or an injured person's case, the next of kin proposed from
    // inquiries) or belongs to such a case; see kScopes.
    {"recovery_claims", "applicant_name", "''"},
    {"recovery_claims", "applicant_id", "''"},
    {"recovery_claims", "applicant_phone", "''"},
    {"recovery_claims", "applicant_address", "''"},
    {"recovery_claims", "iban", "''"},
    {"recovery_claims", "relation", "''"},
    {"recovery_claims", "address_key", "''"},
    {"recovery_claims", "building_key", "''"},
    {"recovery_claims", "missing", "''"},
    {"recovery_claims", "notes", "''"},
    {"recovery_conflicts", "resolution_note", "''"},
    {"recovery_kin", "name", "''"},
    {"recovery_kin", "relation", "''"},
    {"recovery_kin", "phone", "''"},
    {"recovery_objects", "address", "''"},  // a home's address
    {"recovery_objects", "locality_key", "''"},
    {"recovery_objects", "address_key", "''"},
    {"recovery_objects", "building_key", "''"},
    {"recovery_objects", "cadastral", "''"},
    {"recovery_objects", "vin", "''"},
    {"recovery_objects", "plate", "''"},
    {"recovery_objects", "description", "''"},
    {"recovery_object_owners", "name", "''"},
    {"recovery_object_owners", "id_number", "''"},
    {"recovery_assessments", "notes", "''"},
    {"recovery_assessment_photos", "latitude", "NULL"},  // where a home is
    {"recovery_assessment_photos", "longitude", "NULL"},
    {"recovery_works", "notes", "''"},
    // A case's documents and photos (an identity card, a death certificate, a home) name files
    // kept outside the database by hash: the rows are deleted, and the files no record names
    // any more are removed after them (recovery/file_store.h SweepUnreferencedFiles).
    {"recovery_claim_documents", "sha256", ""},
    {"recovery_assessment_photos", "sha256", ""},
    // A commission's reason for a rejection may say something of the applicant (migration
    // 0011); the acts hold ids, decisions and amounts only, never a reason.
    {"recovery_agenda", "reason", "''"},
    // A payment's payee as the claim had it when the list was built (migration 0012).
    {"recovery_payments", "payee_name", "''"},
    {"recovery_payments", "payee_id", "''"},
    {"recovery_payments", "iban", "''"},
    // An application made online (migration 0018): the phone its code went to, the files.
    {"recovery_applications", "phone", "''"},
    {"recovery_applications", "documents", "''"},
};

// The rest of the schema, table by table (space-separated columns): ids, times, states,
// statuses, facilities, hashes, staff accounts and bookkeeping.
inline constexpr std::pair<std::string_view, std::string_view> kOtherColumns[] = {
    {"schema_migrations", "version name applied_at"},
    {"sources", "id name kind trust region created_at"},
    {"persons",
     "id version status status_source_id facility created_at updated_at purged_at merged_into"},
    {"person_names", "person_id ordinal source_id"},
    {"reports",
     "id version source_id external_id person_id status facility observed_at received_at "
     "matched_at pfif_kind entered_at expires_at"},
    {"status_events", "id person_id report_id source_id status facility observed_at recorded_at"},
    {"users",
     "id username display_name role source_id password_hash disabled created_at updated_at"},
    {"inquiries",
     "id version channel state person_id taken_by created_at updated_at closed_at purged_at "
     "matched_at language"},
    {"matches",
     "id person_id report_id inquiry_id score decision decided_by decided_at created_at version"},
    {"audit_log", "seq at actor action entity_type entity_id detail prev_hash hash mac"},
    {"audit_head", "id seq hash"},
    {"sessions", "token_hash user_id csrf_token created_at expires_at revoked"},
    {"api_tokens", "id token_hash source_id name created_by created_at revoked_at"},
    {"callbacks",
     "id version inquiry_id person_id match_id state attempts due_at created_at updated_at "
     "message_id claimed_by claimed_until"},
    {"merges", "id survivor_id absorbed_id survivor_version created_by created_at undone_at"},
    {"outbox",
     "id channel created_at sent_at attempts state next_attempt_at lease_owner lease_until "
     "receipt_at kind"},
    {"changes", "seq entity_type entity_id origin at"},
    {"idempotency_keys", "actor idem_key request_hash status created_at"},
    {"recovery_programmes",
     "id version code name claim_kinds object_kinds amount_rule fixed_amount amount_light "
     "amount_moderate amount_severe cap_per_object cap_per_person budget valuer_threshold "
     "period_start period_end opens_from_direct_line active created_at updated_at"},
    {"recovery_objects",  // name: a sign; district: adm2
     "id version kind name bin premises created_by created_at updated_at district"},
    {"recovery_object_owners", "object_id ordinal share_bp"},
    {"recovery_claims",
     "id version kind state channel programme_id object_id person_id external_id severity "
     "amount_claimed amount_valued valuation duplicate_of created_by submitted_at completed_at "
     "due_at ready_at withdrawn_at updated_at"},
    {"recovery_claim_documents", "claim_id ordinal kind media_type size"},
    {"recovery_assessments",
     "id version object_id claim_id inspector grade looted burned asset_damage lost_income "
     "inspected_at created_at"},
    {"recovery_assessment_photos", "assessment_id ordinal media_type size taken_at"},
    {"recovery_works",
     "id version object_id contractor budget progress_pct started_at completed_at created_at "
     "updated_at"},
    {"recovery_kin", "id version claim_id inquiry_id state decided_by decided_at created_at"},
    {"recovery_conflicts",
     "id version claim_id other_claim_id reason reasons score state resolved_by resolved_at "
     "created_at"},
    // The commissions (migration 0011): staff user ids, decisions, amounts, acts and hashes.
    {"recovery_commissions",
     "id version programme_id name quorum created_by created_at updated_at"},
    {"recovery_commission_members", "commission_id ordinal user_id role"},
    {"recovery_interest_declarations", "id commission_id user_id claim_id declared_at"},
    {"recovery_sessions", "id version commission_id state present opened_by opened_at closed_at"},
    {"recovery_agenda",
     "session_id claim_id ordinal decision amount recused decided_by decided_at"},
    {"recovery_votes", "session_id claim_id user_id choice cast_at"},
    {"recovery_acts", "id session_id supersedes content sha256 created_at final_at"},
    {"recovery_act_signatures", "act_id user_id signed_at"},
    // Approvals scaled by amount (migration 0012).
    {"recovery_approval_tiers", "programme_id above sign_offs"},
    {"recovery_signoffs", "session_id claim_id role user_id signed_at"},
    {"recovery_payment_lists",
     "id version programme_id state count total created_by created_at exported_at export_format "
     "export_sha256 answered_at"},
    {"recovery_payments",
     "id version list_id programme_id claim_id session_id object_id payee_person_id bic amount "
     "state return_reason resent_from created_at paid_at returned_at"},
    // Running totals per programme (migration 0017).
    {"recovery_programme_totals", "programme_id valued approved live"},
    // Applications online (migration 0018): hashes of the code and the token, never either.
    {"recovery_applications",
     "id version state language code_salt code_hash code_expires_at tries message_id token_hash "
     "token_expires_at claim_id created_at updated_at"},
};

enum class Owner { kInquiry, kPerson };

// The rows of `table` that hold the personal data of one inquiry or person; ?1 is its id, ?2 the
// purge time. In purge order (the outbox is matched by the inquiry's phone before it is blanked).
struct Scope {
  Owner owner;
  std::string_view table;
  std::string_view where;
  std::string_view also_set;  // bookkeeping set with the blanks; may use ?2
};

inline constexpr Scope kScopes[] = {
    // Messages to the inquiry's phone, unless another inquiry not yet purged still holds that
    // number (its messages are not this inquiry's to remove).
    {Owner::kInquiry, "outbox",
     "recipient <> '' AND recipient = (SELECT callback_phone FROM inquiries WHERE id = ?1) AND "
     "NOT EXISTS (SELECT 1 FROM inquiries o WHERE o.id <> ?1 AND o.purged_at IS NULL AND "
     "o.callback_phone = outbox.recipient)",
     ""},
    {Owner::kInquiry, "callbacks", "inquiry_id = ?1", "version = version + 1"},
    {Owner::kInquiry, "matches", "inquiry_id = ?1", "version = version + 1"},
    // Ids are random and never a prefix of another: containment finds the answers about it.
    {Owner::kInquiry, "idempotency_keys", "response LIKE '%' || CAST(?1 AS TEXT) || '%'", ""},
    {Owner::kInquiry, "inquiries", "id = ?1", "purged_at = ?2, version = version + 1"},

    {Owner::kPerson, "person_names", "person_id = ?1", ""},
    {Owner::kPerson, "matches",
     "person_id = ?1 OR report_id IN (SELECT id FROM reports WHERE person_id = ?1)",
     "version = version + 1"},
    {Owner::kPerson, "reports", "person_id = ?1", "version = version + 1"},
    {Owner::kPerson, "callbacks", "person_id = ?1", "version = version + 1"},
    // survivor_version 0 matches no person: a merge without its snapshot cannot be undone.
    {Owner::kPerson, "merges", "survivor_id = ?1 OR absorbed_id = ?1", "survivor_version = 0"},
    {Owner::kPerson, "idempotency_keys", "response LIKE '%' || CAST(?1 AS TEXT) || '%'", ""},
    {Owner::kPerson, "persons", "id = ?1", "purged_at = ?2, version = version + 1"},

    // The recovery register keeps what it took from the direct line no longer than the line:
    // the next of kin proposed from a purged inquiry, and a purged person's family or injury
    // case with everything hanging off it (kin, the payee, objects, assessments, works).
    {Owner::kInquiry, "recovery_kin", "inquiry_id = ?1", "version = version + 1"},
    {Owner::kPerson, "recovery_kin",
     "claim_id IN (SELECT id FROM recovery_claims WHERE person_id = ?1)", "version = version + 1"},
    {Owner::kPerson, "recovery_claim_documents",
     "claim_id IN (SELECT id FROM recovery_claims WHERE person_id = ?1)", ""},
    {Owner::kPerson, "recovery_assessment_photos",
     "assessment_id IN (SELECT a.id FROM recovery_assessments a JOIN recovery_claims c ON "
     "(a.claim_id = c.id OR a.object_id = c.object_id) WHERE c.person_id = ?1)",
     ""},
    {Owner::kPerson, "recovery_assessments",
     "claim_id IN (SELECT id FROM recovery_claims WHERE person_id = ?1) OR object_id IN "
     "(SELECT object_id FROM recovery_claims WHERE person_id = ?1)",
     "version = version + 1"},
    {Owner::kPerson, "recovery_works",
     "object_id IN (SELECT object_id FROM recovery_claims WHERE person_id = ?1)",
     "version = version + 1"},
    {Owner::kPerson, "recovery_object_owners",
     "object_id IN (SELECT object_id FROM recovery_claims WHERE person_id = ?1)", ""},
    {Owner::kPerson, "recovery_objects",
     "id IN (SELECT object_id FROM recovery_claims WHERE person_id = ?1)", "version = version + 1"},
    {Owner::kPerson, "recovery_agenda",
     "claim_id IN (SELECT id FROM recovery_claims WHERE person_id = ?1)", ""},
    {Owner::kPerson, "recovery_payments",
     "claim_id IN (SELECT id FROM recovery_claims WHERE person_id = ?1)",
     "version = version + 1"},
    {Owner::kPerson, "recovery_conflicts",
     "claim_id IN (SELECT id FROM recovery_claims WHERE person_id = ?1) OR other_claim_id IN "
     "(SELECT id FROM recovery_claims WHERE person_id = ?1)",
     "version = version + 1"},
    {Owner::kPerson, "recovery_applications",
     "claim_id IN (SELECT id FROM recovery_claims WHERE person_id = ?1)",
     "version = version + 1"},
    {Owner::kPerson, "recovery_claims", "person_id = ?1", "version = version + 1"},
};

struct Statement {
  std::string sql;
  bool uses_time = false;  // binds ?2
};

// The purge's statements for one owner, built once from the tables above (static storage, as
// sql::Connection::Prepare requires).
const std::vector<Statement>& PurgeStatements(Owner owner);

}  // namespace aftermath::personal_data

// The register's request bodies and files read from JSON (json_fields.h: strict, members named
// by their path in errors): programmes (the API and `aftermath recovery programmes load`),
// objects, claims, changes to claims, assessments. Programmes hold no personal data and are
// written back here too; everything else is written by http/ through the disclosure table.
#pragma once

#include <boost/json.hpp>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "recovery/json_fields.h"
#include "recovery/recovery.h"

namespace aftermath::recovery {

// {"code", "name", "claim_kinds": [...], "object_kinds": [...], "amount_rule", "fixed_amount",
//  "amount_light", "amount_moderate", "amount_severe", "cap_per_object", "cap_per_person",
//  "budget", "valuer_threshold", "period_start", "period_end", "opens_from_direct_line",
//  "active"}; with "version" when `versioned` (an update).
Result<Programme> ProgrammeFrom(JsonFields& in, bool versioned);
// A programme file: one programme, a list of them, or {"programmes": [...]}.
Result<std::vector<Programme>> ProgrammesFromText(std::string_view text);
boost::json::object ProgrammeToJson(const Programme& p);

Result<NewObject> NewObjectFrom(JsonFields& in);
// {"kind", "channel", "programme", "object_id" | "object": {...}, "person_id", "external_id",
//  "applicant_name", "applicant_id", "applicant_phone", "applicant_address", "iban",
//  "relation", "severity", "amount_claimed", "documents": [{"kind", "sha256", "media_type",
//  "size"}], "notes"}
Result<NewClaim> NewClaimFrom(JsonFields& in);
Result<ClaimChanges> ClaimChangesFrom(JsonFields& in);
// {"claim_id", "grade", "looted", "burned", "asset_damage", "lost_income", "notes",
//  "inspected_at", "photos": [{"sha256", "media_type", "size", "taken_at", "latitude",
//  "longitude"}]}; the object is the route's.
Result<NewAssessment> NewAssessmentFrom(JsonFields& in);

}  // namespace aftermath::recovery

// Who may do what: one table of actions by role (policy.cc), enforced at the HTTP boundary and
// in the CLI before the registry is called. Data-level rules (a clerk acts only for their own
// source) are in AuthorizeForSource.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"
#include "model/enums.h"

namespace aftermath::access {

enum class PrincipalKind { kAnonymous, kUser, kSourceToken };

// The caller of one request, as established by a session cookie or a bearer token.
struct Principal {
  PrincipalKind kind = PrincipalKind::kAnonymous;
  std::string user_id;    // users; the token id for source tokens
  std::string username;
  Role role = Role::kOperator;  // meaningful for users only
  std::string source_id;  // clerks and source tokens: the one source they act for
  bool via_cookie = false;  // cookie sessions need a CSRF token on state-changing requests
  std::string csrf_token;

  // The audit log's actor: "usr_…", "tok_…" or "anonymous".
  std::string actor() const;
  bool signed_in() const { return kind != PrincipalKind::kAnonymous; }
};

enum class Action {
  kPublicLookup,
  kSubmitReport,     // clerks and tokens: own source only
  kReadReport,       // clerks and tokens: own source only
  kReadPerson,
  kWritePerson,
  kSearch,
  kReadInquiry,
  kWriteInquiry,
  kReviewMatches,
  kReadSources,
  kManageSources,
  kManageUsers,
  kManageTokens,
  kReadAudit,
  kReadFigures,
  kExport,
  kRelayMessages,  // the SMS/e-mail gateway: read the outbox, mark messages sent
  // The damage & support register (src/recovery).
  kReadClaims,        // claims, objects, programmes, the conflict queue (as disclosure allows)
  kSubmitClaims,      // take claims, register objects, move claims through their states
  kUploadFiles,       // photos and documents, kept by their SHA-256
  kInspect,           // damage assessments and restoration works
  kValueClaims,       // an independent valuation above a programme's threshold
  kResolveConflicts,  // decide and undo the duplicate check's conflicts
  kConfirmPayee,      // a family's payee, from the next of kin the direct line proposes
  kManageProgrammes,  // configure support programmes
  kReadPfifFeed,   // the PFIF feeds: clerks and tokens their own source's records only
  // The register's part 2 (issue #17): commissions, their sessions and acts.
  kReadCommissions,    // commissions, sessions, agendas, votes and acts
  kManageCommissions,  // create commissions and name their members
  kCommissionWork,     // a member's own work: declare interests, open sessions, vote, decide, sign
  kAppealClaims,       // record an applicant's appeal of a rejection
  kFinanceSignOff,     // finance's sign-off of an approval above a programme's threshold
  kReadPayments,       // payment lists and their payments (payees and accounts as disclosure allows)
  kManagePayments,     // build payment lists, export them to the bank, read the bank's answer
};

std::string_view ActionName(Action a);

// OK when allowed; Unauthenticated for an anonymous caller of a non-public action,
// PermissionDenied otherwise.
Status Authorize(const Principal& p, Action action);

// For actions bound to a source: clerks and tokens only for their own source.
Status AuthorizeForSource(const Principal& p, Action action, std::string_view source_id);

// True when the principal acts for exactly one source (clerk or token).
bool IsSourceBound(const Principal& p);

}  // namespace aftermath::access

#include "access/policy.h"

#include <fmt/format.h>

namespace aftermath::access {
namespace {

// Columns: anonymous, clerk (and source tokens), operator, supervisor, admin; then the recovery
// register's roles (inspector, valuer, recovery clerk; commission member and finance, part 2),
// false unless a row names them: of the line's actions those roles take only the public's and
// kLineActionsOfRecoveryRoles.
struct Rule {
  Action action;
  std::string_view name;
  bool anonymous, clerk, op, supervisor, admin;
  bool inspector = false, valuer = false, recovery_clerk = false;
  bool commission = false, finance = false;
};

constexpr Rule kRules[] = {
    {Action::kPublicLookup, "public_lookup", true, true, true, true, true},
    {Action::kSubmitReport, "submit_report", false, true, true, true, true},
    {Action::kReadReport, "read_report", false, true, true, true, true},
    {Action::kReadPerson, "read_person", false, false, true, true, true},
    {Action::kWritePerson, "write_person", false, false, true, true, true},
    {Action::kSearch, "search", false, false, true, true, true},
    {Action::kReadInquiry, "read_inquiry", false, false, true, true, true},
    {Action::kWriteInquiry, "write_inquiry", false, false, true, true, true},
    {Action::kReviewMatches, "review_matches", false, false, true, true, true},
    {Action::kReadSources, "read_sources", false, true, true, true, true},
    {Action::kManageSources, "manage_sources", false, false, false, true, true},
    {Action::kManageUsers, "manage_users", false, false, false, false, true},
    {Action::kManageTokens, "manage_tokens", false, false, false, false, true},
    {Action::kReadAudit, "read_audit", false, false, false, true, true},
    {Action::kReadFigures, "read_figures", false, false, false, true, true},
    {Action::kExport, "export", false, false, false, true, true},
    {Action::kRelayMessages, "relay_messages", false, false, false, false, true},
    // The register's: anonymous, clerk, operator, supervisor, admin, inspector, valuer, rclerk.
    {Action::kReadClaims, "read_claims", false, false, false, true, true, true, true, true, true,
     true},
    {Action::kSubmitClaims, "submit_claims", false, false, false, false, true, false, false, true},
    {Action::kUploadFiles, "upload_files", false, false, false, false, true, true, false, true},
    {Action::kInspect, "inspect", false, false, false, false, true, true, false, false},
    {Action::kValueClaims, "value_claims", false, false, false, false, true, false, true, false},
    {Action::kResolveConflicts, "resolve_conflicts", false, false, false, true, true, false, false,
     false},
    {Action::kConfirmPayee, "confirm_payee", false, false, false, true, true, false, false, true},
    {Action::kManageProgrammes, "manage_programmes", false, false, false, false, true, false,
     false, false},
    // Another registry following this one: a bulk read, like an export (supervisors and
    // admins), or a source's own records (its clerks and tokens).
    {Action::kReadPfifFeed, "read_pfif_feed", false, true, false, true, true},
    // Part 2: ..., inspector, valuer, rclerk, commission member, finance.
    {Action::kReadCommissions, "read_commissions", false, false, false, true, true, false, false,
     true, true, true},
    {Action::kManageCommissions, "manage_commissions", false, false, false, false, true},
    {Action::kCommissionWork, "commission_work", false, false, false, false, false, false, false,
     false, true, false},
    {Action::kAppealClaims, "appeal_claims", false, false, false, false, true, false, false, true},
    // Separation of duties: finance signs off, and prepares, decides or values nothing.
    {Action::kFinanceSignOff, "finance_signoff", false, false, false, false, false, false, false,
     false, false, true},
    {Action::kReadPayments, "read_payments", false, false, false, true, true, false, false, false,
     false, true},
    {Action::kManagePayments, "manage_payments", false, false, false, false, false, false, false,
     false, false, true},
};

// The line's actions the recovery register's roles may take besides the public's: reading the
// list of sources, which also tells them who they are (GET /api/v1/auth/me).
constexpr Action kLineActionsOfRecoveryRoles[] = {Action::kReadSources};

bool LineActionOfRecoveryRoles(const Rule& rule) {
  if (rule.anonymous) return true;
  for (Action a : kLineActionsOfRecoveryRoles) {
    if (a == rule.action) return true;
  }
  return false;
}

const Rule& RuleFor(Action a) {
  for (const auto& r : kRules) {
    if (r.action == a) return r;
  }
  return kRules[0];  // unreachable: every action has a rule (policy_test checks)
}

}  // namespace

std::string Principal::actor() const {
  switch (kind) {
    case PrincipalKind::kAnonymous: return "anonymous";
    case PrincipalKind::kUser:
    case PrincipalKind::kSourceToken: return user_id;
  }
  return "anonymous";
}

std::string_view ActionName(Action a) { return RuleFor(a).name; }

bool IsSourceBound(const Principal& p) {
  return p.kind == PrincipalKind::kSourceToken ||
         (p.kind == PrincipalKind::kUser && p.role == Role::kClerk);
}

Status Authorize(const Principal& p, Action action) {
  const Rule& rule = RuleFor(action);
  bool allowed = false;
  if (p.kind == PrincipalKind::kAnonymous) {
    allowed = rule.anonymous;
    if (!allowed) return Unauthenticated("sign in first");
  } else if (IsSourceBound(p)) {
    allowed = rule.clerk;
  } else {
    switch (p.role) {
      case Role::kOperator: allowed = rule.op; break;
      case Role::kSupervisor: allowed = rule.supervisor; break;
      case Role::kAdmin: allowed = rule.admin; break;
      case Role::kClerk: allowed = rule.clerk; break;
      case Role::kInspector: allowed = rule.inspector || LineActionOfRecoveryRoles(rule); break;
      case Role::kValuer: allowed = rule.valuer || LineActionOfRecoveryRoles(rule); break;
      case Role::kRecoveryClerk:
        allowed = rule.recovery_clerk || LineActionOfRecoveryRoles(rule);
        break;
      case Role::kCommissionMember:
        allowed = rule.commission || LineActionOfRecoveryRoles(rule);
        break;
      case Role::kFinance: allowed = rule.finance || LineActionOfRecoveryRoles(rule); break;
    }
  }
  if (!allowed) {
    return PermissionDenied(fmt::format("your role may not {}", rule.name));
  }
  return Status::Ok();
}

Status AuthorizeForSource(const Principal& p, Action action, std::string_view source_id) {
  RETURN_IF_ERROR(Authorize(p, action));
  if (IsSourceBound(p) && p.source_id != source_id) {
    return PermissionDenied("you may act only for your own source");
  }
  return Status::Ok();
}

}  // namespace aftermath::access

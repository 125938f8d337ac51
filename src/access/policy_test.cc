#include "access/policy.h"

#include <gtest/gtest.h>

namespace aftermath::access {
namespace {

Principal User(Role role, std::string source = {}) {
  return Principal{.kind = PrincipalKind::kUser, .user_id = "usr_X", .role = role,
                   .source_id = std::move(source)};
}

TEST(PolicyTest, AnonymousGetsOnlyThePublicLookup) {
  Principal anon;
  EXPECT_TRUE(Authorize(anon, Action::kPublicLookup).ok());
  EXPECT_EQ(Authorize(anon, Action::kReadPerson).code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(Authorize(anon, Action::kSubmitReport).code(), StatusCode::kUnauthenticated);
}

TEST(PolicyTest, ClerksActOnlyForTheirOwnSource) {
  Principal clerk = User(Role::kClerk, "src_A");
  EXPECT_TRUE(AuthorizeForSource(clerk, Action::kSubmitReport, "src_A").ok());
  EXPECT_EQ(AuthorizeForSource(clerk, Action::kSubmitReport, "src_B").code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(Authorize(clerk, Action::kReadPerson).code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(Authorize(clerk, Action::kSearch).code(), StatusCode::kPermissionDenied);
  Principal token{.kind = PrincipalKind::kSourceToken, .user_id = "tok_X", .source_id = "src_A"};
  EXPECT_TRUE(AuthorizeForSource(token, Action::kSubmitReport, "src_A").ok());
  EXPECT_FALSE(AuthorizeForSource(token, Action::kSubmitReport, "src_B").ok());
}

TEST(PolicyTest, RolesAreOrdered) {
  EXPECT_TRUE(Authorize(User(Role::kOperator), Action::kWriteInquiry).ok());
  EXPECT_FALSE(Authorize(User(Role::kOperator), Action::kReadAudit).ok());
  EXPECT_TRUE(Authorize(User(Role::kSupervisor), Action::kReadAudit).ok());
  EXPECT_FALSE(Authorize(User(Role::kSupervisor), Action::kManageUsers).ok());
  EXPECT_TRUE(Authorize(User(Role::kAdmin), Action::kManageUsers).ok());
  EXPECT_TRUE(Authorize(User(Role::kAdmin), Action::kManageTokens).ok());
}

TEST(PolicyTest, EveryActionHasARule) {
  for (int a = 0; a <= static_cast<int>(Action::kRelayMessages); ++a) {
    EXPECT_NE(ActionName(static_cast<Action>(a)), "") << a;
    if (a > 0) {
      EXPECT_NE(ActionName(static_cast<Action>(a)), ActionName(Action::kPublicLookup)) << a;
    }
  }
}

// The PFIF feeds (issue #20): a bulk read like an export, or a source's own records.
TEST(PolicyTest, PfifFeedsAreForSourcesAndSupervisors) {
  EXPECT_NE(ActionName(Action::kReadPfifFeed), ActionName(Action::kPublicLookup));
  EXPECT_EQ(Authorize(Principal{}, Action::kReadPfifFeed).code(), StatusCode::kUnauthenticated);
  EXPECT_TRUE(Authorize(User(Role::kClerk, "src_A"), Action::kReadPfifFeed).ok());
  EXPECT_FALSE(Authorize(User(Role::kOperator), Action::kReadPfifFeed).ok());
  EXPECT_TRUE(Authorize(User(Role::kSupervisor), Action::kReadPfifFeed).ok());
  EXPECT_TRUE(Authorize(User(Role::kAdmin), Action::kReadPfifFeed).ok());
}

}  // namespace
}  // namespace aftermath::access

namespace aftermath::access {
namespace {

TEST(PolicyTest, TheRegistersRolesTakeNoneOfTheLinesActions) {
  for (Role role : {Role::kInspector, Role::kValuer, Role::kRecoveryClerk,
                    Role::kCommissionMember, Role::kFinance}) {
    Principal p = User(role);
    EXPECT_FALSE(IsSourceBound(p));
    for (Action a : {Action::kSubmitReport, Action::kReadReport, Action::kReadPerson,
                     Action::kWritePerson, Action::kSearch, Action::kReadInquiry,
                     Action::kWriteInquiry, Action::kReviewMatches, Action::kManageSources,
                     Action::kManageUsers, Action::kManageTokens, Action::kReadAudit,
                     Action::kReadFigures, Action::kExport, Action::kRelayMessages}) {
      EXPECT_EQ(Authorize(p, a).code(), StatusCode::kPermissionDenied)
          << ToString(role) << " may " << ActionName(a);
    }
    EXPECT_TRUE(Authorize(p, Action::kPublicLookup).ok()) << ToString(role);
    EXPECT_TRUE(Authorize(p, Action::kReadSources).ok()) << ToString(role);  // who am I
  }
}

// The register's actions by role, written out independently of policy.cc: A = admin,
// S = supervisor, I = inspector, V = valuer, R = recovery clerk, C = commission member,
// F = finance; nobody else.
TEST(PolicyTest, TheRegistersActionsByRole) {
  const std::pair<Action, std::string> expected[] = {
      {Action::kReadClaims, "ASIVRCF"},     {Action::kSubmitClaims, "A---R--"},
      {Action::kUploadFiles, "A-I-R--"},    {Action::kInspect, "A-I----"},
      {Action::kValueClaims, "A--V---"},    {Action::kResolveConflicts, "AS-----"},
      {Action::kConfirmPayee, "AS--R--"},   {Action::kManageProgrammes, "A------"},
      {Action::kReadCommissions, "AS--RCF"}, {Action::kManageCommissions, "A------"},
      {Action::kCommissionWork, "-----C-"}, {Action::kAppealClaims, "A---R--"},
      {Action::kFinanceSignOff, "------F"},  {Action::kReadPayments, "AS----F"},
      {Action::kManagePayments, "------F"},
  };
  const Role roles[] = {Role::kAdmin,         Role::kSupervisor,        Role::kInspector,
                        Role::kValuer,        Role::kRecoveryClerk,     Role::kCommissionMember,
                        Role::kFinance};
  for (const auto& [action, row] : expected) {
    for (size_t i = 0; i < std::size(roles); ++i) {
      EXPECT_EQ(Authorize(User(roles[i]), action).ok(), row[i] != '-')
          << ToString(roles[i]) << " / " << ActionName(action);
    }
    EXPECT_FALSE(Authorize(User(Role::kOperator), action).ok()) << ActionName(action);
    EXPECT_FALSE(Authorize(User(Role::kClerk, "src_A"), action).ok()) << ActionName(action);
    EXPECT_EQ(Authorize(Principal{}, action).code(), StatusCode::kUnauthenticated);
  }
  for (int a = static_cast<int>(Action::kReadClaims);
       a <= static_cast<int>(Action::kManageProgrammes); ++a) {
    EXPECT_NE(ActionName(static_cast<Action>(a)), ActionName(Action::kPublicLookup)) << a;
  }
}

// Separation of duties, for every pair of roles: whoever may prepare a claim (take it in,
// inspect, value) may not decide it or sign it off, and nobody holds two of the duties an
// approval needs (the commission's vote, finance's sign-off). The chair's sign-off is a
// commission member's and the domain takes it only from the commission's chair
// (recovery/commission.h GiveSignOff), never from whoever prepared the claim.
TEST(PolicyTest, NoRoleBothPreparesAndApprovesAndNoRoleHoldsTwoApprovalDuties) {
  const Action prepare[] = {Action::kSubmitClaims, Action::kInspect, Action::kValueClaims};
  const Action approve[] = {Action::kCommissionWork, Action::kFinanceSignOff};
  // Paying is finance's: whoever prepares or decides a claim does not pay it.
  for (Role role : {Role::kAdmin, Role::kSupervisor, Role::kInspector, Role::kValuer,
                    Role::kRecoveryClerk, Role::kCommissionMember}) {
    EXPECT_FALSE(Authorize(User(role), Action::kManagePayments).ok()) << ToString(role);
  }
  const Role roles[] = {Role::kAdmin,         Role::kSupervisor,       Role::kOperator,
                        Role::kClerk,         Role::kInspector,        Role::kValuer,
                        Role::kRecoveryClerk, Role::kCommissionMember, Role::kFinance};
  auto principal = [](Role r) { return r == Role::kClerk ? User(r, "src_A") : User(r); };
  for (Role role : roles) {
    Principal p = principal(role);
    for (Action a : prepare) {
      for (Action b : approve) {
        EXPECT_FALSE(Authorize(p, a).ok() && Authorize(p, b).ok())
            << ToString(role) << " may " << ActionName(a) << " and " << ActionName(b);
      }
    }
    EXPECT_FALSE(Authorize(p, approve[0]).ok() && Authorize(p, approve[1]).ok())
        << ToString(role) << " holds both approval duties";
  }
  // Every pair of roles: the two approval duties are held by two different roles.
  for (Role a : roles) {
    for (Role b : roles) {
      if (Authorize(principal(a), Action::kCommissionWork).ok() &&
          Authorize(principal(b), Action::kFinanceSignOff).ok()) {
        EXPECT_NE(a, b) << ToString(a);
      }
    }
  }
}

}  // namespace
}  // namespace aftermath::access

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
  for (Role role : {Role::kInspector, Role::kValuer, Role::kRecoveryClerk}) {
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
// S = supervisor, I = inspector, V = valuer, R = recovery clerk; nobody else.
TEST(PolicyTest, TheRegistersActionsByRole) {
  const std::pair<Action, std::string> expected[] = {
      {Action::kReadClaims, "ASIVR"},     {Action::kSubmitClaims, "A---R"},
      {Action::kUploadFiles, "A-I-R"},    {Action::kInspect, "A-I--"},
      {Action::kValueClaims, "A--V-"},    {Action::kResolveConflicts, "AS---"},
      {Action::kConfirmPayee, "AS--R"},   {Action::kManageProgrammes, "A----"},
  };
  const Role roles[] = {Role::kAdmin, Role::kSupervisor, Role::kInspector, Role::kValuer,
                        Role::kRecoveryClerk};
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

}  // namespace
}  // namespace aftermath::access

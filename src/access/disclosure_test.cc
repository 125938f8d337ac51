// The disclosure table, cell by cell, written out independently of disclosure.cc.
#include "access/disclosure.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

namespace aftermath::access {
namespace {

TEST(DisclosureTest, EveryCellMatchesTheAgreedTable) {
  // P = public, F = family, C = clerk, O = operator, S = supervisor, A = admin.
  const std::map<Field, std::string> expected = {
      {Field::kExistence, "PFCOSA"},   {Field::kDisplayName, "PFCOSA"},
      {Field::kStatus, "-FCOSA"},      {Field::kFacility, "-FCOSA"},
      {Field::kLocation, "--COSA"},    {Field::kIdentity, "--COSA"},
      {Field::kDescription, "--COSA"}, {Field::kProvenance, "--COSA"},
      {Field::kContact, "---OSA"},     {Field::kAuditLog, "----SA"},
      {Field::kRecordKeys, "--COSA"},  {Field::kNotPersonal, "PFCOSA"},
  };
  ASSERT_EQ(expected.size(), std::size(kAllFields));
  for (Field f : kAllFields) {
    const std::string& row = expected.at(f);
    for (size_t v = 0; v < std::size(kAllViewers); ++v) {
      bool allowed = row[v] != '-';
      EXPECT_EQ(MayDisclose(kAllViewers[v], f), allowed)
          << ViewerName(kAllViewers[v]) << " / " << FieldName(f);
    }
  }
}

TEST(DisclosureTest, PublicNeverLearnsWhereSomeoneIs) {
  for (Field f :
       {Field::kStatus, Field::kFacility, Field::kLocation, Field::kContact, Field::kProvenance}) {
    EXPECT_FALSE(MayDisclose(Viewer::kPublic, f)) << FieldName(f);
  }
}

TEST(DisclosureTest, EveryViewMemberIsListedOnce) {
  std::set<std::pair<View, std::string_view>> seen;
  for (const auto& f : ViewFields()) {
    EXPECT_TRUE(seen.emplace(f.view, f.key).second) << ViewName(f.view) << "." << f.key;
  }
}

TEST(DisclosureTest, AMemberOutsideTheTableIsShownToNobody) {
  for (Viewer v : kAllViewers) {
    EXPECT_FALSE(MayShow(v, View::kPerson, "merge_snapshot")) << ViewerName(v);
    EXPECT_TRUE(MayShow(v, View::kPublicAnswer, "found")) << ViewerName(v);
  }
}

TEST(DisclosureTest, InquirersContactsAreForStaffOnly) {
  for (auto [view, key] : {std::pair{View::kInquiry, "inquirer_name"},
                           {View::kInquiry, "callback_phone"},
                           {View::kCallback, "phone"},
                           {View::kCallback, "family_code"},
                           {View::kCallback, "message"},
                           {View::kOutboxMessage, "recipient"}}) {
    EXPECT_EQ(FieldOf(view, key), Field::kContact) << ViewName(view) << "." << key;
    EXPECT_FALSE(MayShow(Viewer::kClerk, view, key)) << key;
    EXPECT_TRUE(MayShow(Viewer::kOperator, view, key)) << key;
  }
}

TEST(DisclosureTest, TheFamilyLearnsNameStatusAndFacilityOnly) {
  for (const auto& f : ViewFields()) {
    bool expected = f.view == View::kFamilyAnswer || (f.view == View::kPublicAnswer) ||
                    ((f.view == View::kPerson || f.view == View::kSearchHit) &&
                     (f.key == "display_name" || f.key == "status" || f.key == "facility")) ||
                    (f.view == View::kReport &&
                     (f.key == "full_name" || f.key == "status" || f.key == "facility")) ||
                    (f.view == View::kStatusEvent && (f.key == "status" || f.key == "facility")) ||
                    (f.view == View::kCallback &&
                     (f.key == "person_name" || f.key == "status" || f.key == "facility")) ||
                    (f.view == View::kPfifPerson && f.key == "full_name") ||
                    (f.view == View::kPfifNote && (f.key == "status" || f.key == "aftermath:status" ||
                                                   f.key == "aftermath:facility"));
    EXPECT_EQ(MayShow(Viewer::kFamily, f.view, f.key), expected)
        << ViewName(f.view) << "." << f.key;
  }
}

TEST(DisclosureTest, ViewerFollowsTheRole) {
  Principal anon;
  EXPECT_EQ(ViewerFor(anon), Viewer::kPublic);
  Principal op{.kind = PrincipalKind::kUser, .role = Role::kOperator};
  EXPECT_EQ(ViewerFor(op), Viewer::kOperator);
  Principal clerk{.kind = PrincipalKind::kUser, .role = Role::kClerk, .source_id = "src_A"};
  EXPECT_EQ(ViewerFor(clerk), Viewer::kClerk);
  Principal token{.kind = PrincipalKind::kSourceToken, .source_id = "src_A"};
  EXPECT_EQ(ViewerFor(token), Viewer::kClerk);
}

}  // namespace
}  // namespace aftermath::access

namespace aftermath::access {
namespace {

// The register's part of the table, cell by cell: P public, F family, C clerk, O operator,
// S supervisor, A admin, I inspector, V valuer, R recovery clerk, M commission member,
// $ finance.
TEST(DisclosureTest, EveryCellOfTheRegistersPartMatchesTheAgreedTable) {
  const std::map<Field, std::string> expected = {
      {Field::kClaimRecord, "----SAIVRM$"},    {Field::kApplicantName, "----SAI-RM$"},
      {Field::kApplicantId, "----SA--RM$"},    {Field::kApplicantContact, "----SAI-R--"},
      {Field::kBankAccount, "----SA--R-$"},    {Field::kPropertyDetails, "----SAIVRM-"},
      {Field::kDamage, "----SAIVRM-"},         {Field::kAmounts, "----SA-VRM$"},
      {Field::kDeceased, "----SA--RM-"},       {Field::kKin, "----SA--R--"},
      {Field::kConflictDetail, "----SA--R--"}, {Field::kDecisionReason, "----SA--RM-"},
  };
  ASSERT_EQ(expected.size(), std::size(kRecoveryFields));
  const Viewer viewers[] = {Viewer::kPublic,        Viewer::kFamily,     Viewer::kClerk,
                            Viewer::kOperator,      Viewer::kSupervisor, Viewer::kAdmin,
                            Viewer::kInspector,     Viewer::kValuer,     Viewer::kRecoveryClerk,
                            Viewer::kCommissionMember, Viewer::kFinance};
  for (Field f : kRecoveryFields) {
    const std::string& row = expected.at(f);
    for (size_t v = 0; v < std::size(viewers); ++v) {
      EXPECT_EQ(MayDisclose(viewers[v], f), row[v] != '-')
          << ViewerName(viewers[v]) << " / " << FieldName(f);
    }
  }
}

// Of the line, the register's roles learn what anybody may.
TEST(DisclosureTest, TheRegistersViewersSeeOfTheLineWhatThePublicSees) {
  for (Viewer v : kRecoveryViewers) {
    for (Field f : kAllFields) {
      EXPECT_EQ(MayDisclose(v, f), MayDisclose(Viewer::kPublic, f))
          << ViewerName(v) << " / " << FieldName(f);
    }
  }
}

TEST(DisclosureTest, ValuersNeverLearnWhoseClaimTheyValue) {
  for (auto [view, key] : {std::pair{View::kClaim, "applicant_name"},
                           std::pair{View::kClaim, "applicant_id"},
                           std::pair{View::kClaim, "iban"}, std::pair{View::kOwner, "name"},
                           std::pair{View::kClaim, "person_name"}}) {
    EXPECT_FALSE(MayShow(Viewer::kValuer, view, key)) << key;
  }
  EXPECT_TRUE(MayShow(Viewer::kValuer, View::kAssessment, "asset_damage"));
  EXPECT_TRUE(MayShow(Viewer::kValuer, View::kClaim, "amount_claimed"));
}

TEST(DisclosureTest, TheRegistersRolesMapToTheirViewers) {
  Principal p{.kind = PrincipalKind::kUser, .user_id = "usr_X"};
  p.role = Role::kInspector;
  EXPECT_EQ(ViewerFor(p), Viewer::kInspector);
  p.role = Role::kValuer;
  EXPECT_EQ(ViewerFor(p), Viewer::kValuer);
  p.role = Role::kRecoveryClerk;
  EXPECT_EQ(ViewerFor(p), Viewer::kRecoveryClerk);
  EXPECT_EQ(ViewerName(Viewer::kRecoveryClerk), "recovery_clerk");
  EXPECT_EQ(ViewName(View::kConflict), "conflict");
  EXPECT_EQ(FieldName(Field::kBankAccount), "bank_account");
}

}  // namespace
}  // namespace aftermath::access

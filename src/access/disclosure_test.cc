// The disclosure table, cell by cell, written out independently of disclosure.cc.
#include "access/disclosure.h"

#include <gtest/gtest.h>

#include <map>

namespace aftermath::access {
namespace {

TEST(DisclosureTest, EveryCellMatchesTheAgreedTable) {
  // P = public, F = family, C = clerk, O = operator, S = supervisor, A = admin.
  const std::map<Field, std::string> expected = {
      {Field::kExistence, "PFCOSA"},  {Field::kDisplayName, "PFCOSA"},
      {Field::kStatus, "-FCOSA"},     {Field::kFacility, "-FCOSA"},
      {Field::kLocation, "--COSA"},   {Field::kIdentity, "--COSA"},
      {Field::kDescription, "--COSA"}, {Field::kProvenance, "--COSA"},
      {Field::kContact, "---OSA"},    {Field::kAuditLog, "----SA"},
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
  for (Field f : {Field::kStatus, Field::kFacility, Field::kLocation, Field::kContact,
                  Field::kProvenance}) {
    EXPECT_FALSE(MayDisclose(Viewer::kPublic, f)) << FieldName(f);
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

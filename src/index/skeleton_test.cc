#include "index/skeleton.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace aftermath::index {
namespace {

TEST(SkeletonTest, FoldsEastSlavicFormsOfOneSurname) {
  EXPECT_EQ(Skeleton("romanov"), Skeleton("ramanav"));
  EXPECT_EQ(Skeleton("gerasimov"), Skeleton("herasimav"));
  EXPECT_EQ(Skeleton("teterin"), Skeleton("caterin"));
  EXPECT_EQ(Skeleton("boguslavski"), Skeleton("bahuslavski"));
  EXPECT_NE(Skeleton("romanov"), Skeleton("ivanov"));
}

TEST(SkeletonTest, FoldsPatronymicStems) {
  EXPECT_EQ(Skeleton("evhen"), Skeleton("evgen"));
  EXPECT_EQ(Skeleton("iavgen"), Skeleton("evgen"));
  EXPECT_EQ(Skeleton("alaksandr"), Skeleton("aleksandr"));
}

TEST(SkeletonTest, AbjadWordsAreFiledByConsonantsWhateverTheirRole) {
  std::vector<std::string> keys;
  names::ParsedName name;
  names::NameToken given;  // عبدلله, read as a given name: Abdollah
  given.loose = "bdlh";
  given.role = names::Role::kGiven;
  given.abjad = true;
  names::NameToken surname;  // الحسن: Hasan with the article
  surname.loose = "alhsn";
  surname.role = names::Role::kSurname;
  surname.abjad = true;
  name.tokens = {given, surname};
  AddSkeletonKeys(name, keys);
  EXPECT_EQ(keys, (std::vector<std::string>{"k:bdlh", "k:lhsn", "k:hsn"}));
  name.tokens[0].abjad = false;  // a Latin given name is filed by its group, not so
  keys.clear();
  AddSkeletonKeys(name, keys);
  EXPECT_EQ(keys[0], "k:lhsn");
}

TEST(SkeletonTest, CzechFeminineSurnamesAreFiledUnderTheRussianStem) {
  EXPECT_EQ(CzechFeminineBase("rodninova"), "rodnin");
  EXPECT_EQ(CzechFeminineBase("ivanovova"), "ivanov");
  EXPECT_EQ(CzechFeminineBase("ivanova"), "");    // Russian
  EXPECT_EQ(CzechFeminineBase("rodionova"), "");  // Rodionov's
  names::ParsedName name;
  names::NameToken surname;
  surname.loose = "rodninova";
  surname.stem = "rodninov";
  surname.role = names::Role::kSurname;
  name.tokens = {surname};
  std::vector<std::string> keys;
  AddSkeletonKeys(name, keys);
  EXPECT_EQ(keys, (std::vector<std::string>{"k:" + Skeleton("rodninova"), "s:rodnin"}));
}

TEST(SkeletonTest, ShortSkeletonsAreNoKey) {
  EXPECT_EQ(Skeleton("aia"), "");
  EXPECT_EQ(Skeleton("ivi"), "");
  EXPECT_EQ(Skeleton("oleg"), "");
}

}  // namespace
}  // namespace aftermath::index

#include "io/csv/columns.h"

#include <gtest/gtest.h>

#include <sstream>

namespace aftermath::io {
namespace {

TEST(ColumnsTest, RecognisesHeadersInThreeLanguages) {
  EXPECT_EQ(RecogniseHeader("Фамилия"), Column::kSurname);
  EXPECT_EQ(RecogniseHeader("ТЕГІ"), Column::kSurname);
  EXPECT_EQ(RecogniseHeader(" Surname "), Column::kSurname);
  EXPECT_EQ(RecogniseHeader("Әкесінің аты"), Column::kPatronymic);
  EXPECT_EQ(RecogniseHeader("Ф.И.О."), Column::kFullName);
  EXPECT_EQ(RecogniseHeader("Аты-жөні"), Column::kFullName);
  EXPECT_EQ(RecogniseHeader("Дата рождения:"), Column::kBirthDate);
  EXPECT_EQ(RecogniseHeader("Туған күні"), Column::kBirthDate);
  EXPECT_EQ(RecogniseHeader("Пол"), Column::kSex);
  EXPECT_EQ(RecogniseHeader("№"), Column::kExternalId);
  EXPECT_EQ(RecogniseHeader("№ п/п"), Column::kIgnore);
  EXPECT_EQ(RecogniseHeader("Телефон"), Column::kUnknown);
}

TEST(ColumnsTest, MapFileOverridesAndValidates) {
  std::istringstream map("# hospital 4\nПациент = full_name\nКарта = external_id\n");
  auto m = ParseColumnMap(map);
  ASSERT_TRUE(m.ok());
  auto cols = MapHeader({"Карта", "Пациент", "Фамилия"}, *m);
  ASSERT_TRUE(cols.ok());
  EXPECT_EQ((*cols)[0], Column::kExternalId);
  EXPECT_EQ((*cols)[1], Column::kFullName);
  std::istringstream bad("Пациент = name\n");
  EXPECT_FALSE(ParseColumnMap(bad).ok());
  EXPECT_FALSE(MapHeader({"Телефон", "Адрес"}, {}).ok());
  EXPECT_FALSE(MapHeader({"ФИО", "Full name"}, {}).ok());  // two name columns
}

TEST(ColumnsTest, Dates) {
  EXPECT_EQ(ParseListDate("21.03.1990")->ToString(), "1990-03-21");
  EXPECT_EQ(ParseListDate("1.3.1990")->ToString(), "1990-03-01");
  EXPECT_EQ(ParseListDate("21/03/1990")->ToString(), "1990-03-21");
  EXPECT_EQ(ParseListDate("1990-03-21")->ToString(), "1990-03-21");
  EXPECT_EQ(ParseListDate("03.1990")->ToString(), "1990-03");
  EXPECT_EQ(ParseListDate("1990")->ToString(), "1990");
  EXPECT_EQ(ParseListDate("1990 г.")->ToString(), "1990");
  EXPECT_EQ(ParseListDate("21.03.1990 0:00:00")->ToString(), "1990-03-21");
  EXPECT_FALSE(ParseListDate("31.02.1990").ok());
  EXPECT_FALSE(ParseListDate("21.03.90").ok());
  EXPECT_FALSE(ParseListDate("вчера").ok());
}

TEST(ColumnsTest, SexStatusAge) {
  EXPECT_EQ(*ParseListSex("М"), Sex::kMale);
  EXPECT_EQ(*ParseListSex("ж"), Sex::kFemale);
  EXPECT_EQ(*ParseListSex("Ә"), Sex::kFemale);
  EXPECT_EQ(*ParseListSex("Е"), Sex::kMale);
  EXPECT_EQ(*ParseListSex("female"), Sex::kFemale);
  EXPECT_EQ(*ParseListSex(""), Sex::kUnknown);
  EXPECT_FALSE(ParseListSex("X").ok());
  EXPECT_EQ(*ParseListStatus("Госпитализирован"), PersonStatus::kHospitalised);
  EXPECT_EQ(*ParseListStatus("пропал без вести"), PersonStatus::kMissing);
  EXPECT_EQ(*ParseListStatus("қаза тапты"), PersonStatus::kDeceased);
  EXPECT_EQ(*ParseListStatus("тірі"), PersonStatus::kSafe);
  EXPECT_EQ(*ParseListStatus("detained"), PersonStatus::kDetained);
  EXPECT_EQ(*ParseListStatus(""), PersonStatus::kUnknown);
  EXPECT_FALSE(ParseListStatus("в отпуске").ok());
  EXPECT_EQ(*ParseListAge("35"), 35);
  EXPECT_EQ(*ParseListAge("~30"), 30);
  EXPECT_EQ(*ParseListAge("45 лет"), 45);
  EXPECT_EQ(*ParseListAge("30-40"), 35);
  EXPECT_FALSE(ParseListAge("old").ok());
}

}  // namespace
}  // namespace aftermath::io

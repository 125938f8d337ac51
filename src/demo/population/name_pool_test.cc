#include "demo/population/name_pool.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "demo/population/text.h"

namespace aftermath::population {
namespace {

// A tiny population directory in the shared data's formats, written by the test.
class NamePoolTest : public testing::Test {
 protected:
  void SetUp() override {
    // One directory a test process: ctest runs these tests side by side, and one removes files.
    dir_ = testing::TempDir() + "/population_fixture_" + std::to_string(getpid());
    std::filesystem::create_directories(dir_);
    Write("russian_male_first_names_and_popularity.yaml", "Дмитрий: 100\nИван: 50\n");
    Write("russian_female_first_names_and_popularity.yaml", "Анна: 80\nМария: 40\n");
    Write("russian_male_last_names_and_popularity.yaml", "Иванов: 1000\nСмирнов: 500\n");
    Write("russian_patronymics.yaml", "Дмитрий: Дмитриевич, Дмитриевна\n");
    Write("memorial_moscow_1937_1941_names.csv",
          "full_name,surname,given,patronymic,born,ethnicity\n"
          "x,Шмидт,Карл,Карлович,1884,немец\n"
          "x,Цой,Сергей,Антонович,1891,кореец\n"
          "x,Мельник,Олена,Петровна,1900,украинка\n"
          "x,Сафина,Гульнара,Ринатовна,1900,татарка\n"
          "x,Колесникова,Ксения,Васильевна,1899,русская\n");
    Write("kz_names_fio.csv",
          "sheet,fio,surname,given,patronymic\n"
          "s,x,ЖҰМАЖАНОВ,МИРАС,МАРАТҰЛЫ\n"
          "s,x,Ахметова,Динара,Қайратқызы\n"
          "s,x,ИВАНОВ,ИВАН,СЕРГЕЕВИЧ\n");
    Write("common-forenames-by-country.csv",
          "\xEF\xBB\xBF"
          "Country,Gender,Localized Name,Romanized Name\n"
          "KZ,F,Айлин,Aylin\nKZ,M,Алихан,Alikhan\nDE,M,Noah,Noah\n");
    Write("common-surnames-by-country.csv",
          "Country,Rank,Localized Name,Romanized Name,Count\n"
          "KZ,1,Ахметов,Ahmetov,73627\nKZ,3,Ким,Kim,42274\nRU,1,Смирно\u0301в,Smirnov,2308740\n");
  }
  void Write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ + "/" + name) << text;
  }
  std::string dir_;
};

TEST_F(NamePoolTest, LoadsGroupsBySex) {
  auto pool = LoadNamePool(dir_);
  ASSERT_TRUE(pool.ok()) << pool.status().ToString();
  const GroupNames& kz = pool->of(Group::kKazakh);
  EXPECT_EQ(kz.surnames.size(), 2u);  // Жұмажанов, Ахметов; the Russian row is left out
  EXPECT_EQ(kz.given[static_cast<size_t>(PersonSex::kFemale)].size(), 2u);  // Динара, Айлин
  EXPECT_EQ(pool->of(Group::kRussian).surnames.size(), 3u);  // and Memorial's Колесников
  EXPECT_EQ(Utf32ToUtf8(pool->of(Group::kTatar).surnames.item(0)), "Сафин");
  EXPECT_EQ(pool->national_surnames.size(), 2u);
  EXPECT_EQ(pool->national_surnames.tag(1), static_cast<uint8_t>(Group::kKorean));
  EXPECT_EQ(Utf32ToUtf8(pool->ru_patronymics.at(U"Дмитрий").second), "Дмитриевна");
}

TEST_F(NamePoolTest, MissingDirectoryOrFile) {
  auto none = LoadNamePool(dir_ + "/nope");
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.status().code(), StatusCode::kNotFound);
  std::filesystem::remove(dir_ + "/kz_names_fio.csv");
  auto partial = LoadNamePool(dir_);
  ASSERT_FALSE(partial.ok());
  EXPECT_NE(partial.status().message().find("kz_names_fio.csv"), std::string::npos);
}

}  // namespace
}  // namespace aftermath::population

#include "io/csv/csv_reader.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace aftermath::io {
namespace {

std::string TestData(const std::string& name) {
  const char* root = std::getenv("AFTERMATH_SOURCE_DIR");
  return std::string(root ? root : ".") + "/tests/testdata/import/" + name;
}

struct Read {
  std::vector<ParsedRow> rows;
  std::vector<std::string> notes;
  Status status;
};

Read ReadFile(const std::string& name, ColumnMap map = {}) {
  std::ifstream in(TestData(name), std::ios::binary);
  EXPECT_TRUE(in) << name;
  Read out;
  auto reader = OpenCsvReader(in, {}, std::move(map));
  if (!reader.ok()) {
    out.status = reader.status();
    return out;
  }
  ParsedRow row;
  while (true) {
    auto more = (*reader)->Next(row);
    if (!more.ok()) {
      out.status = more.status();
      break;
    }
    if (!*more) break;
    out.rows.push_back(row);
  }
  out.notes = (*reader)->notes();
  return out;
}

TEST(CsvReaderTest, Cp1251WithSemicolons) {
  Read r = ReadFile("hospital_cp1251.csv");
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  ASSERT_EQ(r.rows.size(), 5u);
  EXPECT_NE(r.notes[0].find("windows-1251, delimiter ';'"), std::string::npos) << r.notes[0];
  const NewReport& a = r.rows[0].report;
  EXPECT_TRUE(r.rows[0].error.ok());
  EXPECT_EQ(a.external_id, "101");
  EXPECT_EQ(a.full_name, "Иванов Иван Петрович");
  EXPECT_EQ(a.birth_date.ToString(), "1990-03-21");
  EXPECT_EQ(a.sex, Sex::kMale);
  EXPECT_EQ(a.status, PersonStatus::kHospitalised);
  EXPECT_EQ(a.facility, "ГКБ №4, Алматы");
  EXPECT_EQ(a.notes, "перелом; в сознании");
  EXPECT_EQ(a.raw.substr(0, 4), "101;");
  EXPECT_EQ(r.rows[1].report.status, PersonStatus::kDeceased);
  // The row with a line break in a quoted field.
  EXPECT_EQ(r.rows[2].report.notes, "доставлен ночью\nпросит сообщить жене");
  EXPECT_EQ(r.rows[2].report.status, PersonStatus::kDetained);
  EXPECT_EQ(r.rows[2].line, 4u);
  // 31.02.1990 and sex "X": rejected with their line and column.
  EXPECT_EQ(r.rows[3].line, 6u);
  EXPECT_EQ(r.rows[3].column, "Дата рождения");
  EXPECT_FALSE(r.rows[3].error.ok());
  EXPECT_EQ(r.rows[4].column, "Пол");
}

TEST(CsvReaderTest, Koi8r) {
  Read r = ReadFile("hospital_koi8r.csv");
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_NE(r.notes[0].find("koi8-r"), std::string::npos);
  EXPECT_EQ(r.rows[1].report.full_name, "Смирнова Ольга Игоревна");
}

TEST(CsvReaderTest, Utf8BomKazakhAndRaggedRows) {
  Read r = ReadFile("shelter_utf8_bom.csv");
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  ASSERT_EQ(r.rows.size(), 5u);
  EXPECT_EQ(r.rows[0].report.full_name, "Серіков Ерлан Болатұлы");
  EXPECT_EQ(r.rows[0].report.status, PersonStatus::kHospitalised);
  EXPECT_EQ(r.rows[0].report.notes, "екінші қабат,\n304 палата");
  EXPECT_EQ(r.rows[1].report.sex, Sex::kFemale);
  EXPECT_EQ(r.rows[1].report.status, PersonStatus::kDeceased);
  EXPECT_TRUE(r.rows[2].error.ok()) << r.rows[2].error.ToString();  // Excel padding
  EXPECT_EQ(r.rows[2].report.status, PersonStatus::kSafe);
  EXPECT_FALSE(r.rows[3].error.ok());  // text in an extra cell
  EXPECT_EQ(r.rows[3].line, 6u);
  EXPECT_FALSE(r.rows[4].error.ok());  // a short row
  // No id column: stable derived ids.
  EXPECT_EQ(r.rows[0].report.external_id.substr(0, 4), "row-");
  EXPECT_EQ(ReadFile("shelter_utf8_bom.csv").rows[0].report.external_id,
            r.rows[0].report.external_id);
}

TEST(CsvReaderTest, TabSeparatedEnglish) {
  Read r = ReadFile("shelter_tab.tsv");
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  ASSERT_EQ(r.rows.size(), 3u);
  EXPECT_EQ(r.rows[0].report.full_name, "Nurpeisova Dana");
  EXPECT_EQ(r.rows[0].report.approx_age, 30);
  EXPECT_EQ(r.rows[1].report.approx_age, 45);
  EXPECT_EQ(r.rows[2].report.full_name, "");  // unidentified, male
  EXPECT_EQ(r.rows[2].report.status, PersonStatus::kDeceased);
}

TEST(CsvReaderTest, BinaryGarbageIsRefusedCleanly) {
  Read r = ReadFile("garbage.csv");
  // Either the header is refused or every row is: never a crash, never a clean import.
  if (r.status.ok()) {
    for (const auto& row : r.rows) EXPECT_FALSE(row.error.ok());
  } else {
    EXPECT_EQ(r.status.code(), StatusCode::kInvalidArgument);
  }
}

TEST(CsvReaderTest, UnknownColumnsAreNotedAndKeptInRaw) {
  std::istringstream in("ФИО;Телефон\nИванов Иван;+7 701 000 00 00\n");
  auto reader = OpenCsvReader(in, {}, {});
  ASSERT_TRUE(reader.ok());
  ParsedRow row;
  ASSERT_TRUE(*(*reader)->Next(row));
  EXPECT_EQ(row.report.raw, "Иванов Иван;+7 701 000 00 00");
  auto notes = (*reader)->notes();
  ASSERT_EQ(notes.size(), 2u);
  EXPECT_NE(notes[1].find("'Телефон' not recognised"), std::string::npos);
}

}  // namespace
}  // namespace aftermath::io

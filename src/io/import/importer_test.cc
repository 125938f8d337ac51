#include "io/import/importer.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <sstream>

#include "io/export/exporter.h"
#include "io/import/formats.h"
#include "registry/matcher.h"

namespace aftermath::io {
namespace {

class ImporterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("aftermath_import_test_" + std::to_string(getpid()));
    std::filesystem::create_directories(dir_);
    store_ = Open("a");
    registry_ = std::make_unique<Registry>(*store_, clock_);
    source_ =
        *registry_->CreateSource("test", {.name = "Hospital 4", .kind = SourceKind::kHospital});
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::unique_ptr<Store> Open(const std::string& name) {
    std::string path = (dir_ / (name + ".db")).string();
    std::filesystem::remove(path);
    return std::move(OpenStore("sqlite:" + path)).value();
  }

  Result<ImportSummary> Import(Registry& registry, Format format, const std::string& text,
                               ImportOptions options) {
    std::istringstream in;
    ReaderFactory open = [&]() -> Result<std::unique_ptr<RecordReader>> {
      in.clear();
      in.str(text);
      return OpenReader(format, in, {});
    };
    if (options.actor.empty()) options.actor = "test";
    options.batch_size = 2;  // several batches even for small files
    return RunImport(registry, open, options);
  }

  size_t CountReports(Store& store) {
    auto tx = std::move(store.Begin(TransactionMode::kRead)).value();
    size_t n = 0;
    PageRequest page{.limit = 500};
    do {
      auto p = *tx->ListReports({}, page);
      n += p.items.size();
      page.cursor = p.next_cursor;
    } while (!page.cursor.empty());
    return n;
  }

  FakeClock clock_{*ParseTimestamp("2026-11-20T10:00:00Z")};
  std::filesystem::path dir_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<Registry> registry_;
  Source source_;
};

constexpr const char* kList =
    "№;ФИО;Пол;Статус\n"
    "1;Иванов Иван;М;госпитализирован\n"
    "2;Петрова Анна;Ж;погибла\n"
    "3;Сидоров Олег;X;жив\n"
    "4;Ким Виктор;М;задержан\n"
    "5;Ли Анна;Ж;\n";

TEST_F(ImporterTest, ImportsReportsRejectsBadRowsAndReimportChangesNothing) {
  std::vector<Rejection> seen;
  ImportOptions options{.source_id = source_.id,
                        .on_reject = [&](const Rejection& r) { seen.push_back(r); }};
  auto s = Import(*registry_, Format::kCsv, kList, options);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->counts.created, 4u);
  EXPECT_EQ(s->counts.rejected, 1u);
  ASSERT_EQ(s->rejections.size(), 1u);
  EXPECT_EQ(s->rejections[0].line, 4u);
  EXPECT_EQ(s->rejections[0].column, "Пол");
  EXPECT_EQ(seen.size(), 1u);
  EXPECT_TRUE(s->written);

  auto again = Import(*registry_, Format::kCsv, kList, {.source_id = source_.id});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->counts.created, 0u);
  EXPECT_EQ(again->counts.unchanged, 4u);
  EXPECT_EQ(CountReports(*store_), 4u);

  // A corrected list updates by record id.
  std::string corrected =
      "№;ФИО;Пол;Статус\n"
      "1;Иванов Иван;М;жив\n"
      "2;Петрова Анна;Ж;погибла\n"
      "3;Сидоров Олег;М;жив\n"
      "4;Ким Виктор;М;задержан\n"
      "5;Ли Анна;Ж;\n";
  auto fixed = Import(*registry_, Format::kCsv, corrected, {.source_id = source_.id});
  ASSERT_TRUE(fixed.ok());
  EXPECT_EQ(fixed->counts.created, 1u);
  EXPECT_EQ(fixed->counts.updated, 1u);
  EXPECT_EQ(fixed->counts.unchanged, 3u);
}

TEST_F(ImporterTest, DryRunWritesNothingAndTellsWhatWouldHappen) {
  ASSERT_TRUE(
      Import(*registry_, Format::kCsv, "№;ФИО\n1;Иванов Иван\n", {.source_id = source_.id}).ok());
  auto s = Import(*registry_, Format::kCsv, "№;ФИО\n1;Иванов Иван\n2;Петров Пётр\n1;Иванов И.\n",
                  {.source_id = source_.id, .mode = WriteMode::kDryRun});
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_FALSE(s->written);
  EXPECT_EQ(s->counts.unchanged, 1u);
  EXPECT_EQ(s->counts.created, 1u);
  EXPECT_EQ(s->counts.updated, 1u);
  EXPECT_EQ(CountReports(*store_), 1u);
}

TEST_F(ImporterTest, DryRunRejectsWhatTheImportWouldReject) {
  // No name and nothing to recognise an unidentified person by: the real import refuses it,
  // so the dry run must say so too.
  const std::string row = R"({"external_id": "U1", "status": "deceased"})"
                          "\n";
  auto dry = Import(*registry_, Format::kJsonl, row,
                    {.source_id = source_.id, .mode = WriteMode::kDryRun});
  ASSERT_TRUE(dry.ok()) << dry.status().ToString();
  auto real = Import(*registry_, Format::kJsonl, row, {.source_id = source_.id});
  ASSERT_TRUE(real.ok()) << real.status().ToString();
  EXPECT_EQ(real->counts.rejected, 1u);
  EXPECT_EQ(dry->counts.rejected, real->counts.rejected);
}

TEST_F(ImporterTest, AllOrNothing) {
  auto s = Import(*registry_, Format::kCsv, kList,
                  {.source_id = source_.id, .bad_rows = BadRows::kAbortAll});
  ASSERT_TRUE(s.ok());
  EXPECT_FALSE(s->written);
  EXPECT_EQ(s->counts.rejected, 1u);
  EXPECT_EQ(CountReports(*store_), 0u);
  std::string good = kList;
  good.replace(good.find(";X;"), 3, ";M;");
  s = Import(*registry_, Format::kCsv, good,
             {.source_id = source_.id, .bad_rows = BadRows::kAbortAll});
  ASSERT_TRUE(s.ok());
  EXPECT_TRUE(s->written);
  EXPECT_EQ(s->counts.created, 5u);
}

TEST_F(ImporterTest, PfifNotesAttachToTheirPerson) {
  const char* doc = R"(<?xml version="1.0" encoding="UTF-8"?>
<pfif:pfif xmlns:pfif="http://zesty.ca/pfif/1.4">
  <pfif:person>
    <pfif:person_record_id>pf.example/p1</pfif:person_record_id>
    <pfif:full_name>Ахметова Сауле</pfif:full_name>
    <pfif:note>
      <pfif:note_record_id>pf.example/n1</pfif:note_record_id>
      <pfif:author_name>Дочь</pfif:author_name>
      <pfif:source_date>2026-11-20T07:30:00Z</pfif:source_date>
      <pfif:status>information_sought</pfif:status>
      <pfif:text>ищем</pfif:text>
    </pfif:note>
  </pfif:person>
  <pfif:note>
    <pfif:note_record_id>pf.example/n2</pfif:note_record_id>
    <pfif:person_record_id>pf.example/p1</pfif:person_record_id>
    <pfif:author_name>Волонтёр</pfif:author_name>
    <pfif:source_date>2026-11-21T07:30:00Z</pfif:source_date>
    <pfif:status>believed_alive</pfif:status>
    <pfif:text>в пункте размещения</pfif:text>
  </pfif:note>
</pfif:pfif>)";
  auto s = Import(*registry_, Format::kPfif, doc, {.source_id = source_.id});
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->counts.created, 3u);
  EXPECT_EQ(s->counts.rejected, 0u);
  auto tx = std::move(store_->Begin(TransactionMode::kRead)).value();
  auto persons = *tx->ListPersons({}, {.limit = 10});
  ASSERT_EQ(persons.items.size(), 1u);
  EXPECT_EQ(persons.items[0].status, PersonStatus::kSafe);
  tx.reset();
  auto again = Import(*registry_, Format::kPfif, doc, {.source_id = source_.id});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->counts.unchanged, 3u);
}

TEST_F(ImporterTest, JsonlExportRoundTrips) {
  auto morgue = *registry_->CreateSource("test", {.name = "Morgue 1", .kind = SourceKind::kMorgue});
  ASSERT_TRUE(Import(*registry_, Format::kCsv, kList, {.source_id = source_.id}).ok());
  // A second source reports on the same person (by person id), with a higher trust.
  auto tx = std::move(store_->Begin(TransactionMode::kRead)).value();
  auto first = *tx->FindReportByExternalId(source_.id, "1");
  tx.reset();
  ASSERT_TRUE(first.has_value());
  ASSERT_TRUE(registry_
                  ->RecordReport("test", {.source_id = morgue.id,
                                          .external_id = "M-1",
                                          .person_id = first->person_id,
                                          .full_name = "Иванов И.",
                                          .status = PersonStatus::kDeceased,
                                          .facility = "Morgue 1"})
                  .ok());
  std::ostringstream out;
  auto e = Export(*store_, clock_, {.actor = "test", .format = Format::kJsonl}, out);
  ASSERT_TRUE(e.ok()) << e.status().ToString();
  EXPECT_EQ(e->reports, 5u);
  EXPECT_EQ(e->persons, 4u);

  auto empty = Open("b");
  Registry fresh(*empty, clock_);
  auto s = Import(fresh, Format::kJsonl, out.str(), {});
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->counts.created, 5u);
  EXPECT_EQ(s->counts.rejected, 0u);
  std::ostringstream again;
  ASSERT_TRUE(Export(*empty, clock_, {.actor = "test", .format = Format::kJsonl}, again).ok());
  // Same lines apart from the person keys (new ids): compare without them.
  auto strip = [](std::string text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
      size_t k = line.find("\"person_key\":\"");
      size_t end = line.find('"', k + 14);
      line.erase(k, end - k + 2);
      lines.push_back(line);
    }
    std::sort(lines.begin(), lines.end());
    return lines;
  };
  EXPECT_EQ(strip(out.str()), strip(again.str()));
  auto t = std::move(empty->Begin(TransactionMode::kRead)).value();
  auto persons = *t->ListPersons({.status = PersonStatus::kDeceased}, {.limit = 10});
  EXPECT_EQ(persons.items.size(), 2u);  // Петрова, and Иванов by the morgue's report
  auto audit = *store_->Begin(TransactionMode::kRead).value()->QueryAudit({.action = "export"});
  EXPECT_EQ(audit.size(), 1u);
}

TEST_F(ImporterTest, ListIsComparedWithOpenInquiriesAsItIsWritten) {
  auto engine = std::move(names::NameEngine::Create()).value();
  index::IndexHandle persons, inquiries;
  Matcher matcher(*store_, clock_, persons, inquiries);
  ASSERT_TRUE(matcher.RebuildInquiryIndex(engine).ok());
  Registry registry(*store_, clock_, nullptr, &matcher);
  Inquiry sought{
      .sought_name = "Petrova Anna", .inquirer_name = "Oleg", .callback_phone = "+7 701 000 00 00"};
  auto inquiry = registry.OpenInquiry("op1", sought);
  ASSERT_TRUE(inquiry.ok()) << inquiry.status().ToString();
  ASSERT_TRUE(Import(registry, Format::kCsv, kList, {.source_id = source_.id}).ok());

  auto matches = *registry.ListMatches("op1", {.inquiry_id = inquiry->id});
  ASSERT_EQ(matches.size(), 1u);
  auto tx = std::move(store_->Begin(TransactionMode::kRead)).value();
  EXPECT_EQ((*tx->GetReport(matches[0].report_id)).name.full_name, "Петрова Анна");
  EXPECT_EQ(tx->GetInquiry(inquiry->id)->state, InquiryState::kCandidateFound);
  // The reports wait for the catch-up's search for duplicates among persons.
  EXPECT_EQ(tx->UnmatchedReports(100)->size(), 4u);  // row 3 is rejected (sex "X")
  tx.reset();
  // Importing the list again proposes nothing twice.
  ASSERT_TRUE(Import(registry, Format::kCsv, kList, {.source_id = source_.id}).ok());
  EXPECT_EQ(registry.ListMatches("op1", {.inquiry_id = inquiry->id})->size(), 1u);
}

}  // namespace
}  // namespace aftermath::io

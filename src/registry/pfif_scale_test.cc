// Issue #20, "done when": a 100,000-person PFIF document (written here, in the shape Person
// Finder writes, from the PFIF 1.4 specification) imports, the dry run agrees with the import,
// and the export gives the document back byte for byte; imported again, it changes nothing.
// CTest label `slow` (not run by `make check`); AFTERMATH_PFIF_SCALE_PERSONS sets the size.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <sstream>

#include "io/export/record_writer.h"
#include "io/import/formats.h"
#include "registry/registry.h"

namespace aftermath {
namespace {

constexpr const char* kSurnames[] = {"Нурланов", "Ахметова", "Серіков",  "Kim", "Жумабаева",
                                     "Omarov",   "Иванов",   "Қасымова", "Li",  "Петрова"};
constexpr const char* kGiven[] = {"Ерлан",  "Сауле", "Марат", "Viktor", "Айгерим",
                                  "Bakhyt", "Иван",  "Дана",  "Anna",   "Ольга"};
constexpr const char* kStatuses[] = {"information_sought", "believed_missing", "believed_alive",
                                     "is_note_author", ""};

// Person i of the document, with its notes, written as the PFIF writer writes (fields in
// PFIF's order, two-space indents), so that the export can be compared byte for byte.
void WritePerson(std::ostream& out, int i) {
  const std::string id = fmt::format("scale.personfinder.example/person.{}", i);
  const std::string surname = kSurnames[i % 10], given = kGiven[(i / 10) % 10];
  auto field = [&](int indent, std::string_view name, const std::string& value) {
    if (value.empty()) return;
    out << std::string(indent, ' ') << "<pfif:" << name << '>' << value << "</pfif:" << name
        << ">\n";
  };
  int minute = i % 60, hour = (i / 60) % 24;
  std::string entered =
      fmt::format("2026-11-{:02d}T{:02d}:{:02d}:{:02d}Z", 10 + i % 9, hour, minute, i % 57);
  out << "  <pfif:person>\n";
  field(4, "person_record_id", id);
  field(4, "entry_date", entered);
  if (i % 7 == 0) field(4, "expiry_date", "2027-11-19T00:00:00Z");
  field(4, "author_name", i % 3 ? "Волонтёр штаба" : "Red Crescent desk");
  if (i % 11 == 0)
    field(4, "author_phone", fmt::format("+7 701 {:03d} {:02d} {:02d}", i % 1000, i % 97, i % 89));
  field(4, "source_name", "Person Finder (scale test)");
  field(4, "source_date", entered);
  if (i % 5) field(4, "full_name", surname + " " + given + " " + std::to_string(i));
  field(4, "given_name", given);
  field(4, "family_name", surname);
  if (i % 13 == 0)
    field(4, "alternate_names", "Alt " + std::to_string(i) + "\nАльт " + std::to_string(i));
  if (i % 4 == 0) field(4, "description", "шрам №" + std::to_string(i % 300));
  field(4, "sex", i % 3 == 0 ? "female" : i % 3 == 1 ? "male" : "other");
  if (i % 2) field(4, "date_of_birth", std::to_string(1930 + i % 90));
  if (i % 6 == 0) field(4, "age", fmt::format("{}-{}", 20 + i % 50, 25 + i % 50));
  if (i % 8 == 0) field(4, "home_street", "ул. Абая, " + std::to_string(i % 200));
  field(4, "home_city", i % 2 ? "Алматы" : "Талгар");
  if (i % 9 == 0) field(4, "home_country", "KZ");
  for (int n = 0; n < 1 + i % 2; ++n) {
    std::string status = kStatuses[(i + n) % 5];
    std::string noted = fmt::format("2026-11-{:02d}T{:02d}:{:02d}:00Z", 19, hour, minute);
    out << "    <pfif:note>\n";
    field(6, "note_record_id", fmt::format("scale.personfinder.example/note.{}.{}", i, n));
    field(6, "person_record_id", id);
    field(6, "entry_date", noted);
    field(6, "author_name", n ? "Дочь" : "Сосед");
    field(6, "source_date", noted);
    if (status == "is_note_author") field(6, "author_made_contact", "true");
    field(6, "status", status);
    if (i % 3 == 0) field(6, "last_known_location", "Школа №" + std::to_string(i % 40));
    field(6, "text", fmt::format("Запись {} о человеке {}", n, i));
    out << "    </pfif:note>\n";
  }
  out << "  </pfif:person>\n";
}

TEST(PfifScaleTest, AHundredThousandPersonsImportAndRoundTripUnchanged) {
  int persons = 100000;
  if (const char* n = std::getenv("AFTERMATH_PFIF_SCALE_PERSONS")) persons = std::atoi(n);
  std::ostringstream doc;
  doc << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<pfif:pfif xmlns:pfif=\""
         "http://zesty.ca/pfif/1.4\" xmlns:aftermath=\"urn:x-aftermath:pfif-extension:1\">\n";
  for (int i = 0; i < persons; ++i) WritePerson(doc, i);
  doc << "</pfif:pfif>\n";
  const std::string text = std::move(doc).str();

  auto dir =
      std::filesystem::temp_directory_path() / ("aftermath_pfif_scale_" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  auto store = std::move(OpenStore("sqlite:" + (dir / "scale.db").string())).value();
  FakeClock clock(*ParseTimestamp("2026-12-01T00:00:00Z"));
  Registry registry(*store, clock);
  Source pf = *registry.CreateSource(
      "test", {.name = "Person Finder", .kind = SourceKind::kHospital});  // trusted: deaths count
  std::istringstream in;
  ReaderFactory open = [&]() -> Result<std::unique_ptr<RecordReader>> {
    in.clear();
    in.str(text);
    return io::OpenReader(io::Format::kPfif, in, {});
  };
  auto counts = [](const Result<ImportSummary>& s) {
    if (!s.ok()) return s.status().ToString();
    std::string out = fmt::format("{}/{}/{}/{}", s->counts.created, s->counts.updated,
                                  s->counts.unchanged, s->counts.rejected);
    for (size_t i = 0; i < std::min<size_t>(s->rejections.size(), 3); ++i) {
      out += " | " + s->rejections[i].column + ": " + s->rejections[i].reason;
    }
    return out;
  };
  auto timed = [](const char* what, auto&& run) {
    auto start = std::chrono::steady_clock::now();
    auto result = run();
    std::fprintf(stderr, "%s: %.1f s\n", what,
                 std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    return result;
  };
  const int records = persons + persons + persons / 2;  // every other person has two notes
  const std::string all_created = fmt::format("{}/0/0/0", records);
  auto dry = timed("dry run", [&] {
    return registry.Import(open, {.actor = "test", .source_id = pf.id, .mode = WriteMode::kDryRun});
  });
  EXPECT_EQ(counts(dry), all_created);
  auto real =
      timed("import", [&] { return registry.Import(open, {.actor = "test", .source_id = pf.id}); });
  EXPECT_EQ(counts(real), counts(dry));

  std::ostringstream exported;
  auto writer = io::MakeWriter(io::Format::kPfif, exported);
  auto summary = timed("export", [&] { return registry.Export({.actor = "test"}, *writer); });
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  const std::string back = std::move(exported).str();
  EXPECT_EQ(back.size(), text.size());
  if (back != text) {
    size_t at = 0;
    while (at < back.size() && at < text.size() && back[at] == text[at]) ++at;
    ADD_FAILURE() << "the export differs at byte " << at
                  << ":\nwritten: " << text.substr(at > 300 ? at - 300 : 0, 600)
                  << "\nexported: " << back.substr(at > 300 ? at - 300 : 0, 600);
  }

  const std::string all_unchanged = fmt::format("0/0/{}/0", records);
  auto dry_again = timed("dry run again", [&] {
    return registry.Import(open, {.actor = "test", .source_id = pf.id, .mode = WriteMode::kDryRun});
  });
  EXPECT_EQ(counts(dry_again), all_unchanged);
  auto again = timed("import again",
                     [&] { return registry.Import(open, {.actor = "test", .source_id = pf.id}); });
  EXPECT_EQ(counts(again), all_unchanged);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace aftermath

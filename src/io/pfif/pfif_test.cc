#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "io/export/record_writer.h"
#include "io/pfif/pfif_reader.h"
#include "io/pfif/pfif_status.h"

namespace aftermath::io {
namespace {

std::vector<ParsedRow> ReadAll(RecordReader& reader) {
  std::vector<ParsedRow> rows;
  ParsedRow row;
  while (*reader.Next(row)) rows.push_back(row);
  return rows;
}

TEST(PfifTest, StatusBothWays) {
  EXPECT_EQ(FromPfifStatus("information_sought"), PersonStatus::kMissing);
  EXPECT_EQ(FromPfifStatus("is_note_author"), PersonStatus::kSafe);
  EXPECT_EQ(FromPfifStatus("believed_alive"), PersonStatus::kSafe);
  EXPECT_EQ(FromPfifStatus("believed_missing"), PersonStatus::kMissing);
  EXPECT_EQ(FromPfifStatus("believed_dead"), PersonStatus::kDeceased);
  EXPECT_EQ(FromPfifStatus("believed_found"), std::nullopt);
  EXPECT_EQ(ToPfifStatus(PersonStatus::kHospitalised), "believed_alive");
  EXPECT_EQ(ToPfifStatus(PersonStatus::kDeceased), "believed_dead");
  for (auto s : {PersonStatus::kMissing, PersonStatus::kSafe, PersonStatus::kDeceased}) {
    EXPECT_EQ(FromPfifStatus(ToPfifStatus(s)), s);
  }
}

TEST(PfifTest, DocumentFromAnotherSystem) {
  const char* root = std::getenv("AFTERMATH_SOURCE_DIR");
  std::ifstream in(std::string(root ? root : ".") +
                   "/tests/testdata/import/pfif_other_system.xml");
  ASSERT_TRUE(in);
  auto reader = OpenPfifReader(in);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  auto rows = ReadAll(**reader);
  ASSERT_EQ(rows.size(), 7u);
  // Person 1 and its two nested notes.
  EXPECT_TRUE(rows[0].error.ok());
  EXPECT_EQ(rows[0].report.external_id, "redcross.kz/p-0001");
  EXPECT_EQ(rows[0].report.full_name, "Ахметова Сауле");
  EXPECT_EQ(rows[0].report.sex, Sex::kFemale);
  EXPECT_EQ(rows[0].report.birth_date.ToString(), "1979-04");
  EXPECT_EQ(rows[0].report.approx_age, 47);
  EXPECT_NE(rows[0].report.raw.find("ext:blood_type"), std::string::npos);  // kept
  EXPECT_EQ(rows[0].line, 4u);
  EXPECT_EQ(rows[1].report.status, PersonStatus::kMissing);
  EXPECT_EQ(rows[1].person_key, "redcross.kz/p-0001");
  EXPECT_EQ(rows[1].report.full_name, "Ахметова Сауле");
  EXPECT_EQ(rows[2].report.status, PersonStatus::kSafe);
  EXPECT_EQ(rows[2].report.location, "Школа №12, пункт временного размещения");
  EXPECT_NE(rows[2].report.raw.find("ext:verified_by"), std::string::npos);
  // Given + family name.
  EXPECT_EQ(rows[3].report.full_name, "Zhaksylykov Marat");
  // A bad record id.
  EXPECT_EQ(rows[4].column, "person_record_id");
  EXPECT_FALSE(rows[4].error.ok());
  // A top-level note, and a note with a bad date.
  EXPECT_EQ(rows[5].report.status, PersonStatus::kDeceased);
  EXPECT_EQ(rows[5].person_key, "redcross.kz/p-0002");
  EXPECT_EQ(rows[6].column, "source_date");
  // Unknown elements are reported, never silently dropped.
  std::string notes;
  for (const auto& n : (*reader)->notes()) notes += n + "\n";
  EXPECT_NE(notes.find("ext:blood_type"), std::string::npos) << notes;
  EXPECT_NE(notes.find("ext:batch_info"), std::string::npos) << notes;
  EXPECT_NE(notes.find("ext:verified_by"), std::string::npos) << notes;
}

TEST(PfifTest, MalformedXmlIsAnError) {
  std::istringstream in("<pfif:pfif xmlns:pfif=\"http://zesty.ca/pfif/1.4\"><pfif:person>");
  auto reader = OpenPfifReader(in);
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.status().code(), StatusCode::kInvalidArgument);
  std::istringstream other("<html/>");
  EXPECT_FALSE(OpenPfifReader(other).ok());
}

// A one-person PFIF 1.4 document as Person Finder writes it, with `name` as the full name
// (written into the XML as it stands) and `prolog` before the root.
std::string OnePerson(const std::string& name, const std::string& prolog = "") {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + prolog +
         "<pfif:pfif xmlns:pfif=\"http://zesty.ca/pfif/1.4\">\n"
         "  <pfif:person>\n"
         "    <pfif:person_record_id>pf.example/p1</pfif:person_record_id>\n"
         "    <pfif:entry_date>2026-11-20T07:00:00Z</pfif:entry_date>\n"
         "    <pfif:full_name>" + name + "</pfif:full_name>\n"
         "  </pfif:person>\n"
         "</pfif:pfif>\n";
}

// XML hazards (issue #20 item 8): entities are never declared, expanded or kept literally.
TEST(PfifTest, DocumentsDeclaringOrUsingUnknownEntitiesAreRefused) {
  auto refused = [](const std::string& text) -> std::string {
    std::istringstream in(text);
    auto reader = OpenPfifReader(in);
    if (reader.ok()) return "";
    EXPECT_EQ(reader.status().code(), StatusCode::kInvalidArgument);
    return std::string(reader.status().message());
  };
  // Undefined entities, which pugixml would keep as literal text.
  std::string lol = refused(OnePerson("&lol9;"));
  EXPECT_NE(lol.find("line 6"), std::string::npos) << lol;
  EXPECT_NE(lol.find("&lol9;"), std::string::npos) << lol;
  EXPECT_NE(refused(OnePerson("Ли&nbsp;Анна")).find("&nbsp;"), std::string::npos);
  EXPECT_NE(refused(OnePerson("A & B")), "");  // a bare '&' is not well-formed
  // The classic attacks: entities declared in an internal subset, whether used or not.
  std::string laughs = refused(OnePerson(
      "&lol2;", "<!DOCTYPE pfif [\n <!ENTITY lol \"lol\">\n"
                " <!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n]>\n"));
  EXPECT_NE(laughs.find("line 2"), std::string::npos) << laughs;
  EXPECT_NE(laughs.find("DOCTYPE"), std::string::npos) << laughs;
  EXPECT_NE(refused(OnePerson("&xxe;", "<!DOCTYPE pfif [<!ENTITY xxe SYSTEM "
                                       "\"file:///etc/passwd\">]>\n")),
            "");
  EXPECT_NE(refused(OnePerson("Ли Анна", "<!DOCTYPE pfif [<!ENTITY x \"y\">]>\n")), "");
  // What XML itself defines is read, in text and in CDATA alike.
  for (const auto& [written, read] :
       std::vector<std::pair<std::string, std::string>>{
           {"Ли &amp; Ким &lt;&gt;&quot;&apos;", "Ли & Ким <>\"'"},
           {"&#1040;&#x41;", "АA"},
           {"<![CDATA[&lol9; & co]]>", "&lol9; & co"}}) {
    std::istringstream in(OnePerson(written));
    auto reader = OpenPfifReader(in);
    ASSERT_TRUE(reader.ok()) << written << ": " << reader.status().ToString();
    auto rows = ReadAll(**reader);
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].report.full_name, read);
  }
}

// Records of another namespace inside a PFIF root are someone else's, not persons or notes.
TEST(PfifTest, ForeignNamespaceRecordsAreNotImported) {
  std::istringstream in(R"(<?xml version="1.0" encoding="UTF-8"?>
<pfif:pfif xmlns:pfif="http://zesty.ca/pfif/1.4" xmlns:x="http://example.org/other">
  <x:person>
    <x:person_record_id>pf.example/x1</x:person_record_id>
    <x:full_name>Чужой Человек</x:full_name>
  </x:person>
  <person xmlns="http://example.org/other">
    <person_record_id>pf.example/x2</person_record_id>
    <full_name>Другой Чужой</full_name>
  </person>
  <pfif:person>
    <pfif:person_record_id>pf.example/p1</pfif:person_record_id>
    <pfif:full_name>Ли Анна</pfif:full_name>
    <x:note>
      <x:note_record_id>pf.example/xn1</x:note_record_id>
      <x:author_name>X</x:author_name>
      <x:source_date>2026-11-20T07:30:00Z</x:source_date>
      <x:text>not ours</x:text>
    </x:note>
  </pfif:person>
  <x:note>
    <x:note_record_id>pf.example/xn2</x:note_record_id>
    <x:person_record_id>pf.example/p1</x:person_record_id>
    <x:author_name>X</x:author_name>
    <x:source_date>2026-11-20T07:30:00Z</x:source_date>
    <x:text>not ours</x:text>
  </x:note>
</pfif:pfif>)");
  auto reader = OpenPfifReader(in);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  auto rows = ReadAll(**reader);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_TRUE(rows[0].error.ok()) << rows[0].error.ToString();
  EXPECT_EQ(rows[0].report.external_id, "pf.example/p1");
  EXPECT_EQ(rows[0].report.full_name, "Ли Анна");
  std::string notes;
  for (const auto& n : (*reader)->notes()) notes += n + "\n";
  EXPECT_NE(notes.find("x:person"), std::string::npos) << notes;
}

// PFIF 1.1-1.3 as Person Finder wrote them, read by PFIF's own rules for moving to 1.4
// (issue #20 item 3); a version this reader does not know is refused, naming it.
TEST(PfifTest, EarlierVersionsAreReadAsPfifMapsThem) {
  auto open = [](const std::string& text) {
    std::istringstream in(text);
    return OpenPfifReader(in);
  };
  auto notes_of = [](const RecordReader& r) {
    std::string all;
    for (const auto& n : r.notes()) all += n + "\n";
    return all;
  };
  auto v11 = open(R"(<?xml version="1.0" encoding="UTF-8"?>
<pfif:pfif xmlns:pfif="http://zesty.ca/pfif/1.1">
  <pfif:person>
    <pfif:person_record_id>pf.example/p11</pfif:person_record_id>
    <pfif:entry_date>2026-11-20T07:00:00Z</pfif:entry_date>
    <pfif:author_name>Сосед</pfif:author_name>
    <pfif:source_date>2026-11-20T07:00:00Z</pfif:source_date>
    <pfif:first_name>Сауле</pfif:first_name>
    <pfif:last_name>Ахметова</pfif:last_name>
    <pfif:home_city>Алматы</pfif:home_city>
    <pfif:home_zip>050000</pfif:home_zip>
    <pfif:other>description: шрам на левой руке</pfif:other>
    <pfif:note>
      <pfif:note_record_id>pf.example/n11</pfif:note_record_id>
      <pfif:entry_date>2026-11-20T08:00:00Z</pfif:entry_date>
      <pfif:author_name>Дочь</pfif:author_name>
      <pfif:source_date>2026-11-20T08:00:00Z</pfif:source_date>
      <pfif:found>true</pfif:found>
      <pfif:text>говорила с ней по телефону</pfif:text>
    </pfif:note>
  </pfif:person>
</pfif:pfif>)");
  ASSERT_TRUE(v11.ok()) << v11.status().ToString();
  auto rows = ReadAll(**v11);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_TRUE(rows[0].error.ok()) << rows[0].error.ToString();
  EXPECT_EQ(rows[0].report.full_name, "Ахметова Сауле");
  EXPECT_EQ(rows[0].report.features, "шрам на левой руке");
  EXPECT_EQ(rows[0].report.home_locality, "Алматы");
  EXPECT_TRUE(rows[1].error.ok()) << rows[1].error.ToString();
  EXPECT_EQ(rows[1].report.full_name, "Ахметова Сауле");
  EXPECT_EQ(rows[1].report.status, PersonStatus::kSafe);  // found: the author made contact
  EXPECT_EQ(notes_of(**v11), "") << "every PFIF 1.1 field is known";

  auto v12 = open(R"(<?xml version="1.0" encoding="UTF-8"?>
<pfif xmlns="http://zesty.ca/pfif/1.2">
  <person>
    <person_record_id>pf.example/p12</person_record_id>
    <first_name>Marat</first_name>
    <last_name>Zhaksylykov</last_name>
    <sex>male</sex>
    <date_of_birth>1980-05</date_of_birth>
    <home_postal_code>050000</home_postal_code>
    <home_country>KZ</home_country>
  </person>
  <note>
    <note_record_id>pf.example/n12</note_record_id>
    <person_record_id>pf.example/p12</person_record_id>
    <author_name>Red Cross</author_name>
    <source_date>2026-11-20T09:00:00Z</source_date>
    <found>false</found>
    <status>believed_missing</status>
    <text>not at the shelter</text>
  </note>
</pfif>)");
  ASSERT_TRUE(v12.ok()) << v12.status().ToString();
  rows = ReadAll(**v12);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_TRUE(rows[0].error.ok()) << rows[0].error.ToString();
  EXPECT_EQ(rows[0].report.full_name, "Zhaksylykov Marat");
  EXPECT_EQ(rows[0].report.surname, "Zhaksylykov");  // last_name: the family name
  EXPECT_EQ(rows[0].report.given_names, "Marat");
  EXPECT_EQ(rows[0].report.sex, Sex::kMale);
  EXPECT_EQ(rows[1].report.status, PersonStatus::kMissing);
  EXPECT_EQ(notes_of(**v12), "");

  // 1.3: full_name beside first and last name; an `other` that is not a description is kept
  // (in raw) without being taken for one.
  auto v13 = open(R"(<?xml version="1.0" encoding="UTF-8"?>
<pfif:pfif xmlns:pfif="http://zesty.ca/pfif/1.3">
  <pfif:person>
    <pfif:person_record_id>pf.example/p13</pfif:person_record_id>
    <pfif:expiry_date>2027-11-20T00:00:00Z</pfif:expiry_date>
    <pfif:full_name>Ли Анна Викторовна</pfif:full_name>
    <pfif:first_name>Анна</pfif:first_name>
    <pfif:last_name>Ли</pfif:last_name>
    <pfif:other>Blood type: O+</pfif:other>
  </pfif:person>
</pfif:pfif>)");
  ASSERT_TRUE(v13.ok()) << v13.status().ToString();
  rows = ReadAll(**v13);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].report.full_name, "Ли Анна Викторовна");
  EXPECT_EQ(rows[0].report.features, "");
  EXPECT_NE(rows[0].report.raw.find("Blood type: O+"), std::string::npos);
  EXPECT_EQ(notes_of(**v13), "");

  // 1.4 has no first_name: there it is an unknown element, reported and kept in raw.
  auto v14 = open(R"(<pfif:pfif xmlns:pfif="http://zesty.ca/pfif/1.4"><pfif:person>
<pfif:person_record_id>pf.example/p14</pfif:person_record_id>
<pfif:given_name>Анна</pfif:given_name><pfif:first_name>Анна</pfif:first_name>
</pfif:person></pfif:pfif>)");
  ASSERT_TRUE(v14.ok()) << v14.status().ToString();
  rows = ReadAll(**v14);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].report.full_name, "Анна");
  EXPECT_NE(notes_of(**v14).find("pfif:first_name"), std::string::npos) << notes_of(**v14);

  for (std::string version : {"9.9", "1.0", "1.5", "2.0"}) {
    auto bad = open("<pfif:pfif xmlns:pfif=\"http://zesty.ca/pfif/" + version +
                    "\"><pfif:person><pfif:person_record_id>pf.example/p</pfif:person_record_id>"
                    "<pfif:full_name>Ли Анна</pfif:full_name></pfif:person></pfif:pfif>");
    ASSERT_FALSE(bad.ok()) << version;
    EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(bad.status().message().find("http://zesty.ca/pfif/" + version), std::string::npos)
        << bad.status().message();
  }
}

// Issue #20 item 9: a PFIF document wrapped in an Atom feed, as Person Finder serves its person
// and note feeds (one record an <entry>, beside Atom's own id, title, author and dates).
TEST(PfifTest, AtomFeedsOfPfifRecordsAreRead) {
  std::istringstream persons(R"(<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"
      xmlns:pfif="http://zesty.ca/pfif/1.4">
  <id>https://personfinder.example/testrepo/feeds/person</id>
  <title>Person Finder: test repository</title>
  <updated>2026-11-20T07:00:00Z</updated>
  <link rel="self">https://personfinder.example/testrepo/feeds/person</link>
  <entry>
    <pfif:person>
      <pfif:person_record_id>testrepo.personfinder.example/person.1001</pfif:person_record_id>
      <pfif:entry_date>2026-11-19T21:04:11Z</pfif:entry_date>
      <pfif:source_date>2026-11-19T21:04:11Z</pfif:source_date>
      <pfif:full_name>Нурланов Ерлан</pfif:full_name>
      <pfif:note>
        <pfif:note_record_id>testrepo.personfinder.example/note.2001</pfif:note_record_id>
        <pfif:person_record_id>testrepo.personfinder.example/person.1001</pfif:person_record_id>
        <pfif:author_name>Айгерим</pfif:author_name>
        <pfif:source_date>2026-11-19T21:04:11Z</pfif:source_date>
        <pfif:status>information_sought</pfif:status>
        <pfif:text>Ищу брата</pfif:text>
      </pfif:note>
    </pfif:person>
    <id>pfif:testrepo.personfinder.example/person.1001</id>
    <title>Нурланов Ерлан</title>
    <author><name>Айгерим</name></author>
    <updated>2026-11-19T21:04:11Z</updated>
    <source><title>Person Finder: test repository</title></source>
    <content>Нурланов Ерлан</content>
  </entry>
  <entry>
    <pfif:note>
      <pfif:note_record_id>testrepo.personfinder.example/note.2003</pfif:note_record_id>
      <pfif:person_record_id>testrepo.personfinder.example/person.1001</pfif:person_record_id>
      <pfif:author_name>Волонтёр</pfif:author_name>
      <pfif:source_date>2026-11-20T07:10:00Z</pfif:source_date>
      <pfif:status>believed_alive</pfif:status>
      <pfif:text>В школе №12</pfif:text>
    </pfif:note>
    <id>pfif:testrepo.personfinder.example/note.2003</id>
    <title>В школе №12</title>
    <updated>2026-11-20T07:15:00Z</updated>
    <content>В школе №12</content>
  </entry>
</feed>)");
  auto reader = OpenPfifReader(persons);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  auto rows = ReadAll(**reader);
  ASSERT_EQ(rows.size(), 3u);
  for (const auto& row : rows) EXPECT_TRUE(row.error.ok()) << row.error.ToString();
  EXPECT_EQ(rows[0].report.external_id, "testrepo.personfinder.example/person.1001");
  EXPECT_EQ(rows[0].report.full_name, "Нурланов Ерлан");
  EXPECT_EQ(rows[1].report.external_id, "testrepo.personfinder.example/note.2001");
  EXPECT_EQ(rows[1].report.status, PersonStatus::kMissing);
  EXPECT_EQ(rows[2].report.external_id, "testrepo.personfinder.example/note.2003");
  EXPECT_EQ(rows[2].person_key, "testrepo.personfinder.example/person.1001");
  EXPECT_EQ(rows[2].report.full_name, "Нурланов Ерлан");  // its person, from the feed
  EXPECT_EQ(rows[2].line, 31u);
  EXPECT_TRUE((*reader)->notes().empty()) << (*reader)->notes().front();

  // PFIF 1.2 in Atom, as Person Finder's feeds long served it.
  std::istringstream v12(R"(<feed xmlns="http://www.w3.org/2005/Atom" xmlns:pfif="http://zesty.ca/pfif/1.2">
<entry><pfif:person><pfif:person_record_id>pf.example/p12</pfif:person_record_id>
<pfif:first_name>Marat</pfif:first_name><pfif:last_name>Zhaksylykov</pfif:last_name>
</pfif:person><id>pfif:pf.example/p12</id></entry></feed>)");
  reader = OpenPfifReader(v12);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  rows = ReadAll(**reader);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].report.full_name, "Zhaksylykov Marat");
  // An empty feed is no error; a feed of something else is.
  std::istringstream empty(R"(<feed xmlns="http://www.w3.org/2005/Atom"><id>x</id></feed>)");
  reader = OpenPfifReader(empty);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  EXPECT_TRUE(ReadAll(**reader).empty());
  std::istringstream blog(R"(<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>x</id>
<title>a post</title></entry></feed>)");
  reader = OpenPfifReader(blog);
  ASSERT_FALSE(reader.ok());
  EXPECT_NE(reader.status().message().find("no PFIF records"), std::string::npos);
}

TEST(PfifTest, ExportReadsBack) {
  Person p;
  p.id = "per_1";
  p.names.push_back({.full_name = "Иванов <Иван> & Co"});
  p.sex = Sex::kMale;
  p.birth_date = {1990, 3, 21};
  Report r;
  r.id = "rep_1";
  r.source_id = "src_1";
  r.status = PersonStatus::kDeceased;
  r.facility = "Морг №1";
  r.notes = "опознан";
  SourceMap sources{{"src_1", Source{.id = "src_1", .name = "Морг"}}};
  std::ostringstream out;
  auto w = MakePfifWriter(out, "aftermath.test");
  w->Begin();
  w->Write(p, {r}, sources);
  w->End();
  std::istringstream in(out.str());
  auto reader = OpenPfifReader(in);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString() << "\n" << out.str();
  auto rows = ReadAll(**reader);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_TRUE(rows[0].error.ok()) << rows[0].error.ToString();
  EXPECT_EQ(rows[0].report.full_name, "Иванов <Иван> & Co");
  EXPECT_EQ(rows[0].report.external_id, "aftermath.test/per_1");
  EXPECT_TRUE(rows[1].error.ok()) << rows[1].error.ToString();
  EXPECT_EQ(rows[1].report.status, PersonStatus::kDeceased);
  EXPECT_EQ(rows[1].report.facility, "Морг №1");  // from our extension
  EXPECT_EQ(rows[1].report.location, "");
  EXPECT_EQ(rows[1].report.notes, "опознан");
  EXPECT_TRUE((*reader)->notes().empty());
}

// Our extension: read back only in its own namespace, and only where it agrees with PFIF.
TEST(PfifTest, ExtensionStatusRefinesThePfifStatus) {
  auto doc = [](std::string pfif_status, std::string ours, std::string ns) {
    return "<pfif:pfif xmlns:pfif=\"http://zesty.ca/pfif/1.4\" xmlns:a=\"" + ns + "\">"
           "<pfif:person><pfif:person_record_id>x.org/p1</pfif:person_record_id>"
           "<pfif:full_name>Ли Анна</pfif:full_name></pfif:person>"
           "<pfif:note><pfif:note_record_id>x.org/n1</pfif:note_record_id>"
           "<pfif:person_record_id>x.org/p1</pfif:person_record_id>"
           "<pfif:author_name>H</pfif:author_name>"
           "<pfif:source_date>2026-11-20T07:30:00Z</pfif:source_date>"
           "<pfif:status>" + pfif_status + "</pfif:status>"
           "<pfif:last_known_location>Hospital 4, ward 3</pfif:last_known_location>"
           "<pfif:text>status: " + ours + "\nstable</pfif:text>"
           "<a:status>" + ours + "</a:status><a:facility>Hospital 4</a:facility>"
           "</pfif:note></pfif:pfif>";
  };
  auto read = [](const std::string& text) {
    std::istringstream in(text);
    auto reader = OpenPfifReader(in);
    EXPECT_TRUE(reader.ok()) << reader.status().ToString();
    auto rows = ReadAll(**reader);
    EXPECT_EQ(rows.size(), 2u);
    return std::make_pair(rows.back(), (*reader)->notes());
  };
  std::string ours(kAftermathPfifNamespace);
  auto [detained, notes] = read(doc("believed_alive", "detained", ours));
  EXPECT_TRUE(detained.error.ok()) << detained.error.ToString();
  EXPECT_EQ(detained.report.status, PersonStatus::kDetained);
  EXPECT_EQ(detained.report.facility, "Hospital 4");
  EXPECT_EQ(detained.report.location, "ward 3");
  EXPECT_EQ(detained.report.notes, "stable");
  EXPECT_TRUE(notes.empty());
  EXPECT_NE(detained.report.raw.find("<a:status>detained</a:status>"), std::string::npos);

  auto [missing, n2] = read(doc("information_sought", "missing", ours));
  EXPECT_EQ(missing.report.status, PersonStatus::kMissing);

  // A contradiction is rejected, never settled silently.
  auto [dead, n3] = read(doc("believed_alive", "deceased", ours));
  EXPECT_FALSE(dead.error.ok());
  EXPECT_EQ(dead.column, "aftermath:status");
  auto [bad, n4] = read(doc("believed_alive", "asleep", ours));
  EXPECT_EQ(bad.column, "aftermath:status");

  // The same elements in another namespace are someone else's: PFIF's status stands, the
  // text and location are as written, and the elements are reported and kept in raw.
  auto [foreign, n5] = read(doc("believed_alive", "hospitalised", "http://example.org/x"));
  EXPECT_TRUE(foreign.error.ok());
  EXPECT_EQ(foreign.report.status, PersonStatus::kSafe);
  EXPECT_EQ(foreign.report.facility, "");
  EXPECT_EQ(foreign.report.location, "Hospital 4, ward 3");
  EXPECT_EQ(foreign.report.notes, "status: hospitalised\nstable");
  std::string all;
  for (const auto& n : n5) all += n + "\n";
  EXPECT_NE(all.find("a:status"), std::string::npos) << all;
  EXPECT_NE(foreign.report.raw.find("<a:status>"), std::string::npos);
}

}  // namespace
}  // namespace aftermath::io

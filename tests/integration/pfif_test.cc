// PFIF between registries through the real binary (issue #20): the feeds and the write of the
// HTTP API, and `aftermath pfif sync` following a second server on loopback.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

#include "server_process.h"

namespace aftermath::testing {
namespace {

namespace json = boost::json;

std::string TestData(const std::string& name) {
  const char* root = std::getenv("AFTERMATH_SOURCE_DIR");
  std::ifstream in(std::string(root ? root : ".") + "/tests/testdata/pfif/" + name);
  EXPECT_TRUE(in) << name;
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The feeds serve a second once it is over.
void NextSecond() { std::this_thread::sleep_for(std::chrono::milliseconds(1100)); }

size_t Occurrences(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

const std::map<std::string, std::string> kXml = {{"Content-Type", "application/xml"}};

class PfifTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = TempDir("pfif");
    a_ = std::make_unique<ServerProcess>(dir_ + "/a.db");
    ASSERT_GT(a_->port(), 0);
    source_ = Str(Ok("POST", "/api/v1/sources", {{"name", "Red Cross"}, {"kind", "other"}})["id"]);
    other_ =
        Str(Ok("POST", "/api/v1/sources", {{"name", "City Hospital"}, {"kind", "hospital"}})["id"]);
    token_ = Credentials{.bearer = Str(Ok("POST", "/api/v1/tokens",
                                          {{"source_id", source_}, {"name", "feed"}})["secret"])};
  }

  static std::string Str(const json::value& v) { return std::string(v.as_string()); }
  json::object Ok(const std::string& method, const std::string& target,
                  const json::object& body = {}) {
    auto r = a_->Request(method, target, body.empty() ? "" : json::serialize(body));
    EXPECT_TRUE(r.status >= 200 && r.status < 300) << method << " " << target << ": " << r.body;
    auto v = json::parse(r.body);
    return v.is_object() ? v.as_object() : json::object();
  }

  std::string dir_;
  std::unique_ptr<ServerProcess> a_;
  std::string source_, other_;
  Credentials token_;
};

// POST /api/v1/pfif writes a PFIF document into the caller's source, as an upload does; the
// feeds serve a source's token its own source's records only, with the fields its role may
// see, paged with min_entry_date and skip; every other caller as the policy says.
TEST_F(PfifTest, TheFeedsAndTheWriteGoThroughTheRegistryForEachRole) {
  auto w = a_->RequestAs(token_, "POST", "/api/v1/pfif", TestData("person_finder_1_4.xml"), kXml);
  ASSERT_EQ(w.status, 200) << w.body;
  EXPECT_EQ(json::parse(w.body).as_object()["created"].as_int64(), 5) << w.body;
  // Another source's record, which the token must not see.
  auto h = a_->Request("POST", "/api/v1/reports",
                       json::serialize(json::object{{"source_id", other_},
                                                    {"external_id", "H-1"},
                                                    {"full_name", "Серіков Ерлан"},
                                                    {"status", "hospitalised"}}));
  ASSERT_EQ(h.status, 201) << h.body;
  NextSecond();

  auto persons = a_->RequestAs(token_, "GET", "/api/v1/pfif/persons");
  ASSERT_EQ(persons.status, 200) << persons.body;
  EXPECT_NE(persons.headers["content-type"].find("application/atom+xml"), std::string::npos);
  EXPECT_EQ(Occurrences(persons.body, "<entry>"), 2u) << persons.body;
  EXPECT_NE(persons.body.find("<pfif:person_record_id>testrepo.personfinder.example/person.1001<"),
            std::string::npos);
  EXPECT_EQ(persons.body.find("Серіков"), std::string::npos) << persons.body;
  // Contacts are for staff: not in the token's feed, in the supervisor's.
  EXPECT_EQ(persons.body.find("aigerim.example@mail.example"), std::string::npos);
  Ok("POST", "/api/v1/users",
     {{"username", "sup"}, {"role", "supervisor"}, {"password", kTestPassword}});
  Credentials supervisor = a_->Login("sup");
  auto all = a_->RequestAs(supervisor, "GET", "/api/v1/pfif/persons");
  ASSERT_EQ(all.status, 200) << all.body;
  EXPECT_NE(all.body.find("aigerim.example@mail.example"), std::string::npos);
  EXPECT_EQ(Occurrences(all.body, "<entry>"), 3u) << all.body;  // and the hospital's person
  auto notes = a_->RequestAs(token_, "GET", "/api/v1/pfif/notes");
  ASSERT_EQ(notes.status, 200) << notes.body;
  EXPECT_EQ(Occurrences(notes.body, "<entry>"), 3u) << notes.body;
  EXPECT_EQ(notes.body.find("+7 702 555 77 10"), std::string::npos);  // the found person's phone

  // Paging: one entry a page, then on from its entry_date past the entries of it read.
  auto first = a_->RequestAs(token_, "GET", "/api/v1/pfif/notes?max_results=1");
  EXPECT_EQ(Occurrences(first.body, "<entry>"), 1u) << first.body;
  size_t at = first.body.find("<pfif:entry_date>") + 17;
  std::string date = first.body.substr(at, 20);
  auto next = a_->RequestAs(token_, "GET",
                            "/api/v1/pfif/notes?max_results=10&skip=1&min_entry_date=" + date);
  EXPECT_EQ(Occurrences(next.body, "<entry>"), 2u) << next.body;
  EXPECT_EQ(next.body.find(first.body.substr(first.body.find("<pfif:note_record_id>"), 60)),
            std::string::npos);

  // Who may: anonymous 401; an operator 403; a token for another source 403; bad values 400.
  EXPECT_EQ(a_->RequestAs({}, "GET", "/api/v1/pfif/persons").status, 401);
  Ok("POST", "/api/v1/users",
     {{"username", "op"}, {"role", "operator"}, {"password", kTestPassword}});
  EXPECT_EQ(a_->RequestAs(a_->Login("op"), "GET", "/api/v1/pfif/persons").status, 403);
  EXPECT_EQ(a_->RequestAs(token_, "GET", "/api/v1/pfif/persons?source_id=" + other_).status, 403);
  EXPECT_EQ(a_->RequestAs(supervisor, "GET", "/api/v1/pfif/persons?source_id=" + other_).status,
            200);
  auto bad = a_->RequestAs(token_, "GET", "/api/v1/pfif/persons?min_entry_date=yesterday");
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("min_entry_date"), std::string::npos) << bad.body;
  EXPECT_EQ(a_->RequestAs(token_, "GET", "/api/v1/pfif/persons?max_results=500").status, 400);
  EXPECT_EQ(a_->RequestAs(token_, "POST", "/api/v1/pfif?source_id=" + other_,
                          TestData("person_finder_1_4.xml"), kXml)
                .status,
            403);
  EXPECT_EQ(
      a_->RequestAs({}, "POST", "/api/v1/pfif", TestData("person_finder_1_4.xml"), kXml).status,
      401);
}

// `aftermath pfif sync` follows a second aftermath server's feeds into a source of its own
// registry: everything the first time, then only what is new (it remembers where each feed
// stopped), and an expiry deletes the copy.
TEST_F(PfifTest, SyncFollowsAnotherServersFeedsIncrementally) {
  auto w = a_->RequestAs(token_, "POST", "/api/v1/pfif", TestData("person_finder_1_4.xml"), kXml);
  ASSERT_EQ(w.status, 200) << w.body;
  NextSecond();
  std::string token_file = dir_ + "/token";
  std::ofstream(token_file) << token_.bearer << "\n";
  const std::string b = "sqlite:" + dir_ + "/b.db";
  std::string out, err;
  ASSERT_EQ(RunAftermath({"migrate", "--db", b}, &out, &err), 0) << err;
  auto sync = [&](std::string* log) {
    return RunAftermath(
        {"pfif", "sync", "--db", b, "--from", "http://127.0.0.1:" + std::to_string(a_->port()),
         "--source", "Registry A", "--token-file", token_file, "--state", dir_ + "/sync.json",
         "--max-results", "2", "--no-population"},
        &out, log);
  };
  auto exported = [&] {
    std::string text, log;
    EXPECT_EQ(RunAftermath({"export", "--db", b, "--format", "pfif"}, &text, &log), 0) << log;
    return text;
  };
  ASSERT_EQ(sync(&err), 0) << err;
  EXPECT_NE(err.find("persons: 2 entries in 2 pages: created 2"), std::string::npos) << err;
  EXPECT_NE(err.find("notes: 3 entries in 2 pages: created 3"), std::string::npos) << err;
  std::string copied = exported();
  for (const char* id : {"person.1001", "person.1002", "note.2001", "note.2002", "note.2003"}) {
    EXPECT_NE(copied.find(std::string("testrepo.personfinder.example/") + id + "<"),
              std::string::npos)
        << id << "\n"
        << copied;
  }
  // Again: nothing new.
  ASSERT_EQ(sync(&err), 0) << err;
  EXPECT_NE(err.find("persons: 0 entries"), std::string::npos) << err;
  EXPECT_NE(err.find("notes: 0 entries"), std::string::npos) << err;
  EXPECT_EQ(exported(), copied);

  // A new note on the first server, and a placeholder of an expired record: only they come.
  const std::string later = R"(<?xml version="1.0" encoding="UTF-8"?>
<pfif:pfif xmlns:pfif="http://zesty.ca/pfif/1.4">
  <pfif:person>
    <pfif:person_record_id>testrepo.personfinder.example/person.1002</pfif:person_record_id>
    <pfif:entry_date>2026-11-21T00:00:00Z</pfif:entry_date>
    <pfif:expiry_date>2026-11-21T00:00:00Z</pfif:expiry_date>
    <pfif:source_date>2026-11-20T06:38:00Z</pfif:source_date>
  </pfif:person>
  <pfif:note>
    <pfif:note_record_id>testrepo.personfinder.example/note.2005</pfif:note_record_id>
    <pfif:person_record_id>testrepo.personfinder.example/person.1001</pfif:person_record_id>
    <pfif:author_name>Ерлан Нурланов</pfif:author_name>
    <pfif:source_date>2026-11-21T09:00:00Z</pfif:source_date>
    <pfif:status>believed_alive</pfif:status>
    <pfif:text>Дома, в Алматы.</pfif:text>
  </pfif:note>
</pfif:pfif>)";
  w = a_->RequestAs(token_, "POST", "/api/v1/pfif", later, kXml);
  ASSERT_EQ(w.status, 200) << w.body;
  NextSecond();
  ASSERT_EQ(sync(&err), 0) << err;
  EXPECT_NE(err.find("persons: 1 entries in 1 pages: created 0, updated 1"), std::string::npos)
      << err;
  EXPECT_NE(err.find("notes: 1 entries in 1 pages: created 1"), std::string::npos) << err;
  std::string now = exported();
  EXPECT_NE(now.find("testrepo.personfinder.example/note.2005<"), std::string::npos) << now;
  EXPECT_EQ(now.find("<pfif:given_name>Сауле<"), std::string::npos) << now;  // expired: gone
  EXPECT_NE(now.find("<pfif:expiry_date>2026-11-21T00:00:00Z</pfif:expiry_date>"),
            std::string::npos)
      << now;

  // A state file follows one registry; a token the other server refuses fails the run.
  EXPECT_EQ(RunAftermath({"pfif", "sync", "--db", b, "--from", "http://127.0.0.1:1", "--source",
                          "Registry A", "--state", dir_ + "/sync.json", "--no-population"},
                         &out, &err),
            1);
  EXPECT_NE(err.find("not http://127.0.0.1:1"), std::string::npos) << err;
  std::ofstream(token_file) << "not-a-token\n";
  EXPECT_EQ(sync(&err), 1);
  EXPECT_NE(err.find("HTTP 401"), std::string::npos) << err;
}

}  // namespace
}  // namespace aftermath::testing

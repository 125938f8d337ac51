// The damage & support register end to end over HTTP against the real server (issue #16): a
// looted shop claimed in Russian and again in Kazakh with the owner in Latin letters is flagged;
// one IIN in two programmes of one period is flagged; a morgue's report opens a family's case
// within a second, whose payee comes from the family's inquiry; a purge of the direct line
// leaves no personal data in the register's tables.
#include <gtest/gtest.h>
#include <signal.h>

#include <boost/json.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "server_process.h"

namespace aftermath::testing {
namespace {

namespace json = boost::json;
using Clock = std::chrono::steady_clock;

std::string Str(const json::value& v) { return v.is_string() ? std::string(v.as_string()) : ""; }
json::object Obj(const HttpResult& r) {
  auto v = json::parse(r.body);
  return v.is_object() ? v.as_object() : json::object();
}
std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Valid IINs (check digits computed by hand with the two-pass mod 11 rule).
constexpr const char* kIinOwner = "900101300017";
constexpr const char* kIinCoOwner = "850115400911";

class RecoveryApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = TempDir(::testing::UnitTest::GetInstance()->current_test_info()->name());
    db_ = dir_ + "/registry.db";
    server_ =
        std::make_unique<ServerProcess>(db_, std::vector<std::string>{"--files", dir_ + "/files"});
    ASSERT_GT(server_->port(), 0);
    clerk_ = User("rclerk", "recovery_clerk");
    Admin("POST", "/api/v1/recovery/programmes",
          {{"code", "almaty-business"},
           {"name", "Looted and burned businesses"},
           {"claim_kinds", json::array{"business_property"}},
           {"amount_rule", "assessed"},
           {"cap_per_object", 50000000},
           {"valuer_threshold", 10000000},
           {"period_start", "2020-01-01"}});
    Admin("POST", "/api/v1/recovery/programmes",
          {{"code", "almaty-homes"},
           {"name", "Damaged homes"},
           {"claim_kinds", json::array{"home"}},
           {"amount_rule", "assessed"},
           {"period_start", "2020-01-01"}});
    Admin("POST", "/api/v1/recovery/programmes",
          {{"code", "family-civilians"},
           {"name", "Families of civilians killed"},
           {"claim_kinds", json::array{"family_support"}},
           {"amount_rule", "fixed"},
           {"fixed_amount", 7000000},
           {"period_start", "2020-01-01"},
           {"opens_from_direct_line", true}});
  }

  json::object Admin(const std::string& method, const std::string& target,
                     const json::object& body = {}) {
    auto r = server_->Request(method, target, body.empty() ? "" : json::serialize(body));
    EXPECT_TRUE(r.status / 100 == 2) << method << " " << target << ": " << r.body;
    return Obj(r);
  }
  Credentials User(const std::string& username, const std::string& role) {
    Admin("POST", "/api/v1/users",
          {{"username", username}, {"role", role}, {"password", kTestPassword}});
    return server_->Login(username);
  }
  HttpResult As(const Credentials& who, const std::string& method, const std::string& target,
                const json::object& body = {}) {
    return server_->RequestAs(who, method, target, body.empty() ? "" : json::serialize(body));
  }
  json::object Claim(const json::object& body) {
    auto r = As(clerk_, "POST", "/api/v1/recovery/claims", body);
    EXPECT_EQ(r.status, 201) << r.body;
    return Obj(r);
  }

  std::string dir_, db_;
  std::unique_ptr<ServerProcess> server_;
  Credentials clerk_;
};

TEST_F(RecoveryApiTest, ALootedShopClaimedInRussianThenInKazakhWithALatinNameIsFlagged) {
  auto first = Claim({{"kind", "business_property"},
                      {"programme", "almaty-business"},
                      {"channel", "call"},
                      {"applicant_name", "Сейткалиев Нурлан Маратович"},
                      {"applicant_phone", "8 701 555 01 23"},
                      {"amount_claimed", 12000000},
                      {"object",
                       {{"kind", "shop"},
                        {"name", "Магазин «Арай»"},
                        {"address", "г. Алматы, ул. Абая, д. 52, бутик 14"}}}});
  EXPECT_TRUE(first["conflicts"].as_array().empty());
  auto second = Claim({{"kind", "business_property"},
                       {"programme", "almaty-business"},
                       {"channel", "field_visit"},
                       {"applicant_name", "Seitkaliyev Nurlan"},
                       {"amount_claimed", 12500000},
                       {"object",
                        {{"kind", "shop"},
                         {"name", "Арай дүкені"},
                         {"address", "Алматы қ., Абай даңғылы, 52 үй, бутик 14"}}}});
  auto conflicts = second["conflicts"].as_array();
  ASSERT_EQ(conflicts.size(), 1u) << json::serialize(second);
  auto c = conflicts[0].as_object();
  EXPECT_EQ(Str(c["reason"]), "similar_applicant");
  EXPECT_EQ(Str(c["other_claim_id"]), Str(first["claim"].as_object()["id"]));

  // The queue shows both sides with the reason; a supervisor decides, and may undo.
  auto supervisor = User("super", "supervisor");
  auto queue = As(supervisor, "GET", "/api/v1/recovery/conflicts");
  ASSERT_EQ(queue.status, 200) << queue.body;
  auto items = Obj(queue)["items"].as_array();
  ASSERT_EQ(items.size(), 1u);
  auto item = items[0].as_object();
  EXPECT_EQ(Str(item["reason"]), "similar_applicant");
  EXPECT_EQ(Str(item["claim"].as_object()["applicant_name"]), "Seitkaliyev Nurlan");
  EXPECT_EQ(Str(item["other"].as_object()["applicant_name"]), "Сейткалиев Нурлан Маратович");
  // A recovery clerk may see the queue but not decide it.
  EXPECT_EQ(As(clerk_, "POST", "/api/v1/recovery/conflicts/" + Str(item["id"]) + "/resolution",
               {{"resolution", "duplicate"}, {"version", item["version"]}})
                .status,
            403);
  auto resolved =
      As(supervisor, "POST", "/api/v1/recovery/conflicts/" + Str(item["id"]) + "/resolution",
         {{"resolution", "duplicate"}, {"version", item["version"]}});
  ASSERT_EQ(resolved.status, 200) << resolved.body;
  auto held =
      As(clerk_, "GET", "/api/v1/recovery/claims/" + Str(second["claim"].as_object()["id"]));
  EXPECT_EQ(Str(Obj(held)["duplicate_of"]), Str(first["claim"].as_object()["id"]));
  auto undone = As(supervisor, "POST", "/api/v1/recovery/conflicts/" + Str(item["id"]) + "/undo",
                   {{"version", Obj(resolved)["version"]}});
  ASSERT_EQ(undone.status, 200) << undone.body;
  EXPECT_EQ(Str(Obj(undone)["state"]), "open");
  // Every decision is in the audit log.
  auto audit = server_->Request("GET", "/api/v1/audit?action=conflict.&limit=50");
  EXPECT_NE(audit.body.find("conflict.resolve"), std::string::npos) << audit.body;
  EXPECT_NE(audit.body.find("conflict.undo"), std::string::npos) << audit.body;
}

// The public page's "where is my application": the applicant's own number and IIN give the state
// and what is missing; any other pair gives the same "not found", so neither numbers nor IINs
// can be probed; nothing else of the claim is said, and the read is audited.
TEST_F(RecoveryApiTest, AnApplicantSeesOnlyTheStateOfTheirOwnClaimByNumberAndIin) {
  auto made =
      Claim({{"kind", "home"},
             {"programme", "almaty-homes"},
             {"channel", "call"},
             {"applicant_name", "Жұмабекова Әйгерім Серікқызы"},
             {"applicant_id", kIinOwner},
             {"applicant_phone", "8 701 555 07 77"},
             {"amount_claimed", 3000000},
             {"object", {{"kind", "home"}, {"address", "г. Алматы, ул. Абая, д. 7, кв. 3"}}}});
  std::string number = Str(made["claim"].as_object()["id"]);
  auto ask = [&](const std::string& n, const std::string& iin) {
    return server_->RequestAs({}, "POST", "/api/v1/public/claim-status",
                              json::serialize(json::object{{"number", n}, {"iin", iin}}));
  };
  auto own = ask(number, "9001 0130 0017");
  ASSERT_EQ(own.status, 200) << own.body;
  auto status = Obj(own);
  EXPECT_EQ(Str(status["number"]), number);
  EXPECT_FALSE(Str(status["state"]).empty());
  bool lacks_iban = false;
  for (const auto& m : status["missing"].as_array()) lacks_iban |= Str(m) == "iban";
  EXPECT_TRUE(lacks_iban) << own.body;
  for (const char* secret : {"Жұмабекова", "555", "Абая", "3000000", kIinOwner}) {
    EXPECT_EQ(own.body.find(secret), std::string::npos) << secret << " in " << own.body;
  }
  // Another valid IIN, an unknown number and a made-up id answer alike.
  auto wrong_iin = ask(number, kIinCoOwner);
  auto unknown = ask("clm_00000000000000000000000000", kIinOwner);
  auto garbage = ask("../../etc/passwd", kIinOwner);
  EXPECT_EQ(wrong_iin.status, 404);
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(garbage.status, 404);
  EXPECT_EQ(wrong_iin.body, unknown.body);
  EXPECT_EQ(garbage.body, unknown.body);
  // A malformed IIN is the asker's typo, said as such.
  EXPECT_EQ(ask(number, "900101300018").status, 400);
  // The read is in the audit log, by the applicant of that claim.
  auto audit = server_->Request("GET", "/api/v1/audit?action=claim.applicant_read&limit=10");
  EXPECT_NE(audit.body.find("applicant:" + number), std::string::npos) << audit.body;
}

TEST_F(RecoveryApiTest, OneIinInTwoProgrammesOfOnePeriodIsFlagged) {
  Claim({{"kind", "business_property"},
         {"programme", "almaty-business"},
         {"applicant_name", "Оспанов Бауыржан"},
         {"applicant_id", kIinOwner},
         {"object", {{"kind", "shop"}, {"address", "ул. Гоголя 3"}}}});
  auto home = Claim({{"kind", "home"},
                     {"programme", "almaty-homes"},
                     {"applicant_name", "Ospanov Baurzhan"},
                     {"applicant_id", "9001 0130 0017"},
                     {"object", {{"kind", "home"}, {"address", "мкр Самал-2, д. 5, кв. 17"}}}});
  auto conflicts = home["conflicts"].as_array();
  ASSERT_EQ(conflicts.size(), 1u) << json::serialize(home);
  EXPECT_EQ(Str(conflicts[0].as_object()["reason"]), "two_programmes");
  // A mistyped IIN is refused naming the field.
  auto bad = As(clerk_, "POST", "/api/v1/recovery/claims",
                {{"kind", "home"},
                 {"programme", "almaty-homes"},
                 {"applicant_name", "Ospanov Baurzhan"},
                 {"applicant_id", "900101300018"},
                 {"object", {{"kind", "home"}, {"address", "ул. Гоголя 5"}}}});
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_EQ(Str(Obj(bad)["error"].as_object()["field"]), "applicant_id") << bad.body;
}

// A field form's export in Windows-1251 uploaded as CSV: each bad row named, a dry run writing
// nothing, the upload again changing nothing.
TEST_F(RecoveryApiTest, AFieldFormExportIsImportedWithRowErrorsAndIdempotently) {
  std::string csv = ReadFile(std::string(std::getenv("AFTERMATH_SOURCE_DIR")) +
                             "/tests/testdata/recovery/kobo_shops_cp1251.csv");
  ASSERT_FALSE(csv.empty());
  std::string target = "/api/v1/recovery/imports?programme=almaty-business&kind=business_property";
  auto dry = server_->RequestAs(clerk_, "POST", target + "&dry_run=true", csv,
                                {{"Content-Type", "text/csv"}});
  ASSERT_EQ(dry.status, 200) << dry.body;
  EXPECT_EQ(Obj(dry)["created"].as_int64(), 3);
  EXPECT_TRUE(Obj(As(clerk_, "GET", "/api/v1/recovery/claims"))["items"].as_array().empty());
  auto done = server_->RequestAs(clerk_, "POST", target, csv, {{"Content-Type", "text/csv"}});
  ASSERT_EQ(done.status, 200) << done.body;
  auto summary = Obj(done);
  EXPECT_EQ(summary["created"].as_int64(), 3);
  EXPECT_EQ(summary["rejected"].as_int64(), 1);
  EXPECT_EQ(summary["conflicts"].as_int64(), 1);
  auto errors = summary["errors"].as_array();
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(Str(errors[0].as_object()["where"]), "row 4, column applicant/iin");
  auto again = server_->RequestAs(clerk_, "POST", target, csv, {{"Content-Type", "text/csv"}});
  EXPECT_EQ(Obj(again)["existing"].as_int64(), 3);
  EXPECT_EQ(Obj(As(clerk_, "GET", "/api/v1/recovery/claims"))["items"].as_array().size(), 3u);
}

// A morgue's report, acknowledged by the server, opens the family's case within a second; the
// family's inquiry, once confirmed, proposes its caller as the payee; a recovery clerk confirms.
TEST_F(RecoveryApiTest, AMorgueReportOpensAFamilyCaseWhosePayeeComesFromTheInquiry) {
  std::string morgue =
      Str(Admin("POST", "/api/v1/sources", {{"name", "Central morgue"}, {"kind", "morgue"}})["id"]);
  auto inquiry = Admin("POST", "/api/v1/inquiries",
                       {{"sought_name", "Сейтказиев Марат Болатович"},
                        {"inquirer_name", "Сейтказиева Гульнар"},
                        {"inquirer_relation", "жена"},
                        {"callback_phone", "+7 701 555 77 88"}});
  std::string inquiry_id = Str(inquiry["id"]);
  auto report = Admin("POST", "/api/v1/reports",
                      {{"source_id", morgue},
                       {"external_id", "M-0042"},
                       {"full_name", "Сейтказиев Марат Болатович"},
                       {"status", "deceased"},
                       {"facility", "Central morgue"}});
  auto acknowledged = Clock::now();
  std::string person_id = Str(report["person_id"]);
  ASSERT_FALSE(person_id.empty());

  std::string claim_id;
  while (claim_id.empty() && Clock::now() - acknowledged < std::chrono::seconds(3)) {
    auto list = Obj(As(clerk_, "GET", "/api/v1/recovery/claims?kind=family_support"));
    for (const auto& c : list["items"].as_array()) {
      if (Str(c.as_object().at("person_id")) == person_id) claim_id = Str(c.as_object().at("id"));
    }
    if (claim_id.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  auto opened_after = Clock::now() - acknowledged;
  ASSERT_FALSE(claim_id.empty()) << "no family case";
  EXPECT_LE(opened_after, std::chrono::seconds(1))
      << std::chrono::duration_cast<std::chrono::milliseconds>(opened_after).count() << " ms";

  // The operator confirms the line's match: the inquiry names the person.
  std::string match_id;
  for (int i = 0; i < 100 && match_id.empty(); ++i) {
    auto items = Admin("GET", "/api/v1/inquiries/" + inquiry_id + "/matches")["items"].as_array();
    if (!items.empty()) match_id = Str(items[0].as_object()["id"]);
    if (match_id.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_FALSE(match_id.empty());
  Admin("POST", "/api/v1/matches/" + match_id + "/decision",
        {{"decision", "confirmed"}, {"acknowledged", "deceased"}});

  json::object view;
  for (int i = 0; i < 100; ++i) {
    view = Obj(As(clerk_, "GET", "/api/v1/recovery/claims/" + claim_id));
    if (!view["kin"].as_array().empty()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(Str(view["person_name"]), "Сейтказиев Марат Болатович");
  auto kin = view["kin"].as_array();
  ASSERT_EQ(kin.size(), 1u) << json::serialize(view);
  EXPECT_EQ(Str(kin[0].as_object()["name"]), "Сейтказиева Гульнар");
  EXPECT_EQ(Str(kin[0].as_object()["inquiry_id"]), inquiry_id);
  // An inspector sees the case but not the family's contacts.
  auto inspector = User("insp", "inspector");
  auto seen = As(inspector, "GET", "/api/v1/recovery/claims/" + claim_id);
  ASSERT_EQ(seen.status, 200) << seen.body;
  EXPECT_EQ(seen.body.find("555 77 88"), std::string::npos) << seen.body;
  EXPECT_EQ(seen.body.find("Гульнар"), std::string::npos) << seen.body;

  auto payee = As(clerk_, "POST", "/api/v1/recovery/claims/" + claim_id + "/payee",
                  {{"kin_id", kin[0].as_object()["id"]}});
  ASSERT_EQ(payee.status, 200) << payee.body;
  EXPECT_EQ(Str(Obj(payee)["applicant_name"]), "Сейтказиева Гульнар");
  EXPECT_EQ(Str(Obj(payee)["applicant_phone"]), "+77015557788");
  EXPECT_EQ(Str(Obj(payee)["relation"]), "жена");
}

// Planted through the API: a family's case opened by a morgue's report, with the payee confirmed
// from the family's inquiry. After the line's retention and `aftermath purge`, none of it is in
// the register's tables, nor anywhere in the database file.
TEST_F(RecoveryApiTest, APurgeOfTheDirectLineLeavesNoPersonalDataInTheRegister) {
  std::string morgue =
      Str(Admin("POST", "/api/v1/sources", {{"name", "Central morgue"}, {"kind", "morgue"}})["id"]);
  std::string inquiry_id = Str(Admin("POST", "/api/v1/inquiries",
                                     {{"sought_name", "Qorqytbayev Nurlybek"},
                                      {"inquirer_name", "Saule Qorqytbayeva"},
                                      {"inquirer_relation", "grandmother"},
                                      {"callback_phone", "+7 701 987 65 43"}})["id"]);
  std::string person_id = Str(Admin("POST", "/api/v1/reports",
                                    {{"source_id", morgue},
                                     {"external_id", "M-7731"},
                                     {"full_name", "ҚОРҚЫТБАЕВ Нұрлыбек"},
                                     {"status", "deceased"}})["person_id"]);
  std::string match_id;
  for (int i = 0; i < 100 && match_id.empty(); ++i) {
    auto items = Admin("GET", "/api/v1/inquiries/" + inquiry_id + "/matches")["items"].as_array();
    if (!items.empty()) match_id = Str(items[0].as_object()["id"]);
    if (match_id.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_FALSE(match_id.empty());
  Admin("POST", "/api/v1/matches/" + match_id + "/decision",
        {{"decision", "confirmed"}, {"acknowledged", "deceased"}});
  std::string claim_id, kin_id;
  for (int i = 0; i < 100 && kin_id.empty(); ++i) {
    auto list = Obj(As(clerk_, "GET", "/api/v1/recovery/claims?kind=family_support"));
    for (const auto& c : list["items"].as_array()) claim_id = Str(c.as_object().at("id"));
    if (!claim_id.empty()) {
      auto kin = Obj(As(clerk_, "GET", "/api/v1/recovery/claims/" + claim_id))["kin"].as_array();
      if (!kin.empty()) kin_id = Str(kin[0].as_object()["id"]);
    }
    if (kin_id.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_FALSE(kin_id.empty());
  ASSERT_EQ(
      As(clerk_, "POST", "/api/v1/recovery/claims/" + claim_id + "/payee", {{"kin_id", kin_id}})
          .status,
      200);
  // The death certificate, kept outside the database by its hash.
  auto uploaded = server_->RequestAs(clerk_, "POST", "/api/v1/recovery/files",
                                     "%PDF-1.4 certificate of Qorqytbayev Nurlybek",
                                     {{"Content-Type", "application/pdf"}});
  ASSERT_EQ(uploaded.status, 201) << uploaded.body;
  std::string sha256 = Str(Obj(uploaded)["sha256"]);
  std::string kept = dir_ + "/files/" + sha256.substr(0, 2) + "/" + sha256.substr(2);
  ASSERT_TRUE(std::filesystem::exists(kept)) << kept;
  auto changed =
      As(clerk_, "PATCH", "/api/v1/recovery/claims/" + claim_id,
         {{"version", Obj(As(clerk_, "GET", "/api/v1/recovery/claims/" + claim_id))["version"]},
          {"applicant_id", kIinCoOwner},
          {"iban", "KZ86125KZT5004100100"},
          {"applicant_address", "Almaty, Zhibek Zholy 50, apt 12"},
          {"notes", "granddaughter Dilnaz brings the certificate"},
          {"documents", json::array{json::object{{"kind", "death_certificate"},
                                                 {"sha256", sha256},
                                                 {"media_type", "application/pdf"},
                                                 {"size", Obj(uploaded)["size"]}}}}});
  ASSERT_EQ(changed.status, 200) << changed.body;
  auto q = Admin("GET", "/api/v1/inquiries/" + inquiry_id);
  Admin("PATCH", "/api/v1/inquiries/" + inquiry_id,
        {{"version", q["version"]}, {"state", "closed"}, {"close_reason", "family informed"}});
  ASSERT_EQ(server_->Signal(SIGTERM), 0);

  const std::vector<std::string> planted = {"Qorqytbayev",  "Qorqytbayeva", "Нұрлыбек",
                                            "ҚОРҚЫТБАЕВ",   "grandmother",  "987 65 43",
                                            "+77019876543", kIinCoOwner,    "KZ86125KZT5004100100",
                                            "Zhibek Zholy", "Dilnaz"};
  std::string before = ReadFile(db_) + ReadFile(db_ + "-wal");
  EXPECT_NE(before.find("KZ86125KZT5004100100"), std::string::npos);  // planted where it matters
  std::string year_ago = "2025-01-01T00:00:00.000Z";
  ASSERT_EQ(std::system(("sqlite3 " + db_ + " \"UPDATE inquiries SET closed_at = '" + year_ago +
                         "'; UPDATE persons SET updated_at = '" + year_ago + "';\"")
                            .c_str()),
            0);
  // Uploaded a year ago too, past the day a file may wait for the record that names it.
  std::filesystem::last_write_time(
      kept, std::filesystem::file_time_type::clock::now() - std::chrono::hours(24 * 365));
  std::string out, err;
  ASSERT_EQ(RunAftermath({"purge", "--db", "sqlite:" + db_, "--retention-days", "90", "--files",
                          dir_ + "/files"},
                         &out, &err),
            0)
      << err;
  EXPECT_FALSE(std::filesystem::exists(kept)) << "the death certificate's file is still kept";
  EXPECT_NE(out.find("removed 1 files no record names"), std::string::npos) << out;
  std::string tables;
  for (const char* table :
       {"recovery_claims", "recovery_kin", "recovery_objects", "recovery_object_owners",
        "recovery_assessments", "recovery_claim_documents", "recovery_assessment_photos"}) {
    FILE* f = popen(("sqlite3 " + db_ + " \"SELECT * FROM " + table + "\"").c_str(), "r");
    ASSERT_NE(f, nullptr);
    char buf[4096];
    for (size_t n; (n = fread(buf, 1, sizeof buf, f)) > 0;) tables.append(buf, n);
    pclose(f);
  }
  EXPECT_NE(tables.find(claim_id), std::string::npos);  // the tombstone stays
  // No record names the certificate (the audit log keeps its hash, as it keeps ids).
  EXPECT_EQ(tables.find(sha256), std::string::npos);
  std::string files = ReadFile(db_) + ReadFile(db_ + "-wal");
  for (const auto& value : planted) {
    EXPECT_EQ(tables.find(value), std::string::npos) << "'" << value << "' in the register";
    EXPECT_EQ(files.find(value), std::string::npos) << "'" << value << "' in the database file";
  }
  EXPECT_EQ(RunAftermath({"audit", "verify", "--db", "sqlite:" + db_}, &out, &err), 0) << err;
}

}  // namespace
}  // namespace aftermath::testing

namespace aftermath::testing {
namespace {

// `aftermath recovery`: programmes from a file (loading it again updates them), a field form's
// CSV with its row errors on stderr, the conflict queue.
TEST(RecoveryCliTest, ProgrammesImportAndTheConflictQueue) {
  std::string dir = TempDir("recovery_cli"), db = "sqlite:" + dir + "/r.db", out, err;
  std::string file = dir + "/programmes.json";
  std::ofstream(file) << R"({"programmes": [{"code": "almaty-business", "name": "Shops",
      "claim_kinds": ["business_property"], "amount_rule": "assessed",
      "period_start": "2020-01-01"}]})";
  ASSERT_EQ(RunAftermath({"recovery", "programmes", "load", file, "--db", db}, &out, &err), 0)
      << err;
  ASSERT_EQ(RunAftermath({"recovery", "programmes", "load", file, "--db", db}, &out, &err), 0);
  ASSERT_EQ(RunAftermath({"recovery", "programmes", "list", "--db", db}, &out, &err), 0);
  EXPECT_NE(out.find("\"version\":2"), std::string::npos) << out;
  std::string csv = std::string(std::getenv("AFTERMATH_SOURCE_DIR")) +
                    "/tests/testdata/recovery/kobo_shops_cp1251.csv";
  ASSERT_EQ(RunAftermath({"recovery", "import", csv, "--programme", "almaty-business", "--kind",
                          "business_property", "--dry-run", "--db", db},
                         &out, &err),
            0)
      << err;
  EXPECT_NE(out.find("dry run, nothing written: 4 rows: 3 claims created"), std::string::npos)
      << out;
  ASSERT_EQ(RunAftermath({"recovery", "import", csv, "--programme", "almaty-business", "--kind",
                          "business_property", "--db", db},
                         &out, &err),
            0)
      << err;
  EXPECT_NE(out.find("3 claims created, 0 imported before, 1 rejected; 1 conflicts"),
            std::string::npos)
      << out;
  EXPECT_NE(err.find("row 4, column applicant/iin"), std::string::npos) << err;
  ASSERT_EQ(RunAftermath({"recovery", "conflicts", "--db", db}, &out, &err), 0) << err;
  EXPECT_NE(out.find("similar_applicant"), std::string::npos) << out;
  EXPECT_EQ(RunAftermath({"recovery", "import", csv, "--kind", "nope", "--db", db}, &out, &err),
            2);
}

}  // namespace
}  // namespace aftermath::testing

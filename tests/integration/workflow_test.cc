// The direct line's workflow end to end through the HTTP API: inquiry → hospital list → review
// queue → confirm → callback → informed → closed; trust order; merge and undo; no match lost
// when the server dies mid-way.
#include <gtest/gtest.h>
#include <signal.h>

#include <boost/json.hpp>
#include <fstream>
#include <map>
#include <set>
#include <thread>

#include "server_process.h"

namespace aftermath::testing {
namespace {

namespace json = boost::json;

json::object Obj(const HttpResult& r) { return json::parse(r.body).as_object(); }

// Distinct invented surnames ("Zhaqsylykbayev", ...) that no other name resembles.
std::string SoughtName(int i) {
  static const char* kStems[] = {"Zhaqsylyk", "Qorqyt", "Bektur", "Nauryzbay", "Sarsen",
                                 "Tolegen", "Mukhtar", "Ergali", "Kuanysh", "Dauletiyar"};
  static const char* kGiven[] = {"Arman", "Bolat", "Serik"};
  return std::string(kStems[i % 10]) + "bayev " + kGiven[i / 10];
}
std::string Str(const json::value& v) { return v.is_string() ? std::string(v.as_string()) : ""; }
// Percent-encodes a query value.
std::string UrlEncode(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_') {
      out += static_cast<char>(c);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

class WorkflowTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = TempDir(::testing::UnitTest::GetInstance()->current_test_info()->name());
    db_ = dir_ + "/registry.db";
    server_ = std::make_unique<ServerProcess>(db_);
    ASSERT_GT(server_->port(), 0);
    hospital_ = CreateSource("City Hospital No. 4", "hospital");
    public_ = CreateSource("Public", "public");
  }

  std::string CreateSource(const std::string& name, const std::string& kind) {
    auto r = server_->Request("POST", "/api/v1/sources",
                              json::serialize(json::object{{"name", name}, {"kind", kind}}));
    EXPECT_EQ(r.status, 201) << r.body;
    return Str(Obj(r)["id"]);
  }

  json::array Pending() {
    auto r = server_->Request("GET", "/api/v1/matches?decision=pending&limit=200");
    EXPECT_EQ(r.status, 200) << r.body;
    return Obj(r)["items"].as_array();
  }

  // Adds a user through the API as admin and signs them in.
  Credentials UserFor(const std::string& username, const std::string& role,
                      const std::string& source_id = {}) {
    json::object body{{"username", username}, {"role", role}, {"password", kTestPassword}};
    if (!source_id.empty()) body["source_id"] = source_id;
    auto r = server_->Request("POST", "/api/v1/users", json::serialize(body));
    EXPECT_EQ(r.status, 201) << r.body;
    return server_->Login(username);
  }

  std::string StatusOf(const std::string& person_id) {
    return Str(Obj(server_->Request("GET", "/api/v1/persons/" + person_id))["status"]);
  }

  std::string dir_, db_, hospital_, public_;
  std::unique_ptr<ServerProcess> server_;
};

// Issue #14, item 4: a morgue clerk posted the hospital's patient's id with "deceased" and the
// patient was dead; an unknown id answered "no person with id".
TEST_F(WorkflowTest, ASourceCannotRewriteAnotherSourcesPerson) {
  std::string morgue = CreateSource("City Morgue", "morgue");
  Credentials clerk = UserFor("morgue-clerk", "clerk", morgue);
  auto token = server_->Request("POST", "/api/v1/tokens",
                                json::serialize(json::object{{"source_id", morgue},
                                                             {"name", "morgue system"}}));
  ASSERT_EQ(token.status, 201) << token.body;
  Credentials system{.bearer = Str(Obj(token)["secret"])};
  auto admitted = server_->Request("POST", "/api/v1/reports", R"({
      "source_id": ")" + hospital_ + R"(", "external_id": "H-1", "full_name": "Серіков Ерлан",
      "status": "hospitalised", "facility": "City Hospital No. 4"})");
  ASSERT_EQ(admitted.status, 201) << admitted.body;
  std::string patient = Str(Obj(admitted)["person_id"]);

  auto claim = [&](const Credentials& who, const std::string& person_id, const std::string& id,
                   const std::string& name) {
    json::object body{{"external_id", id}, {"person_id", person_id}, {"status", "deceased"}};
    if (!name.empty()) body["full_name"] = name;
    return server_->RequestAs(who, "POST", "/api/v1/reports", json::serialize(body));
  };
  // What a caller can tell apart: the status, the fields, the change, the error.
  auto shape = [](const HttpResult& r) {
    std::string out = std::to_string(r.status);
    auto v = json::parse(r.body).as_object();
    for (const auto& [key, value] : v) out += " " + std::string(key);
    if (v.contains("change")) out += " " + Str(v["change"]);
    if (v.contains("error")) out += " " + json::serialize(v["error"]);
    return out;
  };
  auto by_clerk = claim(clerk, patient, "M-1", "Сериков Ерлан");
  ASSERT_EQ(by_clerk.status, 201) << by_clerk.body;
  EXPECT_NE(Str(Obj(by_clerk)["person_id"]), patient);
  auto by_token = claim(system, patient, "M-2", "Сериков Ерлан");
  ASSERT_EQ(by_token.status, 201) << by_token.body;
  EXPECT_NE(Str(Obj(by_token)["person_id"]), patient);
  EXPECT_EQ(StatusOf(patient), "hospitalised");
  auto history = Obj(server_->Request("GET", "/api/v1/persons/" + patient + "/history"));
  EXPECT_EQ(history["items"].as_array().size(), 1u);

  // No existence oracle: an unknown id is answered exactly as the patient's.
  auto unknown = claim(clerk, "per_0000000000000000", "M-3", "Сериков Ерлан");
  EXPECT_EQ(shape(unknown), shape(by_clerk));
  auto garbage = claim(clerk, "not-an-id", "M-4", "Сериков Ерлан");
  EXPECT_EQ(shape(garbage), shape(by_clerk));
  auto bare_known = claim(clerk, patient, "M-5", "");
  auto bare_unknown = claim(clerk, "per_0000000000000000", "M-6", "");
  EXPECT_EQ(bare_known.status, 400);
  EXPECT_EQ(bare_known.body, bare_unknown.body);

  // The claims wait for an operator in the review queue, and confirming one merges.
  std::string match_id;
  int claims = 0;
  for (const auto& v : Pending()) {
    const auto& m = v.as_object();
    if (!m.at("person").is_object() || !m.at("report").is_object()) continue;
    if (Str(m.at("person").as_object().at("id")) != patient) continue;
    // The matcher may also find the same name; the source's claims say so.
    if (Str(m.at("explanation")).find("the source named") == std::string::npos) continue;
    ++claims;
    if (Str(m.at("report").as_object().at("id")) == Str(Obj(by_clerk)["id"])) {
      match_id = Str(m.at("id"));
    }
  }
  EXPECT_EQ(claims, 2);  // the clerk's and the system's; none for the unknown ids
  ASSERT_FALSE(match_id.empty());
  // Confirming makes the patient dead: a second, explicit step, as for an inquiry.
  auto one_key = server_->Request("POST", "/api/v1/matches/" + match_id + "/decision",
                                  R"({"decision": "confirmed"})");
  ASSERT_EQ(one_key.status, 409) << one_key.body;
  EXPECT_EQ(Str(Obj(one_key)["error"].as_object()["field"]), "acknowledged");
  EXPECT_EQ(StatusOf(patient), "hospitalised");
  auto confirmed = server_->Request("POST", "/api/v1/matches/" + match_id + "/decision",
                                    R"({"decision": "confirmed", "acknowledged": "deceased"})");
  ASSERT_EQ(confirmed.status, 200) << confirmed.body;
  EXPECT_EQ(StatusOf(patient), "deceased");
  // The merge it made can be undone from the answer: the patient is alive again and the
  // question back in the queue.
  std::string merge_id = Str(Obj(confirmed)["merge_id"]);
  ASSERT_FALSE(merge_id.empty()) << confirmed.body;
  auto undone = server_->Request("POST", "/api/v1/merges/" + merge_id + "/undo");
  ASSERT_EQ(undone.status, 200) << undone.body;
  EXPECT_EQ(StatusOf(patient), "hospitalised");
  bool pending_again = false;
  for (const auto& v : Pending()) pending_again |= Str(v.as_object().at("id")) == match_id;
  EXPECT_TRUE(pending_again);
}

// The same hole through an upload: a JSON Lines row naming a hospital's patient; the dry run
// answered "no person with id" for an unknown one.
TEST_F(WorkflowTest, AnUploadCannotRewriteAnotherSourcesPerson) {
  std::string morgue = CreateSource("City Morgue", "morgue");
  Credentials clerk = UserFor("morgue-clerk", "clerk", morgue);
  auto other = server_->Request("POST", "/api/v1/reports", R"({
      "source_id": ")" + hospital_ + R"(", "external_id": "H-2", "full_name": "Ахметова Динара",
      "status": "hospitalised"})");
  std::string patient2 = Str(Obj(other)["person_id"]);
  std::string row = R"({"external_id":"M-9","person_id":")" + patient2 +
                    R"(","full_name":"Ахметова Динара","status":"deceased"})";
  std::string unknown_row = R"({"external_id":"M-9","person_id":"per_0000000000000000",)"
                            R"("full_name":"Ахметова Динара","status":"deceased"})";
  auto dry = server_->RequestAs(clerk, "POST", "/api/v1/imports?format=jsonl&dry_run=true", row);
  auto dry_unknown =
      server_->RequestAs(clerk, "POST", "/api/v1/imports?format=jsonl&dry_run=true", unknown_row);
  ASSERT_EQ(dry.status, 200) << dry.body;
  EXPECT_EQ(dry.body, dry_unknown.body);
  EXPECT_EQ(Obj(dry_unknown)["rejected_count"].as_int64(), 0) << dry_unknown.body;
  auto upload = server_->RequestAs(clerk, "POST", "/api/v1/imports?format=jsonl", row);
  ASSERT_EQ(upload.status, 200) << upload.body;
  EXPECT_EQ(Obj(upload)["created"].as_int64(), 1);
  EXPECT_EQ(StatusOf(patient2), "hospitalised");
}

// Issue #14, item 4: operators and supervisors filed reports as the morgue.
TEST_F(WorkflowTest, StaffReportsAreFiledUnderTheCallCentre) {
  std::string morgue = CreateSource("City Morgue", "morgue");
  auto admitted = server_->Request("POST", "/api/v1/reports", R"({
      "source_id": ")" + hospital_ + R"(", "full_name": "Серіков Ерлан",
      "status": "hospitalised"})");
  std::string patient = Str(Obj(admitted)["person_id"]);
  std::string line_source;
  for (const char* role : {"operator", "supervisor"}) {
    Credentials staff = UserFor(std::string("staff-") + role, role);
    auto r = server_->RequestAs(staff, "POST", "/api/v1/reports", R"({
        "source_id": ")" + morgue + R"(", "person_id": ")" + patient + R"(",
        "status": "deceased"})");
    ASSERT_EQ(r.status, 201) << role << ": " << r.body;
    std::string source = Str(Obj(r)["source_id"]);
    EXPECT_NE(source, morgue) << role;
    if (line_source.empty()) line_source = source;
    EXPECT_EQ(source, line_source) << role;  // one call centre source for all staff
    auto by_name = server_->RequestAs(staff, "POST", "/api/v1/reports", R"({
        "source": "City Morgue", "full_name": "Ахметова Динара", "status": "deceased"})");
    ASSERT_EQ(by_name.status, 201) << role << ": " << by_name.body;
    EXPECT_EQ(Str(Obj(by_name)["source_id"]), line_source) << role;
    auto upload = server_->RequestAs(staff, "POST",
                                     "/api/v1/imports?format=csv&source_id=" + morgue,
                                     "ФИО;Статус\nИванов Иван;погиб\n");
    ASSERT_EQ(upload.status, 200) << role << ": " << upload.body;
  }
  // The call centre ranks below a hospital: the patient stays hospitalised.
  EXPECT_EQ(StatusOf(patient), "hospitalised");
  auto sources = Obj(server_->Request("GET", "/api/v1/sources"))["items"].as_array();
  for (const auto& s : sources) {
    if (Str(s.as_object().at("id")) == line_source) {
      EXPECT_EQ(Str(s.as_object().at("kind")), "call_center");
    }
  }
  auto morgue_reports = Obj(server_->Request("GET", "/api/v1/reports?source_id=" + morgue));
  EXPECT_TRUE(morgue_reports["items"].as_array().empty()) << json::serialize(morgue_reports);
}

TEST_F(WorkflowTest, InquiryToCallbackToClosed) {
  // A mother calls, spelling her son's name the way his passport has it.
  auto inquiry = server_->Request("POST", "/api/v1/inquiries", R"({
      "sought_name": "Yerlan Serikov", "sought_sex": "male", "sought_birth_date": "1994",
      "last_seen_place": "Republic Square", "inquirer_name": "Aigul Serikova",
      "inquirer_relation": "mother", "callback_phone": "+7 701 555 01 23"})");
  ASSERT_EQ(inquiry.status, 201) << inquiry.body;
  std::string inquiry_id = Str(Obj(inquiry)["id"]);
  EXPECT_TRUE(Pending().empty());

  // The hospital's list: Kazakh Cyrillic, surname first, with the patronymic.
  auto report = server_->Request("POST", "/api/v1/reports", R"({
      "source_id": ")" + hospital_ + R"(", "external_id": "H4-0001",
      "full_name": "СЕРІКОВ Ерлан Маратұлы", "sex": "m", "birth_date": "1994-03-12",
      "status": "hospitalised", "facility": "City Hospital No. 4", "location": "Trauma ward"})");
  ASSERT_EQ(report.status, 201) << report.body;
  std::string person_id = Str(Obj(report)["person_id"]);

  auto queue = Pending();
  ASSERT_EQ(queue.size(), 1u);
  auto match = queue[0].as_object();
  EXPECT_EQ(Str(match["person"].as_object()["id"]), person_id);
  EXPECT_EQ(Str(match["inquiry"].as_object()["id"]), inquiry_id);
  EXPECT_EQ(Str(match["report"].as_object()["source_name"]), "City Hospital No. 4");
  EXPECT_GE(match["score"].as_double(), 0.9);
  EXPECT_FALSE(Str(match["explanation"]).empty());
  EXPECT_EQ(Obj(server_->Request("GET", "/api/v1/inquiries/" + inquiry_id))["state"],
            "candidate_found");
  auto candidates = Obj(server_->Request("GET", "/api/v1/inquiries/" + inquiry_id + "/matches"));
  EXPECT_EQ(candidates["items"].as_array().size(), 1u);

  // Only an operator confirms; the callback task says what to tell whom.
  auto decided = server_->Request("POST", "/api/v1/matches/" + Str(match["id"]) + "/decision",
                                  R"({"decision":"confirmed"})");
  ASSERT_EQ(decided.status, 200) << decided.body;
  auto again = server_->Request("POST", "/api/v1/matches/" + Str(match["id"]) + "/decision",
                                R"({"decision":"rejected"})");
  EXPECT_EQ(again.status, 409);
  auto q = Obj(server_->Request("GET", "/api/v1/inquiries/" + inquiry_id));
  EXPECT_EQ(q["state"], "confirmed");
  EXPECT_EQ(Str(q["person_id"]), person_id);

  auto callbacks = Obj(server_->Request("GET", "/api/v1/callbacks"))["items"].as_array();
  ASSERT_EQ(callbacks.size(), 1u);
  auto task = callbacks[0].as_object();
  std::string message = Str(task["message"]);
  for (const char* part : {"Aigul Serikova", "+7 701 555 01 23", "hospitalised",
                           "City Hospital No. 4"}) {
    EXPECT_NE(message.find(part), std::string::npos) << part << " not in: " << message;
  }
  // The operator reads the family a code; with it the family sees status and facility only.
  std::string code = Str(task["family_code"]);
  ASSERT_EQ(code.size(), 8u);
  auto family = server_->RequestAs({}, "GET", "/api/v1/family/" + inquiry_id + "?code=" + code);
  ASSERT_EQ(family.status, 200) << family.body;
  auto view = Obj(family);
  EXPECT_EQ(view["status"], "hospitalised");
  EXPECT_EQ(view["facility"], "City Hospital No. 4");
  EXPECT_EQ(family.body.find("Trauma ward"), std::string::npos);  // location is not theirs
  EXPECT_EQ(family.body.find("1994"), std::string::npos);
  std::string wrong = code == "00000000" ? "11111111" : "00000000";
  EXPECT_EQ(server_->RequestAs({}, "GET", "/api/v1/family/" + inquiry_id + "?code=" + wrong).status,
            404);

  auto no_answer = server_->Request("POST", "/api/v1/callbacks/" + Str(task["id"]) + "/outcome",
                                    R"({"outcome":"no_answer"})");
  ASSERT_EQ(no_answer.status, 200) << no_answer.body;
  EXPECT_EQ(Obj(no_answer)["attempts"], 1);
  auto informed = server_->Request("POST", "/api/v1/callbacks/" + Str(task["id"]) + "/outcome",
                                   R"({"outcome":"informed","note":"mother on her way"})");
  ASSERT_EQ(informed.status, 200) << informed.body;
  q = Obj(server_->Request("GET", "/api/v1/inquiries/" + inquiry_id));
  EXPECT_EQ(q["state"], "informed");
  auto closed = server_->Request(
      "PATCH", "/api/v1/inquiries/" + inquiry_id,
      json::serialize(json::object{{"version", q["version"]}, {"state", "closed"}}));
  // A colleague who finds it again must learn why: closing says why.
  ASSERT_EQ(closed.status, 400) << closed.body;
  EXPECT_NE(closed.body.find("close_reason"), std::string::npos) << closed.body;
  closed = server_->Request(
      "PATCH", "/api/v1/inquiries/" + inquiry_id,
      json::serialize(json::object{
          {"version", q["version"]}, {"state", "closed"}, {"close_reason", "mother informed"}}));
  ASSERT_EQ(closed.status, 200) << closed.body;
  EXPECT_EQ(Obj(closed)["state"], "closed");
  EXPECT_EQ(Obj(closed)["close_reason"], "mother informed");

  // The SMS to the family waits in the outbox, without details.
  std::string out, err;
  ASSERT_EQ(RunAftermath({"outbox", "list", "--db", "sqlite:" + db_}, &out, &err), 0) << err;
  EXPECT_NE(out.find("+7 701 555 01 23"), std::string::npos) << out;
  EXPECT_EQ(out.find("Hospital"), std::string::npos) << out;
}

TEST_F(WorkflowTest, PrankFromThePublicDoesNotOverrideAHospital) {
  auto report = Obj(server_->Request("POST", "/api/v1/reports", R"({
      "source_id": ")" + hospital_ + R"(", "full_name": "Серіков Ерлан",
      "status": "hospitalised", "facility": "City Hospital No. 4",
      "observed_at": "2026-01-06T08:00:00Z"})"));
  std::string person_id = Str(report["person_id"]);
  auto prank = server_->Request("POST", "/api/v1/reports", R"({
      "source_id": ")" + public_ + R"(", "person_id": ")" + person_id + R"(",
      "full_name": "Сериков Ерлан", "status": "deceased",
      "observed_at": "2026-01-07T08:00:00Z"})");
  ASSERT_EQ(prank.status, 201) << prank.body;
  auto person = Obj(server_->Request("GET", "/api/v1/persons/" + person_id));
  EXPECT_EQ(person["status"], "hospitalised");
  auto history = Obj(server_->Request("GET", "/api/v1/persons/" + person_id + "/history"));
  EXPECT_EQ(history["items"].as_array().size(), 2u);  // the prank is visible to operators
  // A newer word from the same hospital does move the status.
  auto discharged = server_->Request("POST", "/api/v1/reports", R"({
      "source_id": ")" + hospital_ + R"(", "person_id": ")" + person_id + R"(",
      "status": "safe", "observed_at": "2026-01-08T08:00:00Z"})");
  ASSERT_EQ(discharged.status, 201) << discharged.body;
  EXPECT_EQ(Obj(server_->Request("GET", "/api/v1/persons/" + person_id))["status"], "safe");
}

TEST_F(WorkflowTest, MergeThenUndoRestoresBothRecordsExactly) {
  auto a = Obj(server_->Request("POST", "/api/v1/reports", R"({
      "source_id": ")" + hospital_ + R"(", "external_id": "A", "full_name": "Ахметова Динара",
      "sex": "f", "status": "hospitalised", "facility": "City Hospital No. 4"})"));
  auto b = Obj(server_->Request("POST", "/api/v1/reports", R"({
      "source_id": ")" + public_ + R"(", "external_id": "B", "full_name": "Akhmetova Dinara",
      "features": "red coat", "status": "missing"})"));
  std::string pa = Str(a["person_id"]), pb = Str(b["person_id"]);
  auto strip = [](json::object o) {
    o.erase("version");
    o.erase("updated_at");
    return json::serialize(o);
  };
  std::string before_a = strip(Obj(server_->Request("GET", "/api/v1/persons/" + pa)));
  std::string before_b = strip(Obj(server_->Request("GET", "/api/v1/persons/" + pb)));

  auto merged = server_->Request("POST", "/api/v1/persons/" + pa + "/merge",
                                 json::serialize(json::object{{"other_id", pb}}));
  ASSERT_EQ(merged.status, 200) << merged.body;
  auto survivor = Obj(merged)["person"].as_object();
  EXPECT_EQ(survivor["names"].as_array().size(), 2u);
  EXPECT_EQ(survivor["features"], "red coat");
  EXPECT_EQ(survivor["status"], "hospitalised");  // the hospital outranks the public
  auto reports = Obj(server_->Request("GET", "/api/v1/reports?person_id=" + pa));
  EXPECT_EQ(reports["items"].as_array().size(), 2u);

  auto undo = server_->Request("POST", "/api/v1/merges/" + Str(Obj(merged)["merge_id"]) + "/undo");
  ASSERT_EQ(undo.status, 200) << undo.body;
  EXPECT_EQ(strip(Obj(server_->Request("GET", "/api/v1/persons/" + pa))), before_a);
  EXPECT_EQ(strip(Obj(server_->Request("GET", "/api/v1/persons/" + pb))), before_b);
  EXPECT_EQ(Obj(server_->Request("GET", "/api/v1/reports?person_id=" + pb))["items"]
                .as_array().size(), 1u);
  auto twice = server_->Request("POST", "/api/v1/merges/" + Str(Obj(merged)["merge_id"]) + "/undo");
  EXPECT_EQ(twice.status, 409);
}

TEST_F(WorkflowTest, UnidentifiedBodyIsProposedForAMatchingDescription) {
  auto inquiry = server_->Request("POST", "/api/v1/inquiries", R"({
      "sought_name": "Bolat Nurlanov", "sought_sex": "male", "sought_approx_age": 30,
      "sought_features": "tattoo of a wolf on the left forearm",
      "inquirer_name": "Saule Nurlanova", "callback_phone": "+7 777 555 10 10"})");
  ASSERT_EQ(inquiry.status, 201);
  std::string morgue = CreateSource("Morgue No. 2", "morgue");
  auto body = server_->Request("POST", "/api/v1/reports", R"({
      "source_id": ")" + morgue + R"(", "sex": "m", "approx_age": 32,
      "features": "wolf tattoo, left forearm", "status": "deceased"})");
  ASSERT_EQ(body.status, 201) << body.body;
  auto queue = Pending();
  ASSERT_EQ(queue.size(), 1u);
  auto m = queue[0].as_object();
  EXPECT_EQ(m["inquiry"].as_object()["id"], Obj(inquiry)["id"]);
  EXPECT_LT(m["score"].as_double(), 0.9);  // without a name never a certain match
  EXPECT_NE(Str(m["explanation"]).find("unidentified"), std::string::npos);
}

TEST_F(WorkflowTest, NoMatchIsLostWhenTheServerDiesMidway) {
  constexpr int kSought = 30;
  for (int i = 0; i < kSought; ++i) {
    auto r = server_->Request(
        "POST", "/api/v1/inquiries",
        json::serialize(json::object{{"sought_name", SoughtName(i)},
                                     {"inquirer_name", "Relative"},
                                     {"callback_phone", "+7 700 000 00 00"}}));
    ASSERT_EQ(r.status, 201) << r.body;
  }
  server_.reset();
  // A hospital list arrives as a file while the server is down.
  std::string file = dir_ + "/list.jsonl";
  {
    std::ofstream f(file);
    for (int i = 0; i < 600; ++i) {
      std::string name = i % 20 == 0 && i / 20 < kSought ? SoughtName(i / 20)
                                                          : "Petrov Filler";
      f << json::serialize(json::object{{"external_id", "L" + std::to_string(i)},
                                        {"full_name", name},
                                        {"status", "hospitalised"}})
        << "\n";
    }
  }
  std::string out, err;
  ASSERT_EQ(RunAftermath({"import", "--db", "sqlite:" + db_, "--source", "City Hospital No. 4",
                          "--format", "jsonl", file},
                         &out, &err),
            0)
      << err;
  // The server starts matching the list in the background and is killed in the middle.
  server_ = std::make_unique<ServerProcess>(db_);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  server_->Signal(SIGKILL);
  server_ = std::make_unique<ServerProcess>(db_);
  // Wait until matching has caught up with the whole list.
  for (int attempt = 0; attempt < 150; ++attempt) {
    std::string out2, err2;
    RunAftermath({"audit", "query", "--db", "sqlite:" + db_, "--action", "match.",
                  "--limit", "1000"}, &out2, &err2);
    size_t rows = std::count(out2.begin(), out2.end(), '\n');
    if (rows >= 600 + size_t(kSought)) break;  // one row a report at least, plus inquiries
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  // Every expected candidate is there once (other "possible" proposals may join it), and no
  // pair was proposed twice by the run that was killed and the one that resumed.
  auto queue = Pending();
  std::set<std::pair<std::string, std::string>> pairs;
  std::set<std::string> found_expected;
  for (const auto& v : queue) {
    auto m = v.as_object();
    std::string inquiry_name = Str(m["inquiry"].as_object()["sought_name"]);
    std::string person_name = Str(m["person"].as_object()["display_name"]);
    EXPECT_TRUE(pairs.emplace(Str(m["person"].as_object()["id"]),
                              Str(m["inquiry"].as_object()["id"])).second)
        << "proposed twice: " << person_name;
    if (inquiry_name == person_name) found_expected.insert(inquiry_name);
  }
  EXPECT_EQ(found_expected.size(), size_t(kSought));
}

// On SQLite the running server is the file's one writer, so the SMS gateway reads the outbox and
// marks what it sent over HTTP (the CLI's mark-sent is refused beside the server).
TEST_F(WorkflowTest, TheGatewayRelaysTheOutboxOverHttp) {
  auto inquiry = server_->Request("POST", "/api/v1/inquiries", R"({
      "sought_name": "Nauryzbayev Bolat", "inquirer_name": "Gulnar Nauryzbayeva",
      "callback_phone": "+7 701 555 77 88"})");
  ASSERT_EQ(inquiry.status, 201) << inquiry.body;
  auto report = server_->Request("POST", "/api/v1/reports", R"({
      "source_id": ")" + hospital_ + R"(", "external_id": "H4-0777",
      "full_name": "Наурызбаев Болат", "status": "hospitalised"})");
  ASSERT_EQ(report.status, 201) << report.body;
  auto queue = Pending();
  ASSERT_EQ(queue.size(), 1u);
  ASSERT_EQ(server_->Request("POST",
                             "/api/v1/matches/" + Str(queue[0].as_object()["id"]) + "/decision",
                             R"({"decision":"confirmed"})")
                .status,
            200);

  auto outbox = server_->Request("GET", "/api/v1/outbox");
  ASSERT_EQ(outbox.status, 200) << outbox.body;
  auto items = Obj(outbox)["items"].as_array();
  ASSERT_EQ(items.size(), 1u) << outbox.body;
  std::string id = Str(items[0].as_object()["id"]);
  EXPECT_NE(Str(items[0].as_object()["recipient"]).find("555"), std::string::npos) << outbox.body;
  // Only the gateway's account (an admin's) reads the families' phones.
  Credentials op = UserFor("operator-1", "operator");
  EXPECT_EQ(server_->RequestAs(op, "GET", "/api/v1/outbox").status, 403);
  EXPECT_EQ(server_->RequestAs(op, "POST", "/api/v1/outbox/" + id + "/sent").status, 403);

  auto failed = server_->Request("POST", "/api/v1/outbox/" + id + "/failed",
                                 R"({"error":"gateway timeout"})");
  ASSERT_EQ(failed.status, 200) << failed.body;
  EXPECT_EQ(Obj(failed)["attempts"].as_int64(), 1);
  EXPECT_EQ(Obj(server_->Request("GET", "/api/v1/outbox"))["items"].as_array().size(), 1u);
  auto sent = server_->Request("POST", "/api/v1/outbox/" + id + "/sent");
  ASSERT_EQ(sent.status, 200) << sent.body;
  EXPECT_FALSE(Obj(sent)["sent_at"].is_null());
  EXPECT_EQ(server_->Request("POST", "/api/v1/outbox/" + id + "/sent").status, 409);
  EXPECT_EQ(server_->Request("POST", "/api/v1/outbox/msg_unknown/sent").status, 404);
  EXPECT_TRUE(Obj(server_->Request("GET", "/api/v1/outbox"))["items"].as_array().empty());
  EXPECT_EQ(Obj(server_->Request("GET", "/api/v1/outbox?all=true"))["items"].as_array().size(),
            1u);
  // Both marks are in the audit log.
  auto audit = server_->Request("GET", "/api/v1/audit?action=outbox.");
  EXPECT_NE(audit.body.find("outbox.mark-sent"), std::string::npos) << audit.body;
  EXPECT_NE(audit.body.find("outbox.mark-failed"), std::string::npos) << audit.body;
}

// Issue #19: "C" on a 55 % unidentified body queued the callback and the SMS at once. Confirming
// a death is a second, explicit step naming what was shown; any confirmation can be undone until
// the call is made: an unsent SMS is withdrawn, a sent one leaves the call to be made.
TEST_F(WorkflowTest, ConfirmingADeathIsASecondStepAndCanBeUndoneUntilTheCall) {
  auto inquiry = server_->Request("POST", "/api/v1/inquiries", R"({
      "sought_name": "Bolat Nurlanov", "sought_sex": "male", "sought_approx_age": 30,
      "sought_features": "tattoo of a wolf on the left forearm",
      "inquirer_name": "Saule Nurlanova", "callback_phone": "+7 777 555 10 10"})");
  ASSERT_EQ(inquiry.status, 201);
  std::string inquiry_id = Str(Obj(inquiry)["id"]);
  std::string morgue = CreateSource("Morgue No. 2", "morgue");
  auto body = server_->Request("POST", "/api/v1/reports", R"({
      "source_id": ")" + morgue + R"(", "sex": "m", "approx_age": 32,
      "features": "wolf tattoo, left forearm", "status": "deceased"})");
  ASSERT_EQ(body.status, 201) << body.body;
  auto queue = Pending();
  ASSERT_EQ(queue.size(), 1u);
  std::string match_id = Str(queue[0].as_object()["id"]);
  auto decide = [&](const std::string& json_body) {
    return server_->Request("POST", "/api/v1/matches/" + match_id + "/decision", json_body);
  };
  auto pending_sms = [&] {
    return Obj(server_->Request("GET", "/api/v1/outbox"))["items"].as_array().size();
  };
  auto callbacks = [&] {
    return Obj(server_->Request("GET", "/api/v1/callbacks?state=all"))["items"].as_array();
  };

  for (const char* one_key : {R"({"decision":"confirmed"})",
                              R"({"decision":"confirmed","acknowledged":"unidentified"})"}) {
    auto refused = decide(one_key);
    EXPECT_EQ(refused.status, 409) << refused.body;
    EXPECT_EQ(Str(Obj(refused)["error"].as_object()["field"]), "acknowledged");
  }
  EXPECT_EQ(Pending().size(), 1u);
  EXPECT_TRUE(callbacks().empty());
  EXPECT_EQ(pending_sms(), 0u);

  auto confirmed = decide(R"({"decision":"confirmed","acknowledged":"deceased"})");
  ASSERT_EQ(confirmed.status, 200) << confirmed.body;
  ASSERT_EQ(callbacks().size(), 1u);
  EXPECT_EQ(Str(callbacks()[0].as_object()["match_id"]), match_id);
  EXPECT_EQ(pending_sms(), 1u);

  // Undone before the SMS went: withdrawn, the call cancelled, the inquiry looks again.
  auto undone = server_->Request("POST", "/api/v1/matches/" + match_id + "/undo");
  ASSERT_EQ(undone.status, 200) << undone.body;
  EXPECT_EQ(Obj(undone)["message_withdrawn"], true);
  EXPECT_EQ(pending_sms(), 0u);
  EXPECT_EQ(Str(callbacks()[0].as_object()["state"]), "cancelled");
  EXPECT_EQ(Pending().size(), 1u);
  auto q = Obj(server_->Request("GET", "/api/v1/inquiries/" + inquiry_id));
  EXPECT_EQ(Str(q["state"]), "candidate_found");
  EXPECT_EQ(Str(q["person_id"]), "");
  auto again = server_->Request("POST", "/api/v1/matches/" + match_id + "/undo");
  EXPECT_EQ(again.status, 409) << again.body;

  // Undone after the gateway sent the SMS: the family expects a call, so the call stays.
  ASSERT_EQ(decide(R"({"decision":"confirmed","acknowledged":"deceased"})").status, 200);
  auto outbox = Obj(server_->Request("GET", "/api/v1/outbox"))["items"].as_array();
  ASSERT_EQ(outbox.size(), 1u);
  ASSERT_EQ(server_->Request("POST", "/api/v1/outbox/" + Str(outbox[0].as_object()["id"]) + "/sent")
                .status,
            200);
  undone = server_->Request("POST", "/api/v1/matches/" + match_id + "/undo");
  ASSERT_EQ(undone.status, 200) << undone.body;
  EXPECT_EQ(Obj(undone)["message_withdrawn"], false);
  std::string kept_call = Str(Obj(undone)["callback_id"]);
  std::string note;
  for (const auto& c : callbacks()) {
    if (Str(c.as_object().at("id")) == kept_call) {
      EXPECT_EQ(Str(c.as_object().at("state")), "pending");
      note = Str(c.as_object().at("note"));
    }
  }
  EXPECT_NE(note.find("undone"), std::string::npos) << note;

  // Once the family was told, the confirmation stands.
  ASSERT_EQ(decide(R"({"decision":"confirmed","acknowledged":"deceased"})").status, 200);
  std::string call;
  for (const auto& c : callbacks()) {
    const auto& o = c.as_object();
    if (Str(o.at("state")) == "pending") call = Str(o.at("id"));
    // The call kept from the undone confirmation gives way to the new one.
    if (Str(o.at("id")) == kept_call) EXPECT_EQ(Str(o.at("state")), "cancelled");
  }
  ASSERT_FALSE(call.empty());
  ASSERT_EQ(
      server_
          ->Request("POST", "/api/v1/callbacks/" + call + "/outcome", R"({"outcome":"informed"})")
          .status,
      200);
  auto too_late = server_->Request("POST", "/api/v1/matches/" + match_id + "/undo");
  EXPECT_EQ(too_late.status, 409) << too_late.body;
}

// Issue #19: a surname-only inquiry left 10 review items after one was confirmed.
TEST_F(WorkflowTest, ConfirmingOneCandidateClosesTheOthersUntilUndone) {
  auto inquiry = server_->Request("POST", "/api/v1/inquiries", R"({
      "sought_name": "Yerlan Serikov", "inquirer_name": "Aigul Serikova",
      "callback_phone": "+7 701 555 01 23"})");
  ASSERT_EQ(inquiry.status, 201);
  std::string inquiry_id = Str(Obj(inquiry)["id"]);
  for (const char* report :
       {R"("external_id": "H-1", "full_name": "СЕРІКОВ Ерлан", "birth_date": "1994")",
        R"("external_id": "H-2", "full_name": "Сериков Ерлан", "birth_date": "1961")"}) {
    auto r = server_->Request(
        "POST", "/api/v1/reports",
        R"({"source_id": ")" + hospital_ + R"(", "status": "hospitalised", )" + report + "}");
    ASSERT_EQ(r.status, 201) << r.body;
  }
  auto of_inquiry = [&] {
    std::map<std::string, std::string> decisions;
    auto items = Obj(server_->Request("GET", "/api/v1/inquiries/" + inquiry_id + "/matches"));
    for (const auto& m : items["items"].as_array()) {
      decisions[Str(m.as_object().at("id"))] = Str(m.as_object().at("decision"));
    }
    return decisions;
  };
  auto before = of_inquiry();
  ASSERT_EQ(before.size(), 2u);
  std::string first = before.begin()->first, second = std::next(before.begin())->first;
  ASSERT_EQ(
      server_
          ->Request("POST", "/api/v1/matches/" + first + "/decision", R"({"decision":"confirmed"})")
          .status,
      200);
  auto after = of_inquiry();
  EXPECT_EQ(after[first], "confirmed");
  EXPECT_EQ(after[second], "closed");
  for (const auto& m : Pending()) EXPECT_NE(Str(m.as_object().at("id")), second);
  EXPECT_EQ(server_
                ->Request("POST", "/api/v1/matches/" + second + "/decision",
                          R"({"decision":"confirmed"})")
                .status,
            409);
  ASSERT_EQ(server_->Request("POST", "/api/v1/matches/" + first + "/undo").status, 200);
  auto undone = of_inquiry();
  EXPECT_EQ(undone[first], "pending");
  EXPECT_EQ(undone[second], "pending");
}

// Issue #19: two operators could call the same family.
TEST_F(WorkflowTest, ACallbackIsClaimedByTheOperatorWhoOpensIt) {
  auto inquiry = server_->Request("POST", "/api/v1/inquiries", R"({
      "sought_name": "Yerlan Serikov", "inquirer_name": "Aigul Serikova",
      "inquirer_relation": "mother", "callback_phone": "+7 701 555 01 23"})");
  ASSERT_EQ(inquiry.status, 201);
  ASSERT_EQ(server_
                ->Request("POST", "/api/v1/reports",
                          R"({"source_id": ")" + hospital_ +
                              R"(", "external_id": "H-1",
      "full_name": "СЕРІКОВ Ерлан", "status": "hospitalised"})")
                .status,
            201);
  auto queue = Pending();
  ASSERT_EQ(queue.size(), 1u);
  ASSERT_EQ(
      server_
          ->Request("POST", "/api/v1/matches/" + Str(queue[0].as_object()["id"]) + "/decision",
                    R"({"decision":"confirmed"})")
          .status,
      200);
  auto calls = Obj(server_->Request("GET", "/api/v1/callbacks"))["items"].as_array();
  ASSERT_EQ(calls.size(), 1u);
  auto call = calls[0].as_object();
  EXPECT_EQ(Str(call["family_code"]).size(), 8u);
  EXPECT_EQ(Str(call["inquirer_relation"]), "mother");
  std::string id = Str(call["id"]);
  Credentials anna = UserFor("anna", "operator"), boris = UserFor("boris", "operator");

  auto claimed = server_->RequestAs(anna, "POST", "/api/v1/callbacks/" + id + "/claim");
  ASSERT_EQ(claimed.status, 200) << claimed.body;
  EXPECT_FALSE(Str(Obj(claimed)["claimed_by"]).empty());
  EXPECT_FALSE(Str(Obj(claimed)["claimed_until"]).empty());
  auto listed = Obj(server_->RequestAs(boris, "GET", "/api/v1/callbacks"))["items"].as_array();
  EXPECT_EQ(Str(listed[0].as_object()["claimed_by"]), Str(Obj(claimed)["claimed_by"]));
  auto taken = server_->RequestAs(boris, "POST", "/api/v1/callbacks/" + id + "/claim");
  EXPECT_EQ(taken.status, 409) << taken.body;
  auto outcome = server_->RequestAs(boris, "POST", "/api/v1/callbacks/" + id + "/outcome",
                                    R"({"outcome":"no_answer"})");
  EXPECT_EQ(outcome.status, 409) << outcome.body;
  EXPECT_EQ(server_->RequestAs(anna, "POST", "/api/v1/callbacks/" + id + "/claim").status, 200);
  ASSERT_EQ(server_
                ->RequestAs(anna, "POST", "/api/v1/callbacks/" + id + "/outcome",
                            R"({"outcome":"no_answer"})")
                .status,
            200);
  // The outcome ends anna's call: the next try is anyone's.
  EXPECT_EQ(server_->RequestAs(boris, "POST", "/api/v1/callbacks/" + id + "/claim").status, 200);
}

// Issue #19: "I called yesterday" — an inquiry is found again by the callback phone in whatever
// form the caller says it, by the sought person's name and by the caller's own name, in another
// script; a search result is linked to the inquiry as "this is who the caller means".
TEST_F(WorkflowTest, AnInquiryIsFoundAgainByPhoneOrNameAndAPersonLinkedToIt) {
  auto open = [&](const std::string& sought, const std::string& caller, const std::string& phone) {
    auto r = server_->Request(
        "POST", "/api/v1/inquiries",
        json::serialize(json::object{
            {"sought_name", sought}, {"inquirer_name", caller}, {"callback_phone", phone}}));
    EXPECT_EQ(r.status, 201) << r.body;
    return Str(Obj(r)["id"]);
  };
  std::string tokaev = open("Тоқаев Қасым", "Назарбаева Дарига", "+7 701 123-45-67");
  std::string other = open("Qorqytbayev Arman", "Sarsenova Aliya", "+7 702 999 88 77");
  auto find = [&](const std::string& q) {
    auto r = server_->Request("GET", "/api/v1/inquiries?q=" + UrlEncode(q));
    EXPECT_EQ(r.status, 200) << q << ": " << r.body;
    std::vector<std::pair<std::string, std::string>> out;  // id, matched_on
    if (r.status != 200) return out;
    const json::object body = Obj(r);
    for (const auto& item : body.at("items").as_array()) {
      out.emplace_back(Str(item.as_object().at("id")), Str(item.as_object().at("matched_on")));
    }
    return out;
  };
  using Hits = std::vector<std::pair<std::string, std::string>>;
  EXPECT_EQ(find("8 (701) 1234567"), (Hits{{tokaev, "callback_phone"}}));
  EXPECT_EQ(find("87011234567"), (Hits{{tokaev, "callback_phone"}}));
  EXPECT_EQ(find("123-45-67"), (Hits{{tokaev, "callback_phone"}}));  // the end of the number
  EXPECT_EQ(find("+7 703 123 45 67"), Hits{});                       // another number
  auto by_sought = find("Tokayev Kasym");
  ASSERT_FALSE(by_sought.empty());
  EXPECT_EQ(by_sought[0], std::make_pair(tokaev, std::string("sought_name")));
  auto by_caller = find("Nazarbayeva Dariga");
  ASSERT_FALSE(by_caller.empty());
  EXPECT_EQ(by_caller[0], std::make_pair(tokaev, std::string("inquirer_name")));
  for (const auto& [id, on] : by_caller) EXPECT_NE(id, other);
  EXPECT_EQ(server_->Request("GET", "/api/v1/inquiries?q=%2B%2B").status, 400);
  // The search is a read of personal data: audited, with the ids found and nothing else.
  auto audit = server_->Request("GET", "/api/v1/audit?action=inquiry.search&limit=50");
  ASSERT_EQ(audit.status, 200) << audit.body;
  EXPECT_NE(audit.body.find(tokaev), std::string::npos);
  EXPECT_EQ(audit.body.find("Tokayev"), std::string::npos);

  // "This is who the caller means": the person joins the inquiry's candidates, once.
  auto report = Obj(server_->Request("POST", "/api/v1/reports", R"({
      "source_id": ")" + hospital_ + R"(", "full_name": "Токаев К.",
      "status": "hospitalised", "facility": "City Hospital No. 4"})"));
  std::string person = Str(report["person_id"]);
  ASSERT_FALSE(person.empty());
  auto linked = server_->Request("POST", "/api/v1/inquiries/" + other + "/link",
                                 json::serialize(json::object{{"person_id", person}}));
  ASSERT_EQ(linked.status, 200) << linked.body;
  EXPECT_EQ(Obj(linked)["decision"], "pending");
  auto again = server_->Request("POST", "/api/v1/inquiries/" + other + "/link",
                                json::serialize(json::object{{"person_id", person}}));
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(Obj(again)["match_id"], Obj(linked)["match_id"]);
  auto candidates = Obj(server_->Request("GET", "/api/v1/inquiries/" + other + "/matches"));
  int linked_count = 0;
  for (const auto& m : candidates["items"].as_array()) {
    if (Str(m.as_object().at("id")) == Str(Obj(linked)["match_id"])) ++linked_count;
  }
  EXPECT_EQ(linked_count, 1);
  EXPECT_EQ(Obj(server_->Request("GET", "/api/v1/inquiries/" + other))["state"], "candidate_found");
  EXPECT_EQ(
      server_
          ->Request("POST", "/api/v1/inquiries/" + other + "/link", R"({"person_id":"per_nobody"})")
          .status,
      404);

  // Withdrawn with a reason: it is no longer looking, so nobody is linked to it any more, and
  // the reason is what a colleague who finds it again reads.
  auto q = Obj(server_->Request("GET", "/api/v1/inquiries/" + other));
  auto withdrawn = server_->Request(
      "PATCH", "/api/v1/inquiries/" + other,
      json::serialize(json::object{{"version", q["version"]},
                                   {"state", "withdrawn"},
                                   {"close_reason", "the caller found him at home"}}));
  ASSERT_EQ(withdrawn.status, 200) << withdrawn.body;
  EXPECT_EQ(Obj(withdrawn)["close_reason"], "the caller found him at home");
  EXPECT_EQ(server_
                ->Request("POST", "/api/v1/inquiries/" + other + "/link",
                          json::serialize(json::object{{"person_id", person}}))
                .status,
            409);
  auto found = find("+7 702 999 88 77");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].first, other);
}

}  // namespace
}  // namespace aftermath::testing

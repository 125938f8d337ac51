// Applying online over HTTP against the real server on loopback (issue #18): the code sent as an
// SMS through the outbox, confirmed for a token, a JPEG uploaded by its bytes and a program
// refused, the application submitted twice as one claim, submitted and online for a clerk; a
// wrong code answered with the tries left; starting is rate-limited per client like the lookup.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <regex>
#include <sstream>
#include <string>

#include "server_process.h"

namespace aftermath::testing {
namespace {

namespace json = boost::json;

std::string Str(const json::value& v) { return v.is_string() ? std::string(v.as_string()) : ""; }
json::object Obj(const HttpResult& r) {
  auto v = json::parse(r.body, {}, {});
  return v.is_object() ? v.as_object() : json::object();
}

constexpr const char* kIin = "900101300017";

class ApplyApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = TempDir(::testing::UnitTest::GetInstance()->current_test_info()->name());
    server_ = std::make_unique<ServerProcess>(
        dir_ + "/registry.db",
        std::vector<std::string>{"--files", dir_ + "/files", "--trusted-proxies", "127.0.0.0/8"});
    ASSERT_GT(server_->port(), 0);
    auto r = server_->Request("POST", "/api/v1/recovery/programmes",
                              json::serialize(json::object{{"code", "almaty-homes"},
                                                           {"name", "Damaged homes"},
                                                           {"claim_kinds", json::array{"home"}},
                                                           {"amount_rule", "assessed"},
                                                           {"period_start", "2020-01-01"}}));
    ASSERT_EQ(r.status, 201) << r.body;
  }
  HttpResult Public(const std::string& target, const json::object& body,
                    const std::string& client = "10.1.1.1") {
    return server_->RequestAs({}, "POST", target, json::serialize(body), {{"X-Real-IP", client}});
  }
  // The code of the newest SMS the outbox holds for `phone`, as the gateway on the server's host
  // reads it (`aftermath outbox list`): no signed-in user is shown it (see below).
  std::string CodeFor(const std::string& phone) {
    std::string out, err;
    EXPECT_EQ(RunAftermath({"outbox", "list", "--db", DbUrl(dir_ + "/registry.db")}, &out, &err), 0)
        << err;
    std::string code;
    std::istringstream lines(out);
    for (std::string line; std::getline(lines, line);) {
      std::smatch match;
      if (line.find("\t" + phone + "\t") != std::string::npos &&
          std::regex_search(line, match, std::regex("\\b\\d{6}\\b"))) {
        code = match.str();
      }
    }
    EXPECT_FALSE(code.empty()) << out;
    return code;
  }

  std::string dir_;
  std::unique_ptr<ServerProcess> server_;
};

TEST_F(ApplyApiTest, APhoneConfirmedByTheSmsCodeSubmitsOneClaimForAClerk) {
  auto programmes = server_->RequestAs({}, "GET", "/api/v1/public/programmes");
  ASSERT_EQ(programmes.status, 200) << programmes.body;
  EXPECT_NE(programmes.body.find("almaty-homes"), std::string::npos);

  auto start =
      Public("/api/v1/public/apply/start", {{"phone", "8 701 555 07 77"}, {"language", "kk"}});
  ASSERT_EQ(start.status, 201) << start.body;
  std::string application = Str(Obj(start)["application"]);
  EXPECT_EQ(start.body.find("555"), std::string::npos);  // the answer holds no phone, no code
  std::string code = CodeFor("+77015550777");
  std::string wrong = code == "000000" ? "111111" : "000000";
  auto bad =
      Public("/api/v1/public/apply/confirm", {{"application", application}, {"code", wrong}});
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_NE(bad.body.find("4 tries left"), std::string::npos) << bad.body;
  auto confirmed =
      Public("/api/v1/public/apply/confirm", {{"application", application}, {"code", code}});
  ASSERT_EQ(confirmed.status, 200) << confirmed.body;
  std::string token = Str(Obj(confirmed)["token"]);
  // The code is spent.
  EXPECT_EQ(
      Public("/api/v1/public/apply/confirm", {{"application", application}, {"code", code}}).status,
      409);

  std::string jpeg = std::string("\xFF\xD8\xFF\xE0\x00\x10JFIF", 10) + std::string(100, 'j');
  auto upload = server_->RequestAs(
      {}, "POST", "/api/v1/public/apply/documents", jpeg,
      {{"Content-Type", "application/octet-stream"}, {"X-Application-Token", token}});
  ASSERT_EQ(upload.status, 201) << upload.body;
  EXPECT_EQ(Str(Obj(upload)["media_type"]), "image/jpeg");
  std::string sha256 = Str(Obj(upload)["sha256"]);
  auto exe = server_->RequestAs({}, "POST", "/api/v1/public/apply/documents",
                                std::string("MZ\x90\0\0\0PE\0\0", 11),
                                {{"Content-Type", "image/jpeg"}, {"X-Application-Token", token}});
  EXPECT_EQ(exe.status, 400) << exe.body;
  auto no_token = server_->RequestAs({}, "POST", "/api/v1/public/apply/documents", jpeg,
                                     {{"Content-Type", "application/octet-stream"}});
  EXPECT_EQ(no_token.status, 401) << no_token.body;

  json::object claim{
      {"token", token},
      {"kind", "home"},
      {"programme", "almaty-homes"},
      {"applicant_name", "Жұмабекова Әйгерім"},
      {"applicant_id", "900101300018"},
      {"object", {{"kind", "home"}, {"address", "г. Алматы, ул. Абая, д. 7"}}},
      {"documents", json::array{json::object{{"sha256", sha256}, {"kind", "photo"}}}}};
  auto bad_iin = Public("/api/v1/public/apply/submit", claim);
  EXPECT_EQ(bad_iin.status, 400) << bad_iin.body;
  EXPECT_EQ(Str(Obj(bad_iin)["error"].as_object()["field"]), "applicant_id");
  claim["applicant_id"] = kIin;
  auto submitted = Public("/api/v1/public/apply/submit", claim);
  ASSERT_EQ(submitted.status, 201) << submitted.body;
  std::string number = Str(Obj(submitted)["number"]);
  EXPECT_EQ(Str(Obj(submitted)["state"]), "submitted");
  EXPECT_EQ(submitted.body.find("Жұмабекова"), std::string::npos);
  auto again = Public("/api/v1/public/apply/submit", claim);
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(Str(Obj(again)["number"]), number);

  auto list = server_->Request("GET", "/api/v1/recovery/claims?state=submitted");
  ASSERT_EQ(list.status, 200) << list.body;
  auto items = Obj(list)["items"].as_array();
  ASSERT_EQ(items.size(), 1u) << list.body;
  EXPECT_EQ(Str(items[0].as_object()["id"]), number);
  EXPECT_EQ(Str(items[0].as_object()["channel"]), "online");
  // The applicant follows it on the status page with the number and the IIN.
  auto status = Public("/api/v1/public/claim-status", {{"number", number}, {"iin", kIin}});
  EXPECT_EQ(status.status, 200) << status.body;
}

// The one-time code is the applicant's alone (issue #18): an admin listing the outbox sees the
// message with its digits masked, pending or after it was marked sent, and the server keeps
// nothing of it once sent.
TEST_F(ApplyApiTest, NoSignedInUserReadsTheOneTimeCodeInTheOutbox) {
  auto start =
      Public("/api/v1/public/apply/start", {{"phone", "8 701 555 08 88"}, {"language", "ru"}});
  ASSERT_EQ(start.status, 201) << start.body;
  std::string code = CodeFor("+77015550888");
  ASSERT_EQ(code.size(), 6u);

  auto listed = server_->Request("GET", "/api/v1/outbox?all=true");
  ASSERT_EQ(listed.status, 200) << listed.body;
  EXPECT_EQ(listed.body.find(code), std::string::npos) << listed.body;
  std::string id, body;
  json::object all = Obj(listed);
  for (const auto& m : all["items"].as_array()) {
    auto o = m.as_object();
    if (Str(o["recipient"]) == "+77015550888") {
      id = Str(o["id"]);
      body = Str(o["body"]);
    }
  }
  ASSERT_FALSE(id.empty()) << listed.body;
  EXPECT_NE(body.find("\u2022\u2022\u2022\u2022\u2022\u2022"), std::string::npos) << body;

  auto sent = server_->Request("POST", "/api/v1/outbox/" + id + "/sent");
  ASSERT_EQ(sent.status, 200) << sent.body;
  EXPECT_EQ(sent.body.find(code), std::string::npos) << sent.body;
  // Sent: the code is gone from the store too (the gateway's own listing has it no more).
  std::string out, err;
  ASSERT_EQ(
      RunAftermath({"outbox", "list", "--all", "--db", DbUrl(dir_ + "/registry.db")}, &out, &err),
      0)
      << err;
  EXPECT_NE(out.find(id), std::string::npos) << out;
  EXPECT_EQ(out.find(code), std::string::npos) << out;
  EXPECT_EQ(server_->Request("GET", "/api/v1/outbox?all=true").body.find(code), std::string::npos);
}

TEST_F(ApplyApiTest, StartingIsRateLimitedPerClientLikeTheLookup) {
  int refused = 0;
  for (int i = 0; i < 14; ++i) {
    auto r =
        Public("/api/v1/public/apply/start",
               {{"phone", "+7701555" + std::to_string(1000 + i)}, {"language", "ru"}}, "10.2.2.2");
    if (r.status == 429) {
      ++refused;
      EXPECT_EQ(Obj(r)["error"].as_object()["code"], "resource_exhausted") << r.body;
    } else {
      EXPECT_EQ(r.status, 201) << r.body;
    }
  }
  EXPECT_GE(refused, 3);
  // Another client is not held up; one phone is held after three in an hour.
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(Public("/api/v1/public/apply/start", {{"phone", "+77029990000"}},
                     "10.3.3." + std::to_string(i + 1))
                  .status,
              201);
  }
  EXPECT_EQ(Public("/api/v1/public/apply/start", {{"phone", "+77029990000"}}, "10.3.3.9").status,
            429);
}

}  // namespace
}  // namespace aftermath::testing

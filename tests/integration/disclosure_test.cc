// Every route × every kind of caller × every personal field, through the real server: records
// whose every personal field holds a marker of its own are seeded, each route of the route table
// is called by each caller with parameters pointing at them, and no response may carry a marker
// the disclosure table (access/disclosure.cc) keeps from that caller. A route added to the table
// without a case here fails the test.
#include "access/disclosure.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <functional>
#include <map>
#include <set>
#include <thread>
#include <tuple>

#include "http/routes.h"
#include "recovery/keys.h"
#include "server_process.h"

namespace aftermath::testing {
namespace {

namespace json = boost::json;
using access::Field;
using access::Viewer;

json::object Obj(const HttpResult& r) {
  auto v = json::parse(r.body);
  return v.is_object() ? v.as_object() : json::object();
}
std::string Str(const json::value& v) { return std::string(v.as_string()); }

// A valid Kazakh IBAN for the 16-character BBAN (ISO 13616 check digits, mod 97).
std::string KzIban(const std::string& bban) {
  int mod = 0;
  for (char c : bban + "KZ00") {
    std::string digits = (c >= 'A' && c <= 'Z') ? std::to_string(c - 'A' + 10) : std::string(1, c);
    for (char d : digits) mod = (mod * 10 + (d - '0')) % 97;
  }
  int check = 98 - mod;
  return std::string("KZ") + (check < 10 ? "0" : "") + std::to_string(check) + bban;
}

// Whose record a value belongs to: a clerk (or token) of source A may learn only source A's.
enum class Owner { kSourceA, kSourceB, kLine };

struct Marker {
  std::string value;
  Field field;
  Owner owner;
  // The class the recovery register shows the same value under (a family's contact from the
  // line is a next of kin there, the deceased's name a case's person); none: the line's only.
  std::optional<Field> register_field = std::nullopt;
};

struct Caller {
  std::string name;
  Viewer viewer;
  Credentials credentials;
  std::string username;             // users: to open a throw-away session for sign-out
  std::optional<Owner> own_source;  // clerks and tokens
};

struct Case {
  // "METHOD /pattern" as in the route table.
  std::string route;
  std::function<HttpResult(const Caller&)> call;
  // The answer's viewer whoever asks (the family view: whoever holds the code is the family).
  std::optional<Viewer> answer_viewer = std::nullopt;
};

class DisclosureTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = TempDir("disclosure");
    server_ = std::make_unique<ServerProcess>(
        dir_ + "/registry.db", std::vector<std::string>{"--trusted-proxies", "127.0.0.1/32",
                                                        "--line-phone", "+7 700 000 00 01"});
    ASSERT_GT(server_->port(), 0);
  }

  HttpResult Admin(const std::string& method, const std::string& target,
                   const json::object& body = {}) {
    return server_->Request(method, target, body.empty() ? "" : json::serialize(body));
  }
  json::object AdminOk(const std::string& method, const std::string& target,
                       const json::object& body = {}) {
    auto r = Admin(method, target, body);
    EXPECT_TRUE(r.status >= 200 && r.status < 300) << method << " " << target << ": " << r.body;
    return Obj(r);
  }

  // A marker that is a word of its own, found in no other field and in no fixed text.
  std::string Mark(const std::string& what, Field field, Owner owner) {
    std::string value = "mk" + what + "q" + std::to_string(markers_.size() + 10);
    markers_.push_back({value, field, owner});
    return value;
  }

  // Every public lookup comes from an address of its own (the server trusts this proxy), so
  // the per-client allowance does not turn the walk into 429s.
  std::map<std::string, std::string> FreshClient() {
    ++clients_;
    return {{"X-Real-IP",
             "10.9." + std::to_string(clients_ / 250) + "." + std::to_string(clients_ % 250 + 1)}};
  }

  std::string dir_;
  std::unique_ptr<ServerProcess> server_;
  std::vector<Marker> markers_;
  int clients_ = 0;
};

TEST_F(DisclosureTest, NoRouteShowsAnyCallerAFieldTheTableKeepsFromThem) {
  // ---- the records, every personal field a marker ----
  std::string source_a =
      Str(AdminOk("POST", "/api/v1/sources", {{"name", "Hospital A"}, {"kind", "hospital"}})["id"]);
  std::string source_b =
      Str(AdminOk("POST", "/api/v1/sources", {{"name", "Morgue B"}, {"kind", "morgue"}})["id"]);
  // A person's name is matched by the engine, so it is two invented words, not a marker code.
  const std::string name_a = "Kvazimbekov Zholtairbek", name_b = "Urtaganova Peizhenkul",
                    name_line = "Dromsvetlova Yaskarina";
  markers_.push_back({name_a, Field::kDisplayName, Owner::kSourceA});
  markers_.push_back({name_b, Field::kDisplayName, Owner::kSourceB});
  markers_.push_back({name_line, Field::kDisplayName, Owner::kLine});
  auto report_json = [&](const std::string& source, const std::string& name, Owner o) {
    return json::object{{"source_id", source},
                        {"external_id", Mark("ext", Field::kProvenance, o)},
                        {"full_name", name},
                        {"birth_date", o == Owner::kSourceA ? "1931-07-19" : "1917-11-23"},
                        {"status", "hospitalised"},
                        {"features", Mark("features", Field::kDescription, o)},
                        {"facility", Mark("facility", Field::kFacility, o)},
                        {"location", Mark("location", Field::kLocation, o)},
                        {"notes", Mark("notes", Field::kProvenance, o)},
                        {"raw", Mark("raw", Field::kProvenance, o)}};
  };
  markers_.push_back({"1931-07-19", Field::kIdentity, Owner::kSourceA});
  markers_.push_back({"1917-11-23", Field::kIdentity, Owner::kSourceB});
  markers_.push_back({"1909-02-14", Field::kIdentity, Owner::kLine});
  auto inquiry_json = [&](const std::string& sought) {
    Owner o = Owner::kLine;
    return json::object{{"sought_name", sought},
                        {"sought_features", Mark("soughtfeatures", Field::kDescription, o)},
                        {"sought_home_locality", Mark("soughthome", Field::kDescription, o)},
                        {"last_seen_place", Mark("lastseen", Field::kLocation, o)},
                        {"inquirer_name", Mark("inquirer", Field::kContact, o)},
                        {"inquirer_relation", Mark("relation", Field::kContact, o)},
                        {"callback_phone", "+7 701 " + std::to_string(4000000 + markers_.size())},
                        {"notes", Mark("inquirynotes", Field::kProvenance, o)}};
  };
  // Inquiries first: each report that follows is proposed as their candidate.
  auto q1_body = inquiry_json(name_a);
  markers_.push_back({Str(q1_body["callback_phone"]), Field::kContact, Owner::kLine});
  std::string q1 = Str(AdminOk("POST", "/api/v1/inquiries", q1_body)["id"]);
  auto q2_body = inquiry_json(name_b);
  markers_.push_back({Str(q2_body["callback_phone"]), Field::kContact, Owner::kLine});
  std::string q2 = Str(AdminOk("POST", "/api/v1/inquiries", q2_body)["id"]);
  auto report_a =
      AdminOk("POST", "/api/v1/reports", report_json(source_a, name_a, Owner::kSourceA));
  auto report_b =
      AdminOk("POST", "/api/v1/reports", report_json(source_b, name_b, Owner::kSourceB));
  std::string p1 = Str(report_a["person_id"]), p2 = Str(report_b["person_id"]);
  std::string report_b_id = Str(report_b["id"]);
  AdminOk(
      "POST", "/api/v1/persons",
      {{"full_name", name_line},
       {"other_names", json::array{json::string(Mark("alias", Field::kIdentity, Owner::kLine))}},
       {"birth_date", "1909-02-14"},
       {"features", Mark("linefeatures", Field::kDescription, Owner::kLine)},
       {"home_locality", Mark("linehome", Field::kDescription, Owner::kLine)}});

  // PFIF records (issue #20), through POST /api/v1/pfif: each field a marker of its own. The
  // contacts only in source B's record: the record's raw (provenance) shows a source's clerk
  // all of its own record, so only another source's contacts tell the feeds' scoping.
  auto pfif_record = [&](Owner o, const std::string& id, const std::string& name) {
    std::string contacts =
        o == Owner::kSourceB
            ? "<pfif:author_email>" + Mark("pfifemail", Field::kContact, o) + "@x.example"
                  "</pfif:author_email><pfif:author_phone>" +
                  Mark("pfifphone", Field::kContact, o) + "</pfif:author_phone>"
            : "";
    std::string found_phone =
        o == Owner::kSourceB ? "<pfif:phone_of_found_person>" +
                                   Mark("pfiffound", Field::kContact, o) +
                                   "</pfif:phone_of_found_person>"
                             : "";
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
           "<pfif:pfif xmlns:pfif=\"http://zesty.ca/pfif/1.4\"><pfif:person>"
           "<pfif:person_record_id>pfdisc.example/" + id + "</pfif:person_record_id>"
           "<pfif:entry_date>2020-01-01T00:00:00Z</pfif:entry_date>" + contacts +
           "<pfif:source_date>2020-01-01T00:00:00Z</pfif:source_date>"
           "<pfif:source_url>https://pf.example/" + Mark("pfifurl", Field::kProvenance, o) +
           "</pfif:source_url><pfif:full_name>" + name + "</pfif:full_name>"
           "<pfif:description>" + Mark("pfifdesc", Field::kDescription, o) +
           "</pfif:description><pfif:home_street>" + Mark("pfifstreet", Field::kDescription, o) +
           "</pfif:home_street><pfif:photo_url>https://pf.example/" +
           Mark("pfifphoto", Field::kIdentity, o) + "</pfif:photo_url>"
           "<pfif:note><pfif:note_record_id>pfdisc.example/n" + id + "</pfif:note_record_id>"
           "<pfif:author_name>" + Mark("pfifauthor", Field::kProvenance, o) +
           "</pfif:author_name><pfif:source_date>2020-01-01T00:00:00Z</pfif:source_date>"
           "<pfif:status>believed_missing</pfif:status>" + found_phone +
           "<pfif:last_known_location>" + Mark("pfifplace", Field::kLocation, o) +
           "</pfif:last_known_location><pfif:text>" + Mark("pfiftext", Field::kProvenance, o) +
           "</pfif:text></pfif:note></pfif:person></pfif:pfif>";
  };
  const std::string pfif_name_a = "Qorlantay Mizhbelova", pfif_name_b = "Sarvendy Uktamirova";
  markers_.push_back({pfif_name_a, Field::kDisplayName, Owner::kSourceA});
  markers_.push_back({pfif_name_b, Field::kDisplayName, Owner::kSourceB});
  for (const auto& [source, owner, id, name] :
       {std::tuple{source_a, Owner::kSourceA, std::string("pa"), pfif_name_a},
        std::tuple{source_b, Owner::kSourceB, std::string("pb"), pfif_name_b}}) {
    auto r = server_->RequestAs(server_->admin(), "POST", "/api/v1/pfif?source_id=" + source,
                                pfif_record(owner, id, name),
                                {{"Content-Type", "application/xml"}});
    EXPECT_EQ(r.status, 200) << r.body;
    EXPECT_NE(r.body.find("\"created\":2"), std::string::npos) << r.body;
  }

  auto match_of = [&](const std::string& inquiry) -> std::string {
    for (int i = 0; i < 100; ++i) {
      auto items = AdminOk("GET", "/api/v1/inquiries/" + inquiry + "/matches")["items"].as_array();
      if (!items.empty()) return Str(items[0].as_object()["id"]);
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ADD_FAILURE() << "no match proposed for " << inquiry;
    return "mch_none";
  };
  std::string m1 = match_of(q1), m2 = match_of(q2);
  AdminOk("POST", "/api/v1/matches/" + m1 + "/decision", {{"decision", "confirmed"}});
  auto callback = AdminOk("GET", "/api/v1/callbacks")["items"].as_array().at(0).as_object();
  std::string callback_id = Str(callback["id"]), family_code = Str(callback["family_code"]);
  markers_.push_back({family_code, Field::kContact, Owner::kLine});
  auto outbox = AdminOk("GET", "/api/v1/outbox?all=true")["items"].as_array();
  ASSERT_EQ(outbox.size(), 1u);
  std::string message_id = Str(outbox[0].as_object()["id"]);

  // A withdrawn inquiry: the reason the operator gave is the line's own note (provenance).
  auto q4_body = inquiry_json("Qorymbetov Ulzhanbek");
  markers_.push_back({Str(q4_body["callback_phone"]), Field::kContact, Owner::kLine});
  std::string q4 = Str(AdminOk("POST", "/api/v1/inquiries", q4_body)["id"]);
  AdminOk("PATCH", "/api/v1/inquiries/" + q4,
          {{"version", 1},
           {"state", "withdrawn"},
           {"close_reason", Mark("closereason", Field::kProvenance, Owner::kLine)}});

  // ---- the recovery register's records, every personal field a marker ----
  AdminOk("POST", "/api/v1/recovery/programmes",
          {{"code", "walk-business"}, {"name", "Businesses"},
           {"claim_kinds", json::array{"business_property"}}, {"amount_rule", "assessed"},
           {"period_start", "2020-01-01"}});
  std::string family_programme = Str(AdminOk(
      "POST", "/api/v1/recovery/programmes",
      {{"code", "walk-family"},
       {"name", "Families"},
       {"claim_kinds", json::array{"family_support"}},
       {"amount_rule", "fixed"}, {"fixed_amount", 7000000}, {"period_start", "2020-01-01"},
       {"opens_from_direct_line", true}})["id"]);
  // A morgue's report of a person a family seeks: the register opens the family's case and
  // proposes the caller, whose contacts it shows as next of kin.
  const std::string name_dead = "Vostrikhanov Zhelmurat";
  markers_.push_back({name_dead, Field::kDisplayName, Owner::kSourceB, Field::kDeceased});
  size_t before_q3 = markers_.size();
  auto q3_body = inquiry_json(name_dead);
  markers_.push_back({Str(q3_body["callback_phone"]), Field::kContact, Owner::kLine});
  for (size_t i = before_q3; i < markers_.size(); ++i) {
    if (markers_[i].field == Field::kContact) markers_[i].register_field = Field::kKin;
  }
  std::string q3 = Str(AdminOk("POST", "/api/v1/inquiries", q3_body)["id"]);
  AdminOk("POST", "/api/v1/reports",
          {{"source_id", source_b}, {"external_id", Mark("extdead", Field::kProvenance,
                                                         Owner::kSourceB)},
           {"full_name", name_dead}, {"status", "deceased"}});
  AdminOk("POST", "/api/v1/matches/" + match_of(q3) + "/decision",
          {{"decision", "confirmed"}, {"acknowledged", "deceased"}});
  std::string second_callback;  // claimed by the walk, apart from the one whose outcome it sets
  auto calls = AdminOk("GET", "/api/v1/callbacks");
  for (const auto& c : calls["items"].as_array()) {
    if (Str(c.as_object().at("id")) != callback_id) second_callback = Str(c.as_object().at("id"));
  }
  std::string family_claim, kin_id;
  for (int i = 0; i < 100 && kin_id.empty(); ++i) {
    auto list = AdminOk("GET", "/api/v1/recovery/claims?kind=family_support")["items"].as_array();
    if (!list.empty()) family_claim = Str(list[0].as_object()["id"]);
    if (!family_claim.empty()) {
      auto kin = AdminOk("GET", "/api/v1/recovery/claims/" + family_claim)["kin"].as_array();
      if (!kin.empty()) kin_id = Str(kin[0].as_object()["id"]);
    }
    if (kin_id.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_FALSE(kin_id.empty()) << "no family case with its next of kin";
  // A shop owner's claim, and a co-owner's for the same shop (a conflict).
  const std::string applicant = "Temirkhanov Baizhigit";
  markers_.push_back({applicant, Field::kApplicantName, Owner::kLine});
  markers_.push_back({"900101300017", Field::kApplicantId, Owner::kLine});
  markers_.push_back({"850115400911", Field::kApplicantId, Owner::kLine});
  markers_.push_back({"+77023334455", Field::kApplicantContact, Owner::kLine});
  markers_.push_back({"KZ86125KZT5004100100", Field::kBankAccount, Owner::kLine});
  markers_.push_back({"20:321:012:345", Field::kPropertyDetails, Owner::kLine});
  markers_.push_back({"12345678", Field::kAmounts, Owner::kLine});
  markers_.push_back({"7654321", Field::kDamage, Owner::kLine});
  json::object shop{{"kind", "shop"},
                    {"name", Mark("shopname", Field::kPropertyDetails, Owner::kLine)},
                    {"address", Mark("shopstreet", Field::kPropertyDetails, Owner::kLine) + " 52"},
                    {"cadastral", "20:321:012:345"},
                    {"premises", Mark("unit", Field::kPropertyDetails, Owner::kLine)},
                    {"description", Mark("shopdesc", Field::kPropertyDetails, Owner::kLine)},
                    {"owners", json::array{json::object{
                                   {"name", Mark("owner", Field::kApplicantName, Owner::kLine)},
                                   {"id_number", "850115400911"},
                                   {"share_bp", 10000}}}}};
  auto intake = AdminOk(
      "POST", "/api/v1/recovery/claims",
      {{"kind", "business_property"}, {"programme", "walk-business"},
       {"applicant_name", applicant}, {"applicant_id", "900101300017"},
       {"applicant_phone", "+7 702 333 44 55"},
       {"applicant_address", Mark("homeaddr", Field::kApplicantContact, Owner::kLine) + " 7"},
       {"iban", "KZ86125KZT5004100100"},
       {"notes", Mark("claimnotes", Field::kApplicantContact, Owner::kLine)},
       {"amount_claimed", 12345678}, {"object", shop}});
  std::string claim_id = Str(intake["claim"].as_object()["id"]);
  std::string object_id = Str(intake["claim"].as_object()["object_id"]);
  AdminOk("POST", "/api/v1/recovery/claims",
          {{"kind", "business_property"}, {"programme", "walk-business"},
           {"applicant_name", "Probe Coowner"}, {"object_id", object_id}});
  auto conflicts = AdminOk("GET", "/api/v1/recovery/conflicts")["items"].as_array();
  EXPECT_EQ(conflicts.size(), 1u);
  std::string conflict_id = conflicts.empty() ? "cfl_none" : Str(conflicts[0].as_object()["id"]);
  AdminOk("POST", "/api/v1/recovery/objects/" + object_id + "/assessments",
          {{"grade", "D4"}, {"looted", true}, {"asset_damage", 7654321},
           {"notes", Mark("damage", Field::kDamage, Owner::kLine)}});
  std::string work_id = Str(AdminOk(
      "POST", "/api/v1/recovery/objects/" + object_id + "/works",
      {{"contractor", Mark("contractor", Field::kDamage, Owner::kLine)}, {"budget", 1}})["id"]);

  // ---- who calls ----
  auto user = [&](const std::string& username, const std::string& role,
                  const std::string& source = {}) {
    json::object body{{"username", username}, {"role", role}, {"password", kTestPassword}};
    if (!source.empty()) body["source_id"] = source;
    AdminOk("POST", "/api/v1/users", body);
    return server_->Login(username);
  };
  std::string token =
      Str(AdminOk("POST", "/api/v1/tokens",
                  {{"source_id", source_a}, {"name", "hospital A system"}})["secret"]);
  std::vector<Caller> callers = {
      {"anonymous", Viewer::kPublic, {}, "", std::nullopt},
      {"clerk of A", Viewer::kClerk, user("clerk-a", "clerk", source_a), "clerk-a",
       Owner::kSourceA},
      {"token of A", Viewer::kClerk, Credentials{.bearer = token}, "", Owner::kSourceA},
      {"operator", Viewer::kOperator, user("operator1", "operator"), "operator1", std::nullopt},
      {"supervisor", Viewer::kSupervisor, user("supervisor1", "supervisor"), "supervisor1",
       std::nullopt},
      {"admin", Viewer::kAdmin, server_->admin(), kAdminUser, std::nullopt},
  };
  // The recovery register's roles.
  callers.push_back({"inspector", Viewer::kInspector, user("inspector1", "inspector"),
                     "inspector1", std::nullopt});
  callers.push_back({"valuer", Viewer::kValuer, user("valuer1", "valuer"), "valuer1",
                     std::nullopt});
  callers.push_back({"recovery clerk", Viewer::kRecoveryClerk,
                     user("rclerk1", "recovery_clerk"), "rclerk1", std::nullopt});
  // The register's part 2: a commission's chair (the commission below) and finance.
  std::string member_id =
      Str(AdminOk("POST", "/api/v1/users",
                  {{"username", "commission1"}, {"role", "commission_member"},
                   {"password", kTestPassword}})["id"]);
  callers.push_back({"commission member", Viewer::kCommissionMember, server_->Login("commission1"),
                     "commission1", std::nullopt});
  callers.push_back({"finance", Viewer::kFinance, user("finance1", "finance"), "finance1",
                     std::nullopt});

  // A claim ready for the commission (its own applicant, IBAN and shop: no conflict), decided,
  // its act signed, and paid on a list exported before the walk.
  auto ready = AdminOk(
      "POST", "/api/v1/recovery/claims",
      {{"kind", "business_property"}, {"programme", "walk-business"},
       {"applicant_name", "Probe Commission Applicant"},
       {"applicant_id", recovery::CompleteKzId("70010130004").value_or("none")},
       {"iban", KzIban("601A861001799777")},
       {"documents", json::array{json::object{{"kind", "id_card"}, {"sha256", std::string(64, 'c')},
                                              {"media_type", "image/jpeg"}, {"size", 10}},
                                 json::object{{"kind", "title_deed"},
                                              {"sha256", std::string(64, 'd')},
                                              {"media_type", "application/pdf"}, {"size", 10}}}},
       {"object", {{"kind", "shop"}, {"address", "Probe commission street 9"}}}});
  std::string ready_claim = Str(ready["claim"].as_object()["id"]);
  AdminOk("POST", "/api/v1/recovery/claims/" + ready_claim + "/review");
  AdminOk("POST", "/api/v1/recovery/claims/" + ready_claim + "/check");
  AdminOk("POST",
          "/api/v1/recovery/objects/" + Str(ready["claim"].as_object()["object_id"]) +
              "/assessments",
          {{"claim_id", ready_claim}, {"grade", "D2"}, {"asset_damage", 1000}});
  AdminOk("POST", "/api/v1/recovery/claims/" + ready_claim + "/ready");
  std::string commission_id = Str(AdminOk(
      "POST", "/api/v1/recovery/commissions",
      {{"programme", "walk-business"}, {"name", "Walk commission"}, {"quorum", 1},
       {"members", json::array{json::object{{"user_id", member_id}, {"role", "chair"}}}}})["id"]);
  Credentials member_login = server_->Login("commission1");
  auto as_member = [&](const std::string& method, const std::string& target,
                       const json::object& body = {}) {
    auto r = server_->RequestAs(member_login, method, target,
                                body.empty() ? "" : json::serialize(body));
    EXPECT_TRUE(r.status >= 200 && r.status < 300) << method << " " << target << ": " << r.body;
    return Obj(r);
  };
  std::string session_id =
      Str(as_member("POST", "/api/v1/recovery/commissions/" + commission_id + "/sessions",
                    {{"present", json::array{json::string(member_id)}},
                     {"claim_ids", json::array{json::string(ready_claim)}}})["id"]);
  as_member("POST", "/api/v1/recovery/sessions/" + session_id + "/votes",
            {{"claim_id", ready_claim}, {"choice", "approve"}});
  as_member("POST", "/api/v1/recovery/sessions/" + session_id + "/decisions",
            {{"claim_id", ready_claim}, {"outcome", "approved"}, {"amount", 1000}});
  std::string act_id =
      Str(as_member("POST", "/api/v1/recovery/sessions/" + session_id + "/close")["id"]);
  as_member("POST", "/api/v1/recovery/acts/" + act_id + "/signatures");
  Credentials finance_login = server_->Login("finance1");
  auto as_finance = [&](const std::string& method, const std::string& target,
                        const json::object& body = {}) {
    auto r = server_->RequestAs(finance_login, method, target,
                                body.empty() ? "" : json::serialize(body));
    EXPECT_TRUE(r.status >= 200 && r.status < 300) << method << " " << target << ": " << r.body;
    return r;
  };
  auto built = Obj(as_finance("POST", "/api/v1/recovery/payment-lists",
                              {{"programme", "walk-business"}}));
  std::string list_id = Str(built["id"]);
  std::string payment_id =
      built["payments"].as_array().empty()
          ? "pay_none"
          : Str(built["payments"].as_array()[0].as_object().at("id"));
  as_finance("POST", "/api/v1/recovery/payment-lists/" + list_id + "/export",
             {{"format", "csv"}});

  // ---- every route, with parameters pointing at the records above ----
  int counter = 0;
  auto send = [&](const char* method, std::string target, std::string body = {},
                  std::map<std::string, std::string> headers = {}) {
    return [=, this](const Caller& c) {
      return server_->RequestAs(c.credentials, method, target, body, headers);
    };
  };
  auto fresh_person = [&] {
    return Str(AdminOk("POST", "/api/v1/persons",
                       {{"full_name", "Probe Person " + std::to_string(++counter)}})["id"]);
  };
  std::vector<Case> cases = {
      {"GET /healthz", send("GET", "/healthz")},
      {"GET /metrics", send("GET", "/metrics")},
      {"GET /api/v1/version", send("GET", "/api/v1/version")},
      {"POST /api/v1/auth/login",
       send("POST", "/api/v1/auth/login",
            json::serialize(json::object{{"username", "operator1"}, {"password", kTestPassword}}))},
      {"GET /api/v1/public/search",
       [&](const Caller& c) {
         return server_->RequestAs(c.credentials, "GET",
                                   PublicLookupTarget("Kvazimbekov", "Zholtairbek"), {},
                                   FreshClient());
       }},
      {"GET /api/v1/public/info", send("GET", "/api/v1/public/info")},
      {"GET /api/v1/family/{id}",
       [&](const Caller& c) {
         return server_->RequestAs(c.credentials, "GET",
                                   "/api/v1/family/" + q1 + "?code=" + family_code, {},
                                   FreshClient());
       },
       Viewer::kFamily},
      {"POST /api/v1/public/claim-status",
       [&](const Caller& c) {  // the applicant's own number and IIN: the state, nothing more
         return server_->RequestAs(
             c.credentials, "POST", "/api/v1/public/claim-status",
             json::serialize(json::object{{"number", claim_id}, {"iin", "900101300017"}}),
             FreshClient());
       }},
      // Applying online (issue #18): programmes' names only; the application's steps answer ids,
      // a state and a token, never a claim's content.
      {"GET /api/v1/public/programmes", send("GET", "/api/v1/public/programmes")},
      {"POST /api/v1/public/apply/start",
       [&](const Caller& c) {
         return server_->RequestAs(
             c.credentials, "POST", "/api/v1/public/apply/start",
             json::serialize(json::object{{"phone", "+7 702 111 22 33"}, {"language", "ru"}}),
             FreshClient());
       }},
      {"POST /api/v1/public/apply/confirm",
       [&](const Caller& c) {
         return server_->RequestAs(
             c.credentials, "POST", "/api/v1/public/apply/confirm",
             json::serialize(json::object{{"application", "apl_none"}, {"code", "123456"}}),
             FreshClient());
       }},
      {"POST /api/v1/public/apply/documents",
       send("POST", "/api/v1/public/apply/documents", "%PDF-1.4 probe",
            {{"Content-Type", "application/pdf"}, {"X-Application-Token", "apl_none.none"}})},
      {"POST /api/v1/public/apply/submit",
       send("POST", "/api/v1/public/apply/submit",
            json::serialize(json::object{{"token", "apl_none.none"},
                                         {"kind", "home"},
                                         {"programme", "walk-business"},
                                         {"applicant_name", "Probe"},
                                         {"applicant_id", "900101300017"}}))},
      {"GET /api/v1/search", send("GET", "/api/v1/search?q=Kvazimbekov%20Zholtairbek")},
      {"POST /api/v1/auth/logout",
       [&](const Caller& c) {  // a session of its own: the caller's stays for the other routes
         Credentials who = c.credentials;
         if (!who.cookie.empty()) who = server_->Login(c.username);
         return server_->RequestAs(who, "POST", "/api/v1/auth/logout");
       }},
      {"GET /api/v1/auth/me", send("GET", "/api/v1/auth/me")},
      {"POST /api/v1/sources",
       [&](const Caller& c) {
         return server_->RequestAs(c.credentials, "POST", "/api/v1/sources",
                                   json::serialize(json::object{
                                       {"name", "Shelter " + std::to_string(++counter)},
                                       {"kind", "shelter"}}));
       }},
      {"GET /api/v1/sources", send("GET", "/api/v1/sources")},
      {"POST /api/v1/persons",
       send("POST", "/api/v1/persons", R"({"full_name":"Probe Created Person"})")},
      {"GET /api/v1/persons", send("GET", "/api/v1/persons?limit=200")},
      {"GET /api/v1/persons/{id}", send("GET", "/api/v1/persons/" + p1)},
      {"GET /api/v1/persons/{id}/history", send("GET", "/api/v1/persons/" + p2 + "/history")},
      // Naming source B's person: a clerk of A gets a new person, never B's record.
      {"POST /api/v1/reports",
       send("POST", "/api/v1/reports",
            json::serialize(json::object{{"source_id", source_a},
                                         {"full_name", "Probe Reported Person"},
                                         {"person_id", p2}}))},
      {"POST /api/v1/imports",
       send("POST", "/api/v1/imports?format=jsonl&dry_run=true&source_id=" + source_a,
            R"({"external_id":"X1","full_name":"Probe Imported Person","person_id":")" + p2 +
                "\"}\n",
            {{"Content-Type", "application/x-ndjson"}})},
      {"GET /api/v1/reports", send("GET", "/api/v1/reports?limit=200")},
      {"GET /api/v1/reports/{id}", send("GET", "/api/v1/reports/" + report_b_id)},
      {"POST /api/v1/inquiries",
       send("POST", "/api/v1/inquiries",
            R"({"sought_name":"Probe Sought","inquirer_name":"Probe Inquirer","callback_phone":"+7 700 000 00 02"})")},
      {"GET /api/v1/inquiries", send("GET", "/api/v1/inquiries?limit=200")},
      {"GET /api/v1/inquiries/{id}", send("GET", "/api/v1/inquiries/" + q1)},
      // A stale version: the 409 carries the current record.
      {"PATCH /api/v1/inquiries/{id}",
       send("PATCH", "/api/v1/inquiries/" + q2, R"({"version":1,"notes":"probe"})")},
      {"GET /api/v1/inquiries/{id}/matches", send("GET", "/api/v1/inquiries/" + q1 + "/matches")},
      {"POST /api/v1/inquiries/{id}/link",
       send("POST", "/api/v1/inquiries/" + q2 + "/link",
            json::serialize(json::object{{"person_id", p1}}))},
      {"GET /api/v1/matches", send("GET", "/api/v1/matches?decision=all")},
      {"POST /api/v1/matches/{id}/decision",
       send("POST", "/api/v1/matches/" + m2 + "/decision", R"({"decision":"unsure"})")},
      // m2 is not confirmed: every caller the policy lets through gets the refusal.
      {"POST /api/v1/matches/{id}/undo", send("POST", "/api/v1/matches/" + m2 + "/undo")},
      {"GET /api/v1/callbacks", send("GET", "/api/v1/callbacks?state=all")},
      {"POST /api/v1/callbacks/{id}/claim",
       send("POST", "/api/v1/callbacks/" + second_callback + "/claim")},
      {"POST /api/v1/callbacks/{id}/outcome",
       send("POST", "/api/v1/callbacks/" + callback_id + "/outcome",
            R"({"outcome":"no_answer"})")},
      {"POST /api/v1/persons/{id}/merge",
       [&](const Caller& c) {
         std::string a = fresh_person(), b = fresh_person();
         return server_->RequestAs(c.credentials, "POST", "/api/v1/persons/" + a + "/merge",
                                   json::serialize(json::object{{"other_id", b}}));
       }},
      {"POST /api/v1/merges/{id}/undo",
       [&](const Caller& c) {
         std::string a = fresh_person(), b = fresh_person();
         auto merge = AdminOk("POST", "/api/v1/persons/" + a + "/merge", {{"other_id", b}});
         return server_->RequestAs(c.credentials, "POST",
                                   "/api/v1/merges/" + Str(merge["merge_id"]) + "/undo");
       }},
      {"GET /api/v1/figures", send("GET", "/api/v1/figures")},
      {"GET /api/v1/figures/shift", send("GET", "/api/v1/figures/shift")},
      {"GET /api/v1/imports", send("GET", "/api/v1/imports?source_id=" + source_a)},
      {"GET /api/v1/export", send("GET", "/api/v1/export?format=jsonl")},
      {"GET /api/v1/outbox", send("GET", "/api/v1/outbox?all=true")},
      {"POST /api/v1/outbox/{id}/sent", send("POST", "/api/v1/outbox/" + message_id + "/sent")},
      {"POST /api/v1/outbox/{id}/failed",
       send("POST", "/api/v1/outbox/" + message_id + "/failed", R"({"error":"probe"})")},
      {"POST /api/v1/outbox/receipts",
       send("POST", "/api/v1/outbox/receipts",
            R"({"id":")" + message_id + R"(","status":"delivered"})",
            {{"X-Aftermath-Signature", "sha256=" + std::string(64, '0')}})},
      {"GET /api/v1/users", send("GET", "/api/v1/users")},
      {"POST /api/v1/users",
       [&](const Caller& c) {
         return server_->RequestAs(c.credentials, "POST", "/api/v1/users",
                                   json::serialize(json::object{
                                       {"username", "probe-" + std::to_string(++counter)},
                                       {"role", "operator"},
                                       {"password", kTestPassword}}));
       }},
      {"PATCH /api/v1/users/{id}", send("PATCH", "/api/v1/users/operator1", R"({"disabled":false})")},
      {"GET /api/v1/tokens", send("GET", "/api/v1/tokens")},
      {"POST /api/v1/tokens",
       send("POST", "/api/v1/tokens",
            json::serialize(json::object{{"source_id", source_a}, {"name", "probe"}}))},
      {"DELETE /api/v1/tokens/{id}",
       [&](const Caller& c) {
         auto t = AdminOk("POST", "/api/v1/tokens", {{"source_id", source_a}, {"name", "tmp"}});
         return server_->RequestAs(c.credentials, "DELETE", "/api/v1/tokens/" + Str(t["id"]));
       }},
      {"GET /api/v1/audit", send("GET", "/api/v1/audit?limit=200")},
      {"GET /api/v1/audit/verify", send("GET", "/api/v1/audit/verify")},
      // A source's clerk or token reads its own source's records; staff read all.
      {"GET /api/v1/pfif/persons", send("GET", "/api/v1/pfif/persons?max_results=200")},
      {"GET /api/v1/pfif/notes", send("GET", "/api/v1/pfif/notes?max_results=200")},
      {"POST /api/v1/pfif",
       send("POST", "/api/v1/pfif?dry_run=true&source_id=" + source_a,
            "<pfif:pfif xmlns:pfif=\"http://zesty.ca/pfif/1.4\"><pfif:person>"
            "<pfif:person_record_id>pfdisc.example/probe</pfif:person_record_id>"
            "<pfif:full_name>Probe Pfif Person</pfif:full_name></pfif:person></pfif:pfif>",
            {{"Content-Type", "application/xml"}})},
  };
  // The recovery register's routes (the payee's confirmation last: from then on the family's
  // caller is also the claim's applicant).
  auto probe_claim = [&] {
    return Str(AdminOk("POST", "/api/v1/recovery/claims",
                       {{"kind", "business_property"}, {"programme", "walk-business"},
                        {"applicant_name", "Probe Applicant"},
                        {"object", {{"kind", "shop"},
                                    {"address", "Probe street " + std::to_string(++counter)}}}})
                   ["claim"].as_object()["id"]);
  };
  const std::string png = std::string("\x89PNG\r\n\x1A\n", 8) + "probe image bytes";
  cases.insert(cases.end(), {
      {"GET /api/v1/recovery/programmes", send("GET", "/api/v1/recovery/programmes")},
      {"POST /api/v1/recovery/programmes",
       [&](const Caller& c) {
         return server_->RequestAs(
             c.credentials, "POST", "/api/v1/recovery/programmes",
             json::serialize(json::object{{"code", "probe-" + std::to_string(++counter)},
                                          {"name", "Probe"},
                                          {"claim_kinds", json::array{"home"}},
                                          {"amount_rule", "assessed"},
                                          {"period_start", "2020-01-01"}}));
       }},
      {"PATCH /api/v1/recovery/programmes/{id}",
       send("PATCH", "/api/v1/recovery/programmes/" + family_programme,
            R"({"version":99,"code":"walk-family","name":"Families",)"
            R"("claim_kinds":["family_support"],)"
            R"("amount_rule":"fixed","fixed_amount":1,"period_start":"2020-01-01"})")},
      {"POST /api/v1/recovery/objects",
       send("POST", "/api/v1/recovery/objects", json::serialize(shop))},
      {"GET /api/v1/recovery/objects", send("GET", "/api/v1/recovery/objects?limit=200")},
      {"GET /api/v1/recovery/objects/{id}", send("GET", "/api/v1/recovery/objects/" + object_id)},
      {"POST /api/v1/recovery/objects/{id}/assessments",
       send("POST", "/api/v1/recovery/objects/" + object_id + "/assessments",
            R"({"grade":"D1","asset_damage":1})")},
      {"POST /api/v1/recovery/objects/{id}/works",
       send("POST", "/api/v1/recovery/objects/" + object_id + "/works",
            R"({"contractor":"Probe Contractor","budget":1})")},
      {"PATCH /api/v1/recovery/works/{id}",
       send("PATCH", "/api/v1/recovery/works/" + work_id, R"({"version":99,"progress_pct":5})")},
      {"POST /api/v1/recovery/files",
       send("POST", "/api/v1/recovery/files", png, {{"Content-Type", "image/png"}})},
      {"POST /api/v1/recovery/claims",
       send("POST", "/api/v1/recovery/claims",
            R"({"kind":"business_property","programme":"walk-business",)"
            R"("applicant_name":"Probe Claimant","object_id":")" + object_id + "\"}")},
      {"POST /api/v1/recovery/imports",
       send("POST", "/api/v1/recovery/imports?dry_run=true&programme=walk-business"
                    "&kind=business_property",
            "full_name,object_address\nProbe Importer,Probe street 1\n",
            {{"Content-Type", "text/csv"}})},
      {"GET /api/v1/recovery/claims", send("GET", "/api/v1/recovery/claims?limit=200")},
      {"GET /api/v1/recovery/overdue", send("GET", "/api/v1/recovery/overdue")},
      {"GET /api/v1/recovery/claims/{id}", send("GET", "/api/v1/recovery/claims/" + claim_id)},
      {"GET /api/v1/recovery/claims/{id}",
       send("GET", "/api/v1/recovery/claims/" + family_claim)},
      {"PATCH /api/v1/recovery/claims/{id}",
       send("PATCH", "/api/v1/recovery/claims/" + claim_id, R"({"version":99,"notes":"probe"})")},
      {"POST /api/v1/recovery/claims/{id}/review",
       send("POST", "/api/v1/recovery/claims/" + claim_id + "/review")},
      {"POST /api/v1/recovery/claims/{id}/check",
       send("POST", "/api/v1/recovery/claims/" + claim_id + "/check")},
      {"POST /api/v1/recovery/claims/{id}/valuation",
       send("POST", "/api/v1/recovery/claims/" + claim_id + "/valuation", R"({"amount":5})")},
      {"POST /api/v1/recovery/claims/{id}/ready",
       send("POST", "/api/v1/recovery/claims/" + claim_id + "/ready")},
      {"POST /api/v1/recovery/claims/{id}/withdraw",
       [&](const Caller& c) {
         return server_->RequestAs(c.credentials, "POST",
                                   "/api/v1/recovery/claims/" + probe_claim() + "/withdraw",
                                   R"({"reason":"probe"})");
       }},
      {"GET /api/v1/recovery/conflicts", send("GET", "/api/v1/recovery/conflicts?state=all")},
      {"POST /api/v1/recovery/conflicts/{id}/resolution",
       send("POST", "/api/v1/recovery/conflicts/" + conflict_id + "/resolution",
            R"({"resolution":"not_duplicate","version":1,"note":"probe"})")},
      {"POST /api/v1/recovery/conflicts/{id}/undo",
       send("POST", "/api/v1/recovery/conflicts/" + conflict_id + "/undo", R"({"version":2})")},
      {"POST /api/v1/recovery/claims/{id}/payee",
       send("POST", "/api/v1/recovery/claims/" + family_claim + "/payee",
            json::serialize(json::object{{"kin_id", kin_id}}))},
  });
  // The commissions' and payments' routes (the act is final and its decision being paid: the
  // walk's sign-offs, corrections and exports are refused by the register).
  cases.insert(cases.end(), {
      {"GET /api/v1/recovery/commissions", send("GET", "/api/v1/recovery/commissions")},
      {"POST /api/v1/recovery/commissions",
       send("POST", "/api/v1/recovery/commissions",
            json::serialize(json::object{
                {"programme", "walk-business"}, {"name", "Probe commission"}, {"quorum", 1},
                {"members",
                 json::array{json::object{{"user_id", member_id}, {"role", "chair"}}}}}))},
      {"GET /api/v1/recovery/commissions/{id}",
       send("GET", "/api/v1/recovery/commissions/" + commission_id)},
      {"POST /api/v1/recovery/commissions/{id}/declarations",
       send("POST", "/api/v1/recovery/commissions/" + commission_id + "/declarations",
            json::serialize(json::object{{"claim_id", claim_id}}))},
      {"POST /api/v1/recovery/commissions/{id}/sessions",
       send("POST", "/api/v1/recovery/commissions/" + commission_id + "/sessions",
            json::serialize(json::object{{"present", json::array{json::string(member_id)}},
                                         {"claim_ids", json::array{json::string(ready_claim)}}}))},
      {"POST /api/v1/recovery/sessions/{id}/votes",
       send("POST", "/api/v1/recovery/sessions/" + session_id + "/votes",
            json::serialize(json::object{{"claim_id", ready_claim}, {"choice", "approve"}}))},
      {"POST /api/v1/recovery/sessions/{id}/decisions",
       send("POST", "/api/v1/recovery/sessions/" + session_id + "/decisions",
            json::serialize(json::object{
                {"claim_id", ready_claim}, {"outcome", "approved"}, {"amount", 1000}}))},
      {"POST /api/v1/recovery/sessions/{id}/close",
       send("POST", "/api/v1/recovery/sessions/" + session_id + "/close")},
      {"POST /api/v1/recovery/acts/{id}/signatures",
       send("POST", "/api/v1/recovery/acts/" + act_id + "/signatures")},
      // The act on paper: staff names, ids, decisions and amounts only (documents/act_pdf.h).
      {"GET /api/v1/recovery/acts/{id}/pdf",
       send("GET", "/api/v1/recovery/acts/" + act_id + "/pdf?lang=ru")},
      {"POST /api/v1/recovery/sessions/{id}/corrections",
       send("POST", "/api/v1/recovery/sessions/" + session_id + "/corrections",
            json::serialize(json::object{{"claim_id", ready_claim},
                                         {"outcome", "approved"},
                                         {"amount", 900},
                                         {"reason", "probe"}}))},
      {"POST /api/v1/recovery/claims/{id}/appeal",
       send("POST", "/api/v1/recovery/claims/" + ready_claim + "/appeal",
            R"({"reason":"probe"})")},
      {"GET /api/v1/recovery/programmes/{id}/approval-tiers",
       send("GET", "/api/v1/recovery/programmes/walk-business/approval-tiers")},
      {"PUT /api/v1/recovery/programmes/{id}/approval-tiers",
       send("PUT", "/api/v1/recovery/programmes/walk-business/approval-tiers",
            R"({"tiers":[{"above":5000,"sign_offs":["chair","finance"]}]})")},
      // The walk's approval of 1000 needs no sign-off: the callers the policy lets through are
      // refused by the register.
      {"POST /api/v1/recovery/sessions/{id}/signoffs",
       send("POST", "/api/v1/recovery/sessions/" + session_id + "/signoffs",
            json::serialize(json::object{{"claim_id", ready_claim}}))},
      {"POST /api/v1/recovery/sessions/{id}/finance-signoffs",
       send("POST", "/api/v1/recovery/sessions/" + session_id + "/finance-signoffs",
            json::serialize(json::object{{"claim_id", ready_claim}}))},
      {"GET /api/v1/recovery/sessions/{id}",
       send("GET", "/api/v1/recovery/sessions/" + session_id)},
      {"GET /api/v1/recovery/payment-lists",
       send("GET", "/api/v1/recovery/payment-lists?programme=walk-business")},
      {"POST /api/v1/recovery/payment-lists",
       send("POST", "/api/v1/recovery/payment-lists", R"({"programme":"walk-business"})")},
      {"GET /api/v1/recovery/payment-lists/{id}",
       send("GET", "/api/v1/recovery/payment-lists/" + list_id)},
      {"POST /api/v1/recovery/payment-lists/{id}/export",
       send("POST", "/api/v1/recovery/payment-lists/" + list_id + "/export",
            R"({"format":"csv"})")},
      {"POST /api/v1/recovery/payment-lists/{id}/answer",
       send("POST", "/api/v1/recovery/payment-lists/" + list_id + "/answer",
            "end_to_end_id,status,reason\n" + payment_id + ",paid,\n",
            {{"Content-Type", "text/csv"}})},
      // The register's figures: aggregates only (the walk's markers must not show).
      {"GET /api/v1/recovery/figures", send("GET", "/api/v1/recovery/figures")},
      {"GET /api/v1/recovery/figures/commissions",
       send("GET", "/api/v1/recovery/figures/commissions")},
      {"GET /api/v1/public/recovery-figures.csv",
       send("GET", "/api/v1/public/recovery-figures.csv")},
      {"POST /api/v1/recovery/payments/{id}/iban",
       send("POST", "/api/v1/recovery/payments/" + payment_id + "/iban",
            json::serialize(json::object{{"iban", KzIban("601A861001799778")}}))},
  });

  // Every route of the table has its case, and every case a route.
  std::set<std::string> table, covered;
  for (const auto& spec : http::RouteTable()) {
    table.insert(std::string(spec.method) + " " + spec.pattern);
  }
  for (const auto& c : cases) covered.insert(c.route);
  for (const auto& r : table) EXPECT_TRUE(covered.contains(r)) << "no disclosure case for " << r;
  for (const auto& r : covered) EXPECT_TRUE(table.contains(r)) << "no such route: " << r;

  // ---- the walk ----
  std::set<std::string> seen;  // markers some response carried: the walk reached them
  int answered = 0;
  for (const auto& c : cases) {
    for (const auto& caller : callers) {
      HttpResult r = c.call(caller);
      if (r.status >= 200 && r.status < 300) ++answered;
      for (const auto& m : markers_) {
        if (r.body.find(m.value) == std::string::npos) continue;
        seen.insert(m.value);
        bool in_scope = !caller.own_source || *caller.own_source == m.owner;
        bool allowed = in_scope && access::MayDisclose(caller.viewer, m.field);
        if (m.register_field && c.route.find("/api/v1/recovery/") != std::string::npos) {
          allowed |= in_scope && access::MayDisclose(caller.viewer, *m.register_field);
        }
        if (c.answer_viewer) allowed |= access::MayDisclose(*c.answer_viewer, m.field);
        EXPECT_TRUE(allowed) << c.route << " as " << caller.name << " (" << r.status << ") shows "
                             << access::FieldName(m.field) << " '" << m.value
                             << "': " << r.body.substr(0, 2000);
      }
    }
  }
  // The walk is no walk unless it reached every field and most calls were answered.
  for (const auto& m : markers_) EXPECT_TRUE(seen.contains(m.value)) << "never shown: " << m.value;
  EXPECT_GT(answered, static_cast<int>(cases.size()));
}

}  // namespace
}  // namespace aftermath::testing

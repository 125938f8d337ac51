// A commission decides and finance pays, over HTTP against the real server (issue #17): a shop
// inspected and valued, a session with one member recused by his declaration (his vote
// refused), an approval carried by the others, the act closed, signed in each member's own
// account and final at the quorum, a later correction a new act; a rejected claim appealed goes
// before a later session; and the whole way to the bank: an approval above a threshold needing
// the chair's and finance's sign-offs, pain.001 exported once, the bank's answer with one
// return, the IBAN corrected and the payment paid, and an injured payee reported dead after
// the decision held back from the list.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "recovery/keys.h"
#include "server_process.h"

namespace aftermath::testing {
namespace {

namespace json = boost::json;

std::string Str(const json::value& v) { return v.is_string() ? std::string(v.as_string()) : ""; }
json::object Obj(const HttpResult& r) {
  auto v = json::parse(r.body);
  return v.is_object() ? v.as_object() : json::object();
}

// Valid IINs (two-pass mod 11) and a Kazakh IBAN.
constexpr const char* kIinOwner = "900101300017";
constexpr const char* kIinCoOwner = "850115400911";
constexpr const char* kIban = "KZ86125KZT5004100100";

// A valid Kazakh IBAN at Halyk Bank (bank code 601) for the n-th account (ISO 13616, mod 97).
std::string HalykIban(int n) {
  std::string bban = "601A" + std::to_string(861001700000LL + n);
  int mod = 0;
  for (char c : bban + "KZ00") {
    std::string digits = (c >= 'A' && c <= 'Z') ? std::to_string(c - 'A' + 10) : std::string(1, c);
    for (char d : digits) mod = (mod * 10 + (d - '0')) % 97;
  }
  int check = 98 - mod;
  return std::string("KZ") + (check < 10 ? "0" : "") + std::to_string(check) + bban;
}

class CommissionApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = TempDir(::testing::UnitTest::GetInstance()->current_test_info()->name());
    server_ = std::make_unique<ServerProcess>(dir_ + "/registry.db", std::vector<std::string>{});
    ASSERT_GT(server_->port(), 0);
    Admin("POST", "/api/v1/recovery/programmes",
          {{"code", "almaty-business"},
           {"name", "Looted businesses"},
           {"claim_kinds", json::array{"business_property"}},
           {"amount_rule", "assessed"},
           {"cap_per_object", 50000000},
           {"valuer_threshold", 10000000},
           {"period_start", "2020-01-01"}});
    clerk_ = User("rclerk", "recovery_clerk");
    inspector_ = User("inspector", "inspector");
    valuer_ = User("valuer", "valuer");
    for (const char* name : {"chair", "secretary", "member"}) {
      ids_[name] = Str(Admin(
          "POST", "/api/v1/users",
          {{"username", name}, {"role", "commission_member"}, {"password", kTestPassword}})["id"]);
      members_[name] = server_->Login(name);
    }
    commission_ = Str(Admin(
        "POST", "/api/v1/recovery/commissions",
        {{"programme", "almaty-business"},
         {"name", "Medeu district commission"},
         {"quorum", 2},
         {"members",
          json::array{json::object{{"user_id", ids_["chair"]}, {"role", "chair"}},
                      json::object{{"user_id", ids_["secretary"]}, {"role", "secretary"}},
                      json::object{{"user_id", ids_["member"]}, {"role", "member"}}}}})["id"]);
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
  json::object Ok(const Credentials& who, const std::string& method, const std::string& target,
                  const json::object& body = {}) {
    auto r = As(who, method, target, body);
    EXPECT_TRUE(r.status / 100 == 2)
        << method << " " << target << ": " << r.status << " " << r.body;
    return Obj(r);
  }

  // A shop claim taken in, inspected and valued (by the valuer above the threshold), ready.
  std::string ReadyClaim(const std::string& iin, const std::string& address, int64_t damage,
                         const std::string& iban = kIban) {
    auto in = Ok(clerk_, "POST", "/api/v1/recovery/claims",
                 {{"kind", "business_property"},
                  {"programme", "almaty-business"},
                  {"applicant_name", "Сейткалиев Нурлан"},
                  {"applicant_id", iin},
                  {"iban", iban},
                  {"documents", json::array{json::object{{"kind", "id_card"},
                                                         {"sha256", std::string(64, iin[5])},
                                                         {"media_type", "image/jpeg"}},
                                            json::object{{"kind", "title_deed"},
                                                         {"sha256", std::string(64, iin[6] + 1)},
                                                         {"media_type", "application/pdf"}}}},
                  {"object", {{"kind", "shop"}, {"address", address}}}});
    auto claim = in["claim"].as_object();
    std::string id = Str(claim["id"]);
    Ok(clerk_, "POST", "/api/v1/recovery/claims/" + id + "/review");
    Ok(clerk_, "POST", "/api/v1/recovery/claims/" + id + "/check");
    Ok(inspector_, "POST", "/api/v1/recovery/objects/" + Str(claim["object_id"]) + "/assessments",
       {{"claim_id", id}, {"grade", "D4"}, {"looted", true}, {"asset_damage", damage}});
    if (damage > 10000000) {
      Ok(valuer_, "POST", "/api/v1/recovery/claims/" + id + "/valuation", {{"amount", damage}});
    }
    Ok(clerk_, "POST", "/api/v1/recovery/claims/" + id + "/ready");
    return id;
  }

  std::string dir_;
  std::unique_ptr<ServerProcess> server_;
  Credentials clerk_, inspector_, valuer_;
  std::map<std::string, std::string> ids_;
  std::map<std::string, Credentials> members_;
  std::string commission_;
};

TEST_F(CommissionApiTest, ARecusedMemberCannotVoteAndTheActIsFinalAtTheQuorum) {
  std::string claim = ReadyClaim(kIinOwner, "г. Алматы, ул. Абая 52", 12000000);
  // The member is related to the applicant.
  Ok(members_["member"], "POST", "/api/v1/recovery/commissions/" + commission_ + "/declarations",
     {{"claim_id", claim}});
  // A member opens nothing; the secretary does, with everyone present.
  json::object open{
      {"present", json::array{json::string(ids_["chair"]), json::string(ids_["secretary"]),
                              json::string(ids_["member"])}}};
  EXPECT_EQ(As(members_["member"], "POST",
               "/api/v1/recovery/commissions/" + commission_ + "/sessions", open)
                .status,
            403);
  EXPECT_EQ(
      As(clerk_, "POST", "/api/v1/recovery/commissions/" + commission_ + "/sessions", open).status,
      403);  // the policy: commission work is members' only
  auto session = Ok(members_["secretary"], "POST",
                    "/api/v1/recovery/commissions/" + commission_ + "/sessions", open);
  std::string sid = Str(session["id"]);
  ASSERT_EQ(session["agenda"].as_array().size(), 1u);
  EXPECT_EQ(Str(session["agenda"].as_array()[0].as_object().at("recused")),
            ids_["member"] + ":declared");

  auto vote = [&](const std::string& who, const char* choice) {
    return As(members_[who], "POST", "/api/v1/recovery/sessions/" + sid + "/votes",
              {{"claim_id", claim}, {"choice", choice}});
  };
  auto refused = vote("member", "approve");
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_NE(refused.body.find("recused"), std::string::npos) << refused.body;
  EXPECT_EQ(vote("chair", "approve").status, 201);
  EXPECT_EQ(vote("chair", "approve").status, 409);
  json::object decision{{"claim_id", claim}, {"outcome", "approved"}, {"amount", 11000000}};
  EXPECT_EQ(
      As(members_["secretary"], "POST", "/api/v1/recovery/sessions/" + sid + "/decisions", decision)
          .status,
      409)
      << "one vote of two is no majority";
  EXPECT_EQ(vote("secretary", "approve").status, 201);
  decision["amount"] = 12000001;
  EXPECT_EQ(
      As(members_["secretary"], "POST", "/api/v1/recovery/sessions/" + sid + "/decisions", decision)
          .status,
      409)
      << "above the valuation";
  decision["amount"] = 11000000;
  auto item = Ok(members_["secretary"], "POST", "/api/v1/recovery/sessions/" + sid + "/decisions",
                 decision);
  EXPECT_EQ(Str(item["decision"]), "approved");
  EXPECT_EQ(
      Str(Ok(clerk_, "GET", "/api/v1/recovery/claims/" + claim)["state"]),
      "approved");

  auto act = Ok(members_["chair"], "POST", "/api/v1/recovery/sessions/" + sid + "/close");
  std::string act_id = Str(act["id"]);
  EXPECT_EQ(Str(act["sha256"]).size(), 64u);
  // The supervisor's dashboard counts the session: one claim decided, nothing personal.
  auto throughput = Admin("GET", "/api/v1/recovery/figures/commissions?days=1");
  ASSERT_EQ(throughput["items"].as_array().size(), 1u);
  auto& ours = throughput["items"].as_array()[0].as_object();
  EXPECT_EQ(Str(ours["commission_id"]), commission_);
  EXPECT_EQ(ours["sessions"].as_int64(), 1);
  EXPECT_EQ(ours["open_sessions"].as_int64(), 0);
  EXPECT_EQ(ours["decided"].as_int64(), 1);
  EXPECT_EQ(ours["amount_approved"].as_int64(), 11000000);
  EXPECT_FALSE(ours["median_seconds_per_decision"].is_null());
  EXPECT_EQ(json::serialize(throughput).find(kIinOwner), std::string::npos);
  EXPECT_EQ(As(members_["chair"], "GET", "/api/v1/recovery/figures/commissions").status, 403);
  EXPECT_EQ(server_->Request("GET", "/api/v1/recovery/figures/commissions?days=0", "").status, 400);
  EXPECT_NE(Str(act["content"]).find("approved 1 11000000"), std::string::npos);
  EXPECT_EQ(As(clerk_, "POST", "/api/v1/recovery/acts/" + act_id + "/signatures").status, 403);
  auto one = Ok(members_["chair"], "POST", "/api/v1/recovery/acts/" + act_id + "/signatures");
  EXPECT_TRUE(one["final_at"].is_null());
  auto two = Ok(members_["member"], "POST", "/api/v1/recovery/acts/" + act_id + "/signatures");
  EXPECT_FALSE(two["final_at"].is_null());
  EXPECT_EQ(two["signatures"].as_array().size(), 2u);

  // A correction is a new act; the final one stays as it was signed.
  auto fix = Ok(members_["chair"], "POST", "/api/v1/recovery/sessions/" + sid + "/corrections",
                {{"claim_id", claim},
                 {"outcome", "approved"},
                 {"amount", 10000000},
                 {"reason", "stock counted twice"}});
  EXPECT_EQ(Str(fix["supersedes"]), act_id);
  auto view = Ok(members_["secretary"], "GET", "/api/v1/recovery/sessions/" + sid);
  ASSERT_EQ(view["acts"].as_array().size(), 2u);
  EXPECT_EQ(Str(view["acts"].as_array()[0].as_object().at("sha256")), Str(act["sha256"]));
  // Finance reads the session but not why it was corrected.
  auto finance = User("finance", "finance");
  auto seen = Ok(finance, "GET", "/api/v1/recovery/sessions/" + sid);
  EXPECT_FALSE(seen["agenda"].as_array()[0].as_object().contains("reason"));
  EXPECT_TRUE(view["agenda"].as_array()[0].as_object().contains("reason"));
}

TEST_F(CommissionApiTest, ARejectedClaimIsAppealedAndDecidedAgainLater) {
  std::string claim = ReadyClaim(kIinCoOwner, "г. Алматы, ул. Гоголя 3", 2000000);
  json::object open{
      {"present", json::array{json::string(ids_["chair"]), json::string(ids_["secretary"])}}};
  std::string sid =
      Str(Ok(members_["chair"], "POST", "/api/v1/recovery/commissions/" + commission_ + "/sessions",
             open)["id"]);
  for (const char* who : {"chair", "secretary"}) {
    Ok(members_[who], "POST", "/api/v1/recovery/sessions/" + sid + "/votes",
       {{"claim_id", claim}, {"choice", "reject"}});
  }
  Ok(members_["chair"], "POST", "/api/v1/recovery/sessions/" + sid + "/decisions",
     {{"claim_id", claim}, {"outcome", "rejected"}, {"reason", "no title deed"}});
  std::string act =
      Str(Ok(members_["chair"], "POST", "/api/v1/recovery/sessions/" + sid + "/close")["id"]);
  EXPECT_EQ(As(clerk_, "POST", "/api/v1/recovery/claims/" + claim + "/appeal",
               {{"reason", "the deed was found"}})
                .status,
            409);  // the act is not final
  Ok(members_["chair"], "POST", "/api/v1/recovery/acts/" + act + "/signatures");
  Ok(members_["secretary"], "POST", "/api/v1/recovery/acts/" + act + "/signatures");
  auto appealed = Ok(clerk_, "POST", "/api/v1/recovery/claims/" + claim + "/appeal",
                     {{"reason", "the deed was found"}});
  EXPECT_EQ(Str(appealed["state"]), "appealed");
  auto later = Ok(members_["chair"], "POST",
                  "/api/v1/recovery/commissions/" + commission_ + "/sessions", open);
  ASSERT_EQ(later["agenda"].as_array().size(), 1u);
  EXPECT_EQ(Str(later["agenda"].as_array()[0].as_object().at("claim_id")), claim);
  auto sessions = Ok(clerk_, "GET", "/api/v1/recovery/commissions/" + commission_);
  EXPECT_EQ(sessions["sessions"].as_array().size(), 2u);
}

TEST_F(CommissionApiTest, FromInspectionToPaymentWithAReturnACorrectedIbanAndADeadPayee) {
  Admin("PUT", "/api/v1/recovery/programmes/almaty-business/approval-tiers",
        {{"tiers", json::array{json::object{{"above", 10000000},
                                            {"sign_offs", json::array{"chair", "finance"}}}}}});
  auto finance = User("finance", "finance");
  std::string big = ReadyClaim(kIinOwner, "г. Алматы, ул. Абая 52", 12000000, HalykIban(1));
  std::string small = ReadyClaim(kIinCoOwner, "г. Алматы, ул. Гоголя 3", 2000000, HalykIban(2));
  Ok(members_["member"], "POST", "/api/v1/recovery/commissions/" + commission_ + "/declarations",
     {{"claim_id", big}});
  std::string sid =
      Str(Ok(members_["chair"], "POST", "/api/v1/recovery/commissions/" + commission_ + "/sessions",
             {{"present", json::array{json::string(ids_["chair"]), json::string(ids_["secretary"]),
                                      json::string(ids_["member"])}}})["id"]);
  EXPECT_EQ(As(members_["member"], "POST", "/api/v1/recovery/sessions/" + sid + "/votes",
               {{"claim_id", big}, {"choice", "approve"}})
                .status,
            403);  // recused
  for (const char* who : {"chair", "secretary"}) {
    Ok(members_[who], "POST", "/api/v1/recovery/sessions/" + sid + "/votes",
       {{"claim_id", big}, {"choice", "approve"}});
  }
  for (const char* who : {"chair", "secretary", "member"}) {
    Ok(members_[who], "POST", "/api/v1/recovery/sessions/" + sid + "/votes",
       {{"claim_id", small}, {"choice", "approve"}});
  }
  Ok(members_["secretary"], "POST", "/api/v1/recovery/sessions/" + sid + "/decisions",
     {{"claim_id", big}, {"outcome", "approved"}, {"amount", 12000000}});
  Ok(members_["secretary"], "POST", "/api/v1/recovery/sessions/" + sid + "/decisions",
     {{"claim_id", small}, {"outcome", "approved"}, {"amount", 2000000}});
  // Above the threshold: two sign-offs from two people before the session can close.
  EXPECT_EQ(As(members_["chair"], "POST", "/api/v1/recovery/sessions/" + sid + "/close").status,
            409);
  EXPECT_EQ(As(members_["secretary"], "POST", "/api/v1/recovery/sessions/" + sid + "/signoffs",
               {{"claim_id", big}})
                .status,
            403);  // not the chair
  EXPECT_EQ(As(members_["chair"], "POST", "/api/v1/recovery/sessions/" + sid + "/finance-signoffs",
               {{"claim_id", big}})
                .status,
            403);  // the policy: finance's only
  Ok(members_["chair"], "POST", "/api/v1/recovery/sessions/" + sid + "/signoffs",
     {{"claim_id", big}});
  Ok(finance, "POST", "/api/v1/recovery/sessions/" + sid + "/finance-signoffs",
     {{"claim_id", big}});
  std::string act =
      Str(Ok(members_["chair"], "POST", "/api/v1/recovery/sessions/" + sid + "/close")["id"]);
  // Nothing is paid before the act is final.
  EXPECT_EQ(
      As(finance, "POST", "/api/v1/recovery/payment-lists", {{"programme", "almaty-business"}})
          .status,
      409);
  Ok(members_["chair"], "POST", "/api/v1/recovery/acts/" + act + "/signatures");
  Ok(members_["member"], "POST", "/api/v1/recovery/acts/" + act + "/signatures");

  auto list =
      Ok(finance, "POST", "/api/v1/recovery/payment-lists", {{"programme", "almaty-business"}});
  std::string list_id = Str(list["id"]);
  ASSERT_EQ(list["payments"].as_array().size(), 2u);
  EXPECT_EQ(list["total"].as_int64(), 14000000);
  std::string big_payment, small_payment;
  for (const auto& p : list["payments"].as_array()) {
    (Str(p.as_object().at("claim_id")) == big ? big_payment : small_payment) =
        Str(p.as_object().at("id"));
  }
  json::object pain{
      {"format", "pain.001"},
      {"debtor", {{"name", "Фонд поддержки"}, {"iban", HalykIban(999)}, {"bic", "HSBKKZKX"}}}};
  auto file = As(finance, "POST", "/api/v1/recovery/payment-lists/" + list_id + "/export", pain);
  ASSERT_EQ(file.status, 200) << file.body;
  EXPECT_NE(file.body.find("urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"), std::string::npos);
  EXPECT_NE(file.body.find("<EndToEndId>" + big_payment + "</EndToEndId>"), std::string::npos);
  EXPECT_NE(file.body.find("<InstdAmt Ccy=\"KZT\">12000000.00</InstdAmt>"), std::string::npos);
  EXPECT_EQ(
      As(finance, "POST", "/api/v1/recovery/payment-lists/" + list_id + "/export", pain).status,
      409);  // the same list twice

  std::string answer =
      "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.002.001.03\"><CstmrPmtStsRpt>"
      "<OrgnlPmtInfAndSts><TxInfAndSts><OrgnlEndToEndId>" +
      big_payment +
      "</OrgnlEndToEndId><TxSts>ACSC</TxSts></TxInfAndSts><TxInfAndSts><OrgnlEndToEndId>" +
      small_payment +
      "</OrgnlEndToEndId><TxSts>RJCT</TxSts><StsRsnInf><Rsn><Cd>AC04</Cd></Rsn></StsRsnInf>"
      "</TxInfAndSts></OrgnlPmtInfAndSts></CstmrPmtStsRpt></Document>";
  auto read =
      server_->RequestAs(finance, "POST", "/api/v1/recovery/payment-lists/" + list_id + "/answer",
                         answer, {{"Content-Type", "application/xml"}});
  ASSERT_EQ(read.status, 200) << read.body;
  auto outcome = Obj(read);
  EXPECT_EQ(outcome["paid"].as_int64(), 1);
  EXPECT_EQ(outcome["returned"].as_int64(), 1);
  EXPECT_EQ(Str(Ok(clerk_, "GET", "/api/v1/recovery/claims/" + big)["state"]),
            "paid");
  // The returned one goes again once its IBAN is corrected.
  EXPECT_EQ(
      As(finance, "POST", "/api/v1/recovery/payment-lists", {{"programme", "almaty-business"}})
          .status,
      409);
  Ok(clerk_, "POST", "/api/v1/recovery/payments/" + small_payment + "/iban",
     {{"iban", HalykIban(3)}});
  auto again =
      Ok(finance, "POST", "/api/v1/recovery/payment-lists", {{"programme", "almaty-business"}});
  ASSERT_EQ(again["payments"].as_array().size(), 1u);
  auto resent = again["payments"].as_array()[0].as_object();
  EXPECT_EQ(Str(resent["resent_from"]), small_payment);
  EXPECT_EQ(Str(resent["iban"]), HalykIban(3));
  std::string second_list = Str(again["id"]);
  auto csv = As(finance, "POST", "/api/v1/recovery/payment-lists/" + second_list + "/export",
                {{"format", "csv"}});
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_NE(csv.body.find(HalykIban(3)), std::string::npos);
  auto paid = server_->RequestAs(finance, "POST",
                                 "/api/v1/recovery/payment-lists/" + second_list + "/answer",
                                 "end_to_end_id,status,reason\n" + Str(resent["id"]) + ",paid,\n",
                                 {{"Content-Type", "text/csv"}});
  ASSERT_EQ(paid.status, 200) << paid.body;
  EXPECT_EQ(
      Str(Ok(clerk_, "GET", "/api/v1/recovery/claims/" + small)["state"]),
      "paid");
}

TEST_F(CommissionApiTest, AnInjuredPayeeReportedDeadAfterTheDecisionIsHeldBack) {
  Admin("POST", "/api/v1/recovery/programmes",
        {{"code", "injured"},
         {"name", "Injured"},
         {"claim_kinds", json::array{"injury_support"}},
         {"amount_rule", "by_severity"},
         {"amount_light", 100000},
         {"amount_moderate", 300000},
         {"amount_severe", 1000000},
         {"period_start", "2020-01-01"}});
  auto finance = User("finance", "finance");
  std::string person =
      Str(Admin("POST", "/api/v1/persons", {{"full_name", "Сейткалиев Нурлан Маратович"}})["id"]);
  auto in = Ok(clerk_, "POST", "/api/v1/recovery/claims",
               {{"kind", "injury_support"},
                {"programme", "injured"},
                {"person_id", person},
                {"applicant_name", "Сейткалиев Нурлан Маратович"},
                {"applicant_id", recovery::CompleteKzId("88080830009").value_or("none")},
                {"iban", HalykIban(7)},
                {"severity", "severe"},
                {"documents", json::array{json::object{{"kind", "id_card"},
                                                       {"sha256", std::string(64, 'a')},
                                                       {"media_type", "image/jpeg"}},
                                          json::object{{"kind", "medical_certificate"},
                                                       {"sha256", std::string(64, 'b')},
                                                       {"media_type", "application/pdf"}}}}});
  std::string claim = Str(in["claim"].as_object()["id"]);
  Ok(clerk_, "POST", "/api/v1/recovery/claims/" + claim + "/review");
  Ok(clerk_, "POST", "/api/v1/recovery/claims/" + claim + "/check");
  Ok(clerk_, "POST", "/api/v1/recovery/claims/" + claim + "/ready");
  std::string injuries = Str(
      Admin("POST", "/api/v1/recovery/commissions",
            {{"programme", "injured"},
             {"name", "Injuries"},
             {"quorum", 1},
             {"members",
              json::array{json::object{{"user_id", ids_["chair"]}, {"role", "chair"}}}}})["id"]);
  std::string sid =
      Str(Ok(members_["chair"], "POST", "/api/v1/recovery/commissions/" + injuries + "/sessions",
             {{"present", json::array{json::string(ids_["chair"])}}})["id"]);
  Ok(members_["chair"], "POST", "/api/v1/recovery/sessions/" + sid + "/votes",
     {{"claim_id", claim}, {"choice", "approve"}});
  Ok(members_["chair"], "POST", "/api/v1/recovery/sessions/" + sid + "/decisions",
     {{"claim_id", claim}, {"outcome", "approved"}, {"amount", 1000000}});
  std::string act =
      Str(Ok(members_["chair"], "POST", "/api/v1/recovery/sessions/" + sid + "/close")["id"]);
  Ok(members_["chair"], "POST", "/api/v1/recovery/acts/" + act + "/signatures");
  // A morgue reports the person dead after the decision.
  std::string morgue =
      Str(Admin("POST", "/api/v1/sources", {{"name", "City morgue"}, {"kind", "morgue"}})["id"]);
  Admin("POST", "/api/v1/reports",
        {{"source_id", morgue},
         {"person_id", person},
         {"full_name", "Сейткалиев Нурлан Маратович"},
         {"status", "deceased"}});
  ASSERT_EQ(Str(Admin("GET", "/api/v1/persons/" + person)["status"]), "deceased");
  auto held = As(finance, "POST", "/api/v1/recovery/payment-lists", {{"programme", "injured"}});
  EXPECT_EQ(held.status, 409) << held.body;
  EXPECT_NE(held.body.find("recorded deceased"), std::string::npos) << held.body;
}

// The register's figures (issue #17): staff read them as JSON; anybody, signed in or not, reads
// the aggregates as HXL-tagged CSV with cells of fewer than 3 claims suppressed and nothing
// personal in them, within a rate limit.
TEST_F(CommissionApiTest, ThePublicFiguresAreHxlCsvWithoutPersonalDataOrSmallCells) {
  const std::string medeu = "Медеуский район", almaly = "Алмалинский район";
  const char* names[] = {"", "Жумабекова Салтанат", "Нурланов Ерасыл", "Ким Виктория",
                         "Абенов Тимур"};
  auto submit = [&](int n, const std::string& district) {
    std::string iin;
    for (int k = 0; iin.empty(); ++k) {
      iin = recovery::CompleteKzId("90010130" + std::to_string(100 + 10 * n + k)).value_or("");
    }
    Ok(clerk_, "POST", "/api/v1/recovery/claims",
       {{"kind", "business_property"},
        {"programme", "almaty-business"},
        {"applicant_name", names[n]},
        {"applicant_id", iin},
        {"applicant_phone", "+7 701 555 20 4" + std::to_string(n)},
        {"iban", HalykIban(40 + n)},
        {"amount_claimed", 1000000 * n},
        {"object",
         {{"kind", "shop"},
          {"address", "ул. Толе би " + std::to_string(n)},
          {"district", district}}}});
    return iin;
  };
  std::vector<std::string> iins = {submit(1, medeu), submit(2, medeu), submit(3, medeu),
                                   submit(4, almaly)};
  auto csv = server_->RequestAs({}, "GET", "/api/v1/public/recovery-figures.csv");
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_EQ(csv.headers["content-type"].rfind("text/csv", 0), 0u) << csv.headers["content-type"];
  EXPECT_EQ(csv.body.rfind("district,object_type,claims,", 0), 0u) << csv.body;
  EXPECT_NE(csv.body.find("\r\n#adm2+name,#loc+type,#affected+claims,#inneed+claims,"
                          "#reached+claims,#value+assessed+kzt,#value+approved+kzt,"
                          "#value+paid+kzt,#meta+suppressed\r\n"),
            std::string::npos)
      << csv.body;
  EXPECT_NE(csv.body.find(medeu + ",shop,3,0,0,0,0,0,false\r\n"), std::string::npos) << csv.body;
  EXPECT_NE(csv.body.find(almaly + ",shop,,,,,,,true\r\n"), std::string::npos) << csv.body;
  for (const auto& iin : iins) EXPECT_EQ(csv.body.find(iin), std::string::npos) << csv.body;
  for (const char* personal :
       {"Жумабекова", "Нурланов", "Ким", "Абенов", "+7 701", "555", "KZ", "Толе"}) {
    EXPECT_EQ(csv.body.find(personal), std::string::npos) << personal << ": " << csv.body;
  }
  // Signed-in callers get the same; the staff's JSON is for supervisors and admins only.
  EXPECT_EQ(As(clerk_, "GET", "/api/v1/public/recovery-figures.csv").body, csv.body);
  EXPECT_EQ(server_->RequestAs({}, "GET", "/api/v1/recovery/figures").status, 401);
  EXPECT_EQ(As(clerk_, "GET", "/api/v1/recovery/figures").status, 403);
  EXPECT_EQ(As(members_["chair"], "GET", "/api/v1/recovery/figures").status, 403);
  auto staff = Admin("GET", "/api/v1/recovery/figures");
  EXPECT_EQ(staff["total"].as_object()["claims"].as_int64(), 4);
  EXPECT_EQ(staff["cells"].as_array().size(), 2u);
  EXPECT_EQ(staff["programmes"].as_array()[0].as_object()["claims"].as_int64(), 4);
  EXPECT_EQ(staff["by_state"].as_array()[0].as_object()["state"].as_string(), "submitted");
  // A scraper in a loop is slowed down like the public lookups.
  int last = 200;
  std::string retry_after;
  for (int i = 0; i < 15 && last == 200; ++i) {
    auto r = server_->RequestAs({}, "GET", "/api/v1/public/recovery-figures.csv");
    last = r.status;
    retry_after = r.headers["retry-after"];
  }
  EXPECT_EQ(last, 429);
  EXPECT_FALSE(retry_after.empty());
}

}  // namespace
}  // namespace aftermath::testing

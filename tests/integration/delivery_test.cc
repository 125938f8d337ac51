// Issue #19, "messages that reach families", through the real `aftermath serve`: a confirmation
// queues the SMS in the family's language, the server's delivery worker sends it to a real HTTP
// receiver on loopback, signed, once; the gateway's receipt (HMAC-verified) marks it delivered;
// /metrics counts it.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <thread>

#include "delivery/signature.h"
#include "delivery/test_sinks.h"
#include "server_process.h"

namespace aftermath::testing {
namespace {

namespace json = boost::json;

const std::string kSecret = "integration-secret";

json::object Obj(const HttpResult& r) { return json::parse(r.body).as_object(); }
std::string Str(const json::value& v) { return v.is_string() ? std::string(v.as_string()) : ""; }

bool Eventually(const std::function<bool()>& done, int seconds) {
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (std::chrono::steady_clock::now() < until) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return done();
}

TEST(DeliveryIntegrationTest, TheServerSendsTheSmsInTheFamilysLanguageAndTakesTheReceipt) {
  delivery::testing::HttpReceiver receiver;
  receiver.Start();
  std::string dir = TempDir("delivery_integration");
  ServerProcess server(dir + "/registry.db",
                       {"--sms-url", receiver.url(), "--sms-secret", kSecret,
                        "--delivery-interval", "1", "--sms-language", "ru"});
  ASSERT_GT(server.port(), 0);
  auto source = server.Request("POST", "/api/v1/sources",
                               R"({"name":"City Hospital No. 4","kind":"hospital"})");
  ASSERT_EQ(source.status, 201) << source.body;
  auto inquiry = server.Request("POST", "/api/v1/inquiries", R"({
      "sought_name": "Серіков Ерлан", "inquirer_name": "Серікова Айгүл",
      "callback_phone": "+7 701 123 45 67", "language": "en"})");
  ASSERT_EQ(inquiry.status, 201) << inquiry.body;
  EXPECT_EQ(Str(Obj(inquiry)["language"]), "en");
  auto report = server.Request("POST", "/api/v1/reports", R"({
      "source_id": ")" + Str(Obj(source)["id"]) + R"(", "external_id": "H4-0001",
      "full_name": "СЕРІКОВ Ерлан Маратұлы", "status": "hospitalised"})");
  ASSERT_EQ(report.status, 201) << report.body;
  auto queue = Obj(server.Request("GET", "/api/v1/matches?decision=pending"))["items"].as_array();
  ASSERT_EQ(queue.size(), 1u);
  auto decided = server.Request(
      "POST", "/api/v1/matches/" + Str(queue[0].as_object()["id"]) + "/decision",
      R"({"decision":"confirmed"})");
  ASSERT_EQ(decided.status, 200) << decided.body;

  ASSERT_TRUE(Eventually([&] { return !receiver.requests().empty(); }, 20));
  std::this_thread::sleep_for(std::chrono::seconds(2));  // a second send would come by now
  auto requests = receiver.requests();
  ASSERT_EQ(requests.size(), 1u);
  const auto& sms = requests[0];
  EXPECT_TRUE(delivery::VerifySignature(kSecret, sms.body, sms.signature)) << sms.signature;
  auto body = json::parse(sms.body).as_object();
  EXPECT_EQ(Str(body["to"]), "+7 701 123 45 67");
  EXPECT_EQ(Str(body["text"]),
            "Direct line: there is news about your inquiry. An operator will call you back on "
            "this number.");
  std::string id = Str(body["id"]);
  EXPECT_EQ(sms.message_id, id);

  auto outbox = Obj(server.Request("GET", "/api/v1/outbox?all=true"))["items"].as_array();
  ASSERT_EQ(outbox.size(), 1u);
  EXPECT_EQ(Str(outbox[0].as_object()["state"]), "sent");

  // The gateway's receipt: refused unsigned or signed with another secret, taken when signed.
  std::string receipt = R"({"id":")" + id + R"(","status":"delivered"})";
  auto post_receipt = [&](const std::string& signature) {
    std::map<std::string, std::string> headers;
    if (!signature.empty()) headers["X-Aftermath-Signature"] = signature;
    return server.RequestAs({}, "POST", "/api/v1/outbox/receipts", receipt, headers);
  };
  EXPECT_EQ(post_receipt("").status, 401);
  EXPECT_EQ(post_receipt("sha256=" + delivery::SignHex("guess", receipt)).status, 401);
  auto taken = post_receipt("sha256=" + delivery::SignHex(kSecret, receipt));
  ASSERT_EQ(taken.status, 200) << taken.body;
  EXPECT_EQ(Str(Obj(taken)["state"]), "delivered");
  EXPECT_EQ(taken.body.find("+7 701"), std::string::npos);  // the gateway learns no number
  outbox = Obj(server.Request("GET", "/api/v1/outbox?all=true"))["items"].as_array();
  EXPECT_EQ(Str(outbox[0].as_object()["state"]), "delivered");

  auto metrics = server.RequestAs({}, "GET", "/metrics").body;
  EXPECT_NE(metrics.find("aftermath_outbox_sent_total{channel=\"sms\"} 1"), std::string::npos)
      << metrics;
  EXPECT_NE(metrics.find("aftermath_outbox_pending 0"), std::string::npos);
  EXPECT_NE(metrics.find("aftermath_outbox_dead 0"), std::string::npos);
  EXPECT_NE(metrics.find("aftermath_outbox_oldest_pending_age_seconds 0"), std::string::npos);
}

// A gateway that refuses a message (a 4xx other than 429) is not asked again: the message is a
// dead letter at once. `aftermath outbox retry-dead` gives it another round, and the server
// sends it once the gateway takes it.
TEST(DeliveryIntegrationTest, ARefusedSmsIsDeadAtOnceAndRetryDeadSendsItAgain) {
  delivery::testing::HttpReceiver receiver;
  receiver.Start();
  receiver.set_status(400);
  std::string dir = TempDir("delivery_retry_dead");
  const std::string db = dir + "/registry.db";
  const std::vector<std::string> args = {"--sms-url", receiver.url(), "--sms-secret", kSecret,
                                         "--delivery-interval", "1", "--delivery-attempts", "5"};
  {
    ServerProcess server(db, args);
    ASSERT_GT(server.port(), 0);
    auto source = server.Request("POST", "/api/v1/sources",
                                 R"({"name":"City Hospital No. 4","kind":"hospital"})");
    ASSERT_EQ(source.status, 201) << source.body;
    auto inquiry = server.Request("POST", "/api/v1/inquiries", R"({
        "sought_name": "Серіков Ерлан", "inquirer_name": "Серікова Айгүл",
        "callback_phone": "+7 701 123 45 67", "language": "kk"})");
    ASSERT_EQ(inquiry.status, 201) << inquiry.body;
    auto report = server.Request("POST", "/api/v1/reports", R"({
        "source_id": ")" + Str(Obj(source)["id"]) + R"(", "external_id": "H4-0001",
        "full_name": "СЕРІКОВ Ерлан Маратұлы", "status": "hospitalised"})");
    ASSERT_EQ(report.status, 201) << report.body;
    auto queue =
        Obj(server.Request("GET", "/api/v1/matches?decision=pending"))["items"].as_array();
    ASSERT_EQ(queue.size(), 1u);
    ASSERT_EQ(server.Request("POST",
                             "/api/v1/matches/" + Str(queue[0].as_object()["id"]) + "/decision",
                             R"({"decision":"confirmed"})")
                  .status,
              200);
    auto state = [&] {
      auto items = Obj(server.Request("GET", "/api/v1/outbox?all=true"))["items"].as_array();
      return items.size() == 1 ? Str(items[0].as_object()["state"]) : std::string();
    };
    ASSERT_TRUE(Eventually([&] { return state() == "dead"; }, 20)) << state();
    std::this_thread::sleep_for(std::chrono::seconds(2));  // a retry would come by now
    EXPECT_EQ(state(), "dead");
    auto metrics = server.RequestAs({}, "GET", "/metrics").body;
    EXPECT_NE(metrics.find("aftermath_outbox_dead 1"), std::string::npos) << metrics;
  }
  std::string out, err;
  ASSERT_EQ(RunAftermath({"outbox", "retry-dead", "--db", "sqlite:" + db}, &out, &err), 0) << err;
  EXPECT_EQ(out, "1 to send again\n");
  ASSERT_EQ(RunAftermath({"outbox", "retry-dead", "--db", "sqlite:" + db}, &out, &err), 0) << err;
  EXPECT_EQ(out, "0 to send again\n");
  receiver.set_status(200);
  ServerProcess server(db, args);
  ASSERT_GT(server.port(), 0);
  ASSERT_TRUE(Eventually([&] { return !receiver.requests().empty(); }, 20));
  std::this_thread::sleep_for(std::chrono::seconds(2));
  EXPECT_EQ(receiver.requests().size(), 1u);
  auto items = Obj(server.Request("GET", "/api/v1/outbox?all=true"))["items"].as_array();
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(Str(items[0].as_object()["state"]), "sent");
}

// Without a gateway configured nothing is sent, and receipts are not taken.
TEST(DeliveryIntegrationTest, DeliveryIsOffUnlessConfigured) {
  std::string dir = TempDir("delivery_off");
  ServerProcess server(dir + "/registry.db");
  ASSERT_GT(server.port(), 0);
  std::string receipt = R"({"id":"msg_x","status":"delivered"})";
  auto r = server.RequestAs({}, "POST", "/api/v1/outbox/receipts", receipt,
                            {{"X-Aftermath-Signature", "sha256=" + delivery::SignHex("", receipt)}});
  EXPECT_EQ(r.status, 503) << r.body;
}

// A gateway URL without the secret to sign with is refused at start.
TEST(DeliveryIntegrationTest, AGatewayWithoutASecretIsRefused) {
  std::string out, err;
  int rc = RunAftermath({"serve", "--db", "sqlite:" + TempDir("delivery_nosecret") + "/r.db",
                         "--sms-url", "http://127.0.0.1:9/send"},
                        &out, &err);
  EXPECT_EQ(rc, 2) << err;
  EXPECT_NE(err.find("--sms-secret"), std::string::npos) << err;
}

}  // namespace
}  // namespace aftermath::testing

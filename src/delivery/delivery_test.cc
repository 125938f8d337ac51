// The delivery worker against a real HTTP receiver and a real SMTP sink on loopback, on SQLite
// and PostgreSQL: signed bodies, each message exactly once, nothing lost while the receiver is
// down, dead letters, receipts, and the SMS in the family's language.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sodium.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <thread>

#include "delivery/receipt.h"
#include "delivery/signature.h"
#include "delivery/test_sinks.h"
#include "delivery/worker.h"
#include "store/postgres/pg_test_database.h"

namespace aftermath::delivery {
namespace {

using testing::HttpReceiver;
using testing::SmtpSink;

// 32 bytes: the receiver checks the signature with libsodium's one-shot HMAC, independently of
// the sender's streaming one.
const std::string kSecret = "0123456789abcdef0123456789abcdef";

struct Backend {
  std::string name;
  std::function<std::string()> make_url;
};
void PrintTo(const Backend& b, std::ostream* os) { *os << b.name; }

std::string TempSqliteUrl() {
  static int n = 0;
  auto dir = std::filesystem::temp_directory_path() /
             ("aftermath_delivery_test_" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  auto path = dir / ("d" + std::to_string(++n) + ".db");
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
  return "sqlite:" + path.string();
}

std::string TempPostgresUrl() {
  auto url = aftermath::testing::CreateTestDatabase();
  if (!url.ok()) {
    ADD_FAILURE() << url.status().ToString();
    return "";
  }
  return *url;
}

bool HmacMatches(const std::string& body, const std::string& header) {
  if (!header.starts_with("sha256=")) return false;
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  size_t len = 0;
  std::string hex = header.substr(7);
  if (sodium_hex2bin(mac, sizeof mac, hex.data(), hex.size(), nullptr, &len, nullptr) != 0 ||
      len != sizeof mac) {
    return false;
  }
  return crypto_auth_hmacsha256_verify(mac, reinterpret_cast<const unsigned char*>(body.data()),
                                       body.size(),
                                       reinterpret_cast<const unsigned char*>(kSecret.data())) ==
         0;
}

// Waits up to `seconds` for `done`.
bool Eventually(const std::function<bool()>& done, int seconds) {
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (std::chrono::steady_clock::now() < until) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return done();
}

class DeliveryTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    url_ = GetParam().make_url();
    ASSERT_FALSE(url_.empty());
    store_ = std::move(OpenStore(url_)).value();
    registry_ = std::make_unique<Registry>(*store_, clock_);
    receiver_.Start();
  }

  // Queues messages as a confirmation does (the registry's DecideMatch is tested below).
  std::vector<std::string> Queue(int n, const std::string& channel = "sms") {
    std::vector<std::string> ids;
    auto tx = std::move(store_->Begin(TransactionMode::kWrite)).value();
    for (int i = 0; i < n; ++i) {
      OutboxMessage m{.id = NewId(kOutboxIdPrefix), .channel = channel,
                      .recipient = channel == "sms" ? "+7 701 000 00 0" + std::to_string(i)
                                                    : "family" + std::to_string(i) + "@example.kz",
                      .body = "Жаңалық бар \"" + std::to_string(i) + "\"",
                      .created_at = clock_.Now()};
      EXPECT_TRUE(tx->InsertOutbox(m).ok());
      ids.push_back(m.id);
    }
    EXPECT_TRUE(tx->AppendAudit({.at = clock_.Now(), .actor = "test", .action = "outbox.queue"})
                    .ok());
    EXPECT_TRUE(tx->Commit().ok());
    return ids;
  }

  OutboxMessage Get(const std::string& id) {
    return *store_->Begin(TransactionMode::kRead).value()->GetOutbox(id);
  }

  SmsGateway Gateway() { return SmsGateway({.url = receiver_.url(), .secret = kSecret}); }

  struct Confirmed {
    std::string match_id, message_id;
  };
  // An inquiry in `language` confirmed with a hospital's patient: the registry queues the SMS.
  Confirmed Confirm(const std::string& language) {
    if (patient_.empty()) {
      auto hospital = *registry_->CreateSource("test", {.name = "City Hospital No. 4",
                                                        .kind = SourceKind::kHospital});
      patient_ = registry_->RecordReport(
                              "clerk", NewReport{.source_id = hospital.id, .external_id = "H4-17",
                                                 .full_name = "Серіков Ерлан Маратұлы",
                                                 .sex = Sex::kMale,
                                                 .status = PersonStatus::kHospitalised})
                     ->report.person_id;
    }
    Inquiry q{.sought_name = "Серіков Ерлан", .inquirer_name = "Серікова Айгүл",
              .callback_phone = "+7 701 123 45 67", .language = language};
    auto opened = registry_->OpenInquiry("op", q);
    EXPECT_TRUE(opened.ok()) << opened.status().ToString();
    Confirmed out{.match_id = NewId(kMatchIdPrefix)};
    {
      auto tx = std::move(store_->Begin(TransactionMode::kWrite)).value();
      EXPECT_TRUE(tx->InsertMatch({.id = out.match_id, .person_id = patient_,
                                   .inquiry_id = opened->id, .score = 0.95,
                                   .created_at = clock_.Now()})
                      .ok());
      EXPECT_TRUE(tx->AppendAudit({.at = clock_.Now(), .actor = "matcher",
                                   .action = "match.create"})
                      .ok());
      EXPECT_TRUE(tx->Commit().ok());
    }
    EXPECT_TRUE(registry_->DecideMatch("op", out.match_id, MatchDecision::kConfirmed).ok());
    auto calls = registry_->ListCallbacks("op", std::nullopt, 100);
    EXPECT_TRUE(calls.ok());
    for (const auto& c : *calls) {
      if (c.match_id == out.match_id) out.message_id = c.message_id;
    }
    return out;
  }

  FakeClock clock_{*ParseTimestamp("2026-01-06T10:00:00Z")};
  std::string url_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<Registry> registry_;
  HttpReceiver receiver_;
  std::string patient_;
};

TEST_P(DeliveryTest, SmsArrivesOnceSignedWithTheTemplateBody) {
  auto ids = Queue(3);
  SmsGateway sms = Gateway();
  int sent = 0;
  DeliveryWorker worker(*registry_, &sms, nullptr, {.owner = "w1"},
                        {.sent = [&](const std::string&) { ++sent; }});
  auto tried = worker.RunOnce();
  ASSERT_TRUE(tried.ok()) << tried.status().ToString();
  EXPECT_EQ(*tried, 3);
  EXPECT_EQ(sent, 3);
  EXPECT_EQ(*worker.RunOnce(), 0);  // nothing is sent twice
  auto requests = receiver_.requests();
  ASSERT_EQ(requests.size(), 3u);
  for (size_t i = 0; i < requests.size(); ++i) {
    const auto& r = requests[i];
    EXPECT_TRUE(HmacMatches(r.body, r.signature)) << r.signature;
    EXPECT_EQ(r.content_type, "application/json");
    EXPECT_EQ(r.message_id, ids[i]);
    EXPECT_EQ(r.idempotency_key, ids[i]);
    EXPECT_EQ(r.body, R"({"to":"+7 701 000 00 0)" + std::to_string(i) +
                          R"(","text":"Жаңалық бар \")" + std::to_string(i) + R"(\"","id":")" +
                          ids[i] + R"("})");
    OutboxMessage m = Get(ids[i]);
    EXPECT_EQ(m.state, OutboxState::kSent);
    EXPECT_EQ(m.attempts, 1);
    EXPECT_TRUE(m.sent_at);
    EXPECT_TRUE(m.lease_owner.empty());
  }
}

// A one-time code (issue #18) goes to the gateway as it is, but no reader of the outbox is shown
// it, and once sent the store keeps nothing of it; an ordinary message keeps its body.
TEST_P(DeliveryTest, AOneTimeCodeIsSentButShownToNoReaderAndBlankedOnceSent) {
  auto plain = Queue(1);
  OutboxMessage code{.id = NewId(kOutboxIdPrefix),
                     .channel = "sms",
                     .recipient = "+77015550999",
                     .body = "Код подтверждения заявки: 482913",
                     .created_at = clock_.Now(),
                     .kind = OutboxKind::kOneTimeCode};
  {
    auto tx = std::move(store_->Begin(TransactionMode::kWrite)).value();
    ASSERT_TRUE(tx->InsertOutbox(code).ok());
    ASSERT_TRUE(
        tx->AppendAudit({.at = clock_.Now(), .actor = "test", .action = "application.start"}).ok());
    ASSERT_TRUE(tx->Commit().ok());
  }
  EXPECT_EQ(Get(code.id).kind, OutboxKind::kOneTimeCode);
  EXPECT_EQ(Get(plain[0]).kind, OutboxKind::kMessage);
  auto listed = registry_->ListOutbox("usr_admin", false, 100);
  ASSERT_TRUE(listed.ok()) << listed.status().ToString();
  ASSERT_EQ(listed->size(), 2u);
  for (const auto& m : *listed) {
    EXPECT_EQ(m.body.find("482913"), std::string::npos) << m.body;
    if (m.id == code.id) {
      EXPECT_EQ(m.body, "Код подтверждения заявки: ••••••");
    }
  }

  SmsGateway sms = Gateway();
  DeliveryWorker worker(*registry_, &sms, nullptr, {.owner = "w1"});
  ASSERT_EQ(*worker.RunOnce(), 2);
  auto requests = receiver_.requests();
  ASSERT_EQ(requests.size(), 2u);
  int with_code = 0;
  for (const auto& r : requests) {
    if (r.message_id == code.id) {
      EXPECT_NE(r.body.find("482913"), std::string::npos) << r.body;  // the real text
      ++with_code;
    }
  }
  EXPECT_EQ(with_code, 1);
  OutboxMessage after = Get(code.id);
  EXPECT_EQ(after.state, OutboxState::kSent);
  EXPECT_EQ(after.body, "");
  EXPECT_EQ(after.recipient, "+77015550999");
  EXPECT_NE(Get(plain[0]).body, "");
}

TEST_P(DeliveryTest, AFormTemplateIsPercentEncoded) {
  auto ids = Queue(1);
  SmsGateway sms({.url = receiver_.url(), .body_template = "to={phone}&msg={text}&ref={id}",
                  .content_type = "application/x-www-form-urlencoded", .secret = kSecret});
  DeliveryWorker worker(*registry_, &sms, nullptr, {.owner = "w1"});
  ASSERT_EQ(*worker.RunOnce(), 1);
  auto requests = receiver_.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_TRUE(requests[0].body.starts_with("to=%2B7%20701%20000%2000%2000&msg=%D0%96")) <<
      requests[0].body;
  EXPECT_TRUE(requests[0].body.ends_with("&ref=" + ids[0]));
  EXPECT_TRUE(HmacMatches(requests[0].body, requests[0].signature));
}

TEST_P(DeliveryTest, EmailArrivesAtTheSmtpSink) {
  SmtpSink sink;
  sink.Start();
  auto ids = Queue(1, "email");
  Queue(1, "sms");  // no SMS gateway configured: the SMS waits
  SmtpMailer mail({.url = sink.url(), .from = "line@aftermath.test", .subject = "Тікелей желі"});
  DeliveryWorker worker(*registry_, nullptr, &mail, {.owner = "w1"});
  auto tried = worker.RunOnce();
  ASSERT_TRUE(tried.ok()) << tried.status().ToString();
  EXPECT_EQ(*tried, 1);
  auto mails = sink.mails();
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_EQ(mails[0].from, "<line@aftermath.test>");
  ASSERT_EQ(mails[0].to.size(), 1u);
  EXPECT_EQ(mails[0].to[0], "<family0@example.kz>");
  EXPECT_NE(mails[0].data.find("Message-ID: <" + ids[0] + "@aftermath>"), std::string::npos);
  EXPECT_NE(mails[0].data.find("Жаңалық бар \"0\""), std::string::npos) << mails[0].data;
  EXPECT_NE(mails[0].data.find("Subject: =?UTF-8?B?"), std::string::npos);
  EXPECT_EQ(Get(ids[0]).state, OutboxState::kSent);
  EXPECT_EQ(store_->Begin(TransactionMode::kRead).value()->CountQueues().value().pending_outbox,
            1);
}

// The issue's minute of downtime on a shortened scale: two workers (two servers on PostgreSQL,
// two threads of one server on SQLite, whose file has one writer) with a one-second backoff;
// the receiver refuses connections for three seconds, then comes back. Every message arrives,
// none twice.
TEST_P(DeliveryTest, NothingLostNothingSentTwiceWhileTheReceiverIsDown) {
  SystemClock clock;
  std::unique_ptr<Store> second_store;
  if (!url_.starts_with("sqlite:")) second_store = std::move(OpenStore(url_)).value();
  Registry first(*store_, clock);
  Registry second(second_store ? *second_store : *store_, clock);
  auto ids = Queue(12);
  receiver_.Stop();
  SmsGateway sms = Gateway();
  std::atomic<int> failed = 0, retried = 0;
  DeliveryHooks hooks{.failed = [&](const std::string&) { ++failed; },
                      .retried = [&](const std::string&) { ++retried; }};
  DeliveryOptions options{.batch = 3, .lease = std::chrono::seconds(30), .max_attempts = 100,
                          .backoff = std::chrono::seconds(1),
                          .max_backoff = std::chrono::seconds(2),
                          .interval = std::chrono::milliseconds(100)};
  options.owner = "server-a";
  DeliveryWorker a(first, &sms, nullptr, options, hooks);
  options.owner = "server-b";
  DeliveryWorker b(second, &sms, nullptr, options, hooks);
  std::atomic<bool> stopping = false;
  std::thread ta([&] { a.Run(stopping); });
  std::thread tb([&] { b.Run(stopping); });
  std::this_thread::sleep_for(std::chrono::seconds(3));
  EXPECT_GE(failed.load(), 12);  // each message was tried while the receiver was down
  for (const auto& id : ids) EXPECT_EQ(Get(id).state, OutboxState::kPending);
  receiver_.Start();
  bool all = Eventually([&] { return receiver_.CountById().size() == ids.size(); }, 30);
  // A little longer: a duplicate would come now.
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  stopping = true;
  ta.join();
  tb.join();
  ASSERT_TRUE(all) << receiver_.requests().size() << " of " << ids.size();
  auto counts = receiver_.CountById();
  for (const auto& id : ids) {
    EXPECT_EQ(counts[id], 1) << id;
    OutboxMessage m = Get(id);
    EXPECT_EQ(m.state, OutboxState::kSent) << id;
    EXPECT_GE(m.attempts, 2) << id;
    EXPECT_TRUE(m.lease_owner.empty());
  }
  EXPECT_EQ(receiver_.requests().size(), ids.size());
  EXPECT_GE(retried.load(), 12);
}

TEST_P(DeliveryTest, AMessageFailingNTimesIsADeadLetter) {
  auto ids = Queue(1);
  receiver_.set_status(500);
  SmsGateway sms = Gateway();
  int dead = 0;
  DeliveryWorker worker(*registry_, &sms, nullptr,
                        {.owner = "w1", .max_attempts = 3, .backoff = std::chrono::seconds(10),
                         .max_backoff = std::chrono::seconds(15)},
                        {.dead = [&](const std::string&) { ++dead; }});
  ASSERT_EQ(*worker.RunOnce(), 1);
  OutboxMessage m = Get(ids[0]);
  EXPECT_EQ(m.state, OutboxState::kPending);
  EXPECT_EQ(m.attempts, 1);
  EXPECT_EQ(m.last_error, "sms gateway: HTTP 500");
  ASSERT_TRUE(m.next_attempt_at);
  EXPECT_EQ(*m.next_attempt_at, clock_.Now() + std::chrono::seconds(10));
  EXPECT_EQ(*worker.RunOnce(), 0);  // not due yet
  clock_.Advance(std::chrono::seconds(10));
  ASSERT_EQ(*worker.RunOnce(), 1);
  EXPECT_EQ(*Get(ids[0]).next_attempt_at, clock_.Now() + std::chrono::seconds(15));  // capped
  clock_.Advance(std::chrono::seconds(15));
  ASSERT_EQ(*worker.RunOnce(), 1);
  m = Get(ids[0]);
  EXPECT_EQ(m.state, OutboxState::kDead);
  EXPECT_EQ(m.attempts, 3);
  EXPECT_EQ(dead, 1);
  clock_.Advance(std::chrono::hours(24));
  EXPECT_EQ(*worker.RunOnce(), 0);  // a dead letter is never tried again
  auto counts = *store_->Begin(TransactionMode::kRead).value()->CountQueues();
  EXPECT_EQ(counts.pending_outbox, 0);
  EXPECT_EQ(counts.dead_outbox, 1);
  EXPECT_TRUE(receiver_.requests().empty());
}

TEST_P(DeliveryTest, AGatewaysRefusalIsADeadLetterAtOnceButTooManyRequestsIsRetried) {
  SmsGateway sms = Gateway();
  int dead = 0;
  DeliveryWorker worker(*registry_, &sms, nullptr,
                        {.owner = "w1", .max_attempts = 5, .backoff = std::chrono::seconds(10)},
                        {.dead = [&](const std::string&) { ++dead; }});
  for (int status : {400, 404, 422}) {
    auto ids = Queue(1);
    receiver_.set_status(status);
    ASSERT_EQ(*worker.RunOnce(), 1);
    OutboxMessage m = Get(ids[0]);
    EXPECT_EQ(m.state, OutboxState::kDead) << status;
    EXPECT_EQ(m.attempts, 1) << status;
    EXPECT_EQ(m.last_error, fmt::format("sms gateway: HTTP {} (refused)", status));
    EXPECT_FALSE(m.next_attempt_at) << status;
  }
  EXPECT_EQ(dead, 3);
  for (int status : {429, 408, 503}) {
    auto ids = Queue(1);
    receiver_.set_status(status);
    ASSERT_EQ(*worker.RunOnce(), 1);
    OutboxMessage m = Get(ids[0]);
    EXPECT_EQ(m.state, OutboxState::kPending) << status;
    ASSERT_TRUE(m.next_attempt_at) << status;
    EXPECT_EQ(*m.next_attempt_at, clock_.Now() + std::chrono::seconds(10)) << status;
    clock_.Advance(std::chrono::seconds(10));
    receiver_.set_status(200);
    ASSERT_EQ(*worker.RunOnce(), 1);
    EXPECT_EQ(Get(ids[0]).state, OutboxState::kSent) << status;
  }
  EXPECT_EQ(dead, 3);
}

TEST_P(DeliveryTest, DeadLettersAreGivenAnotherRoundAndSentOnce) {
  auto ids = Queue(3);
  SmsGateway sms = Gateway();
  DeliveryWorker worker(*registry_, &sms, nullptr,
                        {.owner = "w1", .max_attempts = 2, .backoff = std::chrono::seconds(10)});
  receiver_.set_status(400);
  ASSERT_EQ(*worker.RunOnce(), 3);
  for (const auto& id : ids) ASSERT_EQ(Get(id).state, OutboxState::kDead);
  EXPECT_EQ(*registry_->RetryDeadOutbox("cli:outbox"), 3);
  OutboxMessage m = Get(ids[0]);
  EXPECT_EQ(m.state, OutboxState::kPending);
  EXPECT_EQ(m.attempts, 0);
  EXPECT_EQ(m.last_error, "sms gateway: HTTP 400 (refused)");  // what went wrong stays
  EXPECT_EQ(*registry_->RetryDeadOutbox("cli:outbox"), 0);      // none dead any more
  receiver_.set_status(200);
  ASSERT_EQ(*worker.RunOnce(), 3);
  for (const auto& id : ids) EXPECT_EQ(Get(id).state, OutboxState::kSent);
  EXPECT_EQ(receiver_.requests().size(), 3u);
  EXPECT_EQ(*worker.RunOnce(), 0);
  auto audit = *store_->Begin(TransactionMode::kRead).value()->QueryAudit(
      {.action = "outbox.retry_dead"});
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].actor, "cli:outbox");
  EXPECT_NE(audit[0].detail.find(ids[2]), std::string::npos);
}

TEST_P(DeliveryTest, ALeasedMessageIsNotTakenByAnotherWorkerUntilTheLeaseLapses) {
  auto ids = Queue(2);
  auto held = registry_->ClaimOutbox("w1", "sms", 10, std::chrono::seconds(60));
  ASSERT_TRUE(held.ok());
  EXPECT_EQ(held->size(), 2u);
  EXPECT_TRUE(registry_->ClaimOutbox("w2", "sms", 10, std::chrono::seconds(60))->empty());
  clock_.Advance(std::chrono::seconds(61));  // w1 died mid-send
  auto taken = registry_->ClaimOutbox("w2", "sms", 10, std::chrono::seconds(60));
  ASSERT_EQ(taken->size(), 2u);
  EXPECT_EQ(registry_->RecordDeliveryAttempt("w1", ids[0], {}).status().code(),
            StatusCode::kFailedPrecondition);
  EXPECT_TRUE(registry_->RecordDeliveryAttempt("w2", ids[0], {}).ok());
  EXPECT_EQ(Get(ids[0]).state, OutboxState::kSent);
}

TEST_P(DeliveryTest, AReceiptMarksDeliveredAndABadSignatureIsRefused) {
  auto ids = Queue(2);
  SmsGateway sms = Gateway();
  DeliveryWorker worker(*registry_, &sms, nullptr, {.owner = "w1"});
  ASSERT_EQ(*worker.RunOnce(), 2);
  std::string body = R"({"id":")" + ids[0] + R"(","status":"delivered"})";
  auto forged = ParseSignedReceipt(kSecret, body, "sha256=" + SignHex("another secret", body));
  EXPECT_EQ(forged.status().code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(ParseSignedReceipt(kSecret, body, "").status().code(), StatusCode::kUnauthenticated);
  auto receipt = ParseSignedReceipt(kSecret, body, "sha256=" + SignHex(kSecret, body));
  ASSERT_TRUE(receipt.ok()) << receipt.status().ToString();
  auto delivered = registry_->RecordReceipt("gateway", receipt->message_id,
                                            Registry::Receipt::kDelivered, "");
  ASSERT_TRUE(delivered.ok()) << delivered.status().ToString();
  EXPECT_EQ(Get(ids[0]).state, OutboxState::kDelivered);
  EXPECT_TRUE(Get(ids[0]).receipt_at);
  auto undelivered = registry_->RecordReceipt("gateway", ids[1], Registry::Receipt::kUndelivered,
                                              "absent subscriber");
  ASSERT_TRUE(undelivered.ok());
  EXPECT_EQ(Get(ids[1]).state, OutboxState::kUndelivered);
  EXPECT_EQ(Get(ids[1]).last_error, "absent subscriber");
  EXPECT_EQ(registry_->RecordReceipt("gateway", "msg_unknown", Registry::Receipt::kDelivered, "")
                .status()
                .code(),
            StatusCode::kNotFound);
  auto never_sent = Queue(1);
  EXPECT_EQ(registry_->RecordReceipt("gateway", never_sent[0], Registry::Receipt::kDelivered, "")
                .status()
                .code(),
            StatusCode::kFailedPrecondition);
}

// Issue #19: the SMS is in the language the family chose; one who chose none gets the
// server's default; a templates file overrides the texts.
TEST_P(DeliveryTest, TheSmsIsInTheFamilysLanguage) {
  auto confirm = [&](const std::string& language) {
    return Get(Confirm(language).message_id).body;
  };
  EXPECT_EQ(confirm("kk"), MessageTemplates::Defaults().news_sms.at("kk"));
  EXPECT_EQ(confirm("ru"), "Прямая линия: есть новости по вашему обращению. Оператор перезвонит "
                           "вам на этот номер.");
  EXPECT_EQ(confirm("en"), MessageTemplates::Defaults().news_sms.at("en"));
  EXPECT_EQ(confirm(""), MessageTemplates::Defaults().news_sms.at("kk"));  // the default

  auto path = std::filesystem::temp_directory_path() /
              ("aftermath_templates_" + std::to_string(getpid()) + ".conf");
  std::ofstream(path) << "# ours\ndefault_language = ru\nnews_sms.ru = Есть новости. Ждите "
                         "звонка.\n";
  auto templates = MessageTemplates::Load(path.string());
  ASSERT_TRUE(templates.ok()) << templates.status().ToString();
  registry_->SetMessageTemplates(*templates);
  EXPECT_EQ(confirm(""), "Есть новости. Ждите звонка.");
  EXPECT_EQ(confirm("en"), MessageTemplates::Defaults().news_sms.at("en"));
  std::ofstream(path) << "news_sms.de = Hallo\n";
  EXPECT_EQ(MessageTemplates::Load(path.string()).status().code(), StatusCode::kInvalidArgument);
  std::filesystem::remove(path);

  Inquiry bad{.sought_name = "A B", .inquirer_name = "C D", .callback_phone = "+7 701 123 45 67",
              .language = "de"};
  EXPECT_EQ(registry_->OpenInquiry("op", bad).status().field(), "language");
}

// Undoing a confirmation withdraws its SMS while it waits, but not one a worker holds: that
// one may be on its way, and the call goes to say there is no news yet.
TEST_P(DeliveryTest, AnUndoneConfirmationWithdrawsOnlyAnSmsNotOnItsWay) {
  Confirmed waiting = Confirm("ru");
  auto undone = registry_->UndoConfirmation("op", waiting.match_id);
  ASSERT_TRUE(undone.ok()) << undone.status().ToString();
  EXPECT_TRUE(undone->message_withdrawn);
  EXPECT_EQ(store_->Begin(TransactionMode::kRead).value()->GetOutbox(waiting.message_id)
                .status()
                .code(),
            StatusCode::kNotFound);

  Confirmed leased = Confirm("ru");
  ASSERT_EQ(registry_->ClaimOutbox("w1", "sms", 10, std::chrono::seconds(60))->size(), 1u);
  undone = registry_->UndoConfirmation("op", leased.match_id);
  ASSERT_TRUE(undone.ok()) << undone.status().ToString();
  EXPECT_FALSE(undone->message_withdrawn);
  EXPECT_TRUE(registry_->RecordDeliveryAttempt("w1", leased.message_id, {}).ok());
  EXPECT_EQ(Get(leased.message_id).state, OutboxState::kSent);
}

// A message whose recipient retention purged is not sent anywhere: it is dead at once.
TEST_P(DeliveryTest, AMessageWithoutARecipientIsDeadAtOnce) {
  {
    auto tx = std::move(store_->Begin(TransactionMode::kWrite)).value();
    ASSERT_TRUE(tx->InsertOutbox({.id = "msg_purged", .channel = "sms", .recipient = "",
                                  .body = "", .created_at = clock_.Now()})
                    .ok());
    ASSERT_TRUE(tx->AppendAudit({.at = clock_.Now(), .actor = "test", .action = "outbox.queue"})
                    .ok());
    ASSERT_TRUE(tx->Commit().ok());
  }
  SmsGateway sms = Gateway();
  DeliveryWorker worker(*registry_, &sms, nullptr, {.owner = "w1"});
  ASSERT_EQ(*worker.RunOnce(), 1);
  EXPECT_EQ(Get("msg_purged").state, OutboxState::kDead);
  EXPECT_TRUE(receiver_.requests().empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, DeliveryTest,
                         ::testing::Values(Backend{"sqlite", TempSqliteUrl},
                                           Backend{"postgres", TempPostgresUrl}),
                         [](const auto& info) { return info.param.name; });

TEST(BackoffTest, DoublesUpToTheMaximum) {
  using std::chrono::seconds;
  EXPECT_EQ(Backoff(1, seconds(30), seconds(3600)), seconds(30));
  EXPECT_EQ(Backoff(2, seconds(30), seconds(3600)), seconds(60));
  EXPECT_EQ(Backoff(4, seconds(30), seconds(3600)), seconds(240));
  EXPECT_EQ(Backoff(20, seconds(30), seconds(3600)), seconds(3600));
}

TEST(SignatureTest, VerifiesItsOwnAndRefusesOthers) {
  std::string mac = SignHex("k", "body");
  EXPECT_EQ(mac.size(), 64u);
  EXPECT_TRUE(VerifySignature("k", "body", mac));
  EXPECT_TRUE(VerifySignature("k", "body", "SHA256=" + mac));
  EXPECT_FALSE(VerifySignature("k", "body2", mac));
  EXPECT_FALSE(VerifySignature("", "body", mac));
  EXPECT_FALSE(VerifySignature("k", "body", "zz"));
}

}  // namespace
}  // namespace aftermath::delivery

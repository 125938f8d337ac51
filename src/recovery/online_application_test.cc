// Applying online (issue #18) on every backend (SQLite and the test PostgreSQL server): the code
// by SMS through the outbox, wrong, expired and too many codes, the token's replay, the IIN/BIN's
// check digit, files by their signature, and the claim submitted for a clerk.
#include "recovery/online_application.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <functional>
#include <regex>

#include "store/postgres/pg_test_database.h"

namespace aftermath::recovery {
namespace {

struct Backend {
  std::string name;
  std::function<std::string()> make_url;
};
void PrintTo(const Backend& backend, std::ostream* os) { *os << backend.name; }

std::filesystem::path TempDir() {
  auto dir = std::filesystem::temp_directory_path() /
             ("aftermath_online_application_test_" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  return dir;
}

std::string TempSqliteUrl() {
  static int n = 0;
  auto path = TempDir() / ("r" + std::to_string(++n) + ".db");
  std::filesystem::remove(path);
  return "sqlite:" + path.string();
}

// Fails (never skips) without the test PostgreSQL server.
std::string TempPostgresUrl() {
  auto url = testing::CreateTestDatabase();
  if (!url.ok()) {
    ADD_FAILURE() << url.status().ToString();
    return "";
  }
  return *url;
}

const names::NameEngine& Engine() {
  static const names::NameEngine* engine = new names::NameEngine(*names::NameEngine::Create());
  return *engine;
}

constexpr const char* kIin = "900101300017";     // a valid IIN
constexpr const char* kBadIin = "900101300018";  // its check digit wrong
const std::string kJpeg =
    std::string("\xFF\xD8\xFF\xE0", 4) + "\x00\x10JFIF" + std::string(64, 'j');
const std::string kPdf = "%PDF-1.4\n" + std::string(64, 'p');
// A Windows program named "photo.jpg": "MZ" and a PE header.
const std::string kExe = "MZ\x90" + std::string(61, '\0') + "PE";

class OnlineApplicationTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    auto store = OpenStore(GetParam().make_url());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(store).value();
    static int n = 0;
    files_dir_ = TempDir() / ("files" + std::to_string(++n) + GetParam().name);
    files_ = std::make_unique<FileStore>(files_dir_);
    recovery_ = std::make_unique<Recovery>(*store_, clock_, Engine(), &ids_, files_.get());
    apply_ = std::make_unique<OnlineApplications>(*store_, clock_, *recovery_, &ids_);
    auto p = recovery_->CreateProgramme("usr_admin", {.code = "almaty-homes",
                                                      .name = "Damaged homes",
                                                      .claim_kinds = {ClaimKind::kHome},
                                                      .amount_rule = AmountRule::kAssessed,
                                                      .period_start = {2026, 1, 1}});
    ASSERT_TRUE(p.ok()) << p.status().ToString();
  }
  void TearDown() override { std::filesystem::remove_all(files_dir_); }

  // The code from the SMS the outbox holds for the application (as the gateway would send it).
  std::string CodeSentFor(const std::string& application_id, std::string* body = nullptr) {
    auto tx = store_->Begin(TransactionMode::kRead);
    EXPECT_TRUE(tx.ok());
    auto a = (*tx)->GetApplication(application_id);
    EXPECT_TRUE(a.ok()) << a.status().ToString();
    auto m = (*tx)->GetOutbox(a->message_id);
    EXPECT_TRUE(m.ok()) << m.status().ToString();
    EXPECT_EQ(m->kind, OutboxKind::kOneTimeCode);  // masked for readers, blanked once sent
    if (body) *body = m->body;
    std::smatch match;
    EXPECT_TRUE(std::regex_search(m->body, match, std::regex("\\d{6}"))) << m->body;
    return match.empty() ? "" : match.str();
  }
  std::string Token(const std::string& phone = "8 701 555 07 77") {
    auto started = apply_->Start(phone, "kk");
    EXPECT_TRUE(started.ok()) << started.status().ToString();
    auto token = apply_->Confirm(started->id, CodeSentFor(started->id));
    EXPECT_TRUE(token.ok()) << token.status().ToString();
    return token.ok() ? token->token : "";
  }
  OnlineClaim Home(const std::string& token) {
    return {.token = token,
            .kind = ClaimKind::kHome,
            .programme = "almaty-homes",
            .applicant_name = "Жұмабекова Әйгерім",
            .applicant_id = kIin,
            .object =
                NewObject{.kind = ObjectKind::kHome, .address = "г. Алматы, ул. Абая, д. 7, кв. 3"},
            .amount_claimed = 3000000};
  }
  std::vector<AuditEvent> AuditOf(const std::string& actor) {
    auto tx = store_->Begin(TransactionMode::kRead);
    auto all = (*tx)->QueryAudit({.actor = actor});
    EXPECT_TRUE(all.ok()) << all.status().ToString();
    return all.ok() ? *all : std::vector<AuditEvent>{};
  }

  FakeClock clock_{*ParseTimestamp("2026-02-02T05:00:00Z")};
  TimeOrderedIdGenerator ids_{clock_, 17};
  std::unique_ptr<Store> store_;
  std::filesystem::path files_dir_;
  std::unique_ptr<FileStore> files_;
  std::unique_ptr<Recovery> recovery_;
  std::unique_ptr<OnlineApplications> apply_;
};

TEST_P(OnlineApplicationTest, TheCodeGoesBySmsInTheLanguageAndIsStoredOnlyAsAHash) {
  auto started = apply_->Start("+7 701 555 07 77", "ru");
  ASSERT_TRUE(started.ok()) << started.status().ToString();
  std::string body;
  std::string code = CodeSentFor(started->id, &body);
  EXPECT_NE(body.find("код подтверждения"), std::string::npos) << body;
  auto tx = store_->Begin(TransactionMode::kRead);
  auto a = (*tx)->GetApplication(started->id);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->phone, "+77015550777");
  EXPECT_EQ(a->state, ApplicationState::kCodeSent);
  EXPECT_EQ(a->code_hash.find(code), std::string::npos);
  EXPECT_EQ(a->code_hash.size(), 64u);
  EXPECT_EQ(a->code_expires_at, clock_.Now() + std::chrono::minutes(10));
  auto m = (*tx)->GetOutbox(a->message_id);
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->channel, "sms");
  EXPECT_EQ(m->recipient, "+77015550777");
  tx->reset();
  // Audited with ids only: neither the phone nor the code.
  auto audit = AuditOf("applicant:" + started->id);
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].action, "application.start");
  EXPECT_EQ(audit[0].detail.find("555"), std::string::npos);
  EXPECT_EQ(audit[0].detail.find(code), std::string::npos);
  // A bad phone or language is refused, naming the field.
  EXPECT_EQ(apply_->Start("12", "kk").status().field(), "phone");
  EXPECT_EQ(apply_->Start("+77015550777", "de").status().field(), "language");
}

TEST_P(OnlineApplicationTest, AWrongCodeCountsTriesAndTheFifthVoidsTheApplication) {
  auto started = apply_->Start("8 701 555 07 77", "en");
  ASSERT_TRUE(started.ok());
  std::string code = CodeSentFor(started->id);
  std::string wrong = code == "000000" ? "111111" : "000000";
  for (int i = 1; i <= 4; ++i) {
    auto r = apply_->Confirm(started->id, wrong);
    ASSERT_EQ(r.status().code(), StatusCode::kInvalidArgument) << i;
    EXPECT_EQ(r.status().field(), "code");
    EXPECT_NE(r.status().message().find(fmt::format("{} tries left", 5 - i)), std::string::npos)
        << r.status().message();
  }
  auto fifth = apply_->Confirm(started->id, wrong);
  EXPECT_EQ(fifth.status().code(), StatusCode::kFailedPrecondition);
  // Void: even the right code no longer works.
  auto right = apply_->Confirm(started->id, code);
  EXPECT_EQ(right.status().code(), StatusCode::kFailedPrecondition);
  auto audit = AuditOf("applicant:" + started->id);
  ASSERT_EQ(audit.size(), 6u);
  EXPECT_TRUE(std::any_of(audit.begin(), audit.end(),
                          [](const AuditEvent& e) { return e.action == "application.void"; }));
  // A code not of six digits is no try; an unknown application is NotFound.
  auto other = apply_->Start("8 701 555 07 78", "en");
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(apply_->Confirm(other->id, "12a456").status().field(), "code");
  EXPECT_EQ(apply_->Confirm("apl_nosuchapplication0000000", "123456").status().code(),
            StatusCode::kNotFound);
  EXPECT_TRUE(apply_->Confirm(other->id, CodeSentFor(other->id)).ok());
}

TEST_P(OnlineApplicationTest, AnExpiredCodeVoidsTheApplication) {
  auto started = apply_->Start("8 701 555 07 77", "kk");
  ASSERT_TRUE(started.ok());
  std::string code = CodeSentFor(started->id);
  clock_.Advance(std::chrono::minutes(10) + std::chrono::seconds(1));
  auto late = apply_->Confirm(started->id, code);
  EXPECT_EQ(late.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(late.status().message().find("expired"), std::string::npos);
  auto tx = store_->Begin(TransactionMode::kRead);
  EXPECT_EQ((*tx)->GetApplication(started->id)->state, ApplicationState::kVoid);
}

TEST_P(OnlineApplicationTest, OnePhoneStartsAtMostThreeApplicationsAnHour) {
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(apply_->Start("8 701 555 07 77", "kk").ok()) << i;
  // The same number however written.
  auto fourth = apply_->Start("+7 (701) 555-07-77", "kk");
  EXPECT_EQ(fourth.status().code(), StatusCode::kResourceExhausted);
  EXPECT_TRUE(apply_->Start("8 701 555 07 78", "kk").ok());  // another phone
  clock_.Advance(std::chrono::minutes(61));
  EXPECT_TRUE(apply_->Start("8 701 555 07 77", "kk").ok());
}

TEST_P(OnlineApplicationTest, ASubmittedApplicationIsAClaimForAClerkAndItsTokenMakesNoSecond) {
  std::string token = Token();
  auto photo = apply_->Upload(token, kJpeg);
  ASSERT_TRUE(photo.ok()) << photo.status().ToString();
  EXPECT_EQ(photo->media_type, "image/jpeg");
  auto pdf = apply_->Upload(token, kPdf);
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  EXPECT_EQ(pdf->media_type, "application/pdf");
  OnlineClaim in = Home(token);
  in.documents = {{photo->sha256, "photo"}, {pdf->sha256, "id_card"}};
  auto out = apply_->Submit(in);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out->change, IntakeOutcome::Change::kCreated);
  const Claim& c = out->claim;
  EXPECT_EQ(c.state, ClaimState::kSubmitted);
  EXPECT_EQ(c.channel, ClaimChannel::kOnline);
  EXPECT_EQ(c.applicant_id, kIin);
  EXPECT_EQ(c.applicant_phone, "+77015550777");
  ASSERT_EQ(c.documents.size(), 2u);
  EXPECT_EQ(c.documents[0].kind, "photo");
  EXPECT_TRUE(files_->Has(photo->sha256));
  // The clerk finds it among the submitted claims.
  auto listed = recovery_->ListClaims("usr_clerk", {.state = ClaimState::kSubmitted}, {});
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->items.size(), 1u);
  EXPECT_EQ(listed->items[0].id, c.id);
  // The token replayed: the same claim, nothing new; no more uploads under it.
  auto again = apply_->Submit(in);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->change, IntakeOutcome::Change::kExisting);
  EXPECT_EQ(again->claim.id, c.id);
  clock_.Advance(std::chrono::hours(3));
  auto late = apply_->Submit(in);
  ASSERT_TRUE(late.ok());
  EXPECT_EQ(late->claim.id, c.id);
  EXPECT_EQ(apply_->Upload(token, kJpeg).status().code(), StatusCode::kFailedPrecondition);
  auto count = recovery_->ListClaims("usr_clerk", {}, {});
  EXPECT_EQ(count->items.size(), 1u);
  // Every step audited, with ids and hashes only.
  std::string app_id = token.substr(0, token.find('.'));
  std::vector<std::string> actions;
  for (const auto& e : AuditOf("applicant:" + app_id)) {
    actions.push_back(e.action);
    EXPECT_EQ(e.detail.find("555"), std::string::npos) << e.detail;
    EXPECT_EQ(e.detail.find("Жұмабекова"), std::string::npos) << e.detail;
    EXPECT_EQ(e.detail.find(kIin), std::string::npos) << e.detail;
  }
  for (const char* a : {"application.start", "application.confirm", "application.document",
                        "file.store", "claim.submit", "application.submit", "application.replay"}) {
    EXPECT_NE(std::find(actions.begin(), actions.end(), a), actions.end()) << a;
  }
}

TEST_P(OnlineApplicationTest, ATokenIsTheApplicationsOwnAndLivesAnHour) {
  std::string token = Token();
  std::string forged = token.substr(0, token.size() - 1) + (token.back() == '0' ? "1" : "0");
  EXPECT_EQ(apply_->Submit(Home(forged)).status().code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(apply_->Upload(forged, kJpeg).status().code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(apply_->Submit(Home("garbage")).status().code(), StatusCode::kUnauthenticated);
  // Another application's token does not reach this one's files.
  std::string other = Token("8 701 555 07 78");
  auto photo = apply_->Upload(other, kJpeg);
  ASSERT_TRUE(photo.ok());
  OnlineClaim in = Home(token);
  in.documents = {{photo->sha256, "photo"}};
  auto foreign = apply_->Submit(in);
  EXPECT_EQ(foreign.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(foreign.status().field(), "documents[0].sha256");
  clock_.Advance(std::chrono::minutes(61));
  EXPECT_EQ(apply_->Submit(Home(token)).status().code(), StatusCode::kUnauthenticated);
}

TEST_P(OnlineApplicationTest, TheIinsCheckDigitIsChecked) {
  std::string token = Token();
  OnlineClaim in = Home(token);
  in.applicant_id = kBadIin;
  auto bad = apply_->Submit(in);
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(bad.status().field(), "applicant_id");
  in.applicant_id = "";
  EXPECT_EQ(apply_->Submit(in).status().field(), "applicant_id");
  in.applicant_id = kIin;
  EXPECT_TRUE(apply_->Submit(in).ok());
}

TEST_P(OnlineApplicationTest, FilesAreTakenByTheirSignatureNotTheirName) {
  std::string token = Token();
  auto exe = apply_->Upload(token, kExe);
  EXPECT_EQ(exe.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(exe.status().field(), "file");
  EXPECT_EQ(apply_->Upload(token, "").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(apply_->Upload(token, "just text, called scan.pdf").status().field(), "file");
  EXPECT_EQ(SniffMediaType(kJpeg), "image/jpeg");
  EXPECT_EQ(SniffMediaType(kPdf), "application/pdf");
  EXPECT_EQ(SniffMediaType(std::string("\x89PNG\r\n\x1A\n", 8) + "x"), "image/png");
  EXPECT_EQ(SniffMediaType(kExe), std::nullopt);
  // Too large: refused by the file store's limit.
  std::string huge = kJpeg + std::string(kMaxFileBytes, 'x');
  EXPECT_EQ(apply_->Upload(token, huge).status().code(), StatusCode::kInvalidArgument);
  auto tx = store_->Begin(TransactionMode::kRead);
  EXPECT_TRUE((*tx)->GetApplication(token.substr(0, token.find('.')))->documents.empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, OnlineApplicationTest,
                         ::testing::Values(Backend{"sqlite", TempSqliteUrl},
                                           Backend{"postgres", TempPostgresUrl}),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace aftermath::recovery

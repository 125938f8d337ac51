#include "recovery/online_application.h"

#include <fmt/format.h>
#include <sodium.h>

#include <algorithm>

#include "recovery/audit_detail.h"
#include "recovery/keys.h"

namespace aftermath::recovery {
namespace {

constexpr size_t kSaltBytes = crypto_generichash_KEYBYTES;  // 32
constexpr size_t kSecretBytes = 32;

std::string Hex(const unsigned char* bytes, size_t n) {
  std::string out(n * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), bytes, n);
  out.pop_back();
  return out;
}

bool FromHex(std::string_view hex, unsigned char* out, size_t n) {
  size_t len = 0;
  return sodium_hex2bin(out, n, hex.data(), hex.size(), nullptr, &len, nullptr) == 0 && len == n;
}

// BLAKE2b of `text`, keyed with `key` (none when empty), as hex.
std::string KeyedHash(std::string_view text, const unsigned char* key, size_t key_len) {
  unsigned char digest[crypto_generichash_BYTES];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(text.data()),
                     text.size(), key, key_len);
  return Hex(digest, sizeof digest);
}

bool SameHash(const std::string& a, const std::string& b) {
  return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string HashCode(std::string_view code, std::string_view salt_hex) {
  unsigned char salt[kSaltBytes];
  if (!FromHex(salt_hex, salt, sizeof salt)) return "";
  return KeyedHash(code, salt, sizeof salt);
}

bool KnownLanguage(std::string_view l) { return l == "kk" || l == "ru" || l == "en"; }

Status InvalidToken() {
  return Unauthenticated(
      "the application's token is not valid or has expired; confirm the phone again");
}

}  // namespace

std::string ApplicationCodeSms(std::string_view language, std::string_view code) {
  if (language == "ru") {
    return fmt::format(
        "Заявление на поддержку: код подтверждения {}. Код действует 10 минут. "
        "Никому его не сообщайте.",
        code);
  }
  if (language == "en") {
    return fmt::format(
        "Application for support: your confirmation code is {}. It is valid for "
        "10 minutes. Do not share it with anyone.",
        code);
  }
  return fmt::format(
      "Көмекке өтініш: растау коды {}. Код 10 минут жарамды. Оны ешкімге "
      "айтпаңыз.",
      code);
}

Status OnlineApplications::Audit(Transaction& tx, const OnlineApplication& a, std::string action,
                                 std::string detail) {
  AuditEvent e{.at = clock_.Now(),
               .actor = "applicant:" + a.id,
               .action = std::move(action),
               .entity_type = "recovery_application",
               .entity_id = a.id,
               .detail = std::move(detail)};
  return tx.AppendAudit(std::move(e)).status();
}

Result<StartedApplication> OnlineApplications::Start(std::string_view phone,
                                                     std::string_view language) {
  ASSIGN_OR_RETURN(std::string canonical, ParsePhone(phone, "phone"));
  if (!KnownLanguage(language)) return InvalidArgument("must be kk, ru or en", "language");
  Timestamp now = clock_.Now();
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kWrite));
  ASSIGN_OR_RETURN(int64_t recent,
                   tx->CountApplicationsOfPhone(canonical, now - std::chrono::hours(1)));
  if (recent >= options_.per_phone_per_hour) {
    return ResourceExhausted(
        fmt::format("at most {} applications an hour for one phone; try again later",
                    options_.per_phone_per_hour));
  }
  // Six digits from libsodium's generator, uniform over 000000..999999.
  std::string code = fmt::format("{:06d}", randombytes_uniform(1000000));
  unsigned char salt[kSaltBytes];
  randombytes_buf(salt, sizeof salt);
  OnlineApplication a{.id = ids_.NewId(kApplicationIdPrefix),
                      .phone = canonical,
                      .language = std::string(language),
                      .code_salt = Hex(salt, sizeof salt),
                      .code_hash = KeyedHash(code, salt, sizeof salt),
                      .code_expires_at = now + options_.code_lifetime,
                      .created_at = now,
                      .updated_at = now};
  OutboxMessage sms{.id = ids_.NewId(kOutboxIdPrefix),
                    .channel = "sms",
                    .recipient = canonical,
                    .body = ApplicationCodeSms(language, code),
                    .created_at = now,
                    .kind = OutboxKind::kOneTimeCode};
  a.message_id = sms.id;
  RETURN_IF_ERROR(tx->InsertOutbox(sms));
  RETURN_IF_ERROR(tx->InsertApplication(a));
  RETURN_IF_ERROR(Audit(*tx, a, "application.start",
                        AuditDetail({{"message_id", sms.id}, {"language", a.language}})));
  RETURN_IF_ERROR(tx->Commit());
  return StartedApplication{.id = a.id, .code_expires_at = a.code_expires_at};
}

Result<ApplicationToken> OnlineApplications::Confirm(std::string_view application_id,
                                                     std::string_view code) {
  auto unknown = [] { return NotFound("no application waiting for a code with this number"); };
  if (!IsWellFormedId(application_id, kApplicationIdPrefix)) return unknown();
  std::string digits;
  for (char c : code) {
    if (c >= '0' && c <= '9') {
      digits += c;
    } else if (c != ' ' && c != '-') {
      digits = "x";
      break;
    }
  }
  if (digits.size() != 6) return InvalidArgument("the code is six digits", "code");
  Timestamp now = clock_.Now();
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kWrite));
  auto found = tx->GetApplication(application_id);
  if (!found.ok()) {
    return found.status().code() == StatusCode::kNotFound ? unknown() : found.status();
  }
  OnlineApplication a = std::move(found).value();
  if (a.state != ApplicationState::kCodeSent) {
    return FailedPrecondition(
        a.state == ApplicationState::kVoid
            ? "this application is void (the code expired or was wrong too often); start again"
            : "this application's code was used already");
  }
  a.updated_at = now;
  if (now > a.code_expires_at) {
    a.state = ApplicationState::kVoid;
    RETURN_IF_ERROR(tx->UpdateApplication(a));
    RETURN_IF_ERROR(Audit(*tx, a, "application.void", AuditDetail({{"reason", "expired"}})));
    RETURN_IF_ERROR(tx->Commit());
    return FailedPrecondition("the code has expired; ask for a new one");
  }
  if (!SameHash(HashCode(digits, a.code_salt), a.code_hash)) {
    ++a.tries;
    int left = options_.max_tries - a.tries;
    if (left <= 0) a.state = ApplicationState::kVoid;
    RETURN_IF_ERROR(tx->UpdateApplication(a));
    RETURN_IF_ERROR(
        Audit(*tx, a, left <= 0 ? "application.void" : "application.code_wrong",
              AuditDetail({{"reason", "wrong_code"}, {"tries", std::to_string(a.tries)}})));
    RETURN_IF_ERROR(tx->Commit());
    if (left <= 0) {
      return FailedPrecondition("the code was wrong too many times; ask for a new one");
    }
    return InvalidArgument(fmt::format("the code is wrong; {} tries left", left), "code");
  }
  unsigned char secret[kSecretBytes];
  randombytes_buf(secret, sizeof secret);
  std::string secret_hex = Hex(secret, sizeof secret);
  a.state = ApplicationState::kConfirmed;
  a.token_hash = KeyedHash(secret_hex, nullptr, 0);
  a.token_expires_at = now + options_.token_lifetime;
  RETURN_IF_ERROR(tx->UpdateApplication(a));
  RETURN_IF_ERROR(Audit(*tx, a, "application.confirm"));
  RETURN_IF_ERROR(tx->Commit());
  return ApplicationToken{.token = a.id + "." + secret_hex, .expires_at = *a.token_expires_at};
}

Result<OnlineApplication> OnlineApplications::Authorize(Transaction& tx, std::string_view token) {
  size_t dot = token.find('.');
  if (dot == std::string_view::npos) return InvalidToken();
  std::string_view id = token.substr(0, dot);
  std::string_view secret = token.substr(dot + 1);
  if (!IsWellFormedId(id, kApplicationIdPrefix) || secret.size() != kSecretBytes * 2) {
    return InvalidToken();
  }
  auto a = tx.GetApplication(id);
  if (!a.ok()) return a.status().code() == StatusCode::kNotFound ? InvalidToken() : a.status();
  bool own = !a->token_hash.empty() && SameHash(KeyedHash(secret, nullptr, 0), a->token_hash);
  if (!own) return InvalidToken();
  // A submitted application answers its claim again whatever the time (idempotent submit);
  // anything else needs a live token.
  if (a->state == ApplicationState::kSubmitted) return a;
  if (a->state != ApplicationState::kConfirmed || !a->token_expires_at ||
      clock_.Now() > *a->token_expires_at) {
    return InvalidToken();
  }
  return a;
}

Result<StoredFile> OnlineApplications::Upload(std::string_view token, std::string_view bytes) {
  {
    ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kRead));
    ASSIGN_OR_RETURN(OnlineApplication a, Authorize(*tx, token));
    if (a.state == ApplicationState::kSubmitted) {
      return FailedPrecondition("this application was submitted already");
    }
    if (static_cast<int>(a.documents.size()) >= options_.max_documents) {
      return InvalidArgument(fmt::format("at most {} files an application", options_.max_documents),
                             "file");
    }
  }
  auto type = SniffMediaType(bytes);
  if (!type) {
    return InvalidArgument("only photos (JPEG, PNG, WebP, HEIC) and PDF documents are taken",
                           "file");
  }
  std::string actor = "applicant:" + std::string(token.substr(0, token.find('.')));
  ASSIGN_OR_RETURN(StoredFile f, recovery_.StoreFile(actor, bytes, *type));
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kWrite));
  ASSIGN_OR_RETURN(OnlineApplication a, Authorize(*tx, token));
  if (a.state == ApplicationState::kSubmitted) {
    return FailedPrecondition("this application was submitted already");
  }
  bool kept = std::any_of(a.documents.begin(), a.documents.end(),
                          [&](const ClaimDocument& d) { return d.sha256 == f.sha256; });
  if (!kept) {
    if (static_cast<int>(a.documents.size()) >= options_.max_documents) {
      return InvalidArgument(fmt::format("at most {} files an application", options_.max_documents),
                             "file");
    }
    a.documents.push_back({.sha256 = f.sha256, .media_type = f.media_type, .size = f.size});
    a.updated_at = clock_.Now();
    RETURN_IF_ERROR(tx->UpdateApplication(a));
    RETURN_IF_ERROR(Audit(*tx, a, "application.document",
                          AuditDetail({{"sha256", f.sha256}, {"media_type", f.media_type}})));
    RETURN_IF_ERROR(tx->Commit());
  }
  return f;
}

Result<IntakeOutcome> OnlineApplications::Submit(const OnlineClaim& in) {
  OnlineApplication a;
  {
    ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kRead));
    ASSIGN_OR_RETURN(a, Authorize(*tx, in.token));
  }
  std::string actor = "applicant:" + a.id;
  if (a.state == ApplicationState::kSubmitted) {
    // The same token again (a lost answer, a second click): the claim it made, nothing new.
    ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kBookkeeping));
    ASSIGN_OR_RETURN(Claim claim, tx->GetClaim(a.claim_id));
    RETURN_IF_ERROR(Audit(*tx, a, "application.replay", AuditDetail({{"claim", claim.id}})));
    RETURN_IF_ERROR(tx->Commit());
    return IntakeOutcome{.claim = std::move(claim), .change = IntakeOutcome::Change::kExisting};
  }
  // What only an online application insists on; Recovery::SubmitClaim checks the rest.
  if (in.applicant_id.find_first_not_of(" \t") == std::string::npos) {
    return InvalidArgument("must not be empty", "applicant_id");
  }
  RETURN_IF_ERROR(ParseIinOrBin(in.applicant_id, "applicant_id").status());
  NewClaim c{.kind = in.kind,
             .channel = ClaimChannel::kOnline,
             .programme = in.programme,
             .object = in.object,
             .external_id = "online:" + a.id,
             .applicant_name = in.applicant_name,
             .applicant_id = in.applicant_id,
             .applicant_phone = a.phone,
             .applicant_address = in.applicant_address,
             .iban = in.iban,
             .relation = in.relation,
             .amount_claimed = in.amount_claimed,
             .notes = in.notes};
  if (!in.person_name.empty()) {
    // The person lost or injured, as the applicant names them: a clerk links the direct line's
    // record; the name goes with the claim's notes, never into a log or the audit.
    c.notes = fmt::format("{}: {}{}{}", in.kind == ClaimKind::kInjurySupport ? "injured" : "lost",
                          in.person_name, in.notes.empty() ? "" : "\n", in.notes);
  }
  for (size_t i = 0; i < in.documents.size(); ++i) {
    const auto& [sha256, kind] = in.documents[i];
    const std::string& wanted = sha256;  // clang 14 cannot capture a binding
    auto it = std::find_if(a.documents.begin(), a.documents.end(),
                           [&](const ClaimDocument& d) { return d.sha256 == wanted; });
    if (it == a.documents.end()) {
      return InvalidArgument("not a file uploaded with this application",
                             fmt::format("documents[{}].sha256", i));
    }
    ClaimDocument d = *it;
    d.kind = kind;
    c.documents.push_back(std::move(d));
  }
  ASSIGN_OR_RETURN(IntakeOutcome out, recovery_.SubmitClaim(actor, c));
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kWrite));
  ASSIGN_OR_RETURN(OnlineApplication now_a, tx->GetApplication(a.id));
  if (now_a.state != ApplicationState::kSubmitted) {
    now_a.state = ApplicationState::kSubmitted;
    now_a.claim_id = out.claim.id;
    now_a.updated_at = clock_.Now();
    RETURN_IF_ERROR(tx->UpdateApplication(now_a));
    RETURN_IF_ERROR(
        Audit(*tx, now_a, "application.submit", AuditDetail({{"claim", out.claim.id}})));
    RETURN_IF_ERROR(tx->Commit());
  }
  return out;
}

}  // namespace aftermath::recovery

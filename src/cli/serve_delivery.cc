#include "cli/serve_delivery.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <charconv>

#include "common/ids.h"

namespace aftermath::cli {
namespace {

Result<long> Number(const ParsedFlags& flags, const char* name, long fallback, long min,
                    long max) {
  if (!flags.Has(name)) return fallback;
  std::string text = flags.Get(name);
  long v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v < min || v > max) {
    return InvalidArgument(fmt::format("--{} must be a whole number {}..{}", name, min, max),
                           name);
  }
  return v;
}

}  // namespace

const std::set<std::string>& DeliveryFlags() {
  static const std::set<std::string> kFlags = {
      "sms-url", "sms-body", "sms-content-type", "sms-secret", "sms-signature-header",
      "smtp-url", "smtp-from", "smtp-subject", "smtp-user", "smtp-password",
      "delivery-attempts", "delivery-backoff", "delivery-backoff-max", "delivery-interval",
      "delivery-batch", "message-templates", "sms-language"};
  return kFlags;
}

const char* DeliveryHelp() {
  return "  --sms-url URL       deliver SMS by POSTing to this gateway (off when unset)\n"
         "  --sms-body T        the request body; {phone}, {text}, {id} are filled in (default\n"
         "                      {\"to\":\"{phone}\",\"text\":\"{text}\",\"id\":\"{id}\"})\n"
         "  --sms-content-type T  its Content-Type (default application/json)\n"
         "  --sms-secret S      signs each body (HMAC-SHA256, hex) and checks the gateway's\n"
         "                      receipts at POST /api/v1/outbox/receipts; required with --sms-url\n"
         "  --sms-signature-header H  the header carrying it (default X-Aftermath-Signature)\n"
         "  --smtp-url URL      deliver e-mail through smtp://HOST:PORT (off when unset)\n"
         "  --smtp-from ADDR    the sender; required with --smtp-url\n"
         "  --smtp-subject S    the subject (default Direct line)\n"
         "  --smtp-user U, --smtp-password P   SMTP AUTH (then TLS is required)\n"
         "  --delivery-attempts N  tries before a message is dead (default 8)\n"
         "  --delivery-backoff S   seconds after the first failure, doubling (default 30)\n"
         "  --delivery-backoff-max S  the longest wait (default 3600)\n"
         "  --delivery-interval S  seconds between looks for due messages (default 2)\n"
         "  --delivery-batch N  messages taken at a time (default 20)\n"
         "  --message-templates FILE  the families' SMS texts by language (docs/api.md)\n"
         "  --sms-language L    the language of families who chose none: kk (default), ru, en\n";
}

Result<std::unique_ptr<ServeDelivery>> MakeServeDelivery(const ParsedFlags& flags,
                                                         Registry& registry,
                                                         delivery::DeliveryHooks hooks) {
  MessageTemplates templates = MessageTemplates::Defaults();
  if (flags.Has("message-templates")) {
    ASSIGN_OR_RETURN(templates, MessageTemplates::Load(flags.Get("message-templates")));
  }
  if (flags.Has("sms-language")) {
    std::string l = flags.Get("sms-language");
    if (l != "kk" && l != "ru" && l != "en") {
      return InvalidArgument("--sms-language must be kk, ru or en", "sms-language");
    }
    templates.default_language = l;
  }
  registry.SetMessageTemplates(std::move(templates));

  auto out = std::make_unique<ServeDelivery>();
  out->receipt_secret = flags.Get("sms-secret");
  if (flags.Has("sms-url")) {
    if (out->receipt_secret.empty()) {
      return InvalidArgument("--sms-url needs --sms-secret (the gateway checks the signature)",
                             "sms-secret");
    }
    delivery::SmsGatewayOptions sms{.url = flags.Get("sms-url"), .secret = out->receipt_secret};
    if (flags.Has("sms-body")) sms.body_template = flags.Get("sms-body");
    if (flags.Has("sms-content-type")) sms.content_type = flags.Get("sms-content-type");
    if (flags.Has("sms-signature-header")) sms.signature_header = flags.Get("sms-signature-header");
    out->sms.emplace(std::move(sms));
  }
  std::string header = flags.Get("sms-signature-header", "X-Aftermath-Signature");
  std::transform(header.begin(), header.end(), header.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  out->receipt_header = header;
  if (flags.Has("smtp-url")) {
    if (flags.Get("smtp-from").empty()) {
      return InvalidArgument("--smtp-url needs --smtp-from", "smtp-from");
    }
    delivery::SmtpMailerOptions mail{.url = flags.Get("smtp-url"), .from = flags.Get("smtp-from")};
    if (flags.Has("smtp-subject")) mail.subject = flags.Get("smtp-subject");
    mail.username = flags.Get("smtp-user");
    mail.password = flags.Get("smtp-password");
    out->mail.emplace(std::move(mail));
  }
  if (!out->sms && !out->mail) return out;

  ASSIGN_OR_RETURN(long attempts, Number(flags, "delivery-attempts", 8, 1, 1000));
  ASSIGN_OR_RETURN(long backoff, Number(flags, "delivery-backoff", 30, 1, 86400));
  ASSIGN_OR_RETURN(long backoff_max, Number(flags, "delivery-backoff-max", 3600, 1, 7 * 86400));
  ASSIGN_OR_RETURN(long interval, Number(flags, "delivery-interval", 2, 1, 3600));
  ASSIGN_OR_RETURN(long batch, Number(flags, "delivery-batch", 20, 1, 1000));
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  delivery::DeliveryOptions options{
      .owner = fmt::format("server:delivery:{}:{}:{}", host, getpid(), RandomHex(4)),
      .batch = static_cast<int>(batch),
      .max_attempts = static_cast<int>(attempts),
      .backoff = std::chrono::seconds(backoff),
      .max_backoff = std::chrono::seconds(std::max(backoff, backoff_max)),
      .interval = std::chrono::seconds(interval)};
  out->worker = std::make_unique<delivery::DeliveryWorker>(
      registry, out->sms ? &*out->sms : nullptr, out->mail ? &*out->mail : nullptr,
      std::move(options), std::move(hooks));
  return out;
}

}  // namespace aftermath::cli

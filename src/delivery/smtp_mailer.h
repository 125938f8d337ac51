// Sends an e-mail through an SMTP server with libcurl (smtp:// or smtps://).
//
// Thread-safety: Send may be called from several threads (one curl handle a call).
#pragma once

#include <chrono>
#include <string>

#include "common/status.h"
#include "model/records.h"

namespace aftermath::delivery {

struct SmtpMailerOptions {
  std::string url;   // smtp://host:port or smtps://host:port
  std::string from;  // the envelope and header sender
  std::string subject = "Direct line";
  std::string username;  // none: no AUTH
  std::string password;
  std::chrono::seconds timeout{30};
};

class SmtpMailer {
 public:
  explicit SmtpMailer(SmtpMailerOptions options);

  // The RFC 5322 message sent for `message`: UTF-8 text, its Message-ID made from the id so a
  // relay can dedupe.
  std::string RenderMail(const OutboxMessage& message) const;
  // Hands the mail to the server. OK once the server accepted it; Unavailable naming the
  // failure otherwise.
  Status Send(const OutboxMessage& message) const;

 private:
  SmtpMailerOptions options_;
};

}  // namespace aftermath::delivery

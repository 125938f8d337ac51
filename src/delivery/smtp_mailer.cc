#include "delivery/smtp_mailer.h"

#include <fmt/format.h>
#include <sodium.h>

#include <cstring>
#include <memory>

#include "delivery/curl_call.h"

namespace aftermath::delivery {
namespace {

// A header value in UTF-8 as an RFC 2047 encoded word.
std::string EncodedWord(const std::string& text) {
  std::string b64(sodium_base64_encoded_len(text.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(b64.data(), b64.size(), reinterpret_cast<const unsigned char*>(text.data()),
                    text.size(), sodium_base64_VARIANT_ORIGINAL);
  b64.resize(std::strlen(b64.c_str()));
  return "=?UTF-8?B?" + b64 + "?=";
}

// Header injection guard: no line breaks in what goes into a header.
std::string OneLine(std::string s) {
  for (char& c : s) {
    if (c == '\r' || c == '\n') c = ' ';
  }
  return s;
}

struct Upload {
  std::string data;
  size_t at = 0;
};

size_t Read(char* buffer, size_t size, size_t n, void* user) {
  auto* up = static_cast<Upload*>(user);
  size_t len = std::min(size * n, up->data.size() - up->at);
  std::memcpy(buffer, up->data.data() + up->at, len);
  up->at += len;
  return len;
}

}  // namespace

SmtpMailer::SmtpMailer(SmtpMailerOptions options) : options_(std::move(options)) {
  InitCurlOnce();
}

std::string SmtpMailer::RenderMail(const OutboxMessage& message) const {
  std::string body = message.body;
  // SMTP lines end in CRLF; a line of "." alone would end DATA (curl dot-stuffs, but normalise).
  std::string crlf;
  for (size_t i = 0; i < body.size(); ++i) {
    if (body[i] == '\n' && (i == 0 || body[i - 1] != '\r')) crlf += '\r';
    crlf += body[i];
  }
  return fmt::format(
      "From: {}\r\nTo: {}\r\nSubject: {}\r\nMessage-ID: <{}@aftermath>\r\n"
      "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
      "Content-Transfer-Encoding: 8bit\r\n\r\n{}\r\n",
      OneLine(options_.from), OneLine(message.recipient), EncodedWord(options_.subject),
      OneLine(message.id), crlf);
}

Status SmtpMailer::Send(const OutboxMessage& message) const {
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) return Internal("smtp server: curl_easy_init failed");
  Upload upload{RenderMail(message)};
  std::string from = "<" + OneLine(options_.from) + ">";
  std::string to = "<" + OneLine(message.recipient) + ">";
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> recipients(
      curl_slist_append(nullptr, to.c_str()), curl_slist_free_all);
  char error[CURL_ERROR_SIZE] = {};
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, options_.url.c_str());
  curl_easy_setopt(c, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(c, CURLOPT_MAIL_RCPT, recipients.get());
  curl_easy_setopt(c, CURLOPT_READFUNCTION, Read);
  curl_easy_setopt(c, CURLOPT_READDATA, &upload);
  curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, static_cast<long>(options_.timeout.count()));
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  if (!options_.username.empty()) {
    curl_easy_setopt(c, CURLOPT_USERNAME, options_.username.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, options_.password.c_str());
    curl_easy_setopt(c, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
  }
  return CurlStatus(curl_easy_perform(c), "smtp server", error);
}

}  // namespace aftermath::delivery

#include "delivery/worker.h"

#include <spdlog/spdlog.h>

#include <thread>

namespace aftermath::delivery {

std::chrono::seconds Backoff(int attempts, std::chrono::seconds backoff,
                             std::chrono::seconds max_backoff) {
  auto wait = backoff;
  for (int i = 1; i < attempts && wait < max_backoff; ++i) wait *= 2;
  return std::min(wait, max_backoff);
}

DeliveryWorker::DeliveryWorker(Registry& registry, const SmsGateway* sms, const SmtpMailer* mail,
                               DeliveryOptions options, DeliveryHooks hooks)
    : registry_(registry), sms_(sms), mail_(mail), options_(std::move(options)),
      hooks_(std::move(hooks)) {}

Result<int> DeliveryWorker::RunOnce() {
  int tried = 0;
  for (const char* channel : {"sms", "email"}) {
    if ((channel == std::string_view("sms") ? static_cast<const void*>(sms_)
                                            : static_cast<const void*>(mail_)) == nullptr) {
      continue;
    }
    ASSIGN_OR_RETURN(auto claimed, registry_.ClaimOutbox(options_.owner, channel, options_.batch,
                                                         options_.lease));
    for (const OutboxMessage& m : claimed) {
      Status s = Deliver(channel, m);
      // Logs name the message id, never the number, address or text.
      if (!s.ok()) spdlog::warn("delivery: message={} {}", m.id, s.ToString());
      ++tried;
    }
  }
  return tried;
}

Status DeliveryWorker::Deliver(const std::string& channel, const OutboxMessage& m) {
  if (m.attempts > 0 && hooks_.retried) hooks_.retried(channel);
  // A message purged under retention has no recipient left: nothing to try again.
  Status sent = m.recipient.empty()
                    ? FailedPrecondition("the recipient was purged")
                    : (channel == "sms" ? sms_->Send(m) : mail_->Send(m));
  Registry::DeliveryAttempt attempt;
  if (!sent.ok() && m.recipient.empty()) {
    attempt.error = sent.message();
  } else if (!sent.ok()) {
    attempt.error = sent.message();
    int attempts = m.attempts + 1;
    // Only a failure that may pass (Unavailable: the gateway down, busy, a 5xx) is tried again;
    // a refusal of the message itself is a dead letter at once.
    if (sent.code() == StatusCode::kUnavailable && attempts < options_.max_attempts) {
      attempt.retry_at = registry_.clock().Now() +
                         Backoff(attempts, options_.backoff, options_.max_backoff);
    }
  }
  auto recorded = registry_.RecordDeliveryAttempt(options_.owner, m.id, attempt);
  if (sent.ok()) {
    if (hooks_.sent) hooks_.sent(channel);
  } else {
    if (hooks_.failed) hooks_.failed(channel);
    if (!attempt.retry_at && hooks_.dead) hooks_.dead(channel);
  }
  if (!recorded.ok()) return recorded.status();
  return sent;
}

void DeliveryWorker::Run(const std::atomic<bool>& stopping) {
  while (!stopping) {
    auto tried = RunOnce();
    if (!tried.ok()) spdlog::warn("delivery: {}", tried.status().ToString());
    if (tried.ok() && *tried > 0) continue;
    auto until = std::chrono::steady_clock::now() + options_.interval;
    while (!stopping && std::chrono::steady_clock::now() < until) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
}

}  // namespace aftermath::delivery

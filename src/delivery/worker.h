// The delivery worker: takes the outbox's due messages through the registry (a lease, so no two
// workers of any server send one message), sends SMS through the HTTP gateway and e-mail
// through SMTP, and records each attempt: sent, retried later with exponential backoff, or
// dead after the configured number of tries.
//
// Thread-safety: RunOnce and Run are called from one thread; the senders and the registry are
// thread-safe, so several workers may run side by side.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <string>

#include "delivery/sms_gateway.h"
#include "delivery/smtp_mailer.h"
#include "registry/registry.h"

namespace aftermath::delivery {

struct DeliveryOptions {
  std::string owner;            // names this worker in leases and the audit log; unique
  int batch = 20;               // messages claimed at a time, per channel
  std::chrono::seconds lease{120};  // longer than a send may take (the senders' timeouts)
  int max_attempts = 8;             // a message failing this often is dead
  std::chrono::seconds backoff{30};         // the wait after the first failure, doubling
  std::chrono::seconds max_backoff{3600};   // ... up to this
  std::chrono::milliseconds interval{1000};  // how often Run looks for due messages
};

// Counts for /metrics, called as things happen (any may be empty).
struct DeliveryHooks {
  std::function<void(const std::string& channel)> sent;
  std::function<void(const std::string& channel)> failed;  // every failed attempt
  std::function<void(const std::string& channel)> retried;  // an attempt after the first
  std::function<void(const std::string& channel)> dead;
};

// The wait before attempt `attempts + 1`, after `attempts` failures (>= 1): backoff doubled
// per failure, at most max_backoff.
std::chrono::seconds Backoff(int attempts, std::chrono::seconds backoff,
                             std::chrono::seconds max_backoff);

class DeliveryWorker {
 public:
  // REQUIRES: registry and the senders (either may be null: that channel is not delivered)
  // outlive the worker.
  DeliveryWorker(Registry& registry, const SmsGateway* sms, const SmtpMailer* mail,
                 DeliveryOptions options, DeliveryHooks hooks = {});

  // Claims what is due on each channel and sends it; returns how many messages were tried, or
  // the registry's error (the messages it claimed are tried again when their lease lapses).
  Result<int> RunOnce();
  // RunOnce until `stopping`, again at once while there is work, else every interval.
  void Run(const std::atomic<bool>& stopping);

 private:
  Status Deliver(const std::string& channel, const OutboxMessage& message);

  Registry& registry_;
  const SmsGateway* sms_;
  const SmtpMailer* mail_;
  DeliveryOptions options_;
  DeliveryHooks hooks_;
};

}  // namespace aftermath::delivery

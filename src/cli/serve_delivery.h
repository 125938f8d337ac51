// `aftermath serve`'s delivery of the outbox (src/delivery): the settings it takes and the
// worker they make. Off unless an SMS gateway or an SMTP server is configured.
#pragma once

#include <memory>
#include <optional>
#include <set>
#include <string>

#include "cli/flags.h"
#include "delivery/worker.h"
#include "registry/registry.h"

namespace aftermath::cli {

// The settings below, for ParseFlags.
const std::set<std::string>& DeliveryFlags();
// The --help lines of those settings.
const char* DeliveryHelp();

// The senders and the worker made from the settings.
struct ServeDelivery {
  std::optional<delivery::SmsGateway> sms;
  std::optional<delivery::SmtpMailer> mail;
  std::unique_ptr<delivery::DeliveryWorker> worker;  // null: delivery is off
  std::string receipt_secret;                        // sms-secret; empty: no receipts
  std::string receipt_header = "x-aftermath-signature";  // lower-case
};

// Reads the delivery settings, sets the registry's message templates (message-templates,
// sms-language) and makes the worker when a channel is configured. InvalidArgument naming the
// setting for a bad value (sms-url without sms-secret, smtp-url without smtp-from, numbers out
// of range); a templates file's errors as MessageTemplates::Load returns them.
Result<std::unique_ptr<ServeDelivery>> MakeServeDelivery(const ParsedFlags& flags,
                                                         Registry& registry,
                                                         delivery::DeliveryHooks hooks);

}  // namespace aftermath::cli

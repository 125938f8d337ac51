// `aftermath outbox list | mark-sent | mark-failed | retry-dead`: what an SMS or e-mail gateway reads. The
// gateway (not aftermath) sends; it marks each message so nothing is sent twice or lost.
#include <fmt/format.h>

#include <cstdio>

#include "cli/commands.h"
#include "cli/flags.h"
#include "cli/open_db.h"
#include "registry/registry.h"

namespace aftermath::cli {

int OutboxCommand(const Args& args) {
  auto flags = ParseFlags(args, {.with_value = {"db", "error", "limit"}, .boolean = {"all"}});
  if (!flags.ok()) return UsageError("outbox", flags.status().message());
  if (flags->Has("help")) {
    std::printf(
        "usage: aftermath outbox <subcommand> [--db URL]\n\n"
        "  list [--all] [--limit N]      pending messages (all with --all), one a line:\n"
        "                                id, channel, recipient, body (tab separated)\n"
        "  mark-sent ID...               the gateway delivered them\n"
        "  mark-failed ID --error TEXT   a failed attempt; the message stays pending\n"
        "  retry-dead                    give the dead letters (refused by the gateway, or\n"
        "                                failed every try) another round: pending, due now\n\n"
        "On SQLite, marking is refused while a server runs (it is the file's one writer): the\n"
        "gateway then marks through the API (POST /api/v1/outbox/{id}/sent, docs/api.md).\n");
    return kExitOk;
  }
  if (flags->positional.empty()) return UsageError("outbox", "which subcommand?");
  const std::string sub = flags->positional[0];
  // The gateway lists beside the running server; marking writes.
  auto store = OpenDb(*flags,
                      {.access = sub == "list" ? StoreAccess::kReadOnly : StoreAccess::kReadWrite});
  if (!store.ok()) return Failure("outbox", store.status().ToString());
  SystemClock clock;
  if (sub == "list") {
    auto tx = (*store)->Begin(TransactionMode::kRead);
    if (!tx.ok()) return Failure("outbox", tx.status().ToString());
    auto messages = (*tx)->ListOutbox(!flags->Has("all"),
                                      std::atoi(flags->Get("limit", "1000").c_str()));
    if (!messages.ok()) return Failure("outbox", messages.status().ToString());
    for (const auto& m : *messages) {
      std::printf("%s\t%s\t%s\t%s%s\n", m.id.c_str(), m.channel.c_str(), m.recipient.c_str(),
                  m.body.c_str(), m.sent_at ? "\tsent" : "");
    }
    return kExitOk;
  }
  if (sub == "mark-sent" || sub == "mark-failed") {
    if (flags->positional.size() < 2) return UsageError("outbox", sub + " needs message ids");
    if (sub == "mark-failed" && !flags->Has("error")) {
      return UsageError("outbox", "mark-failed needs --error");
    }
    auto tx = (*store)->Begin(TransactionMode::kWrite);
    if (!tx.ok()) return Failure("outbox", tx.status().ToString());
    for (size_t i = 1; i < flags->positional.size(); ++i) {
      const std::string& id = flags->positional[i];
      auto message = (*tx)->GetOutbox(id);
      if (!message.ok()) {
        return Failure("outbox", message.status().code() == StatusCode::kNotFound
                                     ? fmt::format("no message '{}'", id)
                                     : message.status().ToString());
      }
      message->attempts += 1;
      if (sub == "mark-sent") {
        message->sent_at = clock.Now();
        message->state = OutboxState::kSent;
        message->lease_owner.clear();
        message->lease_until.reset();
      } else {
        message->last_error = flags->Get("error").substr(0, 500);
      }
      Status s = (*tx)->UpdateOutbox(*message);
      if (s.ok()) {
        s = (*tx)->AppendAudit({.at = clock.Now(), .actor = "cli:outbox",
                                .action = "outbox." + sub, .entity_type = "message",
                                .entity_id = id})
                .status();
      }
      if (!s.ok()) return Failure("outbox", s.ToString());
    }
    Status s = (*tx)->Commit();
    if (!s.ok()) return Failure("outbox", s.ToString());
    std::printf("%zu marked\n", flags->positional.size() - 1);
    return kExitOk;
  }
  if (sub == "retry-dead") {
    if (flags->positional.size() > 1) return UsageError("outbox", "retry-dead takes no ids");
    Registry registry(**store, clock);
    auto n = registry.RetryDeadOutbox("cli:outbox");
    if (!n.ok()) return Failure("outbox", n.status().ToString());
    std::printf("%d to send again\n", *n);
    return kExitOk;
  }
  return UsageError("outbox", fmt::format("unknown subcommand '{}'", sub));
}

}  // namespace aftermath::cli

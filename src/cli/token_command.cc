// `aftermath token create | list | revoke`: bearer tokens for a source's own system.
#include <fmt/format.h>

#include <cstdio>

#include "access/access_service.h"
#include "cli/commands.h"
#include "cli/flags.h"
#include "cli/open_db.h"

namespace aftermath::cli {

int TokenCommand(const Args& args) {
  auto flags = ParseFlags(args, {.with_value = {"db", "source", "name"}});
  if (!flags.ok()) return UsageError("token", flags.status().message());
  if (flags->Has("help")) {
    std::printf(
        "usage: aftermath token <subcommand> [--db URL]\n\n"
        "  create --source NAME --name LABEL   prints the secret once\n"
        "  list\n"
        "  revoke TOKEN_ID\n");
    return kExitOk;
  }
  if (flags->positional.empty()) return UsageError("token", "which subcommand?");
  const std::string& sub = flags->positional[0];
  auto store = OpenDb(*flags,
                      {.access = sub == "list" ? StoreAccess::kReadOnly : StoreAccess::kReadWrite});
  if (!store.ok()) return Failure("token", store.status().ToString());
  SystemClock clock;
  access::AccessService service(**store, clock);
  if (sub == "create") {
    if (!flags->Has("source") || !flags->Has("name")) {
      return UsageError("token", "create needs --source and --name");
    }
    auto tx = (*store)->Begin(TransactionMode::kRead);
    if (!tx.ok()) return Failure("token", tx.status().ToString());
    auto src = (*tx)->FindSourceByName(flags->Get("source"));
    tx->reset();
    if (!src.ok()) return Failure("token", src.status().ToString());
    if (!*src) return Failure("token", fmt::format("no source named '{}'", flags->Get("source")));
    auto created = service.CreateToken("cli:token", (*src)->id, flags->Get("name"));
    if (!created.ok()) return Failure("token", created.status().ToString());
    std::printf("%s\n", created->secret.c_str());
    std::fprintf(stderr, "token %s for %s; the secret above is shown only once\n",
                 created->token.id.c_str(), (*src)->name.c_str());
    return kExitOk;
  }
  if (sub == "list") {
    auto tokens = service.ListTokens();
    if (!tokens.ok()) return Failure("token", tokens.status().ToString());
    for (const auto& t : *tokens) {
      std::printf("%s %s %-8s %s\n", t.id.c_str(), t.source_id.c_str(),
                  t.revoked_at ? "revoked" : "active", t.name.c_str());
    }
    return kExitOk;
  }
  if (sub == "revoke") {
    if (flags->positional.size() != 2) return UsageError("token", "revoke needs a TOKEN_ID");
    Status s = service.RevokeToken("cli:token", flags->positional[1]);
    if (!s.ok()) return Failure("token", s.ToString());
    std::printf("revoked %s\n", flags->positional[1].c_str());
    return kExitOk;
  }
  return UsageError("token", fmt::format("unknown subcommand '{}'", sub));
}

}  // namespace aftermath::cli

// `aftermath audit verify | query`: check the hash chain; ask who did what to whom.
#include <fmt/format.h>

#include <cstdio>

#include "access/audit_chain.h"
#include "cli/commands.h"
#include "cli/flags.h"
#include "cli/open_db.h"

namespace aftermath::cli {

int AuditCommand(const Args& args) {
  auto flags = ParseFlags(args, {.with_value = {"db", "actor", "entity", "action", "limit"}});
  if (!flags.ok()) return UsageError("audit", flags.status().message());
  if (flags->Has("help")) {
    std::printf(
        "usage: aftermath audit <subcommand> [--db URL]\n\n"
        "  verify    walks the hash chain; exits 1 and names the first bad row when a row was\n"
        "            edited, deleted, inserted or cut off\n"
        "  query [--actor ID] [--entity ID] [--action PREFIX] [--limit N]\n"
        "            newest first, e.g. who read this person: --entity per_… --action person.\n");
    return kExitOk;
  }
  if (flags->positional.size() != 1) return UsageError("audit", "which subcommand?");
  const std::string& sub = flags->positional[0];
  auto store = OpenDb(flags->Get("db", kDefaultDb));
  if (!store.ok()) return Failure("audit", store.status().ToString());
  if (sub == "verify") {
    auto v = access::VerifyAuditChain(**store);
    if (!v.ok()) return Failure("audit", v.status().ToString());
    if (!v->intact) {
      return Failure("audit", fmt::format("the audit log was tampered with: {} ({} rows checked)",
                                          v->problem, v->rows));
    }
    std::printf("audit log intact: %lld rows\n", static_cast<long long>(v->rows));
    return kExitOk;
  }
  if (sub == "query") {
    AuditFilter f{.actor = flags->Get("actor"), .entity_id = flags->Get("entity"),
                  .action = flags->Get("action"),
                  .limit = std::atoi(flags->Get("limit", "100").c_str())};
    auto tx = (*store)->Begin(TransactionMode::kRead);
    if (!tx.ok()) return Failure("audit", tx.status().ToString());
    auto rows = (*tx)->QueryAudit(f);
    if (!rows.ok()) return Failure("audit", rows.status().ToString());
    for (const auto& e : *rows) {
      std::printf("%lld %s %-24s %-22s %s %s\n", static_cast<long long>(e.seq),
                  FormatTimestamp(e.at).c_str(), e.actor.c_str(), e.action.c_str(),
                  e.entity_id.c_str(), e.detail.c_str());
    }
    return kExitOk;
  }
  return UsageError("audit", fmt::format("unknown subcommand '{}'", sub));
}

}  // namespace aftermath::cli

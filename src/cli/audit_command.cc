// `aftermath audit verify | anchor | query`: check the hash chain, its MACs and anchors; sign
// the head; ask who did what to whom.
#include <fmt/format.h>

#include <cstdio>
#include <fstream>
#include <vector>

#include "access/audit_chain.h"
#include "cli/commands.h"
#include "cli/flags.h"
#include "cli/open_db.h"

namespace aftermath::cli {
namespace {

// The anchors of --anchor LINE and of every line of --anchors FILE that holds one (a server's
// log may be given as it is). One bad anchor fails the whole check: it was altered or is
// another installation's.
Result<std::vector<access::AuditAnchor>> ReadAnchors(const ParsedFlags& flags,
                                                     const AuditMacFunction& mac) {
  std::vector<access::AuditAnchor> anchors;
  if (flags.Has("anchor")) {
    ASSIGN_OR_RETURN(auto a, access::ParseAuditAnchor(flags.Get("anchor"), mac));
    anchors.push_back(std::move(a));
  }
  if (std::string path = flags.Get("anchors"); !path.empty()) {
    std::ifstream in(path);
    if (!in) return NotFound(fmt::format("cannot read {}", path));
    std::string line;
    size_t found = 0;
    for (int n = 1; std::getline(in, line); ++n) {
      if (line.find("aftermath-anchor v1") == std::string::npos) continue;
      ++found;
      auto a = access::ParseAuditAnchor(line, mac);
      if (!a.ok()) return InvalidArgument(fmt::format("{}:{}: {}", path, n, a.status().message()));
      anchors.push_back(*std::move(a));
    }
    if (found == 0) return InvalidArgument(fmt::format("{} holds no audit anchor", path));
  }
  return anchors;
}

int Verify(Store& store, const ParsedFlags& flags) {
  auto anchors = ReadAnchors(flags, store.AuditMac());
  if (!anchors.ok()) return Failure("audit", anchors.status().message());
  auto v = access::VerifyAuditChain(store, *anchors);
  if (!v.ok()) return Failure("audit", v.status().ToString());
  if (!v->intact) {
    return Failure("audit", fmt::format("the audit log was tampered with: {} ({} rows checked)",
                                        v->problem, v->rows));
  }
  std::printf("audit log intact: %lld rows\n", static_cast<long long>(v->rows));
  if (v->macs_checked && v->keyed_rows > 0) {
    std::printf("MACs checked: rows %lld..%lld\n", static_cast<long long>(v->unkeyed_through + 1),
                static_cast<long long>(v->rows));
  }
  if (v->macs_checked && v->unkeyed_through > 0) {
    // Not a failure (the rows predate the key), but the chain alone vouches for them.
    std::printf("unkeyed up to seq %lld: rows written before the audit key existed carry no MAC\n",
                static_cast<long long>(v->unkeyed_through));
  }
  if (!v->macs_checked && v->keyed_rows > 0) {
    std::printf("MACs not checked: rows with a MAC: %lld; give --audit-key to check them\n",
                static_cast<long long>(v->keyed_rows));
  }
  if (v->anchors_checked > 0) {
    std::printf("anchors hold: %lld\n", static_cast<long long>(v->anchors_checked));
  }
  return kExitOk;
}

}  // namespace

int AuditCommand(const Args& args) {
  auto flags = ParseFlags(
      args, {.with_value = {"db", "actor", "entity", "action", "limit", "anchor", "anchors"}});
  if (!flags.ok()) return UsageError("audit", flags.status().message());
  if (flags->Has("help")) {
    std::printf(
        "usage: aftermath audit <subcommand> [--db URL] [--audit-key FILE]\n\n"
        "  verify [--anchor LINE] [--anchors FILE]\n"
        "            walks the hash chain; exits 1 and names the first bad row when a row was\n"
        "            edited, deleted, inserted or cut off. With --audit-key every row's MAC is\n"
        "            checked (rows from before the key are reported as unkeyed); each anchor's row\n"
        "            must still be there with the anchored hash (FILE: any file holding anchor\n"
        "            lines, such as the server's log)\n"
        "  anchor    prints the chain head signed with the audit key, one line to keep outside\n"
        "            the database (a supervisor's e-mail, a ticket) and give to verify later\n"
        "  query [--actor ID] [--entity ID] [--action PREFIX] [--limit N]\n"
        "            newest first, e.g. who read this person: --entity per_… --action person.\n");
    return kExitOk;
  }
  if (flags->positional.size() != 1) return UsageError("audit", "which subcommand?");
  const std::string& sub = flags->positional[0];
  OpenOptions options{.access = StoreAccess::kReadOnly};
  // Read, never created here: a mistyped path must not pass for a fresh key.
  if (std::string key = flags->Get("audit-key"); !key.empty()) {
    auto mac = access::LoadAuditKey(key, access::AuditKeyFile::kMustExist);
    if (!mac.ok()) return Failure("audit", mac.status().ToString());
    options.audit_mac = *std::move(mac);
  }
  auto store = OpenDb(flags->Get("db", kDefaultDb), options);
  if (!store.ok()) return Failure("audit", store.status().ToString());
  if (sub == "verify") return Verify(**store, *flags);
  if (sub == "anchor") {
    auto line = access::MakeAuditAnchor(**store, SystemClock().Now());
    if (!line.ok()) return Failure("audit", line.status().ToString());
    std::printf("%s\n", line->c_str());
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

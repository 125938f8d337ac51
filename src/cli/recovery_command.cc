// `aftermath recovery ...`: the damage & support register from the command line, through the
// same use cases as the API (recovery/recovery.h).
#include <fmt/format.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "cli/commands.h"
#include "cli/engine_setup.h"
#include "cli/flags.h"
#include "cli/open_db.h"
#include "recovery/claims_import.h"
#include "recovery/json_requests.h"
#include "recovery/recovery.h"

namespace aftermath::cli {
namespace {

constexpr const char* kUsage =
    "usage: aftermath recovery <subcommand> [--db URL]\n\n"
    "  programmes list               the support programmes, one JSON object a line\n"
    "  programmes load FILE          create or update programmes from a JSON file (one\n"
    "                                programme, a list, or {\"programmes\": [...]}; by code)\n"
    "  conflicts [--all]             the conflict queue (open ones; all with --all), one a line:\n"
    "                                id, reasons, score, state, claim, other claim\n"
    "  overdue                       complete claims not ready within 5 working days\n"
    "  catch-up                      open the family and injury cases the direct line's\n"
    "                                reports call for (the server does this by itself)\n"
    "  import FILE [--programme CODE] [--kind KIND] [--map FILE] [--encoding E] [--dry-run]\n"
    "                                claims from a field form's CSV (KoBoToolbox, ODK; UTF-8\n"
    "                                or cp1251): bad rows are reported and skipped, a dry run\n"
    "                                writes nothing, importing a file again changes nothing\n";

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound(fmt::format("cannot read '{}'", path));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

int RecoveryCommand(const Args& args) {
  auto flags = ParseFlags(args, {.with_value = {"db", "audit-key", kPopulationFlag, "programme",
                                                "kind", "map", "encoding"},
                                 .boolean = {"all", "dry-run", kNoPopulationFlag}});
  if (!flags.ok()) return UsageError("recovery", flags.status().message());
  if (flags->Has("help")) {
    std::printf("%s", kUsage);
    return kExitOk;
  }
  if (flags->positional.empty()) return UsageError("recovery", "which subcommand?");
  const std::vector<std::string>& pos = flags->positional;
  const std::string& sub = pos[0];
  // Listing programmes only reads; the conflict queue and the overdue list are reads of
  // personal data, audited like every other (a row in the audit log: the store is written).
  bool reads = sub == "programmes" && pos.size() > 1 && pos[1] == "list";
  auto store = OpenDb(*flags, {.access = reads ? StoreAccess::kReadOnly : StoreAccess::kReadWrite});
  if (!store.ok()) return Failure("recovery", store.status().ToString());
  auto engine = MakeNameEngine(*flags);
  if (!engine.ok()) return Failure("recovery", engine.status().ToString());
  SystemClock clock;
  TimeOrderedIdGenerator ids(clock);
  recovery::Recovery register_(**store, clock, *engine, &ids);
  const std::string actor = "cli:recovery";

  if (sub == "programmes") {
    if (pos.size() < 2) return UsageError("recovery", "programmes list | load FILE");
    if (pos[1] == "list") {
      auto list = register_.ListProgrammes();
      if (!list.ok()) return Failure("recovery", list.status().ToString());
      for (const auto& p : *list) {
        std::printf("%s\n", boost::json::serialize(recovery::ProgrammeToJson(p)).c_str());
      }
      return kExitOk;
    }
    if (pos[1] == "load") {
      if (pos.size() != 3) return UsageError("recovery", "programmes load FILE");
      auto text = ReadFile(pos[2]);
      if (!text.ok()) return Failure("recovery", text.status().message());
      auto programmes = recovery::ProgrammesFromText(*text);
      if (!programmes.ok()) return Failure("recovery", programmes.status().ToString());
      auto loaded = register_.LoadProgrammes(actor, *programmes);
      if (!loaded.ok()) return Failure("recovery", loaded.status().ToString());
      for (const auto& p : *loaded) std::printf("%s\t%s\n", p.id.c_str(), p.code.c_str());
      return kExitOk;
    }
    return UsageError("recovery", fmt::format("unknown programmes subcommand '{}'", pos[1]));
  }
  if (sub == "conflicts") {
    ConflictFilter filter{.limit = 10000};
    if (!flags->Has("all")) filter.state = ConflictState::kOpen;
    auto list = register_.ListConflicts(actor, filter);
    if (!list.ok()) return Failure("recovery", list.status().ToString());
    for (const auto& v : *list) {
      const Conflict& c = v.conflict;
      std::printf("%s\t%s\t%.2f\t%s\t%s\t%s\n", c.id.c_str(), c.reasons.c_str(), c.score,
                  std::string(ToString(c.state)).c_str(), c.claim_id.c_str(),
                  c.other_claim_id.c_str());
    }
    return kExitOk;
  }
  if (sub == "overdue") {
    auto list = register_.ListOverdue(actor, 10000);
    if (!list.ok()) return Failure("recovery", list.status().ToString());
    for (const auto& c : *list) {
      std::printf("%s\t%s\t%s\tdue %s\n", c.id.c_str(), std::string(ToString(c.kind)).c_str(),
                  std::string(ToString(c.state)).c_str(),
                  c.due_at ? FormatTimestamp(*c.due_at).c_str() : "");
    }
    return kExitOk;
  }
  if (sub == "import") {
    if (pos.size() != 2) return UsageError("recovery", "import FILE");
    recovery::ClaimImportOptions options{.programme = flags->Get("programme"),
                                         .encoding = flags->Get("encoding")};
    if (flags->Has("kind")) {
      options.kind = ParseClaimKind(flags->Get("kind"));
      if (!options.kind) {
        return UsageError("recovery", fmt::format("--kind must be one of: {}", ClaimKindNames()));
      }
    }
    if (flags->Has("map")) {
      auto text = ReadFile(flags->Get("map"));
      if (!text.ok()) return Failure("recovery", text.status().message());
      auto map = recovery::ParseColumnMap(*text);
      if (!map.ok()) return Failure("recovery", map.status().ToString());
      options.map = std::move(*map);
    }
    if (flags->Has("dry-run")) options.mode = recovery::WriteMode::kDryRun;
    std::ifstream in(pos[1], std::ios::binary);
    if (!in) return Failure("recovery", fmt::format("cannot read '{}'", pos[1]));
    auto summary = recovery::ImportClaims(register_, actor, in, options);
    if (!summary.ok()) return Failure("recovery", summary.status().ToString());
    for (const auto& e : summary->errors) {
      std::fprintf(stderr, "%s: %s\n", e.field().c_str(), e.message().c_str());
    }
    std::printf(
        "%s%d rows: %d claims created, %d imported before, %d rejected; %d conflicts "
        "opened\n",
        flags->Has("dry-run") ? "dry run, nothing written: " : "", summary->rows, summary->created,
        summary->existing, summary->rejected, summary->conflicts);
    return kExitOk;
  }
  if (sub == "catch-up") {
    auto n = register_.CatchUpWithDirectLine();
    if (!n.ok()) return Failure("recovery", n.status().ToString());
    std::printf("%d persons looked at\n", *n);
    return kExitOk;
  }
  return UsageError("recovery", fmt::format("unknown subcommand '{}'", sub));
}

}  // namespace aftermath::cli

// `aftermath copy`: moves a registry from its SQLite file into PostgreSQL (store/copy/).
#include <fmt/format.h>

#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "cli/commands.h"
#include "cli/flags.h"
#include "store/copy/registry_copy.h"

namespace aftermath::cli {
namespace {

constexpr const char* kUsage =
    "usage: aftermath copy --from sqlite:PATH --to postgresql://USER@HOST/DB [--batch-rows N]\n"
    "\n"
    "Copies a whole registry from its SQLite file into an empty PostgreSQL database, in one\n"
    "transaction: either everything arrives or nothing does.\n"
    "\n"
    "  - The target is created or brought to this build's schema first, and must hold no\n"
    "    registry data; copy refuses otherwise and names the tables that are not empty.\n"
    "  - The source must already be at this build's schema: copy never writes to its source.\n"
    "    Run `aftermath migrate --db sqlite:PATH` first (after a backup) when it is older.\n"
    "  - The source is read in one snapshot. Stop the servers that write to it first: what\n"
    "    they write during the copy is not copied.\n"
    "  - Every table is copied (found in the schema, in foreign-key order), the audit log\n"
    "    verbatim, so its hash chain verifies on the target; except the schema version and the\n"
    "    change feed (`changes`), which each database keeps for itself.\n"
    "  - Before committing, every table's row count and SHA-256 over its rows in primary-key\n"
    "    order are computed on the source and on the target; copy commits only when all match,\n"
    "    and prints them (table, rows, sha256). Progress goes to stderr.\n"
    "\n"
    "options:\n"
    "  --from sqlite:PATH     the registry to copy\n"
    "  --to URL               the PostgreSQL database (postgres:// or postgresql://)\n"
    "  --batch-rows N         rows in one INSERT statement (default 500)\n"
    "\n"
    "Exit codes: 0 copied and verified, 1 failure (nothing was committed), 2 bad usage.\n";

// The file path of an "sqlite:PATH" (or "sqlite://PATH") URL; empty when it is not one.
std::string SqlitePath(const std::string& url) {
  if (!url.starts_with("sqlite:")) return {};
  std::string path = url.substr(7);
  return path.starts_with("//") ? path.substr(2) : path;
}

// libpq's connection errors span lines ("...\n\tIs the server running on that host...").
std::string OneLine(std::string message) {
  while (!message.empty() && std::isspace(static_cast<unsigned char>(message.back()))) {
    message.pop_back();
  }
  std::string out;
  for (size_t i = 0; i < message.size(); ++i) {
    if (message[i] != '\n') {
      out += message[i] == '\t' ? ' ' : message[i];
      continue;
    }
    out += ';';
    while (i + 1 < message.size() && std::isspace(static_cast<unsigned char>(message[i + 1]))) ++i;
    out += ' ';
  }
  return out;
}

}  // namespace

int CopyCommand(const Args& args) {
  auto flags = ParseFlags(args, {.with_value = {"from", "to", "batch-rows"}});
  if (!flags.ok()) return UsageError("copy", flags.status().message());
  if (flags->Has("help")) {
    std::printf("%s", kUsage);
    return kExitOk;
  }
  if (!flags->positional.empty()) return UsageError("copy", "takes no arguments");
  std::string from = SqlitePath(flags->Get("from"));
  if (from.empty()) return UsageError("copy", "--from must be sqlite:PATH");
  std::string to = flags->Get("to");
  if (!to.starts_with("postgres://") && !to.starts_with("postgresql://")) {
    return UsageError("copy", "--to must be a postgres:// or postgresql:// URL");
  }
  store_copy::CopyOptions options;
  if (flags->Has("batch-rows")) {
    options.rows_per_insert = std::atoi(flags->Get("batch-rows").c_str());
    if (options.rows_per_insert < 1) return UsageError("copy", "--batch-rows must be at least 1");
  }
  options.progress = [](const std::string& line) { std::fprintf(stderr, "%s\n", line.c_str()); };

  auto start = std::chrono::steady_clock::now();
  auto copied = store_copy::CopySqliteToPostgres(from, to, options);
  if (!copied.ok()) return Failure("copy", OneLine(copied.status().ToString()));
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  int64_t rows = 0;
  std::printf("%-16s %10s  %s\n", "table", "rows", "sha256");
  for (const auto& t : copied->tables) {
    std::printf("%-16s %10lld  %s\n", t.table.c_str(), static_cast<long long>(t.rows),
                t.sha256.c_str());
    rows += t.rows;
  }
  std::printf("%s", fmt::format("copied {} rows of {} tables into {} in {:.1f} s; every count and "
                                "checksum matched before the commit\n",
                                rows, copied->tables.size(), copied->target, seconds)
                        .c_str());
  return kExitOk;
}

}  // namespace aftermath::cli

// `aftermath export`: writes persons and their reports to standard output as CSV, PFIF 1.4 or
// JSON Lines. Every export is audited.
#include <fmt/format.h>

#include <cstdio>
#include <iostream>

#include "cli/commands.h"
#include "cli/flags.h"
#include "cli/open_db.h"
#include "io/export/record_writer.h"
#include "registry/registry.h"

namespace aftermath::cli {
namespace {

constexpr const char* kUsage =
    "usage: aftermath export --db URL --format csv|pfif|jsonl [--status STATUS]\n"
    "                        [--source NAME] [--pfif-domain DOMAIN] > FILE\n\n"
    "Writes every person (or those whose current status is STATUS) with their reports (or\n"
    "only those of the source NAME) to standard output:\n"
    "  jsonl  the sources, then one report a line with its source and a person_key, each\n"
    "         person's own line (every name, details) before its first report, and persons\n"
    "         no report is about at the end; `aftermath import --format jsonl` of this file\n"
    "         into an empty database reproduces sources, persons (with their ids), reports\n"
    "         and statuses, and importing it again changes nothing.\n"
    "  csv    UTF-8 with a BOM (for Excel), one report a row.\n"
    "  pfif   PFIF 1.4: a person record a person with its notes inside. Records copied\n"
    "         from PFIF are written as they came, with their own ids; ours get\n"
    "         DOMAIN/<id> (default aftermath.local), a note a report that says something.\n"
    "         Each of our notes also carries our exact status and facility in elements of\n"
    "         the namespace urn:x-aftermath:pfif-extension:1. Expired records are passed on\n"
    "         as placeholders.\n"
    "The export is recorded in the audit log (format and filters).\n";

}  // namespace

int ExportCommand(const Args& args) {
  auto flags = ParseFlags(args, {.with_value = {"db", "format", "status", "source", "pfif-domain"},
                                 .boolean = {}});
  if (!flags.ok()) return UsageError("export", flags.status().message());
  if (flags->Has("help")) {
    std::printf("%s", kUsage);
    return kExitOk;
  }
  if (!flags->positional.empty()) return UsageError("export", "the export goes to stdout: > FILE");
  ExportOptions options{.actor = "cli:export"};
  auto format = io::ParseFormat(flags->Get("format"));
  if (!format) return UsageError("export", "--format must be csv, pfif or jsonl");
  if (flags->Has("status")) {
    options.status = ParsePersonStatus(flags->Get("status"));
    if (!options.status) {
      return UsageError("export", fmt::format("--status must be one of: {}", PersonStatusNames()));
    }
  }
  auto store = OpenDb(*flags);
  if (!store.ok()) return Failure("export", store.status().ToString());
  SystemClock clock;
  Registry registry(**store, clock);
  if (flags->Has("source")) {
    auto sources = registry.ListSources();
    if (!sources.ok()) return Failure("export", sources.status().ToString());
    for (const auto& s : *sources) {
      if (s.name == flags->Get("source")) {
        options.source_id = s.id;
        break;
      }
    }
    if (options.source_id.empty()) {
      return Failure("export", fmt::format("no source named '{}'", flags->Get("source")));
    }
  }
  std::ios::sync_with_stdio(false);
  auto writer = flags->Has("pfif-domain")
                    ? io::MakeWriter(*format, std::cout, flags->Get("pfif-domain"))
                    : io::MakeWriter(*format, std::cout);
  auto summary = registry.Export(options, *writer);
  if (!summary.ok()) return Failure("export", summary.status().ToString());
  std::fprintf(stderr, "exported %zu persons, %zu reports\n", summary->persons,
               summary->reports);
  return kExitOk;
}

}  // namespace aftermath::cli

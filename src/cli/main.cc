// aftermath: the command line. Dispatches to one function per subcommand (see commands.h).
#include <cstdio>
#include <string>
#include <string_view>

#include "cli/commands.h"

namespace {

struct Subcommand {
  std::string_view name;
  int (*run)(const aftermath::cli::Args&);
  std::string_view summary;
};

constexpr Subcommand kSubcommands[] = {
    {"serve", aftermath::cli::ServeCommand, "run the HTTP server and web console"},
    {"migrate", aftermath::cli::MigrateCommand, "create or upgrade the database schema"},
    {"copy", aftermath::cli::CopyCommand, "copy an SQLite registry into PostgreSQL, verified"},
    {"demo", aftermath::cli::DemoCommand, "load the demo data set"},
    {"import", aftermath::cli::ImportCommand, "import a source's list of persons"},
    {"export", aftermath::cli::ExportCommand, "export persons and reports (csv, pfif, jsonl)"},
    {"pfif", aftermath::cli::PfifCommand, "follow another registry's PFIF feeds (pfif sync)"},
    {"search", aftermath::cli::SearchCommand, "search the registry by name"},
    {"names", aftermath::cli::NamesCommand, "compare, normalize and evaluate names"},
    {"user", aftermath::cli::UserCommand, "add, list, disable users; reset passwords"},
    {"token", aftermath::cli::TokenCommand, "create, list, revoke source API tokens"},
    {"audit", aftermath::cli::AuditCommand, "verify the audit chain; query who did what"},
    {"outbox", aftermath::cli::OutboxCommand, "list and mark messages for the SMS/e-mail gateway"},
    {"purge", aftermath::cli::PurgeCommand, "remove personal data past the retention period"},
    {"recovery", aftermath::cli::RecoveryCommand, "the damage & support register"},
    {"version", aftermath::cli::VersionCommand, "print the version"},
};

void PrintUsage(FILE* out) {
  std::fprintf(out,
               "usage: aftermath <command> [options]\n\n"
               "commands:\n");
  for (const auto& c : kSubcommands) {
    std::fprintf(out, "  %-10.*s %.*s\n", int(c.name.size()), c.name.data(), int(c.summary.size()),
                 c.summary.data());
  }
  std::fprintf(out, "\nRun 'aftermath <command> --help' for a command's options.\n");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    PrintUsage(stderr);
    return aftermath::cli::kExitUsage;
  }
  std::string_view name = argv[1];
  if (name == "--help" || name == "-h" || name == "help") {
    PrintUsage(stdout);
    return aftermath::cli::kExitOk;
  }
  if (name == "--version") name = "version";
  for (const auto& c : kSubcommands) {
    if (c.name == name) {
      aftermath::cli::Args args(argv + 2, argv + argc);
      return c.run(args);
    }
  }
  std::fprintf(stderr, "aftermath: unknown command '%s' (see 'aftermath --help')\n", argv[1]);
  return aftermath::cli::kExitUsage;
}

#include <cstdio>

#include "cli/commands.h"
#include "cli/flags.h"
#include "cli/open_db.h"

namespace aftermath::cli {

int MigrateCommand(const Args& args) {
  auto flags = ParseFlags(args, {.with_value = {"db"}});
  if (!flags.ok()) return UsageError("migrate", flags.status().message());
  if (flags->Has("help")) {
    std::printf(
        "usage: aftermath migrate [--db URL]\n\n"
        "Creates the database if absent and brings its schema to this build's version.\n"
        "  --db URL   the registry (default %s)\n",
        kDefaultDb);
    return kExitOk;
  }
  if (!flags->positional.empty()) return UsageError("migrate", "takes no arguments");
  auto store = OpenDb(flags->Get("db", kDefaultDb), {.migrate = false});
  if (!store.ok()) return Failure("migrate", store.status().ToString());
  auto before = (*store)->SchemaVersion();
  if (!before.ok()) return Failure("migrate", before.status().ToString());
  Status s = (*store)->Migrate();
  if (!s.ok()) return Failure("migrate", s.ToString());
  std::printf("schema at version %d (was %d)\n", (*store)->LatestSchemaVersion(), *before);
  return kExitOk;
}

}  // namespace aftermath::cli

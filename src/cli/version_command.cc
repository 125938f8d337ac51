#include <cstdio>

#include "cli/commands.h"
#include "cli/flags.h"

namespace aftermath::cli {

int VersionCommand(const Args& args) {
  auto flags = ParseFlags(args, {});
  if (!flags.ok()) return UsageError("version", flags.status().message());
  if (flags->Has("help")) {
    std::printf("usage: aftermath version\n\nPrints the version of aftermath.\n");
    return kExitOk;
  }
  std::printf("aftermath %s\n", AFTERMATH_VERSION);
  return kExitOk;
}

}  // namespace aftermath::cli

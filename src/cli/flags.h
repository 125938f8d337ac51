// Minimal flag parsing for subcommands: "--name value", "--name=value" and boolean "--name".
// Settings (settings.h) also come from the environment and a config file.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "common/status.h"

namespace aftermath::cli {

struct FlagSpec {
  std::set<std::string> with_value;  // e.g. {"db", "listen"}
  std::set<std::string> boolean;     // e.g. {"help", "tsv"}
};

struct ParsedFlags {
  std::map<std::string, std::string> values;
  std::set<std::string> set;
  std::vector<std::string> positional;

  std::string Get(const std::string& name, const std::string& fallback = {}) const {
    auto it = values.find(name);
    return it == values.end() ? fallback : it->second;
  }
  bool Has(const std::string& name) const { return set.contains(name) || values.contains(name); }
};

// Looks up an environment variable; nullopt when unset. Tests pass their own.
using Environment = std::function<std::optional<std::string>(const std::string& name)>;
Environment ProcessEnvironment();

// InvalidArgument naming the flag for unknown flags or a missing value. A command that takes any
// setting also takes --config FILE; the settings it takes and the command line leaves out are
// filled from AFTERMATH_<NAME> in `env`, then from the config file (--config, else
// AFTERMATH_CONFIG). With --help neither is read.
Result<ParsedFlags> ParseFlags(const Args& args, const FlagSpec& spec,
                               const Environment& env = ProcessEnvironment());

// Prints "aftermath <command>: <message>" to stderr and returns kExitUsage.
int UsageError(const char* command, const std::string& message);
// Prints "aftermath <command>: <message>" to stderr and returns kExitFailure.
int Failure(const char* command, const std::string& message);

}  // namespace aftermath::cli

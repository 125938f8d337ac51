// Minimal flag parsing for subcommands: "--name value", "--name=value" and boolean "--name".
#pragma once

#include <map>
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

// InvalidArgument naming the flag for unknown flags or a missing value.
Result<ParsedFlags> ParseFlags(const Args& args, const FlagSpec& spec);

// Prints "aftermath <command>: <message>" to stderr and returns kExitUsage.
int UsageError(const char* command, const std::string& message);
// Prints "aftermath <command>: <message>" to stderr and returns kExitFailure.
int Failure(const char* command, const std::string& message);

}  // namespace aftermath::cli

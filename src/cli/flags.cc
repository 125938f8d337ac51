#include "cli/flags.h"

#include <fmt/format.h>

#include <cstdio>

namespace aftermath::cli {

Result<ParsedFlags> ParseFlags(const Args& args, const FlagSpec& spec) {
  ParsedFlags out;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--") {
      out.positional.insert(out.positional.end(), args.begin() + i + 1, args.end());
      break;
    }
    if (!a.starts_with("--") || a.size() == 2) {
      out.positional.push_back(a);
      continue;
    }
    std::string name = a.substr(2), value;
    bool has_value = false;
    if (auto eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
      has_value = true;
    }
    if (name == "h") name = "help";
    if (spec.boolean.contains(name) || name == "help") {
      if (has_value) return InvalidArgument(fmt::format("--{} takes no value", name), name);
      out.set.insert(name);
    } else if (spec.with_value.contains(name)) {
      if (!has_value) {
        if (i + 1 >= args.size()) return InvalidArgument(fmt::format("--{} needs a value", name), name);
        value = args[++i];
      }
      out.values[name] = value;
    } else {
      return InvalidArgument(fmt::format("unknown option --{}", name), name);
    }
  }
  return out;
}

int UsageError(const char* command, const std::string& message) {
  std::fprintf(stderr, "aftermath %s: %s (see 'aftermath %s --help')\n", command, message.c_str(),
               command);
  return kExitUsage;
}

int Failure(const char* command, const std::string& message) {
  std::fprintf(stderr, "aftermath %s: %s\n", command, message.c_str());
  return kExitFailure;
}

}  // namespace aftermath::cli

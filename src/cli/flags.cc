#include "cli/flags.h"

#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>

#include "cli/settings.h"

namespace aftermath::cli {
namespace {

bool Takes(const FlagSpec& spec, std::string_view name) {
  std::string n(name);
  // Every command that opens the registry may append audit rows, so each takes the audit key.
  if (n == "audit-key") return spec.with_value.contains("db");
  return spec.with_value.contains(n) || spec.boolean.contains(n);
}

bool TakesAnySetting(const FlagSpec& spec) {
  for (const auto& s : Settings()) {
    if (Takes(spec, s.name)) return true;
  }
  return false;
}

// Fills the settings the command line left out: environment first, then the config file.
Status ApplySettings(const FlagSpec& spec, const Environment& env, ParsedFlags& out) {
  std::string config_path = out.Get("config");
  if (config_path.empty()) config_path = env("AFTERMATH_CONFIG").value_or("");
  std::map<std::string, ConfigValue> file;
  if (!config_path.empty()) {
    ASSIGN_OR_RETURN(file, ReadConfigFile(config_path));
  }
  for (const auto& setting : Settings()) {
    std::string name(setting.name);
    if (!Takes(spec, name) || out.Has(name)) continue;
    std::string value, origin;
    if (auto v = env(EnvironmentName(name)); v && !v->empty()) {
      value = *v;
      origin = EnvironmentName(name);
    } else if (auto it = file.find(name); it != file.end()) {
      value = it->second.value;
      origin = fmt::format("{}:{}", config_path, it->second.line);
    } else {
      continue;
    }
    if (!setting.boolean) {
      out.values[name] = value;
      continue;
    }
    auto on = ParseBool(value);
    if (!on) {
      return InvalidArgument(
          fmt::format("{}: '{}' takes true or false, not '{}'", origin, name, value), name);
    }
    if (*on) out.set.insert(name);
  }
  return Status::Ok();
}

}  // namespace

Environment ProcessEnvironment() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* v = std::getenv(name.c_str());
    if (!v) return std::nullopt;
    return std::string(v);
  };
}

Result<ParsedFlags> ParseFlags(const Args& args, const FlagSpec& spec, const Environment& env) {
  bool configurable = TakesAnySetting(spec);
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
    } else if (spec.with_value.contains(name) || (configurable && name == "config") ||
               (name == "audit-key" && Takes(spec, name))) {
      if (!has_value) {
        if (i + 1 >= args.size()) return InvalidArgument(fmt::format("--{} needs a value", name), name);
        value = args[++i];
      }
      out.values[name] = value;
    } else {
      return InvalidArgument(fmt::format("unknown option --{}", name), name);
    }
  }
  if (configurable && !out.Has("help")) RETURN_IF_ERROR(ApplySettings(spec, env, out));
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

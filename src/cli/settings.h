// Settings: the flags an operator sets once for an installation rather than per run. Besides the
// command line, each may come from the environment as AFTERMATH_<NAME> (upper case, '-' as '_':
// --max-body-bytes is AFTERMATH_MAX_BODY_BYTES) and from a config file named by --config FILE or
// AFTERMATH_CONFIG. Precedence: command line > environment > config file > the command's default.
//
// The config file holds `key = value` lines; keys are flag names without "--" ('_' may stand for
// '-'); '#' starts a comment at the start of a line or after a space; a value in double quotes
// is taken as written. Booleans take true/false (yes/no, on/off, 1/0). One file serves every
// command: a command ignores the keys it has no flag for, but a key no command knows is an error.
#pragma once

#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "common/status.h"

namespace aftermath::cli {

struct Setting {
  std::string_view name;  // the flag's name: "db", "listen", ...
  bool boolean = false;
};

// Every setting, in the order the documentation lists them.
std::span<const Setting> Settings();
const Setting* FindSetting(std::string_view name);

// "max-body-bytes" -> "AFTERMATH_MAX_BODY_BYTES".
std::string EnvironmentName(std::string_view setting);

// true/yes/on/1 or false/no/off/0; nullopt otherwise.
std::optional<bool> ParseBool(std::string_view value);

struct ConfigValue {
  std::string value;
  int line = 0;
};

// Parses a config file's text; `file_name` only labels errors ("FILE:LINE: unknown key 'x'").
// Keys are checked against Settings(), booleans for their values.
Result<std::map<std::string, ConfigValue>> ParseConfig(std::string_view text,
                                                       std::string_view file_name);
// Reads and parses a config file.
Result<std::map<std::string, ConfigValue>> ReadConfigFile(const std::string& path);

}  // namespace aftermath::cli

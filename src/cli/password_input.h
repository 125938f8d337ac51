// Reads a new password for the CLI: from one stdin line with --password-stdin (scripts), or
// typed twice at a terminal without echo. Never from an argument, which `ps` would show.
#pragma once

#include <string>

#include "common/status.h"

namespace aftermath::cli {

Result<std::string> ReadNewPassword(bool from_stdin);

}  // namespace aftermath::cli

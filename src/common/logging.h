// Server logs: structured key=value lines through spdlog. Never pass a name, phone or other
// personal field here; log ids and counts only.
#pragma once

#include <spdlog/spdlog.h>

namespace aftermath {

// Sets the level from AFTERMATH_LOG_LEVEL (trace|debug|info|warn|error), default info, on stderr.
void InitLogging();

}  // namespace aftermath

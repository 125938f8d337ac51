// Server logs: structured key=value lines through spdlog on stderr, as text or JSON Lines
// (json_log.h). Never pass a name, phone or other personal field here; log ids, route patterns
// and counts only.
#pragma once

#include <spdlog/spdlog.h>

#include <string_view>

#include "common/status.h"

namespace aftermath {

enum class LogFormat { kText, kJson };

struct LogOptions {
  LogFormat format = LogFormat::kText;
  spdlog::level::level_enum level = spdlog::level::info;
};

// From the values of --log-format (text|json) and --log-level (trace|debug|info|warn|error|
// critical|off); empty means the default. InvalidArgument naming the flag otherwise.
Result<LogOptions> ParseLogOptions(std::string_view format, std::string_view level);

// Makes the default logger write to stderr in `options`' format, from its level up.
void InitLogging(const LogOptions& options = {});

}  // namespace aftermath

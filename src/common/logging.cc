#include "common/logging.h"

#include <fmt/format.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/sinks/stdout_sinks.h>

#include "common/json_log.h"

namespace aftermath {

Result<LogOptions> ParseLogOptions(std::string_view format, std::string_view level) {
  LogOptions out;
  if (format == "json") {
    out.format = LogFormat::kJson;
  } else if (!format.empty() && format != "text") {
    return InvalidArgument(fmt::format("--log-format must be text or json, not '{}'", format),
                           "log-format");
  }
  if (!level.empty()) {
    // spdlog turns an unknown name into "off": a typo must not silence the logs.
    static constexpr std::pair<std::string_view, spdlog::level::level_enum> kLevels[] = {
        {"trace", spdlog::level::trace}, {"debug", spdlog::level::debug},
        {"info", spdlog::level::info},   {"warn", spdlog::level::warn},
        {"error", spdlog::level::err},   {"critical", spdlog::level::critical},
        {"off", spdlog::level::off}};
    bool known = false;
    for (auto [name, value] : kLevels) {
      if (name == level) {
        out.level = value;
        known = true;
      }
    }
    if (!known) {
      return InvalidArgument(
          fmt::format("--log-level must be trace, debug, info, warn, error, critical or off, "
                      "not '{}'",
                      level),
          "log-level");
    }
  }
  return out;
}

void InitLogging(const LogOptions& options) {
  std::shared_ptr<spdlog::logger> logger;
  if (options.format == LogFormat::kJson) {
    logger = spdlog::stderr_logger_mt("aftermath");
    logger->set_formatter(MakeJsonLogFormatter());
  } else {
    logger = spdlog::stderr_color_mt("aftermath");
    logger->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %l %v", spdlog::pattern_time_type::utc);
  }
  logger->set_level(options.level);
  spdlog::set_default_logger(logger);
}

}  // namespace aftermath

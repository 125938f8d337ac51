// JSON Lines log output for journald, Loki or ELK: one object per record with "ts", "level",
// "msg" and the message's key=value pairs as fields, so
//   http method=GET route=/api/v1/persons/{id} status=200 ms=1.52
// becomes
//   {"ts":"2026-01-06T10:00:00.123Z","level":"info","msg":"http","method":"GET",
//    "route":"/api/v1/persons/{id}","status":200,"ms":1.52}
// A value runs to the next " key=" (so it may hold spaces); values that are plain decimal numbers
// are written as numbers, except under keys named "id" or ending in "_id", which stay strings.
#pragma once

#include <spdlog/formatter.h>

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

namespace aftermath {

std::string JsonLogLine(std::chrono::system_clock::time_point time, std::string_view level,
                        std::string_view message);

// An spdlog formatter writing JsonLogLine plus a newline.
std::unique_ptr<spdlog::formatter> MakeJsonLogFormatter();

}  // namespace aftermath

// `aftermath demo generate --persons N [--seed S] [--data DIR]`: a synthetic population of
// Kazakhstan as JSON Lines on stdout, for `aftermath import` and the search benchmarks. Needs
// the frequency lists in ../shared/data/population, which are not part of the repository.
#include <fmt/format.h>

#include <charconv>
#include <cstdio>
#include <string>

#include "cli/commands.h"
#include "cli/flags.h"
#include "demo/population/name_pool.h"
#include "demo/population/person_generator.h"

namespace aftermath::cli {
namespace {

constexpr const char* kCommand = "demo generate";
constexpr const char* kDefaultData = "../shared/data/population";
constexpr uint64_t kMaxPersons = 100'000'000;

bool ParseUint(const std::string& text, uint64_t& out) {
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, out);
  return ec == std::errc() && ptr == end && !text.empty();
}

}  // namespace

// Takes the arguments after "demo generate" (a leading "generate" is skipped too).
int DemoGenerate(const Args& args) {
  auto flags = ParseFlags(args, {.with_value = {"persons", "seed", "data"}});
  if (!flags.ok()) return UsageError(kCommand, flags.status().message());
  auto& positional = flags->positional;
  if (!positional.empty() && positional[0] == "generate") positional.erase(positional.begin());
  if (flags->Has("help") || !flags->Has("persons") || !positional.empty()) {
    std::fprintf(flags->Has("help") ? stdout : stderr,
                 "usage: aftermath demo generate --persons N [--seed S] [--data DIR]\n\n"
                 "  writes N synthetic persons of Kazakhstan as JSON Lines to stdout\n"
                 "  --persons N  how many persons (1..%llu)\n"
                 "  --seed S     the same seed gives the same persons (default 1)\n"
                 "  --data DIR   the population frequency lists (default %s)\n",
                 static_cast<unsigned long long>(kMaxPersons), kDefaultData);
    return flags->Has("help") ? kExitOk : kExitUsage;
  }
  uint64_t persons = 0, seed = 1;
  if (!ParseUint(flags->Get("persons"), persons) || persons == 0 || persons > kMaxPersons) {
    return UsageError(kCommand, fmt::format("--persons: '{}' is not a number from 1 to {}",
                                            flags->Get("persons"), kMaxPersons));
  }
  if (flags->Has("seed") && !ParseUint(flags->Get("seed"), seed)) {
    return UsageError(kCommand,
                      fmt::format("--seed: '{}' is not a non-negative number", flags->Get("seed")));
  }
  auto pool = population::LoadNamePool(flags->Get("data", kDefaultData));
  if (!pool.ok()) return Failure(kCommand, pool.status().message());

  population::PersonGenerator generator(*pool, seed);
  std::string buffer;
  buffer.reserve(1 << 20);
  for (uint64_t i = 0; i < persons; ++i) {
    buffer += population::ToJsonLine(generator.Next());
    buffer.push_back('\n');
    if (buffer.size() >= (1 << 20) - 512 || i + 1 == persons) {
      if (std::fwrite(buffer.data(), 1, buffer.size(), stdout) != buffer.size()) {
        return Failure(kCommand, "cannot write to stdout");
      }
      buffer.clear();
    }
  }
  if (std::fflush(stdout) != 0) return Failure(kCommand, "cannot write to stdout");
  return kExitOk;
}

}  // namespace aftermath::cli

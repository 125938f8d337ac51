// `aftermath search`: the name index over a registry, from the command line. With --jsonl it
// answers one query a line from stdin, so thousands of queries are measured in one process.
#include <fmt/format.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <iostream>

#include "cli/commands.h"
#include "cli/engine_setup.h"
#include "cli/flags.h"
#include "cli/open_db.h"
#include "io/json_input.h"
#include "io/json_text.h"
#include "registry/index_loader.h"

namespace aftermath::cli {
namespace {

namespace json = boost::json;

constexpr const char* kUsage =
    "usage: aftermath search --db URL [options] \"QUERY\"\n"
    "       aftermath search --db URL [options] --jsonl < queries\n\n"
    "Builds the name index from the registry, then searches it. With --jsonl each input line\n"
    "is a query: a plain string or {\"q\": \"...\", \"limit\": 10, \"status\": ..., \"sex\": ...,\n"
    "\"birth_year_min\": ..., \"birth_year_max\": ..., \"source_kind\": ..., \"place\": ...,\n"
    "\"prefix\": true}; each output line is {\"q\", \"took_ms\", \"cpu_ms\", \"results\":\n"
    "[{\"person_id\", \"external_id\", \"name\", \"score\"}]} (took_ms: the search alone, wall\n"
    "clock; cpu_ms: its CPU time, which other processes on the machine do not inflate).\n\n"
    "options:\n"
    "  --limit N            results a query (default 10)\n"
    "  --status S, --sex S, --source-kind K, --place P, --birth-year-min Y, --birth-year-max Y\n"
    "  --prefix             the last word may be unfinished (search-as-you-type)\n"
    "  --threads N          threads that build the index (default 2)\n"
    "  --population DIR | --no-population   name frequencies (see aftermath names --help)\n";

Status ReadFilters(io::JsonInput& in, index::SearchOptions& o) {
  std::optional<int> limit, year_min, year_max;
  std::optional<bool> prefix;
  RETURN_IF_ERROR(in.Int("limit", limit));
  if (limit) o.limit = *limit;
  if (in.Has("status")) {
    PersonStatus s;
    RETURN_IF_ERROR(in.Status_("status", s));
    o.filters.status = s;
  }
  if (in.Has("sex")) {
    Sex s;
    RETURN_IF_ERROR(in.Sex("sex", s));
    o.filters.sex = s;
  }
  if (in.Has("source_kind")) {
    SourceKind k;
    RETURN_IF_ERROR(in.Kind("source_kind", k));
    o.filters.source_kind = k;
  }
  RETURN_IF_ERROR(in.String("place", o.filters.place));
  RETURN_IF_ERROR(in.Int("birth_year_min", year_min));
  RETURN_IF_ERROR(in.Int("birth_year_max", year_max));
  o.filters.birth_year_min = year_min.value_or(0);
  o.filters.birth_year_max = year_max.value_or(0);
  RETURN_IF_ERROR(in.Bool("prefix", prefix));
  if (prefix && *prefix) o.prefix = names::PrefixMode::kLastTokenIsPrefix;
  return Status::Ok();
}

Result<index::SearchOptions> OptionsFromFlags(const ParsedFlags& flags) {
  json::object o;
  if (flags.Has("limit")) o["limit"] = std::atoi(flags.Get("limit").c_str());
  for (const char* f : {"status", "sex", "place"}) {
    if (flags.Has(f)) o[f] = flags.Get(f);
  }
  if (flags.Has("source-kind")) o["source_kind"] = flags.Get("source-kind");
  if (flags.Has("birth-year-min")) o["birth_year_min"] = std::atoi(flags.Get("birth-year-min").c_str());
  if (flags.Has("birth-year-max")) o["birth_year_max"] = std::atoi(flags.Get("birth-year-max").c_str());
  if (flags.Has("prefix")) o["prefix"] = true;
  ASSIGN_OR_RETURN(io::JsonInput in, io::JsonInput::Parse(json::serialize(o)));
  index::SearchOptions options;
  RETURN_IF_ERROR(ReadFilters(in, options));
  return options;
}

// CPU time of the calling thread: on a shared machine wall time also counts the time other
// processes held the core.
double ThreadCpuMs() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

double ProcessCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

std::string ResultLine(std::string_view q, double took_ms, double cpu_ms,
                       const Result<std::vector<index::SearchHit>>& hits) {
  json::object out{{"q", q}, {"took_ms", io::Rounded(took_ms, 3)},
                   {"cpu_ms", io::Rounded(cpu_ms, 3)}};
  json::array results;
  if (hits.ok()) {
    for (const auto& h : *hits) {
      results.push_back(json::object{{"person_id", h.person_id},
                                     {"external_id", h.external_id},
                                     {"name", h.name},
                                     {"score", io::Rounded(h.score, 3)},
                                     {"decision", names::DecisionName(h.decision)}});
    }
  } else {
    out["error"] = hits.status().message();
  }
  out["results"] = std::move(results);
  return io::JsonText(out);
}

}  // namespace

int SearchCommand(const Args& args) {
  auto flags = ParseFlags(
      args, {.with_value = {"db", "limit", "status", "sex", "source-kind", "place",
                            "birth-year-min", "birth-year-max", "threads", kPopulationFlag},
             .boolean = {"jsonl", "prefix", kNoPopulationFlag}});
  if (!flags.ok()) return UsageError("search", flags.status().message());
  if (flags->Has("help")) {
    std::printf("%s", kUsage);
    return kExitOk;
  }
  bool jsonl = flags->Has("jsonl");
  if (jsonl != flags->positional.empty()) {
    return UsageError("search", "give one QUERY, or --jsonl with queries on stdin");
  }
  auto defaults = OptionsFromFlags(*flags);
  if (!defaults.ok()) return UsageError("search", defaults.status().ToString());
  auto engine = MakeNameEngine(*flags);
  if (!engine.ok()) return Failure("search", engine.status().ToString());
  engine->PrepareOtherScripts();  // no query pays for loading the Chinese tables
  auto store = OpenDb(flags->Get("db", kDefaultDb), {.access = StoreAccess::kReadOnly});
  if (!store.ok()) return Failure("search", store.status().ToString());

  int threads = std::max(1, std::atoi(flags->Get("threads", "2").c_str()));
  auto started = std::chrono::steady_clock::now();
  double cpu_started = ProcessCpuSeconds();
  // The running count only on a terminal; a log gets the final line alone.
  bool terminal = isatty(STDERR_FILENO);
  auto built = BuildIndex(**store, *engine, threads, [&](size_t done) {
    if (terminal) std::fprintf(stderr, "\rindexing: %zu persons", done);
  });
  if (!built.ok()) return Failure("search", built.status().ToString());
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  double cpu_seconds = ProcessCpuSeconds() - cpu_started;
  auto stats = (*built)->Stats();
  std::fprintf(stderr,
               "%sindexed %zu persons (%zu spellings) in %.1f s (%.1f s of CPU on %d threads), "
               "%.0f bytes a person\n",
               terminal ? "\r" : "", stats.persons, stats.spellings, seconds, cpu_seconds, threads,
               stats.persons ? double(stats.memory_bytes) / stats.persons : 0.0);

  auto run = [&](std::string_view q, const index::SearchOptions& o) {
    auto t0 = std::chrono::steady_clock::now();
    double cpu0 = ThreadCpuMs();
    auto hits = (*built)->Search(q, o);
    double cpu_ms = ThreadCpuMs() - cpu0;
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
                    .count();
    return ResultLine(q, ms, cpu_ms, hits);
  };
  if (!jsonl) {
    index::SearchOptions o = *defaults;
    std::printf("%s\n", run(flags->positional[0], o).c_str());
    return kExitOk;
  }
  std::ios::sync_with_stdio(false);
  std::string line;
  size_t line_no = 0;
  while (std::getline(std::cin, line)) {
    ++line_no;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    index::SearchOptions o = *defaults;
    o.explain = false;
    std::string q = line;
    if (line.front() == '{') {
      auto in = io::JsonInput::Parse(line);
      Status s = in.ok() ? in->String("q", q) : in.status();
      if (s.ok()) s = ReadFilters(*in, o);
      if (s.ok()) s = in->Finish();
      if (!s.ok()) {
        std::cout << json::serialize(json::object{
                         {"line", line_no}, {"error", s.ToString()}, {"results", json::array()}})
                  << '\n';
        continue;
      }
    }
    std::cout << run(q, o) << '\n';
  }
  std::cout.flush();
  return kExitOk;
}

}  // namespace aftermath::cli

// `aftermath import`: loads a file of reports from one source, in committed batches, so a
// crash loses at most the batch in flight and a re-run changes nothing already imported (rows
// are keyed by the source's own record id).
#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>

#include "cli/commands.h"
#include "cli/flags.h"
#include "cli/open_db.h"
#include "io/json_records.h"
#include "registry/registry.h"

namespace aftermath::cli {
namespace {

constexpr const char* kUsage =
    "usage: aftermath import --db URL --source NAME [--source-kind KIND] [--format jsonl]\n"
    "                        [--dry-run] FILE\n\n"
    "Imports reports from one source. jsonl: one object a line, e.g.\n"
    "  {\"external_id\": \"H4-17\", \"full_name\": \"Серіков Ерлан\", \"sex\": \"m\",\n"
    "   \"birth_date\": \"1994-03-12\", \"status\": \"hospitalised\", \"facility\": \"...\"}\n"
    "(all but full_name optional). The source is created with --source-kind (default other)\n"
    "when it does not exist. Rows are committed in batches of 2,000; a row with the same\n"
    "external_id as an earlier one updates it, or changes nothing when it says the same.\n"
    "Rejected rows are listed on stderr with their line and field; the others are imported.\n"
    "FILE may be - for standard input.\n";

constexpr size_t kBatch = 10000;

struct Counts {
  size_t created = 0, updated = 0, unchanged = 0, rejected = 0;
  size_t total() const { return created + updated + unchanged + rejected; }
};

Result<std::string> EnsureSource(Registry& registry, const std::string& name,
                                 const std::string& kind_text, bool dry_run) {
  ASSIGN_OR_RETURN(auto sources, registry.ListSources());
  for (const auto& s : sources) {
    if (s.name == name) return s.id;
  }
  auto kind = ParseSourceKind(kind_text);
  if (!kind) {
    return InvalidArgument(fmt::format("'{}' is not one of: {}", kind_text, SourceKindNames()),
                           "source-kind");
  }
  if (dry_run) return std::string();
  ASSIGN_OR_RETURN(Source s, registry.CreateSource("cli:import", {.name = name, .kind = *kind}));
  std::fprintf(stderr, "created source '%s' (%s)\n", name.c_str(), ToString(*kind).data());
  return s.id;
}

void Progress(const Counts& c, std::chrono::steady_clock::time_point start, bool final) {
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::fprintf(stderr, "%s%zu rows  %.0f rows/s  created %zu  updated %zu  unchanged %zu  "
               "rejected %zu%s",
               final ? "" : "\r", c.total(), seconds > 0 ? c.total() / seconds : 0.0, c.created,
               c.updated, c.unchanged, c.rejected, final ? "\n" : "");
  std::fflush(stderr);
}

}  // namespace

int ImportCommand(const Args& args) {
  auto flags = ParseFlags(args, {.with_value = {"db", "source", "source-kind", "format"},
                                 .boolean = {"dry-run"}});
  if (!flags.ok()) return UsageError("import", flags.status().message());
  if (flags->Has("help")) {
    std::printf("%s", kUsage);
    return kExitOk;
  }
  if (flags->positional.size() != 1) return UsageError("import", "name one FILE");
  if (!flags->Has("source")) return UsageError("import", "--source NAME is required");
  std::string format = flags->Get("format", "jsonl");
  if (format != "jsonl") return UsageError("import", "--format must be jsonl");
  const std::string& path = flags->positional[0];
  std::ifstream file;
  if (path != "-") {
    file.open(path);
    if (!file) return Failure("import", fmt::format("cannot read '{}'", path));
  }
  std::istream& in = path == "-" ? std::cin : file;
  bool dry_run = flags->Has("dry-run");

  auto store = OpenDb(flags->Get("db", kDefaultDb));
  if (!store.ok()) return Failure("import", store.status().ToString());
  SystemClock clock;
  Registry registry(**store, clock);
  auto source_id = EnsureSource(registry, flags->Get("source"),
                                flags->Get("source-kind", "other"), dry_run);
  if (!source_id.ok()) return Failure("import", source_id.status().ToString());

  bool tty = isatty(STDERR_FILENO);
  auto start = std::chrono::steady_clock::now();
  auto last_progress = start;
  Counts counts;
  std::vector<NewReport> batch;
  std::vector<size_t> lines;
  auto reject = [&](size_t line, const Status& s) {
    ++counts.rejected;
    std::fprintf(stderr, "%sline %zu: %s%s%s\n", tty ? "\r" : "", line,
                 s.field().empty() ? "" : (s.field() + ": ").c_str(), s.message().c_str(),
                 "");
  };
  auto flush = [&]() -> Status {
    if (batch.empty()) return Status::Ok();
    if (dry_run) {
      counts.created += batch.size();  // validated only; the store is not touched
    } else {
      ASSIGN_OR_RETURN(auto outcomes, registry.RecordReports("cli:import", batch));
      for (size_t i = 0; i < outcomes.size(); ++i) {
        if (!outcomes[i].ok()) {
          reject(lines[i], outcomes[i].status());
          continue;
        }
        switch (outcomes[i]->change) {
          case ReportOutcome::Change::kCreated: ++counts.created; break;
          case ReportOutcome::Change::kUpdated: ++counts.updated; break;
          case ReportOutcome::Change::kUnchanged: ++counts.unchanged; break;
        }
      }
    }
    batch.clear();
    lines.clear();
    return Status::Ok();
  };

  std::string line;
  size_t line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    auto report = io::ParseNewReport(line);
    if (!report.ok()) {
      reject(line_no, report.status());
      continue;
    }
    if (!report->source_id.empty() || !report->source_name.empty()) {
      reject(line_no, InvalidArgument("the source is given by --source for the whole file",
                                      "source"));
      continue;
    }
    report->source_id = *source_id;
    if (dry_run && report->source_id.empty()) report->source_id = "new";
    batch.push_back(std::move(*report));
    lines.push_back(line_no);
    if (batch.size() >= kBatch) {
      if (Status s = flush(); !s.ok()) return Failure("import", s.ToString());
      auto now = std::chrono::steady_clock::now();
      if (tty && now - last_progress > std::chrono::milliseconds(250)) {
        Progress(counts, start, false);
        last_progress = now;
      }
    }
  }
  if (Status s = flush(); !s.ok()) return Failure("import", s.ToString());
  if (tty) std::fprintf(stderr, "\r");
  Progress(counts, start, true);
  if (dry_run) std::fprintf(stderr, "dry run: nothing was written\n");
  return counts.rejected ? kExitFailure : kExitOk;
}

}  // namespace aftermath::cli

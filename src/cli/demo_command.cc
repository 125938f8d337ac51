// `aftermath demo load`: a small realistic registry (hospitals, police, a morgue, a shelter, a
// call center; Kazakh, Russian and Latin spellings; open inquiries), written by the team and
// embedded in the binary, so `make serve` shows something real from a fresh checkout.
#include <fmt/format.h>

#include <cstdio>
#include <span>
#include <string_view>

#include "cli/commands.h"
#include "cli/flags.h"
#include "cli/open_db.h"
#include "io/json_records.h"
#include "registry/registry.h"

namespace aftermath::cli {
namespace demo {
struct EmbeddedFile {
  std::string_view name;
  std::string_view content;
};
std::span<const EmbeddedFile> DemoFiles();
}  // namespace demo

namespace {

constexpr const char* kActor = "cli:demo";

std::string_view DemoFile(std::string_view name) {
  for (const auto& f : demo::DemoFiles()) {
    if (f.name == name) return f.content;
  }
  return {};
}

// Calls `fn(line, line_number)` for each non-empty line; stops at the first error.
template <typename Fn>
Status ForEachLine(std::string_view text, std::string_view file, Fn fn) {
  int line_no = 0;
  while (!text.empty()) {
    ++line_no;
    size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    Status s = fn(line);
    if (!s.ok()) {
      return Status(s.code(), fmt::format("{} line {}: {}", file, line_no, s.message()), s.field());
    }
  }
  return Status::Ok();
}

Status LoadDemo(Registry& registry, int& sources, int& reports, int& inquiries) {
  RETURN_IF_ERROR(ForEachLine(DemoFile("sources.jsonl"), "sources.jsonl", [&](auto line) {
    ASSIGN_OR_RETURN(NewSource s, io::ParseNewSource(line));
    auto created = registry.CreateSource(kActor, s);
    if (created.ok()) ++sources;
    return created.ok() || created.status().code() == StatusCode::kAlreadyExists
               ? Status::Ok()
               : created.status();
  }));
  RETURN_IF_ERROR(ForEachLine(DemoFile("reports.jsonl"), "reports.jsonl", [&](auto line) {
    ASSIGN_OR_RETURN(NewReport r, io::ParseNewReport(line));
    ASSIGN_OR_RETURN(ReportOutcome out, registry.RecordReport(kActor, r));
    if (out.change != ReportOutcome::Change::kUnchanged) ++reports;
    return Status::Ok();
  }));
  return ForEachLine(DemoFile("inquiries.jsonl"), "inquiries.jsonl", [&](auto line) {
    ASSIGN_OR_RETURN(Inquiry q, io::ParseNewInquiry(line));
    RETURN_IF_ERROR(registry.OpenInquiry(kActor, q).status());
    ++inquiries;
    return Status::Ok();
  });
}

int Load(const ParsedFlags& flags) {
  auto store = OpenDb(flags);
  if (!store.ok()) return Failure("demo", store.status().ToString());
  {
    auto tx = (*store)->Begin(TransactionMode::kRead);
    if (!tx.ok()) return Failure("demo", tx.status().ToString());
    auto count = (*tx)->CountPersons();
    if (!count.ok()) return Failure("demo", count.status().ToString());
    if (*count > 0) {
      std::printf("the registry already holds %lld persons; demo data not loaded\n",
                  static_cast<long long>(*count));
      return kExitOk;
    }
  }
  SystemClock clock;
  Registry registry(**store, clock);
  int sources = 0, reports = 0, inquiries = 0;
  Status s = LoadDemo(registry, sources, reports, inquiries);
  if (!s.ok()) return Failure("demo", s.ToString());
  std::printf("demo data loaded into %s: %d sources, %d reports, %d inquiries\n",
              (*store)->Describe().c_str(), sources, reports, inquiries);
  return kExitOk;
}

}  // namespace

int DemoCommand(const Args& args) {
  // generate has flags of its own (--persons, --seed, --data).
  if (!args.empty() && args[0] == "generate") return DemoGenerate(Args(args.begin() + 1, args.end()));
  auto flags = ParseFlags(args, {.with_value = {"db"}});
  if (!flags.ok()) return UsageError("demo", flags.status().message());
  if (flags->Has("help") || flags->positional.empty()) {
    std::printf(
        "usage: aftermath demo load [--db URL]\n"
        "       aftermath demo generate --persons N [--seed S] [--data DIR]\n\n"
        "  load   fills an empty registry with the built-in demo data set (does nothing when\n"
        "         the registry already holds persons)\n"
        "  generate  writes a realistic population as JSON Lines to stdout, from the name\n"
        "         frequency lists in ../shared/data/population (see --help of generate)\n"
        "  --db URL   the registry (default %s)\n",
        kDefaultDb);
    return flags->Has("help") ? kExitOk : kExitUsage;
  }
  if (flags->positional[0] == "load" && flags->positional.size() == 1) return Load(*flags);
  return UsageError("demo", fmt::format("unknown subcommand '{}'", flags->positional[0]));
}

}  // namespace aftermath::cli

// `aftermath import`: loads a file of reports from one source (CSV/TSV, PFIF 1.4 or JSON Lines),
// in committed batches, so a crash loses at most the batch in flight and a re-run changes
// nothing already imported (rows are keyed by the source's own record id).
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>

#include "cli/commands.h"
#include "cli/engine_setup.h"
#include "cli/flags.h"
#include "cli/open_db.h"
#include "io/export/record_writer.h"
#include "io/import/formats.h"
#include "registry/matcher.h"
#include "registry/registry.h"

namespace aftermath::cli {
namespace {

constexpr const char* kUsage =
    "usage: aftermath import --db URL --source NAME [--source-kind KIND]\n"
    "                        [--format csv|pfif|jsonl] [--map FILE] [--encoding ENC]\n"
    "                        [--delimiter ';'|','|tab] [--dry-run] [--all-or-nothing]\n"
    "                        [--population DIR | --no-population] FILE\n\n"
    "Imports the reports of one source. The format follows the file's extension (.csv .tsv\n"
    ".txt, .xml .pfif, .jsonl .ndjson) unless --format is given.\n"
    "  csv    a list with a header row; UTF-8 (with or without BOM), Windows-1251 or KOI8-R,\n"
    "         ',' ';' or tab, detected. Headers are recognised in Kazakh, Russian and English\n"
    "         (Фамилия/Тегі/Surname, Имя/Аты, Отчество, ФИО, Дата рождения/Туған күні, Пол,\n"
    "         Статус, Место, №/ID, Примечание, ...); --map FILE names others, one\n"
    "         'header = column' a line. A row without an id gets a stable one derived from\n"
    "         its text and line number.\n"
    "  pfif   a PFIF 1.1-1.4 document (or an Atom feed of one): persons and their notes,\n"
    "         copied with their own record ids; records of this registry's own\n"
    "         --pfif-domain (default aftermath.local) coming back are left as they are.\n"
    "  jsonl  one object a line, e.g.\n"
    "         {\"external_id\": \"H4-17\", \"full_name\": \"Серіков Ерлан\", \"sex\": \"m\",\n"
    "          \"birth_date\": \"1994-03-12\", \"status\": \"hospitalised\", \"facility\": \"...\"}\n"
    "         (all but full_name optional), or the output of `aftermath export --format jsonl`,\n"
    "         whose lines name their sources (then --source may be left out).\n"
    "The source is created with --source-kind (default other) when it does not exist. Rows are\n"
    "committed in batches of 10,000; a row with the same record id as an earlier one updates it,\n"
    "or changes nothing when it says the same, so re-running an interrupted import completes it.\n"
    "Each batch is compared with the open inquiries as it is committed (proposals go to the\n"
    "review queue); a running server then looks for duplicates among persons in the background.\n"
    "--population names the frequency lists the name engine weighs names with (see `aftermath\n"
    "names --help`).\n"
    "Rejected rows are listed on stderr with their line, column and reason; the others are\n"
    "imported, unless --all-or-nothing (then nothing is written when any row is bad).\n"
    "--dry-run reports what would be created, updated and rejected without writing.\n"
    "FILE may be - for standard input (not with --all-or-nothing). Exit status 1 when any row\n"
    "was rejected.\n";

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

// A progress line for a terminal: bytes read give the fraction and the ETA when the size is
// known.
class ProgressBar {
 public:
  ProgressBar(bool tty, uint64_t size) : tty_(tty), size_(size) {}

  void Update(const ImportCounts& c, uint64_t bytes) {
    if (!tty_) return;
    auto now = std::chrono::steady_clock::now();
    if (now - last_ < std::chrono::milliseconds(200)) return;
    last_ = now;
    double seconds = std::chrono::duration<double>(now - start_).count();
    double rate = seconds > 0 ? c.total() / seconds : 0;
    std::string bar;
    if (size_ > 0 && bytes > 0) {
      double f = std::min(1.0, static_cast<double>(bytes) / static_cast<double>(size_));
      int filled = static_cast<int>(f * 24);
      double eta = f > 0 ? seconds * (1 - f) / f : 0;
      bar = fmt::format("[{}{}] {:3.0f}%  ETA {}:{:02}  ", std::string(filled, '#'),
                        std::string(24 - filled, ' '), f * 100, static_cast<int>(eta) / 60,
                        static_cast<int>(eta) % 60);
    }
    std::fprintf(stderr, "\r\033[K%s%zu rows  %.0f rows/s  rejected %zu", bar.c_str(),
                 c.total(), rate, c.rejected);
    std::fflush(stderr);
    shown_ = true;
  }
  // Clears the progress line before other output.
  const char* Clear() {
    if (!shown_) return "";
    shown_ = false;
    return "\r\033[K";
  }
  double Seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }

 private:
  bool tty_;
  uint64_t size_;
  bool shown_ = false;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_{};
};

}  // namespace

int ImportCommand(const Args& args) {
  auto flags = ParseFlags(args, {.with_value = {"db", "source", "source-kind", "format", "map",
                                                "encoding", "delimiter", kPopulationFlag,
                                                "pfif-domain"},
                                 .boolean = {"dry-run", "all-or-nothing", kNoPopulationFlag}});
  if (!flags.ok()) return UsageError("import", flags.status().message());
  if (flags->Has("help")) {
    std::printf("%s", kUsage);
    return kExitOk;
  }
  if (flags->positional.size() != 1) return UsageError("import", "name one FILE");
  const std::string& path = flags->positional[0];
  std::optional<io::Format> format;
  if (flags->Has("format")) {
    format = io::ParseFormat(flags->Get("format"));
    if (!format) return UsageError("import", "--format must be csv, pfif or jsonl");
  } else {
    format = io::FormatFromPath(path);
    if (!format) {
      return UsageError("import", "cannot tell the format from the file name; give --format");
    }
  }
  if (!flags->Has("source") && format != io::Format::kJsonl) {
    return UsageError("import", "--source NAME is required");
  }
  bool dry_run = flags->Has("dry-run");
  bool all_or_nothing = flags->Has("all-or-nothing");
  if (path == "-" && all_or_nothing) {
    return UsageError("import", "--all-or-nothing reads the file twice: name a file, not -");
  }

  io::ReaderOptions reader_options;
  if (flags->Has("encoding")) {
    reader_options.csv.encoding = io::ParseEncoding(flags->Get("encoding"));
    if (!reader_options.csv.encoding) {
      return UsageError("import", "--encoding must be utf-8, cp1251 or koi8-r");
    }
  }
  if (flags->Has("delimiter")) {
    std::string d = flags->Get("delimiter");
    if (d == "tab" || d == "\\t") d = "\t";
    if (d != "," && d != ";" && d != "\t") {
      return UsageError("import", "--delimiter must be ',', ';' or tab");
    }
    reader_options.csv.delimiter = d[0];
  }
  if (flags->Has("map")) {
    std::ifstream map_file(flags->Get("map"));
    if (!map_file) return Failure("import", fmt::format("cannot read '{}'", flags->Get("map")));
    auto map = io::ParseColumnMap(map_file);
    if (!map.ok()) return Failure("import", map.status().message());
    reader_options.column_map = std::move(*map);
  }

  std::ifstream file;
  uint64_t size = 0;
  if (path != "-") {
    file.open(path, std::ios::binary);
    if (!file) return Failure("import", fmt::format("cannot read '{}'", path));
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode)) size = st.st_size;
  }
  bool opened = false;
  ReaderFactory open = [&]() -> Result<std::unique_ptr<RecordReader>> {
    std::istream* in = &std::cin;
    if (path != "-") {
      if (opened) {
        file.clear();
        file.seekg(0);
      }
      in = &file;
    }
    opened = true;
    return io::OpenReader(*format, *in, reader_options);
  };

  // A file that cannot be read at all (no header, not XML) fails before any source is created.
  if (path != "-") {
    auto probe = open();
    ParsedRow first;
    Status s = probe.ok() ? (*probe)->Next(first).status() : probe.status();
    if (!s.ok()) return Failure("import", s.ToString());
  }

  auto store = OpenDb(*flags);
  if (!store.ok()) return Failure("import", store.status().ToString());
  SystemClock clock;
  // The list is compared with the open inquiries as it is written; the servers' catch-up
  // looks for duplicates among persons afterwards.
  auto engine = MakeNameEngine(*flags);
  if (!engine.ok()) return Failure("import", engine.status().ToString());
  index::IndexHandle no_persons, inquiry_index;
  Matcher matcher(**store, clock, no_persons, inquiry_index);
  if (!dry_run) {
    if (Status s = matcher.RebuildInquiryIndex(*engine); !s.ok()) {
      return Failure("import", s.ToString());
    }
  }
  Registry registry(**store, clock, nullptr, &matcher);
  std::string source_id;
  if (flags->Has("source")) {
    auto id = EnsureSource(registry, flags->Get("source"), flags->Get("source-kind", "other"),
                           dry_run);
    if (!id.ok()) return Failure("import", id.status().ToString());
    source_id = id->empty() ? "src_new" : *id;  // dry run of a source not yet created
  }

  ProgressBar progress(isatty(STDERR_FILENO), size);
  ImportOptions options{
      .actor = "cli:import",
      .source_id = source_id,
      .pfif_domain = flags->Get("pfif-domain", io::kDefaultPfifDomain),
      .mode = dry_run ? WriteMode::kDryRun : WriteMode::kWrite,
      .bad_rows = all_or_nothing ? BadRows::kAbortAll : BadRows::kSkip,
      .on_reject =
          [&](const Rejection& r) {
            std::fprintf(stderr, "%sline %zu%s%s: %s\n", progress.Clear(), r.line,
                         r.column.empty() ? "" : ", ", r.column.c_str(), r.reason.c_str());
          },
      .on_progress = [&](const ImportCounts& c, uint64_t bytes) { progress.Update(c, bytes); },
  };
  auto summary = registry.Import(open, options);
  std::fprintf(stderr, "%s", progress.Clear());
  if (!summary.ok()) return Failure("import", summary.status().ToString());
  for (const auto& note : summary->notes) std::fprintf(stderr, "%s\n", note.c_str());
  const auto& c = summary->counts;
  double seconds = progress.Seconds();
  std::fprintf(stderr,
               "%zu rows in %.1f s (%.0f rows/s): created %zu, updated %zu, unchanged %zu, "
               "rejected %zu\n",
               c.total(), seconds, seconds > 0 ? c.total() / seconds : 0.0, c.created, c.updated,
               c.unchanged, c.rejected);
  if (dry_run) {
    std::fprintf(stderr, "dry run: nothing was written\n");
  } else if (!summary->written) {
    std::fprintf(stderr, "--all-or-nothing: %zu rows were rejected, nothing was written\n",
                 c.rejected);
  }
  return c.rejected ? kExitFailure : kExitOk;
}

}  // namespace aftermath::cli

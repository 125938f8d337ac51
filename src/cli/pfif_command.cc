// `aftermath pfif sync`: follows another registry's PFIF feeds (another aftermath's
// /api/v1/pfif/persons and /notes, or Person Finder's /feeds/person and /feeds/note) into one
// source of this registry, incrementally: it remembers the last entry_date it read of each
// feed (and how many entries of that date), and asks only for what came after. Persons are
// read before notes, so a note finds the person it is about.
#include <curl/curl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <streambuf>

#include "cli/commands.h"
#include "cli/engine_setup.h"
#include "cli/flags.h"
#include "cli/open_db.h"
#include "io/export/record_writer.h"
#include "io/import/formats.h"
#include "io/pfif/pfif_feed.h"
#include "io/pfif/pfif_reader.h"
#include "registry/matcher.h"
#include "registry/registry.h"

namespace aftermath::cli {
namespace {

constexpr const char* kUsage =
    "usage: aftermath pfif sync --from URL --source NAME [--source-kind KIND]\n"
    "                           [--token-file FILE] [--state FILE] [--max-results N]\n"
    "                           [--person-finder] [--db URL] [--pfif-domain DOMAIN]\n\n"
    "Follows another registry's PFIF feeds into the source NAME (created with --source-kind,\n"
    "default other, when it does not exist): persons first, then notes, each feed from where\n"
    "the last run stopped. URL is the other aftermath server (http://host:port; its feeds are\n"
    "/api/v1/pfif/persons and /notes) or, with --person-finder, a Person Finder repository\n"
    "(its /feeds/person and /feeds/note). The bearer token (the other registry's token for\n"
    "the source it lets you read; Person Finder's API key) is read from --token-file, or from\n"
    "$AFTERMATH_PFIF_TOKEN. Where each feed stopped (its last entry_date and how many entries\n"
    "of that date were read) is kept in --state FILE (default\n"
    "var/pfif-sync-<source>.json), written after each page, so an interrupted run resumes;\n"
    "a page read twice changes nothing. Records are copied as PFIF copies them (their ids\n"
    "kept; this registry's own records coming back are left as they are; expired records\n"
    "delete what they name), as `aftermath import --format pfif` does. Run it from a timer\n"
    "(deploy/systemd/aftermath-pfif-sync@.timer).\n"
    "Exit status: 0 when both feeds were read to their end, 1 on any failure.\n";

constexpr long kTimeoutSeconds = 120;

// Reads the request body in place.
class StringBuf : public std::streambuf {
 public:
  explicit StringBuf(std::string& s) { setg(s.data(), s.data(), s.data() + s.size()); }
};

size_t Collect(char* data, size_t size, size_t count, void* to) {
  auto* out = static_cast<std::string*>(to);
  if (out->size() > io::kMaxPfifBytes) return 0;  // refused: ends the transfer
  out->append(data, size * count);
  return size * count;
}

// GET `url`; the body of a 200, else the failure naming the status.
Result<std::string> Fetch(const std::string& url, const std::string& token, bool bearer) {
  CURL* curl = curl_easy_init();
  if (!curl) return Internal("libcurl could not start");
  std::string body;
  curl_slist* headers = nullptr;
  if (bearer && !token.empty()) {
    headers = curl_slist_append(headers, ("Authorization: Bearer " + token).c_str());
  }
  headers = curl_slist_append(headers, "Accept: application/atom+xml, application/xml");
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, Collect);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, kTimeoutSeconds);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  CURLcode code = curl_easy_perform(curl);
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  if (code != CURLE_OK) {
    return Unavailable(fmt::format("{}: {}", url.substr(0, 200), curl_easy_strerror(code)));
  }
  if (status != 200) {
    return Unavailable(
        fmt::format("{}: HTTP {}: {}", url.substr(0, 200), status, body.substr(0, 200)));
  }
  return body;
}

std::string Escape(const std::string& s) {
  char* e = curl_easy_escape(nullptr, s.c_str(), static_cast<int>(s.size()));
  std::string out = e ? e : "";
  curl_free(e);
  return out;
}

// Where one feed stopped.
struct Cursor {
  std::string min_entry_date;
  size_t skip = 0;
};

struct State {
  std::string from;
  Cursor persons, notes;
};

Result<State> LoadState(const std::string& path) {
  State state;
  std::ifstream in(path);
  if (!in) return state;  // the first run
  std::stringstream text;
  text << in.rdbuf();
  boost::system::error_code ec;
  auto v = boost::json::parse(text.str(), ec);
  if (ec || !v.is_object()) return DataLoss(fmt::format("{}: not a sync state", path));
  auto& o = v.as_object();
  auto str = [](const boost::json::value* x) {
    return x && x->is_string() ? std::string(x->as_string()) : std::string();
  };
  state.from = str(o.if_contains("from"));
  for (auto [name, cursor] : {std::pair{"persons", &state.persons}, {"notes", &state.notes}}) {
    if (const auto* c = o.if_contains(name); c && c->is_object()) {
      cursor->min_entry_date = str(c->as_object().if_contains("min_entry_date"));
      if (const auto* s = c->as_object().if_contains("skip"); s && s->is_int64()) {
        cursor->skip = static_cast<size_t>(std::max<int64_t>(s->as_int64(), 0));
      }
    }
  }
  return state;
}

// Written whole to a new file, then renamed over the old: a crash leaves one or the other.
Status SaveState(const std::string& path, const State& state) {
  boost::json::object o{{"from", state.from}};
  for (auto [name, cursor] : {std::pair{"persons", &state.persons}, {"notes", &state.notes}}) {
    o[name] =
        boost::json::object{{"min_entry_date", cursor->min_entry_date}, {"skip", cursor->skip}};
  }
  std::filesystem::path p(path);
  if (p.has_parent_path()) {
    std::error_code ec;
    std::filesystem::create_directories(p.parent_path(), ec);
  }
  std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << boost::json::serialize(o) << "\n";
    out.flush();
    if (!out) return Unavailable(fmt::format("cannot write {}", tmp));
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) return Unavailable(fmt::format("cannot write {}: {}", path, ec.message()));
  return Status::Ok();
}

std::string Slug(const std::string& name) {
  std::string out;
  for (unsigned char c : name) {
    out += std::isalnum(c) ? static_cast<char>(std::tolower(c)) : '-';
  }
  return out.substr(0, 60);
}

Result<std::string> EnsureSource(Registry& registry, const std::string& name,
                                 const std::string& kind_text) {
  ASSIGN_OR_RETURN(auto sources, registry.ListSources());
  for (const auto& s : sources) {
    if (s.name == name) return s.id;
  }
  auto kind = ParseSourceKind(kind_text);
  if (!kind) {
    return InvalidArgument(fmt::format("'{}' is not one of: {}", kind_text, SourceKindNames()),
                           "source-kind");
  }
  ASSIGN_OR_RETURN(Source s, registry.CreateSource("cli:pfif-sync", {.name = name, .kind = *kind}));
  std::fprintf(stderr, "created source '%s' (%s)\n", name.c_str(), ToString(*kind).data());
  return s.id;
}

struct Totals {
  ImportCounts counts;
  size_t pages = 0, entries = 0;
};

int Sync(const ParsedFlags& flags) {
  std::string from = flags.Get("from");
  while (!from.empty() && from.back() == '/') from.pop_back();
  if (!from.starts_with("http://") && !from.starts_with("https://")) {
    return UsageError("pfif", "--from must be an http:// or https:// URL");
  }
  if (!flags.Has("source")) return UsageError("pfif", "--source NAME is required");
  std::string source_name = flags.Get("source");
  size_t max_results = 200;
  if (flags.Has("max-results")) {
    int n = std::atoi(flags.Get("max-results").c_str());
    if (n < 1 || n > 200) return UsageError("pfif", "--max-results must be 1..200");
    max_results = static_cast<size_t>(n);
  }
  std::string token;
  if (flags.Has("token-file")) {
    std::ifstream in(flags.Get("token-file"));
    if (!in) return Failure("pfif", fmt::format("cannot read '{}'", flags.Get("token-file")));
    std::getline(in, token);
  } else if (const char* env = std::getenv("AFTERMATH_PFIF_TOKEN")) {
    token = env;
  }
  while (!token.empty() && std::isspace(static_cast<unsigned char>(token.back()))) token.pop_back();
  bool person_finder = flags.Has("person-finder");
  std::string state_path = flags.Get("state", "var/pfif-sync-" + Slug(source_name) + ".json");
  auto state = LoadState(state_path);
  if (!state.ok()) return Failure("pfif", state.status().ToString());
  if (!state->from.empty() && state->from != from) {
    return Failure("pfif", fmt::format("{} follows {}, not {}: name another --state", state_path,
                                       state->from, from));
  }
  state->from = from;

  auto store = OpenDb(flags);
  if (!store.ok()) return Failure("pfif", store.status().ToString());
  SystemClock clock;
  auto engine = MakeNameEngine(flags);
  if (!engine.ok()) return Failure("pfif", engine.status().ToString());
  index::IndexHandle no_persons, inquiry_index;
  Matcher matcher(**store, clock, no_persons, inquiry_index);
  if (Status s = matcher.RebuildInquiryIndex(*engine); !s.ok()) {
    return Failure("pfif", s.ToString());
  }
  Registry registry(**store, clock, nullptr, &matcher);
  auto source_id = EnsureSource(registry, source_name, flags.Get("source-kind", "other"));
  if (!source_id.ok()) return Failure("pfif", source_id.status().ToString());

  curl_global_init(CURL_GLOBAL_DEFAULT);
  struct Feed {
    const char* name;
    std::string path;
    Cursor* cursor;
  };
  Feed feeds[] = {
      {"persons", person_finder ? "/feeds/person" : "/api/v1/pfif/persons", &state->persons},
      {"notes", person_finder ? "/feeds/note" : "/api/v1/pfif/notes", &state->notes}};
  int exit = kExitOk;
  for (auto& feed : feeds) {
    Totals totals;
    Cursor& cursor = *feed.cursor;
    while (true) {
      std::string url = fmt::format("{}{}?max_results={}", from, feed.path, max_results);
      if (!cursor.min_entry_date.empty()) {
        url +=
            fmt::format("&min_entry_date={}&skip={}", Escape(cursor.min_entry_date), cursor.skip);
      }
      if (person_finder && !token.empty()) url += "&key=" + Escape(token);
      auto body = Fetch(url, token, !person_finder);
      if (!body.ok()) {
        std::fprintf(stderr, "aftermath pfif: %s\n", body.status().ToString().c_str());
        exit = kExitFailure;
        break;
      }
      auto page = io::ReadPfifFeedPage(*body);
      if (!page.ok()) {
        std::fprintf(stderr, "aftermath pfif: %s feed: %s\n", feed.name,
                     page.status().ToString().c_str());
        exit = kExitFailure;
        break;
      }
      if (page->entries > 0) {
        std::unique_ptr<StringBuf> buf;
        std::unique_ptr<std::istream> in;
        ReaderFactory open = [&]() -> Result<std::unique_ptr<RecordReader>> {
          buf = std::make_unique<StringBuf>(*body);
          in = std::make_unique<std::istream>(buf.get());
          return io::OpenReader(io::Format::kPfif, *in, {});
        };
        ImportOptions options{
            .actor = "cli:pfif-sync",
            .source_id = *source_id,
            .pfif_domain = flags.Get("pfif-domain", io::kDefaultPfifDomain),
            .on_reject =
                [&](const Rejection& r) {
                  std::fprintf(stderr, "%s feed, entry at line %zu%s%s: %s\n", feed.name, r.line,
                               r.column.empty() ? "" : ", ", r.column.c_str(), r.reason.c_str());
                },
        };
        auto summary = registry.Import(open, options);
        if (!summary.ok()) {
          std::fprintf(stderr, "aftermath pfif: %s feed: %s\n", feed.name,
                       summary.status().ToString().c_str());
          exit = kExitFailure;
          break;
        }
        totals.counts.created += summary->counts.created;
        totals.counts.updated += summary->counts.updated;
        totals.counts.unchanged += summary->counts.unchanged;
        totals.counts.rejected += summary->counts.rejected;
        // The next page starts after what this one held (pfif_feed.h).
        if (page->last_entry_date == cursor.min_entry_date) {
          cursor.skip += page->at_last_date;
        } else {
          cursor.min_entry_date = page->last_entry_date;
          cursor.skip = page->at_last_date;
        }
        if (Status s = SaveState(state_path, *state); !s.ok()) {
          std::fprintf(stderr, "aftermath pfif: %s\n", s.ToString().c_str());
          exit = kExitFailure;
          break;
        }
      }
      ++totals.pages;
      totals.entries += page->entries;
      if (page->entries < max_results) break;
    }
    const auto& c = totals.counts;
    std::fprintf(stderr,
                 "%s: %zu entries in %zu pages: created %zu, updated %zu, unchanged %zu, "
                 "rejected %zu\n",
                 feed.name, totals.entries, totals.pages, c.created, c.updated, c.unchanged,
                 c.rejected);
    if (exit != kExitOk) break;  // notes wait for their persons
  }
  registry.FinishMatching();
  curl_global_cleanup();
  return exit;
}

}  // namespace

int PfifCommand(const Args& args) {
  auto flags =
      ParseFlags(args, {.with_value = {"db", "from", "source", "source-kind", "token-file", "state",
                                       "max-results", "pfif-domain", kPopulationFlag},
                        .boolean = {"person-finder", kNoPopulationFlag}});
  if (!flags.ok()) return UsageError("pfif", flags.status().message());
  if (flags->Has("help") || flags->positional.empty()) {
    std::printf("%s", kUsage);
    return flags->Has("help") ? kExitOk : kExitUsage;
  }
  if (flags->positional[0] != "sync" || flags->positional.size() != 1) {
    return UsageError("pfif", "the one subcommand is sync: aftermath pfif sync --from URL ...");
  }
  return Sync(*flags);
}

}  // namespace aftermath::cli

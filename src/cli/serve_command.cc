#include <pthread.h>
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <thread>

#include "access/access_service.h"
#include "access/audit_chain.h"
#include "access/rate_limiter.h"
#include "access/retention.h"
#include "cli/commands.h"
#include "cli/engine_setup.h"
#include "cli/flags.h"
#include "cli/open_db.h"
#include "cli/serve_delivery.h"
#include "cli/serve_metrics.h"
#include "common/logging.h"
#include "http/routes.h"
#include "http/server.h"
#include "recovery/direct_line_follower.h"
#include "recovery/recovery.h"
#include "registry/change_follower.h"
#include "registry/index_loader.h"
#include "registry/matcher.h"
#include "registry/registry.h"

namespace aftermath::cli {
namespace {

constexpr int kBackgroundNice = 10;  // about a tenth of a request thread's share under load

Result<std::pair<std::string, unsigned short>> ParseListen(const std::string& listen) {
  auto colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) {
    return InvalidArgument("'" + listen + "' is not HOST:PORT", "listen");
  }
  std::string host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  unsigned port = 0;
  std::string_view p(listen.data() + colon + 1, listen.size() - colon - 1);
  auto [end, ec] = std::from_chars(p.data(), p.data() + p.size(), port);
  if (ec != std::errc() || end != p.data() + p.size() || port > 65535) {
    return InvalidArgument("'" + listen + "' is not HOST:PORT", "listen");
  }
  return std::make_pair(host, static_cast<unsigned short>(port));
}

// Background matching yields the cores to requests: an operator's search must not wait behind
// the catch-up of a million-row list. Linux keeps a nice value per thread, and the threads the
// catch-up starts inherit it; the thread is named so that operators (and a test) can see it.
void RunInBackground(const char* name) {
  pthread_setname_np(pthread_self(), name);
  if (setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), kBackgroundNice) != 0) {
    spdlog::warn("{}: could not lower its priority (errno {})", name, errno);
  }
}

// Puts the audit chain's head, signed with the audit key, into the log: a copy outside the
// database that `audit verify --anchors LOG` checks later. Nothing without a key.
void LogAuditAnchor(Store& store) {
  if (!store.AuditMac()) return;
  auto line = access::MakeAuditAnchor(store, SystemClock().Now());
  if (line.ok()) {
    spdlog::info("audit anchor: {}", *line);
  } else {
    spdlog::warn("audit anchor not written: {}", line.status().ToString());
  }
}

constexpr auto kAuditAnchorInterval = std::chrono::minutes(15);

// Runs `task` at `first` and then every `interval` until `stopping`, looking 5 times a second.
void RepeatUntilStopped(const std::atomic<bool>& stopping,
                        std::chrono::steady_clock::time_point first,
                        std::chrono::steady_clock::duration interval,
                        const std::function<void()>& task) {
  auto next = first;
  while (!stopping) {
    if (std::chrono::steady_clock::now() >= next) {
      task();
      next += interval;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
}

}  // namespace

int ServeCommand(const Args& args) {
  FlagSpec spec{.with_value = {"db", "listen", "web", "threads", "read-timeout", "idle-timeout",
                               "max-body-bytes", "line-phone", "log-format", "log-level",
                               "metrics-allow", "trusted-proxies", "lookup-proof-bits",
                               "purge-every", "retention-days", kPopulationFlag, "files",
                               "pfif-domain", "holidays"},
                .boolean = {"secure-cookies", kNoPopulationFlag}};
  spec.with_value.insert(DeliveryFlags().begin(), DeliveryFlags().end());
  spec.with_value.insert("figures-small-cell");
  auto flags = ParseFlags(args, spec);
  if (!flags.ok()) return UsageError("serve", flags.status().message());
  if (flags->Has("help")) {
    std::printf(
        "usage: aftermath serve [--db URL] [--listen HOST:PORT] [--web DIR] [--threads N]\n\n"
        "Runs the HTTP API and the web console until SIGTERM or SIGINT, then finishes the\n"
        "requests in flight and closes the database cleanly.\n"
        "  --db URL            the registry (default %s)\n"
        "  --listen HOST:PORT  address to listen on (default 127.0.0.1:8080; port 0 picks one)\n"
        "  --web DIR           static UI directory (default web)\n"
        "  --threads N         worker threads (default 4)\n"
        "  --read-timeout S    seconds a client has to send a whole request (default 10)\n"
        "  --idle-timeout S    seconds an idle keep-alive connection is kept (default 30)\n"
        "  --max-body-bytes N  largest accepted request body (default 1048576)\n"
        "  --secure-cookies    mark session cookies Secure (when a TLS proxy is in front)\n"
        "  --line-phone NUMBER the direct line's number, shown on the public page\n"
        "  --population DIR | --no-population   name frequencies (aftermath names --help)\n"
        "  --log-format F      text (default) or json (JSON Lines, one object a record)\n"
        "  --log-level L       trace, debug, info (default), warn, error, critical or off\n"
        "  --metrics-allow NETS  clients /metrics answers (default 127.0.0.0/8,::1)\n"
        "  --trusted-proxies NETS  proxies whose X-Real-IP names the client, for rate limits\n"
        "                      and sign-in throttling (default none: the peer is the client)\n"
        "  --audit-key FILE    MAC every audit row with the key in FILE (created 0600 when\n"
        "                      missing) and log a signed anchor at start, stop and every 15 min\n"
        "  --lookup-proof-bits N  proof of work for each public lookup, in leading zero bits\n"
        "                      of a SHA-256 (default 15: about 0.1 s in a desktop browser;\n"
        "                      0: none); see docs/api.md\n"
        "  --purge-every H     purge personal data past --retention-days (default 90) at\n"
        "                      start and every H hours (default 0: never; an SQLite file has\n"
        "                      one writer, so there the server purges, not the timer)\n"
        "  --files DIR         where the recovery register keeps photos and documents\n"
        "                      (default var/files)\n"
        "  --holidays DATES    days off besides Kazakhstan's fixed public holidays, for the\n"
        "                      register's 5-working-day deadline: YYYY-MM-DD dates separated\n"
        "                      by commas (Kurban ait, days a decree moves)\n"
        "  --pfif-domain D     the domain of PFIF record ids of records created here (feeds,\n"
        "                      POST /api/v1/pfif; default aftermath.local)\n"
        "  --figures-small-cell N  the public register figures suppress a district's and\n"
        "                      type's cell of fewer than N claims (default 3)\n"
        "%s"
        "  --config FILE       settings as 'key = value' lines (keys: the flags above)\n\n"
        "Each option may also be set as AFTERMATH_<OPTION> in the environment (AFTERMATH_DB,\n"
        "AFTERMATH_LISTEN, ...) or in the config file (--config or AFTERMATH_CONFIG). The\n"
        "command line wins over the environment, which wins over the file.\n",
        kDefaultDb, DeliveryHelp());
    return kExitOk;
  }
  if (!flags->positional.empty()) return UsageError("serve", "takes no arguments");
  auto listen = ParseListen(flags->Get("listen", "127.0.0.1:8080"));
  if (!listen.ok()) return UsageError("serve", listen.status().message());
  int threads = 4;
  if (flags->Has("threads")) {
    threads = std::atoi(flags->Get("threads").c_str());
    if (threads < 1 || threads > 64) return UsageError("serve", "--threads must be 1..64");
  }
  auto positive = [&](const char* name, long fallback, long max) -> long {
    if (!flags->Has(name)) return fallback;
    long v = std::atol(flags->Get(name).c_str());
    return v >= 1 && v <= max ? v : -1;
  };
  long read_timeout = positive("read-timeout", 10, 3600);
  long purge_every_hours = flags->Has("purge-every") && flags->Get("purge-every") != "0"
                               ? positive("purge-every", 24, 24 * 366)
                               : 0;
  long retention_days = positive("retention-days", 90, 36500);
  if (purge_every_hours < 0 || retention_days < 0) {
    return UsageError("serve", "--purge-every must be 0..8784 hours, --retention-days 1..36500");
  }
  long idle_timeout = positive("idle-timeout", 30, 3600);
  long figures_small_cell = positive("figures-small-cell", recovery::kDefaultSmallCell, 1000);
  if (figures_small_cell < 0) return UsageError("serve", "--figures-small-cell must be 1..1000");
  long max_body = positive("max-body-bytes", 1 << 20, 1L << 30);
  if (read_timeout < 0 || idle_timeout < 0 || max_body < 0) {
    return UsageError("serve", "timeouts and sizes must be positive whole numbers");
  }
  auto log_options = ParseLogOptions(flags->Get("log-format"), flags->Get("log-level"));
  if (!log_options.ok()) return UsageError("serve", log_options.status().message());
  auto metrics_allow = http::AddressList::Parse(flags->Get("metrics-allow", "127.0.0.0/8,::1"));
  if (!metrics_allow.ok()) {
    return UsageError("serve", "--metrics-allow: " + metrics_allow.status().message());
  }
  auto trusted_proxies = http::AddressList::Parse(flags->Get("trusted-proxies"));
  if (!trusted_proxies.ok()) {
    return UsageError("serve", "--trusted-proxies: " + trusted_proxies.status().message());
  }
  long lookup_proof_bits = 15;
  if (flags->Has("lookup-proof-bits")) {
    const std::string text = flags->Get("lookup-proof-bits");
    bool digits = !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
    lookup_proof_bits = digits && text.size() <= 2 ? std::atol(text.c_str()) : -1;
    if (lookup_proof_bits < 0 || lookup_proof_bits > 32) {
      return UsageError("serve", "--lookup-proof-bits must be 0..32");
    }
  }
  recovery::WorkingCalendar calendar = recovery::WorkingCalendar::Kazakhstan();
  if (auto days_off = recovery::ParseDaysOff(flags->Get("holidays"), "holidays"); days_off.ok()) {
    calendar.AddDaysOff(*days_off);
  } else {
    return UsageError("serve", "--holidays: " + days_off.status().message());
  }
  InitLogging(*log_options);

  // Block the stop signals before any thread starts so only sigwait below receives them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  signal(SIGPIPE, SIG_IGN);
  // A connection is a descriptor: take all the hard limit allows (a shell's soft limit is
  // often 1024, the hard one far higher; the systemd unit sets both).
  if (rlimit files{}; getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max) {
    files.rlim_cur = files.rlim_max;
    setrlimit(RLIMIT_NOFILE, &files);
  }

  SystemClock clock;
  TimeOrderedIdGenerator ids(clock);  // one for the process: its ids follow creation order
  auto store = OpenDb(*flags, {.clock = &clock});
  if (!store.ok()) return Failure("serve", store.status().ToString());
  auto engine = MakeNameEngine(*flags);
  if (!engine.ok()) return Failure("serve", engine.status().ToString());
  engine->PrepareOtherScripts();  // no query pays for loading the Chinese tables
  // The index is built before the port opens, so a search never misses a stored person; what
  // other processes commit meanwhile comes through the change feed from this position on.
  auto feed_position = ChangeFollower::FeedPosition(**store);
  if (!feed_position.ok()) return Failure("serve", feed_position.status().ToString());
  auto started = std::chrono::steady_clock::now();
  auto built = BuildIndex(**store, *engine, std::max(2, threads / 2), [](size_t done) {
    if (done % 100000 == 0) spdlog::info("indexing: {} persons", done);
  });
  if (!built.ok()) return Failure("serve", built.status().ToString());
  auto stats = (*built)->Stats();
  spdlog::info("index ready persons={} spellings={} seconds={:.1f}", stats.persons,
               stats.spellings,
               std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  index::IndexHandle index_handle;
  index_handle.Set(*built);
  index::IndexHandle inquiry_index;
  ServeMetrics serve_metrics(**store, index_handle, inquiry_index);
  Matcher matcher(**store, clock, index_handle, inquiry_index,
                  {.on_proposed = serve_metrics.ProposedHook(), .ids = &ids});
  if (Status s = matcher.RebuildInquiryIndex(*engine); !s.ok()) {
    return Failure("serve", s.ToString());
  }
  Registry registry(**store, clock, &index_handle, &matcher, &ids);
  // The outbox's delivery (off unless an SMS gateway or SMTP server is configured).
  auto delivery = MakeServeDelivery(*flags, registry, serve_metrics.DeliveryHooks());
  if (!delivery.ok()) return UsageError("serve", delivery.status().message());
  // Matching resumes where it stopped: reports imported from files, or left unmatched by a
  // crash, are matched in the background.
  std::atomic<bool> stopping = false;
  ChangeFollower follower(**store, registry, &matcher, *feed_position);
  std::thread follow([&] { follower.Run(stopping); });
  // The damage & support register: its files beside the database; the family and injury cases
  // the direct line's reports call for, opened by a follower of the change feed of its own.
  recovery::FileStore recovery_files(flags->Get("files", "var/files"));
  recovery::Recovery damage_register(**store, clock, *engine, &ids, &recovery_files, calendar);
  // Applications online on the public page: the code by SMS through the outbox.
  recovery::OnlineApplications online_applications(**store, clock, damage_register, &ids);
  recovery::DirectLineFollower direct_line(
      **store, damage_register, *feed_position,
      {.on_error = [](const Status& s) { spdlog::warn("recovery: {}", s.ToString()); }});
  std::thread recovery_follow([&] { direct_line.Run(stopping); });
  std::thread anchors([&] {
    RepeatUntilStopped(stopping, std::chrono::steady_clock::now() + kAuditAnchorInterval,
                       kAuditAnchorInterval, [&] { LogAuditAnchor(**store); });
  });
  // Retention inside the server: while it runs it is the SQLite file's one writer, so the
  // timer's `aftermath purge` would be refused. Through a store of its own, whose changes the
  // follower applies like another writer's: purged persons and inquiries leave the indexes.
  std::thread purger([&] {
    if (purge_every_hours == 0) return;
    RepeatUntilStopped(stopping, std::chrono::steady_clock::now(),
                       std::chrono::hours(purge_every_hours), [&] {
      auto purge_store = OpenDb(*flags, {.clock = &clock});
      auto report = purge_store.ok()
                        ? access::PurgeExpired(**purge_store, clock,
                                               std::chrono::hours(24 * retention_days),
                                               "server:purge")
                        : Result<access::PurgeReport>(purge_store.status());
      if (report.ok()) {
        spdlog::info("purge: inquiries={} persons={} retention_days={}", report->inquiries,
                     report->persons, retention_days);
      } else {
        spdlog::warn("purge failed: {}", report.status().ToString());
      }
    });
  });
  // PFIF records whose expiry_date passes are removed within a minute, leaving placeholders.
  std::thread expirer([&] {
    RepeatUntilStopped(stopping, std::chrono::steady_clock::now(), std::chrono::minutes(1), [&] {
      auto expired = registry.ExpirePfifRecords("server:expiry");
      if (!expired.ok()) {
        spdlog::warn("pfif expiry: {}", expired.status().ToString());
      } else if (*expired > 0) {
        spdlog::info("pfif expiry: records={}", *expired);
      }
    });
  });
  std::thread deliverer([&] {
    if ((*delivery)->worker) (*delivery)->worker->Run(stopping);
  });
  std::thread catch_up([&] {
    RunInBackground("catch-up");
    while (!stopping) {
      // Match against indexes holding every other server's changes too. A round of 1,000
      // (a quarter of a second) lets the matcher write while it searches (Matcher::CatchUp).
      (void)follower.PollOnce();
      auto done = matcher.CatchUp(1000);
      if (!done.ok()) spdlog::warn("matching: {}", done.status().ToString());
      if (!done.ok() || *done == 0) {
        for (int i = 0; i < 10 && !stopping; ++i) {
          std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
      }
    }
  });
  std::string web = flags->Get("web", "web");
  if (!std::filesystem::is_directory(web)) web.clear();
  access::AccessService access_service(**store, clock, {.ids = &ids});
  // Public lookups: a person may retry a few times; a scraper may not sweep the registry.
  access::RateLimiter public_limiter({.per_second = 0.2, .burst = 10},
                                     {.per_second = 50, .burst = 200}, clock);
  http::ApiContext ctx{registry, access_service, public_limiter, web,
                       flags->Has("secure-cookies"), flags->Get("line-phone")};
  ctx.metrics = &serve_metrics.registry();
  ctx.metrics_allow = &*metrics_allow;
  access::LookupProofChecker lookup_proof({.bits = static_cast<int>(lookup_proof_bits)}, clock);
  if (lookup_proof_bits > 0) ctx.lookup_proof = &lookup_proof;
  access::IdempotencyKeys idempotency(**store, clock);
  ctx.idempotency = &idempotency;
  ctx.recovery = &damage_register;
  ctx.applications = &online_applications;
  // The public register figures: their own allowance, so they never starve the lookups.
  access::RateLimiter figures_limiter({.per_second = 0.2, .burst = 10},
                                      {.per_second = 5, .burst = 20}, clock);
  ctx.figures_limiter = &figures_limiter;
  ctx.figures_small_cell = static_cast<int>(figures_small_cell);
  if (flags->Has("pfif-domain")) ctx.pfif_domain = flags->Get("pfif-domain");
  ctx.receipt_secret = (*delivery)->receipt_secret;
  ctx.receipt_signature_header = (*delivery)->receipt_header;
  http::Router router = http::MakeRouter(ctx);
  http::ServerOptions options;
  options.host = listen->first;
  options.port = listen->second;
  options.threads = threads;
  options.read_timeout = std::chrono::seconds(read_timeout);
  options.idle_timeout = std::chrono::seconds(idle_timeout);
  options.max_body_bytes = static_cast<size_t>(max_body);
  options.metrics = &serve_metrics.http();
  options.trusted_proxies = &*trusted_proxies;
  http::Server server(options, router);
  Status s = server.Start();
  if (!s.ok()) {
    stopping = true;
    catch_up.join();
    follow.join();
    recovery_follow.join();
    anchors.join();
    purger.join();
    expirer.join();
    deliverer.join();
    return Failure("serve", s.message());
  }
  std::printf("aftermath: serving %s on http://%s:%u/\n", (*store)->Describe().c_str(),
              options.host.c_str(), server.port());
  std::fflush(stdout);
  spdlog::info("server started port={}", server.port());
  LogAuditAnchor(**store);
  if (auto users = access_service.ListUsers(); users.ok() && users->empty()) {
    std::error_code ec;
    auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
    // An SQLite file has one writer: this server (store.h, StoreAccess).
    bool sqlite = (*store)->Describe().starts_with("sqlite:");
    std::printf("no users yet: %screate the first admin with\n  %s user add --db %s "
                "--username admin --role admin\n",
                sqlite ? "stop this server, then " : "", ec ? "aftermath" : self.c_str(),
                (*store)->Describe().c_str());
    std::fflush(stdout);
  }

  int sig = 0;
  sigwait(&stop_signals, &sig);
  spdlog::info("stopping on signal {}: finishing requests in flight", sig);
  server.Stop();
  server.Wait();
  stopping = true;
  catch_up.join();
  follow.join();
  recovery_follow.join();
  anchors.join();
  purger.join();
  expirer.join();
  deliverer.join();
  LogAuditAnchor(**store);
  store->reset();
  spdlog::info("stopped cleanly");
  return kExitOk;
}

}  // namespace aftermath::cli

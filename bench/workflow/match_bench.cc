// How long matching a hospital list takes: 10,000 reports against 100,000 open inquiries
// (issue 5's target: ≤ 5 s). Names are combined from the parts in
// ../shared/data/population/kz_names_fio.csv when present (one in ten reports names a sought
// person), otherwise from a small built-in list.
//
//   build/bench/workflow/match_bench [--inquiries N] [--reports N] [--threads N]
#include <fmt/format.h>
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "common/ids.h"
#include "names/engine.h"
#include "registry/index_loader.h"
#include "registry/matcher.h"
#include "registry/registry.h"

namespace aftermath {
namespace {

// CPU seconds of the process so far (user, system): on a machine shared with builds the wall
// time of a phase says little, its CPU time more.
std::pair<double, double> CpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  auto secs = [](const timeval& t) { return double(t.tv_sec) + double(t.tv_usec) / 1e6; };
  return {secs(u.ru_utime), secs(u.ru_stime)};
}

// Surnames, given names and patronymics, combined at random into full names so that, as in a
// real population, most names are distinct.
struct NameParts {
  std::vector<std::string> surnames, given, patronymics;
};

NameParts LoadNameParts() {
  NameParts parts;
  std::ifstream in("../shared/data/population/kz_names_fio.csv");
  std::string line;
  std::getline(in, line);  // sheet,fio,surname,given,patronymic
  while (std::getline(in, line)) {
    std::vector<std::string> cols;
    std::stringstream ss(line);
    std::string col;
    while (std::getline(ss, col, ',')) cols.push_back(col);
    if (cols.size() < 4) continue;
    if (!cols[2].empty()) parts.surnames.push_back(cols[2]);
    if (!cols[3].empty()) parts.given.push_back(cols[3]);
    if (cols.size() > 4 && !cols[4].empty()) parts.patronymics.push_back(cols[4]);
  }
  if (parts.surnames.empty()) {
    parts.surnames = {"Ахметов", "Сериков", "Иванов", "Нурланов", "Кузнецов", "Омаров"};
    parts.given = {"Ерлан", "Сергей", "Асхат", "Данияр", "Тимур", "Арман"};
  }
  return parts;
}

int Run(int inquiries, int reports, int threads) {
  auto dir = std::filesystem::temp_directory_path() / fmt::format("match_bench_{}", getpid());
  std::filesystem::create_directories(dir);
  auto store = std::move(OpenStore("sqlite:" + (dir / "r.db").string())).value();
  SystemClock clock;
  auto engine = std::move(names::NameEngine::Create()).value();
  NameParts parts = LoadNameParts();
  // Six built-in surnames make every report a namesake of thousands: a figure taken that way
  // (run from another directory) is five times slower and says nothing, so say which it is.
  fmt::print("names from {}: {} surnames, {} given names\n",
             parts.surnames.size() > 6 ? "../shared/data/population/kz_names_fio.csv"
                                       : "the built-in list (run from the repository's root)",
             parts.surnames.size(), parts.given.size());
  std::mt19937 rng(7);
  auto pick = [&] {
    std::string name = parts.surnames[rng() % parts.surnames.size()] + " " +
                       parts.given[rng() % parts.given.size()];
    if (!parts.patronymics.empty() && rng() % 2) {
      name += " " + parts.patronymics[rng() % parts.patronymics.size()];
    }
    return name;
  };

  auto t0 = std::chrono::steady_clock::now();
  std::vector<std::string> sought;
  {
    auto tx = std::move(store->Begin(TransactionMode::kWrite)).value();
    for (int i = 0; i < inquiries; ++i) {
      Inquiry q{.id = NewId(kInquiryIdPrefix), .sought_name = pick(), .inquirer_name = "Relative",
                .callback_phone = "+7 700 000 00 00", .created_at = clock.Now(),
                .updated_at = clock.Now()};
      sought.push_back(q.sought_name);
      (void)tx->InsertInquiry(q);
      (void)tx->MarkInquiryMatched(q.id, clock.Now());
    }
    (void)tx->AppendAudit({.at = clock.Now(), .actor = "bench", .action = "bench.load"});
    if (Status s = tx->Commit(); !s.ok()) return fmt::print("{}\n", s.ToString()), 1;
  }
  index::IndexHandle persons, inquiry_index;
  persons.Set(std::make_shared<index::NameIndex>(engine));
  Matcher matcher(*store, clock, persons, inquiry_index);
  if (Status s = matcher.RebuildInquiryIndex(engine); !s.ok()) return 1;
  double load = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  Registry registry(*store, clock, &persons);
  auto source = std::move(registry.CreateSource("bench", {.name = "Hospital",
                                                          .kind = SourceKind::kHospital}))
                    .value();
  std::vector<NewReport> list;
  for (int i = 0; i < reports; ++i) {
    list.push_back({.source_id = source.id, .external_id = fmt::format("H{}", i),
                    .full_name = i % 10 == 0 ? sought[rng() % sought.size()] : pick(),
                    .status = PersonStatus::kHospitalised});
  }
  auto t1 = std::chrono::steady_clock::now();
  for (size_t i = 0; i < list.size(); i += 5000) {
    std::vector<NewReport> batch(list.begin() + i, list.begin() + std::min(list.size(), i + 5000));
    if (!registry.RecordReports("bench", batch).ok()) return 1;
  }
  // Printed at once, so a profiler can be switched on for the matching phase alone.
  fmt::print("matching {} reports…\n", reports);
  std::fflush(stdout);
  auto t2 = std::chrono::steady_clock::now();
  auto cpu2 = CpuSeconds();
  int matched = 0;
  for (;;) {
    auto done = matcher.CatchUp(1000, threads);
    if (!done.ok()) return fmt::print("{}\n", done.status().ToString()), 1;
    if (*done == 0) break;
    matched += *done;
  }
  auto t3 = std::chrono::steady_clock::now();
  auto cpu3 = CpuSeconds();
  double loadavg[3] = {0, 0, 0};
  (void)getloadavg(loadavg, 3);
  auto tx = std::move(store->Begin(TransactionMode::kRead)).value();
  auto all = tx->ListMatches({.limit = 1000000});
  auto pending = tx->ListMatches({.decision = MatchDecision::kPending, .limit = 1000});
  fmt::print(
      "inquiries {} (loaded and indexed in {:.1f} s)\n"
      "reports {} recorded in {:.1f} s\n"
      "matched {} reports against the open inquiries in {:.2f} s on {} threads "
      "({:.0f} reports/s); {}{} proposals in the review queue\n",
      inquiries, load, reports, std::chrono::duration<double>(t2 - t1).count(), matched,
      std::chrono::duration<double>(t3 - t2).count(), threads,
      matched / std::chrono::duration<double>(t3 - t2).count(),
      pending.ok() && pending->size() == 1000 ? "≥" : "", pending.ok() ? pending->size() : 0);
  fmt::print("matching CPU {:.2f} s user + {:.2f} s sys; {} proposals in all; load average {:.1f}\n",
             cpu3.first - cpu2.first, cpu3.second - cpu2.second, all.ok() ? all->size() : 0,
             loadavg[0]);
  std::filesystem::remove_all(dir);
  return 0;
}

}  // namespace
}  // namespace aftermath

int main(int argc, char** argv) {
  int inquiries = 100000, reports = 10000, threads = 2;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    int v = std::atoi(argv[i + 1]);
    if (a == "--inquiries") inquiries = v;
    if (a == "--reports") reports = v;
    if (a == "--threads") threads = v;
  }
  return aftermath::Run(inquiries, reports, threads);
}

#include "registry/index_loader.h"

#include <atomic>
#include <chrono>
#include <future>
#include <thread>

namespace aftermath {

index::IndexedPerson ToIndexed(const IndexRow& row) {
  index::IndexedPerson p;
  p.person_id = row.person_id;
  p.external_id = row.external_id;
  p.names = row.names;
  p.status = row.status;
  p.sex = row.sex;
  if (!row.birth_date.empty()) {
    p.birth_year = row.birth_date.year;
  } else if (row.approx_age) {
    // "About 30" when reported: the year the person was born, give or take.
    int year = int(
        std::chrono::year_month_day(std::chrono::floor<std::chrono::days>(row.created_at)).year());
    p.birth_year = year - *row.approx_age;
  }
  for (SourceKind k : row.source_kinds) p.source_kinds |= 1u << static_cast<unsigned>(k);
  p.places = row.regions;
  if (!row.home_locality.empty()) p.places.push_back(row.home_locality);
  p.reported_at = row.updated_at;
  p.facility = row.facility;
  p.status_source_id = row.status_source_id;
  return p;
}

Result<std::shared_ptr<index::NameIndex>> BuildIndex(Store& store, const names::NameEngine& engine,
                                                     int threads,
                                                     const std::function<void(size_t)>& progress) {
  auto built = std::make_shared<index::NameIndex>(engine);
  ASSIGN_OR_RETURN(auto tx, store.Begin(TransactionMode::kRead));
  constexpr int kBatch = 20000;
  auto fetch = [&tx](std::string after) { return tx->ScanIndexRows(after, kBatch); };
  size_t done = 0;
  ASSIGN_OR_RETURN(auto rows, fetch(""));
  while (!rows.empty()) {
    // Read the next batch while this one is parsed: the store's scan is one thread's work
    // (and waits on the disk), parsing is spread over `threads`. Only that thread uses `tx`.
    auto next = std::async(std::launch::async, fetch, rows.back().person_id);
    // Parsing dominates; Upsert parses outside its lock, so threads share the work.
    std::atomic<size_t> cursor = 0;
    auto work = [&] {
      for (size_t i = cursor++; i < rows.size(); i = cursor++) built->Upsert(ToIndexed(rows[i]));
    };
    std::vector<std::thread> pool;
    for (int t = 1; t < threads; ++t) pool.emplace_back(work);
    work();
    for (auto& t : pool) t.join();
    done += rows.size();
    if (progress) progress(done);
    ASSIGN_OR_RETURN(rows, next.get());
  }
  built->ShrinkToFit();  // before the index is shared: nobody waits for it
  return built;
}

}  // namespace aftermath

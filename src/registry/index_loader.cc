#include "registry/index_loader.h"

#include <atomic>
#include <chrono>
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
    int year = int(std::chrono::year_month_day(std::chrono::floor<std::chrono::days>(
                                                   row.created_at)).year());
    p.birth_year = year - *row.approx_age;
  }
  for (SourceKind k : row.source_kinds) p.source_kinds |= 1u << static_cast<unsigned>(k);
  p.places = row.regions;
  if (!row.home_locality.empty()) p.places.push_back(row.home_locality);
  p.reported_at = row.updated_at;
  return p;
}

Result<std::shared_ptr<index::NameIndex>> BuildIndex(
    Store& store, const names::NameEngine& engine, int threads,
    const std::function<void(size_t)>& progress) {
  auto built = std::make_shared<index::NameIndex>(engine);
  ASSIGN_OR_RETURN(auto tx, store.Begin(TransactionMode::kRead));
  std::string after;
  size_t done = 0;
  constexpr int kBatch = 20000;
  for (;;) {
    ASSIGN_OR_RETURN(auto rows, tx->ScanIndexRows(after, kBatch));
    if (rows.empty()) break;
    after = rows.back().person_id;
    // Parsing dominates; Upsert parses outside its lock, so threads share the work.
    std::atomic<size_t> next = 0;
    auto work = [&] {
      for (size_t i = next++; i < rows.size(); i = next++) built->Upsert(ToIndexed(rows[i]));
    };
    std::vector<std::thread> pool;
    for (int t = 1; t < threads; ++t) pool.emplace_back(work);
    work();
    for (auto& t : pool) t.join();
    done += rows.size();
    if (progress) progress(done);
  }
  built->ShrinkToFit();  // before the index is shared: nobody waits for it
  return built;
}

}  // namespace aftermath

// Compares the in-memory indexes a registry keeps fresh with ones rebuilt from the store.
#pragma once

#include <fmt/format.h>

#include <string>
#include <vector>

#include "index/name_index.h"
#include "registry/index_loader.h"
#include "registry/matcher.h"

namespace aftermath::testing {

// One line a person: everything the index holds of it.
inline std::vector<std::string> Describe(const index::NameIndex& idx) {
  std::vector<std::string> out;
  for (const auto& p : idx.Contents()) {
    out.push_back(
        fmt::format("{} ext={} names=[{}] status={} sex={} born={} kinds={} places=[{}] at={} "
                    "facility={} by={}",
                    p.person_id, p.external_id, fmt::join(p.names, "|"), static_cast<int>(p.status),
                    static_cast<int>(p.sex), p.birth_year, p.source_kinds, fmt::join(p.places, "|"),
                    p.reported_at.time_since_epoch().count(), p.facility, p.status_source_id));
  }
  return out;
}

// The persons index as BuildIndex makes it from the store now.
inline std::vector<std::string> RebuiltPersons(Store& store, const names::NameEngine& engine) {
  auto built = BuildIndex(store, engine, 1);
  if (!built.ok()) return {"rebuild failed: " + built.status().ToString()};
  return Describe(**built);
}

// The inquiry index as Matcher::RebuildInquiryIndex makes it from the store now.
inline std::vector<std::string> RebuiltInquiries(Store& store, const Clock& clock,
                                                 const names::NameEngine& engine) {
  index::IndexHandle persons, inquiries;
  Matcher matcher(store, clock, persons, inquiries);
  if (Status s = matcher.RebuildInquiryIndex(engine); !s.ok()) {
    return {"rebuild failed: " + s.ToString()};
  }
  return Describe(*inquiries.Get());
}

}  // namespace aftermath::testing

// Draws persons of a Kazakhstan-like population — group, sex, name, birth date, status — and
// writes them as the JSON Lines `aftermath import --format jsonl` reads.
// Not thread-safe; one generator per thread. The same pool and seed give the same persons.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "demo/population/name_pool.h"
#include "demo/population/rng.h"
#include "demo/population/spelling.h"

namespace aftermath::population {

struct GeneratedPerson {
  std::string external_id;  // "gen-0000001"
  std::string full_name;    // as written in the record (UTF-8)
  PersonName name;          // the name before it was written down
  std::string birth_date;   // "YYYY-MM-DD", "YYYY" or empty
  std::string_view status;  // missing|hospitalised|detained|deceased|safe|unknown
};

class PersonGenerator {
 public:
  // REQUIRES: `pool` outlives the generator and has names for every group.
  PersonGenerator(const NamePool& pool, uint64_t seed);

  GeneratedPerson Next();
  // The structured name of a new person (no spelling); used by Next().
  PersonName DrawName();

 private:
  std::u32string DrawPatronymic(Group group, PersonSex sex);

  const NamePool& pool_;
  Rng rng_;
  uint64_t count_ = 0;
};

// One JSON object, no trailing newline: {"external_id": ..., "full_name": ..., "sex": "m",
// "birth_date": ..., "status": ...}; birth_date is left out when empty.
std::string ToJsonLine(const GeneratedPerson& person);

}  // namespace aftermath::population

// NameEngine: the name engine's entry point. Owns its tables (given-name equivalences, name
// frequencies); construct one, then pass it by const reference to whoever needs it. No globals.
//
// Thread safety: after Create (and any AddPopulation) a NameEngine is immutable; all const
// methods may be called from many threads at once.
//
//   ASSIGN_OR_RETURN(NameEngine engine, NameEngine::Create());
//   ASSIGN_OR_RETURN(ParsedName query, engine.Parse("Назарбаев Н.А."));
//   Comparison c = engine.Compare(query, stored);   // c.score, c.decision, c.explain
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"
#include "names/calibration.h"
#include "names/compare.h"
#include "names/keys.h"
#include "names/layout.h"
#include "names/parse.h"
#include "names/tables.h"
#include "names/transliterate.h"
#include "names/types.h"

namespace aftermath::names {

struct EngineOptions {
  std::string given_names_tsv;  // table text in data/given_names.tsv format; empty: embedded
  std::string frequency_tsv;    // table text in data/common_names.tsv format; empty: embedded
  std::string population_dir;   // optional directory of population frequency lists
  std::string calibration_tsv;  // table text in data/calibration.tsv format; empty: embedded
};

class NameEngine {
 public:
  // Builds the tables. Returns InvalidArgument for a malformed table, NotFound when
  // population_dir is set but holds no frequency list.
  static Result<NameEngine> Create(const EngineOptions& options = {});

  // Parses a full name (see ParseName for errors). With QueryForms::kWithSecondReadings, a name
  // whose letters are implausible as typed and plausible on the other keyboard layout carries
  // that reading too (ParsedName::other_layout), for the index's keys and for Compare.
  Result<ParsedName> Parse(std::string_view utf8, const ParseOptions& options = {}) const;

  // Compares two parsed names. Cheap enough for an index's candidate loop (use
  // Explain::kNone there): no allocation besides the explanation.
  Comparison Compare(const ParsedName& a, const ParsedName& b,
                     const CompareOptions& options = {}) const;

  // The calibrated probability of a pair scoring `score` (what Compare sets with
  // Calibrated::kYes), for a caller that compared with Calibrated::kNo.
  float Probability(const ParsedName& a, const ParsedName& b, float score) const {
    return calibration_.Probability(PairClassOf(a, b), score);
  }

  // Parses both and compares; the error of the first name that fails to parse.
  Result<Comparison> Compare(std::string_view a, std::string_view b,
                             const CompareOptions& options = {}) const;

  // Loads the transliteration tables of scripts other than Cyrillic and Latin now rather than
  // at the first such name (Chinese takes about 0.2 s, once a process): for servers and
  // search processes, where no single query should pay it. Optional; thread-safe.
  void PrepareOtherScripts() const { names::PrepareOtherScripts(); }

  // Keys for the candidate index.
  IndexKeys Keys(const ParsedName& name) const { return MakeIndexKeys(name); }

  // Adds a population directory's counts to the frequency table.
  // REQUIRES: not yet shared between threads.
  Status AddPopulation(const std::string& dir) { return frequency_.AddPopulationDir(dir); }

  const GivenNameTable& given_names() const { return given_; }
  const FrequencyTable& frequency() const { return frequency_; }

 private:
  NameEngine(GivenNameTable given, FrequencyTable frequency, LetterPairs letters,
             Calibration calibration)
      : given_(std::move(given)),
        frequency_(std::move(frequency)),
        letters_(letters),
        calibration_(std::move(calibration)) {}

  GivenNameTable given_;
  FrequencyTable frequency_;
  LetterPairs letters_;  // letter pairs of the tables' names: is a word plausible as typed
  Calibration calibration_;
};

}  // namespace aftermath::names

#include "names/engine.h"

#include "names/embedded_data.h"
#include "names/normalize.h"

namespace aftermath::names {
namespace {

// A name typed on the wrong layout has at least this many letter pairs no name has.
constexpr int kImplausibleAsTyped = 2;

// Learns the letter pairs of every name in a table's text (data/*.tsv formats), Cyrillic names
// also in their Latin transliteration.
void LearnLetterPairs(std::string_view tsv, LetterPairs& letters) {
  while (!tsv.empty()) {
    const size_t eol = tsv.find('\n');
    std::string_view line = tsv.substr(0, eol);
    tsv.remove_prefix(eol == std::string_view::npos ? tsv.size() : eol + 1);
    if (line.empty() || line[0] == '#') continue;
    auto words = SplitWords(line.substr(0, kMaxNameBytes));
    if (!words.ok()) continue;
    for (const auto& w : *words) {
      if (w.text.size() < 2) continue;
      letters.Learn(w.text);
      if (w.script != Script::kCyrillic) continue;
      const std::string latin = ToCanonicalLatin(w.text, DetectLanguage({w.text}));
      letters.Learn(std::u32string(latin.begin(), latin.end()));
    }
  }
}

Script MajorityScript(const ParsedName& name) {
  int latin = 0, cyrillic = 0;
  for (const auto& t : name.tokens) {
    latin += t.script == Script::kLatin;
    cyrillic += t.script == Script::kCyrillic;
  }
  return latin > cyrillic   ? Script::kLatin
         : cyrillic > latin ? Script::kCyrillic
                            : Script::kUnknown;
}

}  // namespace

Result<NameEngine> NameEngine::Create(const EngineOptions& options) {
  // The team's groups first (their ids stay as they were), then the Kazakh groups generated
  // from the population lists: a name both hold shares the team's group with its variants.
  std::string embedded_given;
  if (options.given_names_tsv.empty()) {
    embedded_given.reserve(EmbeddedGivenNames().size() + EmbeddedKazakhGivenNames().size() + 1);
    embedded_given.append(EmbeddedGivenNames()).append("\n").append(EmbeddedKazakhGivenNames());
  }
  ASSIGN_OR_RETURN(GivenNameTable given,
                   GivenNameTable::FromTsv(options.given_names_tsv.empty()
                                               ? std::string_view(embedded_given)
                                               : std::string_view(options.given_names_tsv)));
  ASSIGN_OR_RETURN(FrequencyTable frequency,
                   FrequencyTable::FromTsv(options.frequency_tsv.empty()
                                               ? EmbeddedCommonNames()
                                               : std::string_view(options.frequency_tsv)));
  if (!options.population_dir.empty()) {
    RETURN_IF_ERROR(frequency.AddPopulationDir(options.population_dir));
  }
  LetterPairs letters;
  LearnLetterPairs(EmbeddedGivenNames(), letters);
  LearnLetterPairs(EmbeddedCommonNames(), letters);
  if (!options.given_names_tsv.empty()) LearnLetterPairs(options.given_names_tsv, letters);
  if (!options.frequency_tsv.empty()) LearnLetterPairs(options.frequency_tsv, letters);
  ASSIGN_OR_RETURN(Calibration calibration,
                   Calibration::FromTsv(options.calibration_tsv.empty()
                                            ? EmbeddedCalibration()
                                            : std::string_view(options.calibration_tsv)));
  return NameEngine(std::move(given), std::move(frequency), letters, std::move(calibration));
}

Result<ParsedName> NameEngine::Parse(std::string_view utf8, const ParseOptions& options) const {
  ASSIGN_OR_RETURN(ParsedName name, ParseName(utf8, given_, frequency_, options));
  if (options.forms != QueryForms::kWithSecondReadings) return name;
  // Most names read well as typed: a few bit tests, and no second parse.
  const int unseen = letters_.Unseen(name);
  if (unseen < kImplausibleAsTyped) return name;
  const std::string other = OtherLayoutText(utf8, MajorityScript(name));
  if (other.empty()) return name;
  ParseOptions as_written = options;
  as_written.forms = QueryForms::kAsWritten;
  auto read = ParseName(other, given_, frequency_, as_written);
  // The other reading must read clearly better: garbage either way is left as typed.
  if (!read.ok() || read->empty() || letters_.Unseen(*read) * 3 > unseen) return name;
  name.other_layout = std::make_shared<const ParsedName>(std::move(read).value());
  return name;
}

Comparison NameEngine::Compare(const ParsedName& a, const ParsedName& b,
                               const CompareOptions& options) const {
  Comparison c = CompareParsed(a, b, options);
  if (options.calibrated == Calibrated::kYes) {
    c.pair_class = PairClassOf(a, b);
    c.probability = calibration_.Probability(c.pair_class, c.score);
  }
  return c;
}

Result<Comparison> NameEngine::Compare(std::string_view a, std::string_view b,
                                       const CompareOptions& options) const {
  ASSIGN_OR_RETURN(ParsedName pa, Parse(a));
  ASSIGN_OR_RETURN(ParsedName pb, Parse(b));
  return Compare(pa, pb, options);
}

}  // namespace aftermath::names

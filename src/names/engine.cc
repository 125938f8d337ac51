#include "names/engine.h"

#include "names/embedded_data.h"

namespace aftermath::names {

Result<NameEngine> NameEngine::Create(const EngineOptions& options) {
  ASSIGN_OR_RETURN(GivenNameTable given,
                   GivenNameTable::FromTsv(options.given_names_tsv.empty()
                                               ? EmbeddedGivenNames()
                                               : std::string_view(options.given_names_tsv)));
  ASSIGN_OR_RETURN(FrequencyTable frequency,
                   FrequencyTable::FromTsv(options.frequency_tsv.empty()
                                               ? EmbeddedCommonNames()
                                               : std::string_view(options.frequency_tsv)));
  if (!options.population_dir.empty()) {
    RETURN_IF_ERROR(frequency.AddPopulationDir(options.population_dir));
  }
  return NameEngine(std::move(given), std::move(frequency));
}

Result<ParsedName> NameEngine::Parse(std::string_view utf8, const ParseOptions& options) const {
  return ParseName(utf8, given_, frequency_, options);
}

Comparison NameEngine::Compare(const ParsedName& a, const ParsedName& b,
                               const CompareOptions& options) const {
  return CompareParsed(a, b, options);
}

Result<Comparison> NameEngine::Compare(std::string_view a, std::string_view b,
                                       const CompareOptions& options) const {
  ASSIGN_OR_RETURN(ParsedName pa, Parse(a));
  ASSIGN_OR_RETURN(ParsedName pb, Parse(b));
  return CompareParsed(pa, pb, options);
}

}  // namespace aftermath::names

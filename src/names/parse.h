// Stage 3: a full name to tokens with roles (surname, given, patronymic, initials), keys,
// equivalence groups and rarity.
#pragma once

#include <string_view>

#include "common/status.h"
#include "names/tables.h"
#include "names/types.h"

namespace aftermath::names {

struct ParseOptions {
  PrefixMode prefix = PrefixMode::kWholeWords;
  QueryForms forms = QueryForms::kAsWritten;  // the other layout's reading: NameEngine::Parse
};

// Parses `utf8`. Returns InvalidArgument for invalid UTF-8, over-long text, or text with no
// letters ("name has no letters"). The tables must outlive the call only.
Result<ParsedName> ParseName(std::string_view utf8, const GivenNameTable& given,
                             const FrequencyTable& frequency, const ParseOptions& options);

}  // namespace aftermath::names

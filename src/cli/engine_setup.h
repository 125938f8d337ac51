// The name engine for commands that search or match: built-in tables plus, when present, the
// population frequency lists (--population DIR, default ../shared/data/population).
#pragma once

#include "cli/flags.h"
#include "names/engine.h"

namespace aftermath::cli {

// Flags this helper reads; add them to a command's FlagSpec.
inline const char* kPopulationFlag = "population";
inline const char* kNoPopulationFlag = "no-population";

Result<names::NameEngine> MakeNameEngine(const ParsedFlags& flags);

}  // namespace aftermath::cli

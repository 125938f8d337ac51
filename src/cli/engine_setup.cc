#include "cli/engine_setup.h"

#include <filesystem>

namespace aftermath::cli {

Result<names::NameEngine> MakeNameEngine(const ParsedFlags& flags) {
  names::EngineOptions options;
  if (!flags.Has(kNoPopulationFlag)) {
    std::string dir = flags.Get(kPopulationFlag);
    if (dir.empty() && std::filesystem::is_directory("../shared/data/population")) {
      dir = "../shared/data/population";
    }
    options.population_dir = dir;
  }
  return names::NameEngine::Create(options);
}

}  // namespace aftermath::cli

// Data files compiled into the binary (generated from src/names/data/*.tsv by CMake), so the
// engine needs no runtime path.
#pragma once

#include <string_view>

namespace aftermath::names {

// Contents of data/given_names.tsv.
std::string_view EmbeddedGivenNames();
// Contents of data/common_names.tsv.
std::string_view EmbeddedCommonNames();

}  // namespace aftermath::names

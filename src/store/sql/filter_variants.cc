#include "store/sql/filter_variants.h"

#include <fmt/format.h>

namespace aftermath::sql {

std::vector<std::string> FilterVariants(const std::vector<std::string_view>& given, int first) {
  std::vector<std::string> out(size_t{1} << given.size());
  for (size_t set = 0; set < out.size(); ++set) {
    for (size_t k = 0; k < given.size(); ++k) {
      if (k > 0) out[set] += " AND ";
      out[set] += set & (size_t{1} << k)
                      ? fmt::format("({})", given[k])
                      : fmt::format("CAST(?{} AS TEXT) IS NULL", first + static_cast<int>(k));
    }
  }
  return out;
}

std::vector<std::string> FilterStatements(std::string_view head,
                                          const std::vector<std::string_view>& given,
                                          std::string_view tail) {
  std::vector<std::string> out = FilterVariants(given);
  for (std::string& where : out) where = fmt::format("{}{}{}", head, where, tail);
  return out;
}

}  // namespace aftermath::sql

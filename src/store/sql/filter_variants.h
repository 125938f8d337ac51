// One SQL statement for each set of optional filters given. Written as one statement with
// "(?k IS NULL OR column = ?k)", a filter hides its index from SQLite's planner, which then reads
// the whole table (found three times by the long workflow property run); a statement per set
// keeps each given filter a plain condition the planner can serve from an index, while the
// placeholder numbers stay the same in every variant.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace aftermath::sql {

// For filters k = 0..n-1, `given[k]` is the condition used when filter k is given, with
// placeholder ?(first + k); when it is not, "CAST(?(first + k) AS TEXT) IS NULL" takes its place
// (the caller binds nothing, so the test holds). Returns, for each subset (bit k: filter k
// given), the conditions joined with AND.
std::vector<std::string> FilterVariants(const std::vector<std::string_view>& given, int first = 1);

// The whole statements: `head`, one of FilterVariants(given), `tail`, in the same order.
std::vector<std::string> FilterStatements(std::string_view head,
                                          const std::vector<std::string_view>& given,
                                          std::string_view tail);

// The index into FilterVariants' result for the filters given (bit k: filter k).
inline size_t VariantOf(std::initializer_list<bool> given) {
  size_t bits = 0, k = 0;
  for (bool g : given) bits |= size_t{g} << k++;
  return bits;
}

}  // namespace aftermath::sql

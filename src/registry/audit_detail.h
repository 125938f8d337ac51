// The detail of an audit row of a read: ids and counts only, so the audit log does not become a
// second copy of personal data that retention cannot purge.
#pragma once

#include <string>
#include <vector>

namespace aftermath {

inline std::string IdsDetail(const std::vector<std::string>& ids) {
  std::string out = "{\"ids\":[";
  for (size_t i = 0; i < ids.size(); ++i) {
    if (i) out += ',';
    out += '"' + ids[i] + '"';
  }
  return out + "]}";
}

}  // namespace aftermath

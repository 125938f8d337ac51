#include "index/skeleton.h"

#include <algorithm>

namespace aftermath::index {

std::string Skeleton(std::string_view loose) {
  std::string out;
  for (char c : loose) {
    switch (c) {
      case 'a':
      case 'e':
      case 'i':
      case 'o':
      case 'u':
      case 'y':
      case 'j':
        continue;
      case 'g':
        c = 'h';
        break;
      case 'c':
        c = 't';
        break;
      case 'w':
      case 'f':
        c = 'v';
        break;
      default:
        break;
    }
    if (out.empty() || out.back() != c) out.push_back(c);
  }
  if (out.size() < 3) out.clear();
  return out;
}

void AddSkeletonKeys(const names::ParsedName& name, std::vector<std::string>& keys) {
  for (const auto& t : name.tokens) {
    if (t.is_initial || t.is_prefix) continue;
    std::string s;
    if (t.role == names::Role::kPatronymic) {
      s = Skeleton(t.stem);
      if (!s.empty()) s.insert(0, "q:");
    } else if (t.role == names::Role::kSurname || t.role == names::Role::kUnknown) {
      s = Skeleton(t.loose);
      if (!s.empty()) s.insert(0, "k:");
    }
    if (s.empty()) continue;
    if (std::find(keys.begin(), keys.end(), s) == keys.end()) keys.push_back(std::move(s));
  }
}

}  // namespace aftermath::index

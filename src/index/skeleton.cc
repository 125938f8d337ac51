#include "index/skeleton.h"

#include <algorithm>

#include "names/similarity.h"

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
  auto add = [&keys](std::string_view prefix, std::string s) {
    if (s.empty()) return;
    s.insert(0, prefix);
    if (std::find(keys.begin(), keys.end(), s) == keys.end()) keys.push_back(std::move(s));
  };
  for (const auto& t : name.tokens) {
    if (t.is_initial || t.is_prefix) continue;
    if (t.role == names::Role::kPatronymic) {
      add("q:", Skeleton(t.stem));
    } else if (t.abjad) {
      // A word in an abjad (Arabic, Hebrew script) is only consonants, whatever its role, and
      // may carry the article (الحسن ~ Hasan).
      add("k:", Skeleton(t.loose));
      add("k:", Skeleton(names::WithoutArticle(t.loose)));
    } else if (t.role == names::Role::kSurname || t.role == names::Role::kUnknown) {
      add("k:", Skeleton(t.loose));
    }
  }
}

}  // namespace aftermath::index

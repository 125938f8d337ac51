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

std::string_view CzechFeminineBase(std::string_view loose) {
  if (loose.size() < 8 || !loose.ends_with("ova")) return {};
  const std::string_view base = loose.substr(0, loose.size() - 3);
  for (std::string_view end : {"in", "ov", "ev"}) {
    if (base.ends_with(end)) return base;
  }
  return {};
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
      // Rodninová is two letters longer than Rodnina, beyond the typo lookup.
      if (t.role == names::Role::kSurname) add("s:", std::string(CzechFeminineBase(t.loose)));
    }
  }
  // Two words joined by a hyphen (Abdul-Hakim) are one word in an abjad (عبدالحکیم), whose
  // skeleton is the two words' together; no key of either word alone meets it. So are three
  // around the article (Abd al-Rahman ~ عبدالرحمن).
  for (size_t i = 0; i + 1 < name.tokens.size(); ++i) {
    if (auto joined = HyphenJoined(name, i)) add("k:", Skeleton(*joined));
    if (auto joined = JoinedAroundArticle(name, i)) add("k:", Skeleton(*joined));
  }
}

std::optional<std::string> JoinedAroundArticle(const names::ParsedName& name, size_t i) {
  if (i + 2 >= name.tokens.size()) return std::nullopt;
  const names::NameToken& a = name.tokens[i];
  const names::NameToken& article = name.tokens[i + 1];
  const names::NameToken& b = name.tokens[i + 2];
  if (!names::CanJoinAroundArticle(a, article, b)) return std::nullopt;
  return a.loose + article.loose + b.loose;
}

std::optional<std::string> HyphenJoined(const names::ParsedName& name, size_t i) {
  if (i + 1 >= name.tokens.size()) return std::nullopt;
  const names::NameToken& a = name.tokens[i];
  const names::NameToken& b = name.tokens[i + 1];
  if (!a.hyphen_next || a.is_initial || b.is_initial || a.is_prefix || b.is_prefix) {
    return std::nullopt;
  }
  if (a.role == names::Role::kPatronymic || b.role == names::Role::kPatronymic) {
    return std::nullopt;
  }
  return a.loose + b.loose;
}

}  // namespace aftermath::index

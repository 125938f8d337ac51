#include "demo/population/spelling.h"

#include <vector>

#include "demo/population/romanize.h"
#include "demo/population/text.h"

namespace aftermath::population {
namespace {

// Shares, per name written. Rough figures from the lists in ../shared/data: most records are
// Cyrillic; Latin comes from passports and foreign documents.
constexpr double kDropPatronymic = 0.25;
constexpr double kDropPatronymicInLatin = 0.6;
constexpr double kLoseKazakhLetters = 0.25;
constexpr double kSplitKazakhPatronymic = 0.05;  // "Маратұлы" → "Марат ұлы"
constexpr double kInitials = 0.07;
constexpr double kSurnameFirst = 0.65;
constexpr double kAllCaps = 0.25;
constexpr double kSurnameCaps = 0.15;
constexpr double kTypo = 0.03;
constexpr double kHomoglyph = 0.005;  // a Latin "о" inside a Cyrillic word

double LatinShare(Group group) {
  switch (group) {
    case Group::kKazakh:
      return 0.20;
    case Group::kGerman:
      return 0.30;
    case Group::kKorean:
      return 0.20;
    default:
      return 0.15;
  }
}

LatinSystem PickSystem(Group group, Rng& rng) {
  double x = rng.Uniform();
  switch (group) {
    case Group::kKazakh:
      return x < 0.55   ? LatinSystem::kKzPassport
             : x < 0.70 ? LatinSystem::kIcao
             : x < 0.85 ? LatinSystem::kBgn
                        : LatinSystem::kKazakh2021;
    case Group::kGerman:
      return x < 0.6 ? LatinSystem::kGerman : x < 0.8 ? LatinSystem::kBgn : LatinSystem::kIcao;
    default:
      return x < 0.45   ? LatinSystem::kIcao
             : x < 0.95 ? LatinSystem::kBgn
                        : LatinSystem::kKzPassport;
  }
}

// Splits a Kazakh patronymic into the father's name and the particle, or returns false.
bool SplitParticle(const std::u32string& patronymic, std::u32string* stem,
                   std::u32string* particle) {
  for (std::u32string_view p : {U"ұлы", U"улы", U"қызы", U"кызы"}) {
    if (patronymic.size() > p.size() + 2 && patronymic.ends_with(p)) {
      *stem = patronymic.substr(0, patronymic.size() - p.size());
      *particle = std::u32string(p);
      return true;
    }
  }
  return false;
}

std::u32string Initial(const std::u32string& word) {
  return word.empty() ? word : std::u32string{ToUpper(word[0]), U'.'};
}

char32_t RandomLetter(char32_t like, Rng& rng) {
  bool upper = ToUpper(like) == like && ToLower(like) != like;
  char32_t c = IsCyrillic(like) ? static_cast<char32_t>(U'а' + rng.Below(32))
                                : static_cast<char32_t>(U'a' + rng.Below(26));
  return upper ? ToUpper(c) : c;
}

void AddHomoglyph(std::u32string& word, Rng& rng) {
  static constexpr std::u32string_view kCyr = U"аоеср", kLat = U"aoecp";
  size_t start = rng.Below(word.size());
  for (size_t k = 0; k < word.size(); ++k) {
    size_t i = (start + k) % word.size();
    size_t at = kCyr.find(word[i]);
    if (at != std::u32string_view::npos) {
      word[i] = kLat[at];
      return;
    }
  }
}

}  // namespace

std::u32string OneEdit(std::u32string_view word, Rng& rng) {
  std::u32string w(word);
  if (w.size() < 3) return w;
  size_t i = rng.Below(w.size());
  switch (rng.Below(4)) {
    case 0: {  // substitution by a different letter
      char32_t c = RandomLetter(w[i], rng);
      w[i] = c != w[i] ? c : RandomLetter(w[i], rng);
      break;
    }
    case 1:
      w.erase(i, 1);
      break;
    case 2:
      w.insert(w.begin() + i, RandomLetter(w[i], rng));
      break;
    default:
      if (i + 1 == w.size()) --i;
      std::swap(w[i], w[i + 1]);
      break;
  }
  return w;
}

std::string SpellName(const PersonName& name, Rng& rng) {
  std::u32string surname = name.surname, given = name.given, patronymic = name.patronymic;
  if (!patronymic.empty() && rng.Chance(kDropPatronymic)) patronymic.clear();
  bool latin = rng.Chance(LatinShare(name.group));
  if (latin && !patronymic.empty() && rng.Chance(kDropPatronymicInLatin)) patronymic.clear();

  // The patronymic as one or two words ("Марат ұлы").
  std::vector<std::u32string> patronymic_words;
  std::u32string stem, particle;
  if (!patronymic.empty() && rng.Chance(kSplitKazakhPatronymic) &&
      SplitParticle(patronymic, &stem, &particle)) {
    patronymic_words = {stem, particle};
  } else if (!patronymic.empty()) {
    patronymic_words = {patronymic};
  }

  auto transform = [&](auto fn) {
    surname = fn(surname);
    given = fn(given);
    for (auto& w : patronymic_words) w = fn(w);
  };
  if (latin) {
    LatinSystem system = PickSystem(name.group, rng);
    transform([system](const std::u32string& w) { return Romanize(w, system); });
  } else if (name.group == Group::kKazakh && rng.Chance(kLoseKazakhLetters)) {
    transform([](const std::u32string& w) { return DropKazakhLetters(w); });
  }

  double case_draw = rng.Uniform();
  if (case_draw < kAllCaps) {
    transform([](const std::u32string& w) { return UpperCase(w); });
  } else if (case_draw < kAllCaps + kSurnameCaps) {
    surname = UpperCase(surname);
  }

  if (rng.Chance(kTypo)) {
    size_t which = rng.Below(2 + patronymic_words.size());
    std::u32string& w = which == 0 ? surname : which == 1 ? given : patronymic_words[which - 2];
    w = OneEdit(w, rng);
  }
  if (!latin && rng.Chance(kHomoglyph)) AddHomoglyph(rng.Chance(0.5) ? surname : given, rng);

  bool surname_first = rng.Chance(kSurnameFirst);
  std::u32string out;
  auto append = [&out](const std::u32string& w, bool space) {
    if (w.empty()) return;
    if (space && !out.empty()) out.push_back(U' ');
    out += w;
  };
  if (rng.Chance(kInitials)) {
    std::u32string initials = Initial(given);
    bool spaced = rng.Chance(0.4);
    if (!patronymic_words.empty()) {
      if (spaced) initials.push_back(U' ');
      initials += Initial(patronymic_words[0]);
    }
    if (surname_first) {
      append(surname, true);
      append(initials, true);
    } else {
      append(initials, true);
      append(surname, true);
    }
  } else if (surname_first) {
    append(surname, true);
    append(given, true);
    for (const auto& w : patronymic_words) append(w, true);
  } else {
    append(given, true);
    for (const auto& w : patronymic_words) append(w, true);
    append(surname, true);
  }
  return Utf32ToUtf8(out);
}

}  // namespace aftermath::population

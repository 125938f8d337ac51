#include "names/parse.h"

#include <algorithm>
#include <utility>

#include "common/utf8.h"
#include "names/korean.h"
#include "names/normalize.h"
#include "names/similarity.h"
#include "names/transliterate.h"

namespace aftermath::names {
namespace {

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Removes a Kazakh or Russian case ending after a surname-like stem (Назарбаевтың, Иванову,
// Ивановой). Returns true when it did.
bool StripCaseEnding(std::string* loose) {
  struct Ending {
    std::string_view suffix;
    std::string_view replacement;
  };
  static constexpr Ending kEndings[] = {
      // Kazakh genitive, ablative, dative, instrumental, accusative.
      {"tin", ""},
      {"din", ""},
      {"nin", ""},
      {"tan", ""},
      {"ten", ""},
      {"dan", ""},
      {"den", ""},
      {"nan", ""},
      {"nen", ""},
      {"ka", ""},
      {"ke", ""},
      {"ga", ""},
      {"ge", ""},
      {"men", ""},
      {"pen", ""},
      {"ben", ""},
      {"ti", ""},
      {"di", ""},
      // Russian dative, instrumental, prepositional (not -ой: Терновой, Толстой are surnames).
      {"u", ""},
      {"im", ""},
      {"e", ""}};
  for (const auto& e : kEndings) {
    if (!EndsWith(*loose, e.suffix)) continue;
    std::string base = loose->substr(0, loose->size() - e.suffix.size());
    if (base.size() < 5) continue;
    if (!(EndsWith(base, "ov") || EndsWith(base, "ev") || EndsWith(base, "in"))) continue;
    *loose = base + std::string(e.replacement);
    return true;
  }
  return false;
}

bool IsSurnameLike(const std::string& loose) {
  std::string neutral;
  return SurnameSex(loose, &neutral) != Sex::kUnknown || EndsWith(loose, "enko") ||
         EndsWith(loose, "uk") || EndsWith(loose, "iC") || EndsWith(loose, "ik") ||
         EndsWith(loose, "baev") || EndsWith(loose, "ian");
}

// The given-name groups a word belongs to. A Lithuanian or Latvian given name is found
// without its nominative ending (Nikolajus, Nikolajs ~ Николай; Maratas, Marats ~ Марат) when
// the table does not know the word itself.
const std::vector<uint16_t>& GivenGroups(const GivenNameTable& given, const NameToken& t) {
  const std::vector<uint16_t>& groups = given.GroupsOfKey(t.loose);
  if (!groups.empty() || t.script != Script::kLatin) return groups;
  const std::string_view base = WithoutBalticEnding(t.latin);
  if (base.size() == t.latin.size()) return groups;
  return given.GroupsOfKey(LooseKey(base));
}

struct Work {
  RawWord raw;
  NameToken token;
  bool patronymic_candidate = false;
  Sex patronymic_sex = Sex::kUnknown;
  std::string patronymic_stem;
};

void FinishToken(Work& w, const GivenNameTable& given, const FrequencyTable& frequency) {
  NameToken& t = w.token;
  switch (t.role) {
    case Role::kSurname: {
      t.sex = SurnameSex(t.loose, &t.stem);
      t.rarity = frequency.Rarity(FrequencyTable::Kind::kSurname, t.loose);
      break;
    }
    case Role::kPatronymic: {
      t.stem = w.patronymic_stem;
      t.sex = w.patronymic_sex;
      t.groups = given.GroupsOfStem(t.stem);
      t.rarity = frequency.Rarity(FrequencyTable::Kind::kPatronymic, t.stem);
      break;
    }
    case Role::kGiven:
    case Role::kUnknown: {
      t.stem = t.loose;
      t.groups = GivenGroups(given, t);
      // A written j may be the glide y (Jauhen = Yauhen, Jurij = Yuriy).
      if (t.groups.empty() && t.loose.size() > 2 && t.loose[0] == 'j') {
        const char next = t.loose[1];
        t.groups = given.GroupsOfKey(next == 'e' || next == 'o' ? t.loose.substr(1)
                                                                : "i" + t.loose.substr(1));
      }
      Sex sex = Sex::kUnknown;
      for (size_t i = 0; i < t.groups.size(); ++i) {
        const Sex s = given.GroupSex(t.groups[i]);
        sex = i == 0 ? s : (sex == s ? sex : Sex::kUnknown);
      }
      t.sex = sex;
      t.rarity = frequency.Rarity(FrequencyTable::Kind::kGiven, t.loose);
      break;
    }
  }
  if (t.is_initial) {
    t.stem = t.loose.substr(0, 1);
    t.groups.clear();
    t.sex = Sex::kUnknown;
    t.rarity = 0.f;
  }
}

}  // namespace

Result<ParsedName> ParseName(std::string_view utf8, const GivenNameTable& given,
                             const FrequencyTable& frequency, const ParseOptions& options) {
  ASSIGN_OR_RETURN(std::vector<RawWord> raw, SplitWords(utf8));
  if (raw.empty()) return InvalidArgument("name has no letters");

  ParsedName name;
  name.input = std::string(utf8);
  name.second_readings = options.forms == QueryForms::kWithSecondReadings;
  std::vector<std::u32string> texts;
  texts.reserve(raw.size());
  for (const auto& w : raw)
    if (w.script == Script::kCyrillic) texts.push_back(w.text);
  name.language = DetectLanguage(texts);

  bool any_lower = false;
  LatinStyle latin_style = LatinStyle::kDefault;
  for (const auto& w : raw) {
    any_lower |= w.has_lower;
    if (w.script == Script::kLatin) latin_style = std::max(latin_style, LatinStyleOf(w.text));
  }

  std::vector<Work> work;
  work.reserve(raw.size());
  bool after_hyphen = false;  // the word before was joined to this one by a hyphen
  for (auto& r : raw) {
    const bool hyphen_before = std::exchange(after_hyphen, r.hyphen_next);
    Work w;
    NameToken& t = w.token;
    t.text = Utf32ToUtf8(r.text);
    t.script = r.script;
    t.abjad = r.script == Script::kOther && !r.text.empty() && IsAbjadLetter(r.text[0]);
    t.latin = ToCanonicalLatin(r.text, name.language, latin_style);
    t.loose = LooseKey(t.latin);
    t.all_caps = r.all_caps && any_lower;
    t.hyphen_next = r.hyphen_next;
    // One letter is an initial; one Chinese or Korean syllable (周, 노) is a whole name.
    // A lone vowel after a hyphen is the last syllable of a Korean given name (Ji-a, Seo-a).
    const bool syllable = hyphen_before && !r.abbreviated && r.text.size() == 1 &&
                          (r.text[0] == U'a' || r.text[0] == U'e' || r.text[0] == U'o' ||
                           r.text[0] == U'u' || r.text[0] == U'i');
    t.is_initial = (r.abbreviated && r.text.size() <= 3 && t.loose.size() <= 3) ||
                   (r.text.size() == 1 && !r.hyphen_next && !syllable &&
                    (r.script != Script::kOther || (t.loose.size() <= 1 && !IsHangulLatin(t.latin))));
    // "Zhumabek uly": the separate Kazakh patronymic word joins the word before it.
    Sex particle_sex;
    if (!work.empty() && !t.is_initial && !work.back().token.is_initial &&
        IsPatronymicParticle(t.loose, &particle_sex)) {
      Work& prev = work.back();
      prev.token.text += " " + t.text;
      prev.token.latin += t.latin;
      prev.token.loose += t.loose;
      prev.patronymic_candidate = true;
      prev.patronymic_sex = particle_sex;
      prev.patronymic_stem =
          StemKey(prev.token.loose.substr(0, prev.token.loose.size() - t.loose.size()));
      prev.raw.comma_after |= r.comma_after;
      continue;
    }
    if (!t.is_initial) {
      t.inflected = StripCaseEnding(&t.loose);
      w.patronymic_candidate =
          SplitTurkicPatronymic(t.latin, &w.patronymic_stem, &w.patronymic_sex) ||
          SplitPatronymic(t.loose, &w.patronymic_stem, &w.patronymic_sex);
    }
    t.alternative = r.alternative;
    w.raw = std::move(r);
    work.push_back(std::move(w));
  }

  // Indices of full words and of initials.
  std::vector<size_t> full, initials;
  for (size_t i = 0; i < work.size(); ++i) {
    if (work[i].token.alternative) {
      // Parenthesised words: a former surname unless the table knows a given name.
      work[i].token.role =
          GivenGroups(given, work[i].token).empty() ? Role::kSurname : Role::kGiven;
      continue;
    }
    (work[i].token.is_initial ? initials : full).push_back(i);
  }

  auto set_role = [&](size_t i, Role role) { work[i].token.role = role; };
  std::vector<bool> assigned(work.size(), false);
  auto assign = [&](size_t i, Role role) {
    set_role(i, role);
    assigned[i] = true;
  };

  // 1. Explicit surname cues: "SURNAME, Given" or capitals among lower-case words.
  bool surname_found = false;
  if (!full.empty() && work[full.front()].raw.comma_after && full.front() == 0) {
    assign(full.front(), Role::kSurname);
    surname_found = true;
    name.surname_first = true;
  }
  if (!surname_found) {
    for (size_t i : full) {
      if (work[i].token.all_caps) {
        assign(i, Role::kSurname);
        surname_found = true;
      }
    }
    if (surname_found) name.surname_first = work[full.front()].token.role == Role::kSurname;
  }
  // 2. Only one full word next to initials: it is the surname (N. Nazarbayev, Токаев К.К.).
  if (!surname_found && full.size() == 1 && !initials.empty()) {
    assign(full.front(), Role::kSurname);
    surname_found = true;
    name.surname_first = full.front() == 0;
  }

  // 3. Patronymic: a -vich/-vna/-uly word among the rest, preferring the last such word.
  std::vector<size_t> rest;
  for (size_t i : full)
    if (!assigned[i]) rest.push_back(i);
  // Several candidates (Наталля Уладзіміраўна Лукашэвіч): prefer the one built on a known
  // given name, then the last.
  long patronymic = -1;
  bool known_stem = false;
  for (size_t k = 1; k < rest.size(); ++k) {
    const Work& w = work[rest[k]];
    if (!w.patronymic_candidate) continue;
    const bool known = !given.GroupsOfStem(w.patronymic_stem).empty();
    if (known || !known_stem) {
      patronymic = static_cast<long>(k);
      known_stem |= known;
    }
  }
  // "NOSENKO, Nikolayevna Tatyana", "TURIN, Anatolievich": with the surname cued, a first
  // remaining -vich/-vna word is the patronymic too.
  if (patronymic < 0 && !rest.empty() && work[rest[0]].patronymic_candidate && surname_found) {
    patronymic = 0;
  }
  // Two words, the second a -vich not built on a known given name: "Kazimir Zhakevich" is a
  // given name and a surname more often than a name and patronymic without a surname.
  // (-ovna and -uly/-kyzy are not surnames, so only a male Slavic -vich qualifies.)
  if (patronymic == 1 && rest.size() == 2 && !surname_found && !known_stem &&
      work[rest[1]].patronymic_sex == Sex::kMale) {
    std::string stem;
    Sex sex;
    if (!SplitTurkicPatronymic(work[rest[1]].token.latin, &stem, &sex)) patronymic = -1;
  }
  if (patronymic >= 0) {
    // Several candidates: "Дмитрий Иванович СУРОВИЧ" has the surname cued already; without a
    // cue, "Petrovich Ivan Ivanovich" keeps the last one as the patronymic.
    const size_t p = static_cast<size_t>(patronymic);
    assign(rest[p], Role::kPatronymic);
    if (!surname_found) {
      if (p + 1 == rest.size()) {
        // Surname Given Patronymic, or Given Patronymic (no surname).
        if (p >= 2) {
          assign(rest[0], Role::kSurname);
          name.surname_first = true;
          surname_found = true;
        }
      } else {
        // Given Patronymic Surname.
        for (size_t k = p + 1; k < rest.size(); ++k) assign(rest[k], Role::kSurname);
        surname_found = true;
      }
    }
  }

  // 4. No cue left: decide the order of the remaining words from the tables and endings.
  rest.clear();
  for (size_t i : full)
    if (!assigned[i]) rest.push_back(i);
  if (!surname_found && rest.size() >= 2) {
    auto given_score = [&](size_t i) {
      const auto& t = work[i].token;
      float s = GivenGroups(given, t).empty() ? 0.f : 2.f;
      if (frequency.Rarity(FrequencyTable::Kind::kGiven, t.loose) < 0.6f) s += 1.f;
      return s;
    };
    auto surname_score = [&](size_t i) {
      const auto& t = work[i].token;
      float s = IsSurnameLike(t.loose) ? 1.5f : 0.f;
      if (frequency.Rarity(FrequencyTable::Kind::kSurname, t.loose) < 0.75f) s += 2.f;
      return s;
    };
    const size_t first = rest.front(), last = rest.back();
    const float given_first = given_score(first) + surname_score(last);
    const float surname_first = surname_score(first) + given_score(last);
    if (surname_first > given_first) {
      assign(first, Role::kSurname);
      name.surname_first = true;
    } else {
      assign(last, Role::kSurname);
    }
    surname_found = true;
  } else if (!surname_found && rest.size() == 1 && initials.empty()) {
    // A single word: a surname unless the table knows it as a given name.
    assign(rest.front(),
           GivenGroups(given, work[rest.front()].token).empty() ? Role::kSurname : Role::kGiven);
    surname_found = true;
  }
  for (size_t i : full)
    if (!assigned[i]) assign(i, Role::kGiven);
  // Hyphen-joined words share a role (Petrov-Vodkin, Kassym-Jomart).
  for (int pass = 0; pass < 2; ++pass) {
    for (size_t k = 0; k + 1 < full.size(); ++k) {
      auto& x = work[full[k]].token;
      auto& y = work[full[k + 1]].token;
      if (!x.hyphen_next || full[k + 1] != full[k] + 1 || x.role == y.role) continue;
      if (x.role == Role::kPatronymic || y.role == Role::kPatronymic) continue;
      x.role = y.role = Role::kSurname;
    }
  }

  // 5. Initials: the first hyphen-joined run abbreviates the given name(s), the next one the
  // patronymic (К.-Ж. К. Токаев, Tokayev K.K.); an initial between a full given name and the
  // surname is the patronymic (Dmitry G. Gudkov).
  bool has_full_given = false, has_full_patronymic = false;
  for (size_t i : full) {
    has_full_given |= work[i].token.role == Role::kGiven;
    has_full_patronymic |= work[i].token.role == Role::kPatronymic;
  }
  int run = has_full_given ? 1 : 0;
  for (size_t k = 0; k < initials.size(); ++k) {
    const size_t i = initials[k];
    Role role = Role::kGiven;
    if (run == 1 && !has_full_patronymic) role = Role::kPatronymic;
    work[i].token.role = role;
    const bool joined =
        work[i].token.hyphen_next && k + 1 < initials.size() && initials[k + 1] == i + 1;
    if (!joined) ++run;
  }

  for (auto& w : work) {
    FinishToken(w, given, frequency);
    name.tokens.push_back(std::move(w.token));
  }
  if (options.prefix == PrefixMode::kLastTokenIsPrefix && !name.tokens.empty()) {
    name.tokens.back().is_prefix = true;
  }

  // Sex of the name: the patronymic says it best, then the surname ending, then the given name.
  Sex by_role[3] = {Sex::kUnknown, Sex::kUnknown, Sex::kUnknown};
  for (const auto& t : name.tokens) {
    if (t.alternative) continue;  // "(Дубина)": another spelling, not evidence of sex
    const int slot = t.role == Role::kPatronymic ? 0 : t.role == Role::kSurname ? 1 : 2;
    if (t.sex != Sex::kUnknown && by_role[slot] == Sex::kUnknown) by_role[slot] = t.sex;
  }
  for (int slot = 0; slot < 3; ++slot) {
    if (by_role[slot] != Sex::kUnknown) {
      name.sex = by_role[slot];
      name.sex_from_given_only = slot == 2;
      break;
    }
  }
  return name;
}

}  // namespace aftermath::names

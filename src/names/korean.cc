#include "names/korean.h"

#include <algorithm>
#include <array>

#include "names/transliterate.h"

namespace aftermath::names {
namespace {

constexpr char32_t kFirstSyllable = 0xAC00;
constexpr char32_t kLastSyllable = 0xD7A3;

bool IsSyllable(char32_t c) { return c >= kFirstSyllable && c <= kLastSyllable; }

struct Jamo {
  int initial, vowel, final;
};

Jamo Decompose(char32_t c) {
  const int s = static_cast<int>(c - kFirstSyllable);
  return {s / 588, (s % 588) / 28, s % 28};
}

// Initial consonants ㄱ ㄲ ㄴ ㄷ ㄸ ㄹ ㅁ ㅂ ㅃ ㅅ ㅆ ㅇ ㅈ ㅉ ㅊ ㅋ ㅌ ㅍ ㅎ.
enum Initial { kG = 0, kN = 2, kD = 3, kR = 5, kB = 7, kS = 9, kZero = 11, kJ = 12, kH = 18 };
// North Korean usage (McCune–Reischauer without its diacritics): aspirates kh th ph ch.
constexpr std::array<const char*, 19> kInitialNorth = {
    "k", "kk", "n", "t", "tt", "r", "m", "p", "pp", "s", "ss", "", "j", "jj", "ch", "kh", "th", "ph", "h"};
// Revised Romanization.
constexpr std::array<const char*, 19> kInitialRevised = {
    "g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h"};
// Vowels ㅏ ㅐ ㅑ ㅒ ㅓ ㅔ ㅕ ㅖ ㅗ ㅘ ㅙ ㅚ ㅛ ㅜ ㅝ ㅞ ㅟ ㅠ ㅡ ㅢ ㅣ.
enum Vowel { kEo = 4, kYeo = 6, kOe = 11, kU = 13, kWi = 16, kEu = 18, kUi = 19, kI = 20 };
constexpr std::array<const char*, 21> kVowelNorth = {
    "a", "ae", "ya", "yae", "o", "e", "yo", "ye", "o", "wa", "wae",
    "oe", "yo", "u", "wo", "we", "wi", "yu", "u", "ui", "i"};
constexpr std::array<const char*, 21> kVowelRevised = {
    "a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae",
    "oe", "yo", "u", "wo", "we", "wi", "yu", "eu", "ui", "i"};
// Finals as pronounced at the end of a syllable (both systems).
constexpr std::array<const char*, 28> kFinal = {
    "", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l",
    "p", "l", "m", "p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t"};

enum class Style { kNorth, kRevised, kSouth };

// The most a Korean reading with another number of syllables is alike.
constexpr float kOtherSyllables = 0.7f;

// One syllable in `style`. `first`: the first of the word; `voiced`: after a vowel or a
// sonorant final, where North Korean spellings write ㄱ ㄷ ㅂ as g d b (Yong Gil, Kim Yong Bok).
std::string Syllable(Jamo j, Style style, bool first, bool voiced) {
  std::string out;
  if (style == Style::kRevised) {
    out = kInitialRevised[j.initial];
  } else {
    out = kInitialNorth[j.initial];
    if (voiced && !first) {
      if (j.initial == kG) out = "g";
      if (j.initial == kD) out = "d";
      if (j.initial == kB) out = "b";
    }
    if (style == Style::kSouth) {
      if (j.initial == kD || j.initial == kB) out = kInitialRevised[j.initial];
      if (j.initial == kS && (j.vowel == kI || j.vowel == kWi)) out = "sh";  // 신 Shin
      if (j.initial >= 15 && j.initial <= 17) out = kInitialRevised[j.initial];
    }
  }
  const std::string_view final = kFinal[j.final];
  if (style == Style::kSouth) {
    // South Korean usage: 영 Young, 현 Hyun, 정 Jung, 철 Chul, 수 Soo, 준 Joon, 희 Hee.
    const bool sonorant = final == "n" || final == "ng" || final == "l";
    if (j.vowel == kEo) {
      out += sonorant ? "u" : "eo";
    } else if (j.vowel == kYeo) {
      out += final == "ng" ? "you" : final == "n" ? "yu" : "yeo";
    } else if (j.vowel == kU) {
      out += final == "ng" ? "u" : "oo";
    } else if (j.vowel == kUi && j.initial == kH) {
      out += "ee";
    } else {
      out += kVowelRevised[j.vowel];
    }
  } else {
    out += (style == Style::kNorth ? kVowelNorth : kVowelRevised)[j.vowel];
  }
  out += final;
  return out;
}

std::string Romanize(std::u32string_view run, Style style, bool marks) {
  std::string out;
  bool first = true, voiced = false;
  for (char32_t c : run) {
    if (!IsSyllable(c)) continue;
    const Jamo j = Decompose(c);
    if (marks) out += '-';
    out += Syllable(j, style, first, voiced);
    const std::string_view final = kFinal[j.final];
    voiced = final.empty() || final == "n" || final == "m" || final == "ng" || final == "l";
    first = false;
  }
  return out;
}

// Spellings of one sound in the Latin (and BGN-transliterated Cyrillic) spellings of Korean
// names, with the letter they fold to. Longest spellings are tried first, but every one is.
struct Spelling {
  std::string_view text;
  std::string_view fold;
};

// Initials: g/k, d/t, b/p, j/ch each one; r/l one (the initial-sound law folds it further).
// Cyrillic transliterated: чх chkh, тх tkh, кх kkh, пх pkh (Кым Чхоль), ц ts (Цой).
constexpr Spelling kInitials[] = {
    {"chkh", "c"}, {"tch", "c"}, {"chh", "c"}, {"tkh", "t"}, {"kkh", "k"}, {"pkh", "p"},
    {"kk", "k"},   {"gg", "k"},  {"kh", "k"},  {"tt", "t"},  {"th", "t"},  {"dd", "t"},
    {"pp", "p"},   {"bb", "p"},  {"ph", "p"},  {"ss", "s"},  {"sh", "s"},  {"jj", "c"},
    {"ch", "c"},   {"ts", "c"},  {"rh", "r"},  {"g", "k"},   {"k", "k"},   {"n", "n"},
    {"d", "t"},    {"t", "t"},   {"r", "r"},   {"l", "r"},   {"m", "m"},   {"b", "p"},
    {"p", "p"},    {"s", "s"},   {"j", "c"},   {"h", "h"},   {"", ""},
};
// Vowels: eo/o/u/eu one (정 Jung/Jeong/Jong, 은 Eun/Un), yeo/yo/yu one (영 Young/Yeong/Yong),
// ae/e one, ui/ee/i one (희 Hui/Hee); y alone is Cyrillic ы (Кым Kym).
constexpr Spelling kVowels[] = {
    {"yeo", "yo"}, {"you", "yo"}, {"yoo", "yo"}, {"yeu", "yo"}, {"yae", "ye"}, {"wae", "we"},
    {"woe", "we"}, {"weo", "wo"}, {"woo", "o"},  {"wee", "wi"}, {"eui", "i"},  {"eo", "o"},
    {"oo", "o"},   {"eu", "o"},   {"ou", "o"},   {"yo", "yo"},  {"yu", "yo"},  {"ya", "ya"},
    {"ye", "ye"},  {"yi", "i"},   {"ae", "e"},   {"ai", "e"},   {"ay", "e"},   {"ei", "e"},
    {"wa", "wa"},  {"we", "we"},  {"oe", "we"},  {"oi", "we"},  {"oy", "we"},  {"wo", "wo"},
    {"wi", "wi"},  {"ui", "i"},   {"ee", "i"},   {"a", "a"},    {"e", "e"},    {"i", "i"},
    {"o", "o"},    {"u", "o"},    {"y", "o"},
};
// Finals: ng is 'g' in a key (an initial g is k).
constexpr Spelling kFinals[] = {
    {"ng", "g"}, {"kk", "k"}, {"k", "k"}, {"n", "n"}, {"t", "t"},
    {"l", "l"},  {"m", "m"},  {"p", "p"}, {"", ""},
};

bool IsVowelLetter(char c) {
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y' || c == 'w';
}

// Letters that spell nothing in Korean: an h lengthening a vowel (Ahn, Oh, Sohn, Bahk, Uhm)
// and an English r before a k or at the end (Park, Tark, Hur).
std::string Clean(std::string_view latin) {
  std::string s;
  for (char c : latin)
    if (c >= 'a' && c <= 'z') s.push_back(c);
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const bool after_vowel = i > 0 && IsVowelLetter(s[i - 1]) && s[i - 1] != 'w';
    const bool before_consonant = i + 1 == s.size() || !IsVowelLetter(s[i + 1]);
    if (c == 'h' && after_vowel && before_consonant) continue;
    if (c == 'r' && after_vowel && (i + 1 == s.size() || s[i + 1] == 'k')) continue;
    out.push_back(c);
  }
  return out;
}

// Appends the key of one syllable; the initial-sound law: r and n are dropped before i and y
// (리 Ri ~ 이 Lee ~ Yi, 류 Ryu ~ Yu), r elsewhere reads n (로 Ro ~ 노 No).
void AppendSyllable(std::string_view initial, std::string_view vowel, std::string_view final,
                    std::string& key) {
  if (initial == "r") initial = "n";
  if (initial == "n" && (vowel[0] == 'i' || vowel[0] == 'y')) initial = "";
  if (!key.empty()) key += '.';
  key += initial;
  key += vowel;
  key += final;
}

// Every reading of s[pos..] as syllables, appended to `out` (at most `limit`).
void Readings(std::string_view s, size_t pos, std::string& key, std::vector<std::string>& out,
              size_t limit) {
  if (out.size() >= limit) return;
  if (pos == s.size()) {
    if (!key.empty()) out.push_back(key);
    return;
  }
  for (const Spelling& ini : kInitials) {
    if (s.compare(pos, ini.text.size(), ini.text) != 0) continue;
    const size_t after_initial = pos + ini.text.size();
    for (const Spelling& v : kVowels) {
      if (s.compare(after_initial, v.text.size(), v.text) != 0) continue;
      const size_t after_vowel = after_initial + v.text.size();
      // y alone is ы (Кым), never a glide before a vowel.
      if (v.text == "y" && after_vowel < s.size() && IsVowelLetter(s[after_vowel])) continue;
      for (const Spelling& f : kFinals) {
        if (s.compare(after_vowel, f.text.size(), f.text) != 0) continue;
        const size_t size = key.size();
        AppendSyllable(ini.fold, v.fold, f.fold, key);
        Readings(s, after_vowel + f.text.size(), key, out, limit);
        key.resize(size);
        if (out.size() >= limit) return;
      }
    }
  }
}

// A key without its syllable marks, doubled consonants merged (han.na → hana, as Hana).
std::string Collapse(std::string_view key) {
  std::string out;
  for (char c : key) {
    if (c == '.') continue;
    if (!out.empty() && out.back() == c && !IsVowelLetter(c)) continue;
    out.push_back(c);
  }
  return out;
}

// Edit distance with every edit costing 1: what is left after the fold is a real difference
// (장 Jang is not 정 Cheong, 차 Cha not 조 Jo), so vowels are not cheaper than consonants here.
float KeyDistanceSimilarity(std::string_view a, std::string_view b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1])});
    }
    std::swap(prev, cur);
  }
  const size_t len = std::max(a.size(), b.size());
  return len == 0 ? 0.f : 1.f - static_cast<float>(prev[b.size()]) / static_cast<float>(len);
}

struct Reading {
  std::string key;
  size_t syllables;
};

// The readings of KoreanKeys with their syllable counts.
std::vector<Reading> ReadingsOf(std::string_view latin, size_t limit) {
  std::vector<Reading> out;
  auto add = [&out](const std::string& marked) {
    Reading r{Collapse(marked), static_cast<size_t>(std::count(marked.begin(), marked.end(), '.')) + 1};
    for (const auto& o : out)
      if (o.key == r.key && o.syllables == r.syllables) return;
    out.push_back(std::move(r));
  };
  if (IsHangulLatin(latin)) {
    // One syllable between marks: its first reading is the one RomanizeHangul wrote.
    std::string key;
    size_t start = 1;
    while (start <= latin.size()) {
      size_t end = latin.find('-', start);
      if (end == std::string_view::npos) end = latin.size();
      std::vector<std::string> one;
      std::string syllable;
      Readings(latin.substr(start, end - start), 0, syllable, one, 1);
      if (!one.empty()) key += (key.empty() ? "" : ".") + one[0];
      start = end + 1;
    }
    if (!key.empty()) add(key);
    return out;
  }
  const std::string s = Clean(latin);
  if (s.empty() || s.size() > 24) return out;
  std::string key;
  std::vector<std::string> raw;
  Readings(s, 0, key, raw, limit);
  for (const auto& r : raw) add(r);
  return out;
}

// Spellings of common surnames beyond the rules: North Korean, Revised, South Korean usage,
// Koryo-saram (Цой, Ли).
struct Surname {
  char32_t hangul;
  std::array<std::string_view, 4> spellings;
};
constexpr Surname kSurnames[] = {
    {U'이', {"lee", "ri", "li", "rhee"}}, {U'리', {"lee", "rhee", "li", "i"}},
    {U'박', {"park", "bak", "", ""}},     {U'최', {"choi", "tsoi", "tsoy", ""}},
    {U'정', {"jung", "jeong", "chung", ""}}, {U'김', {"gim", "", "", ""}},
    {U'임', {"lim", "rim", "", ""}},      {U'림', {"lim", "im", "", ""}},
    {U'류', {"ryu", "yu", "yoo", ""}},    {U'유', {"yoo", "ryu", "", ""}},
    {U'노', {"roh", "noh", "ro", ""}},    {U'로', {"roh", "noh", "no", ""}},
    {U'오', {"oh", "", "", ""}},          {U'안', {"ahn", "", "", ""}},
    {U'신', {"shin", "", "", ""}},        {U'심', {"shim", "", "", ""}},
    {U'조', {"cho", "jo", "", ""}},       {U'윤', {"yoon", "yun", "", ""}},
    {U'문', {"moon", "mun", "", ""}},     {U'손', {"sohn", "son", "", ""}},
    {U'허', {"huh", "hur", "heo", ""}},   {U'엄', {"um", "uhm", "eom", ""}},
};

void AddLoose(std::string_view latin, std::string_view except, std::vector<std::string>& out) {
  std::string loose = LooseKey(latin);
  if (loose.empty() || loose == except) return;
  if (std::find(out.begin(), out.end(), loose) == out.end()) out.push_back(std::move(loose));
}

}  // namespace

std::string RomanizeHangul(std::u32string_view run) { return Romanize(run, Style::kNorth, true); }

std::vector<std::string> KoreanKeys(std::string_view latin, size_t limit) {
  std::vector<std::string> out;
  for (auto& r : ReadingsOf(latin, limit))
    if (std::find(out.begin(), out.end(), r.key) == out.end()) out.push_back(std::move(r.key));
  return out;
}

float KoreanSimilarity(std::string_view hangul, std::string_view other) {
  const std::vector<Reading> ours = ReadingsOf(hangul, 1);
  const std::vector<Reading> readings = ReadingsOf(other, 16);
  if (ours.empty() || readings.empty()) return -1.f;
  float best = 0.f;
  for (const Reading& theirs : readings) {
    const bool same_count = theirs.syllables == ours[0].syllables;
    if (theirs.key == ours[0].key && same_count) return 0.95f;
    float s = 0.95f * KeyDistanceSimilarity(ours[0].key, theirs.key);
    // A syllable more or less is another name (룡해 is not Ryong), however alike the letters.
    if (!same_count) s = std::min(s, kOtherSyllables);
    best = std::max(best, s);
  }
  return best;
}

std::vector<std::string> KoreanSpellingKeys(std::string_view text) {
  std::vector<std::string> out;
  std::u32string syllables;
  for (size_t i = 0; i + 2 < text.size();) {
    const auto b0 = static_cast<unsigned char>(text[i]);
    if ((b0 & 0xF0) != 0xE0) {
      i += b0 < 0x80 ? 1 : (b0 & 0xE0) == 0xC0 ? 2 : (b0 & 0xF8) == 0xF0 ? 4 : 1;
      continue;
    }
    const char32_t c = (static_cast<char32_t>(b0 & 0x0F) << 12) |
                       (static_cast<char32_t>(static_cast<unsigned char>(text[i + 1]) & 0x3F) << 6) |
                       (static_cast<char32_t>(static_cast<unsigned char>(text[i + 2]) & 0x3F));
    if (IsSyllable(c)) syllables.push_back(c);
    i += 3;
  }
  if (syllables.empty()) return out;
  const std::string primary = LooseKey(Romanize(syllables, Style::kNorth, false));
  AddLoose(Romanize(syllables, Style::kRevised, false), primary, out);
  AddLoose(Romanize(syllables, Style::kSouth, false), primary, out);
  if (syllables.size() == 1) {
    for (const Surname& s : kSurnames) {
      if (s.hangul != syllables[0]) continue;
      for (std::string_view spelling : s.spellings) AddLoose(spelling, primary, out);
    }
  } else {
    // A given name of two syllables is as often written as two words (Yong Bok, Jong Un).
    for (size_t i = 0; i < syllables.size(); ++i) {
      const std::u32string_view one(&syllables[i], 1);
      AddLoose(Romanize(one, Style::kNorth, false), primary, out);
      AddLoose(Romanize(one, Style::kRevised, false), primary, out);
      AddLoose(Romanize(one, Style::kSouth, false), primary, out);
    }
  }
  return out;
}

}  // namespace aftermath::names

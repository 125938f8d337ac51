#include "common/utf8.h"
#include "names/transliterate.h"

#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>

#include <algorithm>
#include <memory>

#include "names/korean.h"
#include "names/normalize.h"

namespace aftermath::names {
namespace {

bool IsCyrillicVowel(char32_t c) {
  switch (c) {
    case U'а':
    case U'е':
    case U'ё':
    case U'и':
    case U'о':
    case U'у':
    case U'ы':
    case U'э':
    case U'ю':
    case U'я':
    case U'і':
    case U'ї':
    case U'є':
    case U'ә':
    case U'ө':
    case U'ұ':
    case U'ү':
      return true;
    default:
      return false;
  }
}

// Letters whose reading does not depend on the language.
const char* CommonCyrillic(char32_t c) {
  switch (c) {
    case U'а':
      return "a";
    case U'б':
      return "b";
    case U'в':
      return "v";
    case U'ґ':
      return "g";
    case U'д':
      return "d";
    case U'ж':
      return "zh";
    case U'з':
      return "z";
    case U'й':
      return "y";
    case U'к':
      return "k";
    case U'л':
      return "l";
    case U'м':
      return "m";
    case U'н':
      return "n";
    case U'о':
      return "o";
    case U'п':
      return "p";
    case U'р':
      return "r";
    case U'с':
      return "s";
    case U'т':
      return "t";
    case U'у':
      return "u";
    case U'ф':
      return "f";
    case U'х':
      return "kh";
    case U'ц':
      return "ts";
    case U'ч':
      return "ch";
    case U'ш':
      return "sh";
    case U'щ':
      return "shch";
    case U'ъ':
      return "";
    case U'ы':
      return "y";
    case U'ь':
      return "";
    case U'э':
      return "e";
    case U'ю':
      return "yu";
    case U'я':
      return "ya";
    case U'ё':
      return "yo";
    case U'і':
      return "i";
    case U'ї':
      return "yi";
    case U'є':
      return "ye";
    case U'ў':
      return "u";
    case U'ә':
      return "a";
    case U'ғ':
      return "g";
    case U'қ':
      return "k";
    case U'ң':
      return "n";
    case U'ө':
      return "o";
    case U'ұ':
      return "u";
    case U'ү':
      return "u";
    case U'һ':
      return "h";
    case U'ј':
      return "j";
    // Serbian and Macedonian.
    case U'љ':
      return "lj";
    case U'њ':
      return "nj";
    case U'ћ':
      return "ch";
    case U'ђ':
      return "dj";
    case U'џ':
      return "dzh";
    case U'ѓ':
      return "gj";
    case U'ќ':
      return "kj";
    case U'ѕ':
      return "dz";
    default:
      return nullptr;
  }
}

// Latin letters with diacritics whose plain base letter would lose a sound.
const char* SpecialLatin(char32_t c) {
  switch (c) {
    case U'ş':
    case U'š':
    case U'ș':
    case U'ś':
      return c == U'ś' ? "s" : "sh";
    case U'ç':
    case U'č':
    case U'ć':
      return "ch";
    case U'ž':
      return "zh";
    case U'ı':
      return "i";
    case U'ğ':
      return "g";
    case U'ł':
      return "l";
    case U'ß':
      return "ss";
    case U'æ':
      return "ae";
    case U'ø':
      return "o";
    case U'œ':
      return "oe";
    case U'đ':
    case U'ð':
      return "d";
    case U'þ':
      return "th";
    case U'ĸ':
      return "k";
    default:
      return nullptr;
  }
}

void AppendLatin(char32_t c, std::string& out) {
  if (c < 0x80) {
    if (c >= 'a' && c <= 'z') out.push_back(static_cast<char>(c));
    return;
  }
  if (const char* s = SpecialLatin(c)) {
    out += s;
    return;
  }
  // Other diacritics: keep the base letter (ä → a, ū → u, ñ → n, é → e).
  UErrorCode err = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(err);
  if (U_FAILURE(err)) return;
  icu::UnicodeString decomposed;
  if (nfd->getDecomposition(static_cast<UChar32>(c), decomposed) && decomposed.length() > 0) {
    const UChar32 base = decomposed.char32At(0);
    if (base < 0x80 && base >= 'a' && base <= 'z') out.push_back(static_cast<char>(base));
  }
}

bool IsVowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

bool IsOtherScriptOrMark(char32_t c) {
  return ScriptOf(c) == Script::kOther || (U_GET_GC_MASK(static_cast<UChar32>(c)) & U_GC_M_MASK);
}

// ICU's Any-Latin for this thread (a transliterator must not be shared unsynchronised), made
// on first use; ICU caches the compiled rules process-wide, so later threads' copies are cheap.
icu::Transliterator* AnyLatin() {
  thread_local const std::unique_ptr<icu::Transliterator> any_latin = [] {
    UErrorCode err = U_ZERO_ERROR;
    std::unique_ptr<icu::Transliterator> t(
        icu::Transliterator::createInstance("Any-Latin", UTRANS_FORWARD, err));
    return U_SUCCESS(err) ? std::move(t) : nullptr;
  }();
  return any_latin.get();
}

// Letters of scripts we have no table for (Greek, Arabic, Hebrew, Han, Hangul, Georgian, ...):
// ICU's Any-Latin, whose diacritics then fold like any Latin letter's (周 → zhōu → zhou,
// Καρέλιν → karelin, حمید → hmyd). Cyrillic and Latin names never get here.
void AppendOtherScript(std::u32string_view run, std::string& out) {
  icu::Transliterator* any_latin = AnyLatin();
  if (!any_latin) return;
  // Persian and Urdu (written with letters Arabic lacks: پ چ ژ گ ک ی) read ض ظ ذ as z and ث as
  // s, where ICU's Arabic reading gives d, z, dh, th (علیرضا Alireza, not Alirida).
  const bool persian = std::any_of(run.begin(), run.end(), [](char32_t c) {
    return c == U'\u067E' || c == U'\u0686' || c == U'\u0698' || c == U'\u06AF' || c == U'\u06A9' ||
           c == U'\u06CC';
  });
  icu::UnicodeString text;
  for (char32_t c : run) {
    if (persian && (c == U'\u0636' || c == U'\u0638' || c == U'\u0630')) c = U'\u0632';
    if (persian && c == U'\u062B') c = U'\u0633';
    if (c == U'\u0629') c = U'\u0647';  // ة is an h in names (فاطمة Fatima, Fatimah), ICU a t
    text.append(static_cast<UChar32>(c));
  }
  any_latin->transliterate(text);
  // ICU writes a word-initial ㄹ as l; Korean names in Latin letters write r (리 Ri, 룡 Ryong).
  UErrorCode err = U_ZERO_ERROR;
  if (!run.empty() && text.length() > 0 && text.charAt(0) == u'l' &&
      uscript_getScript(static_cast<UChar32>(run[0]), &err) == USCRIPT_HANGUL) {
    text.setCharAt(0, u'r');
  }
  for (int32_t i = 0; i < text.length();) {
    const UChar32 c = text.char32At(i);
    i += U16_LENGTH(c);
    if (ScriptOf(static_cast<char32_t>(c)) == Script::kLatin) {
      AppendLatin(static_cast<char32_t>(u_tolower(c)), out);
    }
  }
}

}  // namespace

void PrepareOtherScripts() {
  std::string sink;
  AppendOtherScript(U"王 Α ا א 가 ა Ա ก あ ア", sink);
}

CyrillicLanguage DetectLanguage(const std::vector<std::u32string>& words) {
  bool kazakh = false, ukrainian = false, belarusian = false, i_dot = false, i_plain = false;
  for (const auto& w : words) {
    for (char32_t c : w) {
      switch (c) {
        case U'ә':
        case U'ғ':
        case U'қ':
        case U'ң':
        case U'ө':
        case U'ұ':
        case U'ү':
        case U'һ':
          kazakh = true;
          break;
        case U'ї':
        case U'є':
        case U'ґ':
          ukrainian = true;
          break;
        case U'ў':
          belarusian = true;
          break;
        case U'і':
          i_dot = true;
          break;
        case U'и':
          i_plain = true;
          break;
        default:
          break;
      }
    }
  }
  if (kazakh) return CyrillicLanguage::kKazakh;
  if (ukrainian) return CyrillicLanguage::kUkrainian;
  if (belarusian) return CyrillicLanguage::kBelarusian;
  // і without и is Belarusian spelling; і with и is Ukrainian.
  if (i_dot) return i_plain ? CyrillicLanguage::kUkrainian : CyrillicLanguage::kBelarusian;
  return CyrillicLanguage::kRussian;
}

LatinStyle LatinStyleOf(std::u32string_view word) {
  LatinStyle style = LatinStyle::kDefault;
  for (size_t i = 0; i < word.size(); ++i) {
    switch (word[i]) {
      case U'ş':
      case U'ç':
      case U'ğ':
      case U'ı':
      case U'ū':
      case U'ä':
      case U'ñ':
      case U'ö':
      case U'ü':
        return LatinStyle::kKazakh2021;
      case U'q':
        if (i + 1 >= word.size() || word[i + 1] != U'u') style = LatinStyle::kKazakh2021Q;
        break;
      default:
        break;
    }
  }
  return style;
}

bool SplitTurkicPatronymic(std::string_view latin, std::string* stem, Sex* sex) {
  struct Suffix {
    std::string_view text;
    Sex sex;
  };
  static constexpr Suffix kSuffixes[] = {
      {"kyzy", Sex::kFemale}, {"qyzy", Sex::kFemale}, {"kizi", Sex::kFemale},
      {"qizi", Sex::kFemale}, {"kyzi", Sex::kFemale}, {"gyzy", Sex::kFemale},
      {"gizi", Sex::kFemale}, {"uly", Sex::kMale},    {"uli", Sex::kMale},
      {"ulu", Sex::kMale},    {"ugly", Sex::kMale},   {"ogly", Sex::kMale},
      {"oglu", Sex::kMale},   {"ogli", Sex::kMale},
  };
  for (const auto& s : kSuffixes) {
    if (latin.size() < s.text.size() + 3 ||
        latin.compare(latin.size() - s.text.size(), s.text.size(), s.text) != 0) {
      continue;
    }
    *stem = StemKey(LooseKey(latin.substr(0, latin.size() - s.text.size())));
    *sex = s.sex;
    return stem->size() >= 2;
  }
  return false;
}

std::string ToCanonicalLatin(std::u32string_view word, CyrillicLanguage language,
                             LatinStyle style) {
  std::string out;
  out.reserve(word.size() * 2);
  const bool east_slavic_h =
      language == CyrillicLanguage::kUkrainian || language == CyrillicLanguage::kBelarusian;
  const bool kazakh_j = style != LatinStyle::kDefault;
  const bool kazakh_h =
      style == LatinStyle::kKazakh2021 ||
      (style == LatinStyle::kKazakh2021Q && LatinStyleOf(word) != LatinStyle::kDefault);
  for (size_t i = 0; i < word.size(); ++i) {
    const char32_t c = word[i];
    const Script script = ScriptOf(c);
    if (script == Script::kLatin) {
      if (c == U'j' && kazakh_j) {
        out += "zh";  // Kazakh Latin j is ж, never a glide (Aijarykov = Айжарыков)
        continue;
      }
      if (c == U'h' && kazakh_h && !out.empty() &&
          (out.back() == 's' || out.back() == 'c' || out.back() == 'z')) {
        out += "kh";  // s+х, not ш
        continue;
      }
      AppendLatin(c, out);
      continue;
    }
    if (script != Script::kCyrillic) {
      if (script == Script::kOther && c >= 0xAC00 && c <= 0xD7A3) {
        // Hangul syllables by our own table, syllable by syllable (see korean.h).
        size_t end = i + 1;
        while (end < word.size() && word[end] >= 0xAC00 && word[end] <= 0xD7A3) ++end;
        out += RomanizeHangul(word.substr(i, end - i));
        i = end - 1;
      } else if (script == Script::kOther) {
        size_t end = i + 1;
        while (end < word.size() && IsOtherScriptOrMark(word[end])) ++end;
        AppendOtherScript(word.substr(i, end - i), out);
        i = end - 1;
      }
      continue;
    }
    const char32_t prev = i > 0 ? word[i - 1] : 0;
    const bool after_vowel_or_start =
        i == 0 || IsCyrillicVowel(prev) || prev == U'ь' || prev == U'ъ';
    switch (c) {
      case U'г':
        out += east_slavic_h ? "h" : "g";
        continue;
      case U'и':
        out += language == CyrillicLanguage::kUkrainian ? "y" : "i";
        continue;
      case U'е':
        // BGN: ye at the start, after a vowel or a soft/hard sign (Назарбаев → Nazarbayev).
        out += after_vowel_or_start ? "ye" : "e";
        continue;
      case U'ё':
        // After ж ч ш щ the glide is not written (Горбачёв → Gorbachov).
        out += (prev == U'ж' || prev == U'ч' || prev == U'ш' || prev == U'щ') ? "o" : "yo";
        continue;
      default:
        break;
    }
    if (const char* s = CommonCyrillic(c)) out += s;
  }
  return out;
}

std::string LooseKey(std::string_view latin, LooseFold fold) {
  const bool name = fold == LooseFold::kName;
  std::string s;
  s.reserve(latin.size());
  for (char c : latin)
    if (c >= 'a' && c <= 'z') s.push_back(c);
  if (s.empty()) return std::string(latin);  // another script: compare as written

  // Pass 1: spellings of one sound to one unit.
  std::string u;
  u.reserve(s.size() + 4);
  auto at = [&](size_t i, std::string_view p) { return s.compare(i, p.size(), p) == 0; };
  for (size_t i = 0; i < s.size();) {
    const bool end2 = i + 2 == s.size();
    if (at(i, "shch") || (name && at(i, "szcz"))) {  // szcz: Polish щ (Khlyszczankau)
      u += 'S';
      i += 4;
      continue;
    }
    if (name && at(i, "kkh")) {  // к+х written kh (Бекхан = Bekhan)
      u += 'h';
      i += 3;
      continue;
    }
    if (at(i, "tsch")) {
      u += 'C';
      i += 4;
      continue;
    }
    if (at(i, "dsch")) {  // German дж
      u += 'Z';           // ж; becomes j after the glide pass
      i += 4;
      continue;
    }
    if (at(i, "dzh") || at(i, "dzj")) {
      u += 'Z';  // ж; becomes j after the glide pass
      i += 3;
      continue;
    }
    if (at(i, "sch") || at(i, "shh")) {
      u += 'S';
      i += 3;
      continue;
    }
    if (at(i, "tch") || at(i, "tsj")) {
      u += 'C';
      i += 3;
      continue;
    }
    if (at(i, "sh") || at(i, "sz") || at(i, "sj")) {
      u += 'S';
      i += 2;
      continue;
    }
    if (at(i, "ch") || at(i, "cz") || (end2 && at(i, "tj"))) {
      u += 'C';
      i += 2;
      continue;
    }
    // dj is дж only at the start (Djamila); inside a word it is дь (Gennadjewitsch).
    if (at(i, "zh") || at(i, "zj") || (i == 0 && at(i, "dj"))) {
      u += 'Z';  // ж; becomes j after the glide pass
      i += 2;
      continue;
    }
    if (at(i, "kh")) {
      u += 'h';
      i += 2;
      continue;
    }
    if (at(i, "gh")) {
      u += 'g';
      i += 2;
      continue;
    }
    if (at(i, "ph")) {
      u += 'f';
      i += 2;
      continue;
    }
    if (at(i, "th")) {
      u += 't';
      i += 2;
      continue;
    }
    if (at(i, "ck")) {
      u += 'k';
      i += 2;
      continue;
    }
    // French gu before e/i is a hard g (Guennadi, Sergueï).
    if (at(i, "gu") && i + 2 < s.size() && (s[i + 2] == 'e' || s[i + 2] == 'i')) {
      u += 'g';
      i += 2;
      continue;
    }
    // т before ж (Сейтжанов = Seitzhanov), not German tz = ц.
    if (at(i, "tzh")) {
      u += 't';
      i += 1;
      continue;
    }
    // Estonian and Czech tš (= tsh once š is sh) is ч (Tšerkessov, Dratšov), as German tsch.
    if (at(i, "tsh")) {
      u += 'C';
      i += 3;
      continue;
    }
    if (at(i, "ts") || at(i, "tc") || at(i, "tz")) {
      u += 'c';
      i += 2;
      continue;
    }
    const char c = s[i];
    const char next = i + 1 < s.size() ? s[i + 1] : 0;
    switch (c) {
      case 'x':
        u += "ks";
        break;
      case 'q':
        u += 'k';
        break;
      case 'w':
        u += 'v';
        break;
      case 'y':
        u += 'i';
        break;
      case 'c':
        // Victor, Nicolai: c before a back vowel or consonant is k; elsewhere ц (Cvetkov rare).
        u += (next == 'a' || next == 'o' || next == 'u' || next == 'l' || next == 'r' ||
              next == 'k' || next == 't')
                 ? 'k'
                 : 'c';
        break;
      default:
        u += c;
        break;
    }
    ++i;
  }

  auto collapse = [](std::string& t) {
    std::string r;
    r.reserve(t.size());
    for (char c : t)
      if (r.empty() || r.back() != c) r.push_back(c);
    t.swap(r);
  };
  // Pass 1b: j as a glide (Dutch/German/Czech spellings: Natalja, Pjotr, Zoja, Sergej,
  // Garijev); a word-initial j stays (Jomart, Jelena), so do dz/c before soft vowels.
  for (size_t i = 1; i < u.size(); ++i) {
    if (u[i] != 'j') continue;
    const char prev = u[i - 1];
    const char next = i + 1 < u.size() ? u[i + 1] : 0;
    if (next == 0 || IsVowel(next) || IsVowel(prev)) u[i] = 'i';
  }
  // Belarusian дз/ц before soft vowels are Russian д/т (Дзмітрый, Цяцерын ~ Тетерин).
  for (size_t i = 0; i + 1 < u.size(); ++i) {
    const char next = u[i + 1];
    // ц before е too (Церабаў ~ Теребов), except the -цев surname suffix (Зайцев ~ Зайцаў).
    // At the start only before е and я (Цярэшчанка ~ Терещенко; Циолковский keeps its ц).
    if (u[i] == 'c' && (next == 'i' || (next == 'e' && u.compare(i + 1, 2, "ev") != 0)) &&
        (i > 0 || next == 'e' || u.compare(i + 1, 2, "ia") == 0)) {
      u[i] = 't';
    }
    if (u[i] == 'd' && next == 'z' && i + 2 < u.size() && (u[i + 2] == 'i' || u[i + 2] == 'e')) {
      u.erase(i + 1, 1);
    }
  }
  for (char& c : u)
    if (c == 'Z') c = 'j';
  collapse(u);

  // Pass 2: glides and vowel spellings.
  std::string v;
  v.reserve(u.size());
  for (size_t i = 0; i < u.size(); ++i) {
    const char c = u[i];
    const char next = i + 1 < u.size() ? u[i + 1] : 0;
    // ya/ia/yu/ye/yo glides; kept at the start before a/u so that Yana ≠ Anna, Yuri ≠ Uri.
    // Between two a's inside a word the glide stays (Ayat/Aiat is not At, Bayazit not Bazit);
    // the final -aya of Kovalskaya folds as before.
    if (c == 'i' && next != 'i' && next != 0 && IsVowel(next) &&
        !(i == 0 && (next == 'a' || next == 'u')) &&
        !(next == 'a' && i + 2 < u.size() && !v.empty() && v.back() == 'a')) {
      continue;
    }
    if (c == 'j' && i + 1 == u.size() && i > 0 && u[i - 1] == 'i') continue;  // Jurij
    if (c == 'u' && i > 0 && (u[i - 1] == 'a' || u[i - 1] == 'e' || u[i - 1] == 'o')) {
      const std::string_view rest = std::string_view(u).substr(i + 1);
      // Belarusian ў: Bykau, Kalinouski, Uladzimirauna, Dubrouka, Pauliuchenka.
      const bool before_consonant = !rest.empty() && !IsVowel(rest[0]);
      if (rest.empty() || rest.substr(0, 2) == "sk" || rest == "na" ||
          ((u[i - 1] == 'a' || u[i - 1] == 'e') && before_consonant) || rest.substr(0, 1) == "k") {
        v += 'v';
        continue;
      }
      if (u[i - 1] == 'o') {  // French/Dutch ou = u (Tiourine, Mizoulina)
        v.back() = 'u';
        continue;
      }
    }
    // Dutch oe = u (Joenoesovitsj, Mizoelina); applied to every spelling alike.
    if (c == 'e' && !v.empty() && v.back() == 'o') {
      v.back() = 'u';
      continue;
    }
    v += c;
  }
  collapse(v);
  if (v.size() > 4 && v.compare(v.size() - 3, 3, "ine") == 0) v.pop_back();  // Levine
  if (v.empty()) v = u;
  return v;
}

std::string StemKey(std::string_view loose) {
  std::string s(loose);
  while (s.size() > 2 && IsVowel(s.back())) s.pop_back();
  // Pavel → Pavlovich, Yakov → Yakovlevich.
  if (s.size() > 3 && s.compare(s.size() - 2, 2, "el") == 0 && !IsVowel(s[s.size() - 3])) {
    s.erase(s.size() - 2, 1);
  }
  if (s.size() > 4 && s.compare(s.size() - 2, 2, "vl") == 0) s.pop_back();
  return s;
}

bool SplitPatronymic(std::string_view loose, std::string* stem, Sex* sex) {
  auto ends = [&](std::string_view suffix) {
    return loose.size() >= suffix.size() + 3 &&
           loose.compare(loose.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  struct Suffix {
    std::string_view text;
    Sex sex;
  };
  static constexpr Suffix kSuffixes[] = {
      {"oviC", Sex::kMale},   {"eviC", Sex::kMale},   {"aviC", Sex::kMale},
      {"ovic", Sex::kMale},   {"evic", Sex::kMale},   {"ovna", Sex::kFemale},
      {"evna", Sex::kFemale}, {"avna", Sex::kFemale}, {"ivna", Sex::kFemale},
      {"iCna", Sex::kFemale}, {"uli", Sex::kMale},    {"ulu", Sex::kMale},
      {"ugli", Sex::kMale},   {"ogli", Sex::kMale},   {"oglu", Sex::kMale},
      {"kizi", Sex::kFemale}, {"gizi", Sex::kFemale},
  };
  for (const auto& s : kSuffixes) {
    if (ends(s.text)) {
      std::string base(loose.substr(0, loose.size() - s.text.size()));
      // Yuriyovych/Valeriyivna (Ukrainian й before the suffix).
      if (!base.empty() && base.back() == 'i' && s.text[0] != 'i' && s.text[0] != 'u' &&
          s.text[0] != 'k' && s.text[0] != 'g') {
        base.pop_back();
      }
      *stem = StemKey(base);
      *sex = s.sex;
      return true;
    }
  }
  static constexpr std::string_view kShort[] = {"iliC", "kuzmiC", "fomiC", "lukiC", "nikitiC"};
  for (auto k : kShort) {
    if (loose == k) {
      *stem = StemKey(loose.substr(0, loose.size() - 2));
      *sex = Sex::kMale;
      return true;
    }
  }
  return false;
}

Sex SurnameSex(std::string_view loose, std::string* neutral) {
  auto ends = [&](std::string_view suffix) {
    return loose.size() >= suffix.size() + 2 &&
           loose.compare(loose.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  neutral->assign(loose);
  if (ends("ova") || ends("eva") || ends("ina") || ends("ava")) {
    neutral->pop_back();
    return Sex::kFemale;
  }
  if (ends("ska") || ends("cka")) {
    neutral->back() = 'i';
    return Sex::kFemale;
  }
  // -in is not a male signal: Kazakh surnames end in -ын/-ін for women too (Еркін, Алмақын).
  if (ends("ov") || ends("ev") || ends("av") || ends("ski") || ends("cki")) return Sex::kMale;
  return Sex::kUnknown;
}

bool IsPatronymicParticle(std::string_view loose, Sex* sex) {
  if (loose == "uli" || loose == "ulu" || loose == "ugli" || loose == "ogli" || loose == "oglu") {
    *sex = Sex::kMale;
    return true;
  }
  if (loose == "kizi" || loose == "gizi") {
    *sex = Sex::kFemale;
    return true;
  }
  return false;
}

}  // namespace aftermath::names

#include "names/normalize.h"

#include <fmt/format.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>

namespace aftermath::names {
namespace {

// Latin letters that look like Cyrillic ones, and back. Used only inside words whose majority
// is the other script: "Сергeй" (Latin e), "ФIЛОНОВ" (Latin I), "ĸ" (kra) in Belarusian text.
struct Glyph {
  char32_t latin;
  char32_t cyrillic;
};
constexpr std::array<Glyph, 28> kHomoglyphs = {{
    {U'A', U'А'}, {U'B', U'В'}, {U'C', U'С'}, {U'E', U'Е'}, {U'H', U'Н'}, {U'K', U'К'},
    {U'M', U'М'}, {U'O', U'О'}, {U'P', U'Р'}, {U'T', U'Т'}, {U'X', U'Х'}, {U'Y', U'У'},
    {U'I', U'І'}, {U'a', U'а'}, {U'c', U'с'}, {U'e', U'е'}, {U'o', U'о'}, {U'p', U'р'},
    {U'x', U'х'}, {U'y', U'у'}, {U'i', U'і'}, {U'k', U'к'}, {U'ë', U'ё'}, {U'Ë', U'Ё'},
    {U'ï', U'ї'}, {U'Ï', U'Ї'}, {U'ĸ', U'к'}, {U'm', U'м'},
}};

// The last two look alike only one way round: never produce ĸ or m from Cyrillic.
bool IsReversible(const Glyph& g) { return g.latin != U'ĸ' && g.latin != U'm'; }

char32_t ToCyrillic(char32_t c) {
  for (const auto& g : kHomoglyphs)
    if (g.latin == c) return g.cyrillic;
  return c;
}

// A letter of one script that has a look-alike in the other says nothing about the word's
// script: "ГOBOP" (Latin O, B, P) is Cyrillic because of its Г.
bool IsLookAlike(char32_t c) {
  if (c == U'Ӏ' || c == U'ӏ') return true;
  for (const auto& g : kHomoglyphs)
    if (g.latin == c || g.cyrillic == c) return true;
  return false;
}

char32_t ToLatin(char32_t c) {
  if (c == U'Ӏ' || c == U'ӏ') return U'l';  // palochka typed for l ("OӀga")
  for (const auto& g : kHomoglyphs)
    if (g.cyrillic == c && IsReversible(g)) return g.latin;
  return c;
}

bool IsApostrophe(char32_t c) {
  return c == U'\'' || c == U'’' || c == U'ʼ' || c == U'`' || c == U'´' || c == U'‘' || c == U'ʻ' ||
         c == U'ʹ';
}

bool IsHyphen(char32_t c) {
  return c == U'-' || c == U'‐' || c == U'‑' || c == U'‒' || c == U'–' || c == U'−';
}

bool IsMark(char32_t c) {
  const int8_t type = u_charType(static_cast<UChar32>(c));
  return type == U_NON_SPACING_MARK || type == U_COMBINING_SPACING_MARK || type == U_ENCLOSING_MARK;
}

// Lower-cased whitespace-delimited chunks that label a name rather than being part of it.
bool IsLabel(const std::u32string& chunk) {
  static constexpr std::u32string_view kLabels[] = {
      U"a.k.a.", U"a.k.a",   U"aka",     U"f.k.a.",     U"fka",        U"born", U"née",
      U"nee",    U"alias",   U"урожд.",  U"урожденная", U"урождённая", U"укр.", U"рус.",
      U"бел.",   U"каз.",    U"mr",      U"mr.",        U"mrs",        U"mrs.", U"ms",
      U"ms.",    U"dr.",     U"г-н",     U"г-жа",       U"jr",         U"jr.",  U"sr",
      U"sr.",    U"младший", U"старший", U"мл.",        U"ст."};
  std::u32string_view c = chunk;
  while (!c.empty() && (c.back() == U',' || c.back() == U';')) c.remove_suffix(1);
  for (auto l : kLabels)
    if (c == l) return true;
  return false;
}

Result<icu::UnicodeString> DecodeUtf8(std::string_view utf8) {
  if (utf8.size() > kMaxNameBytes) {
    return InvalidArgument(
        fmt::format("name is too long ({} bytes; at most {})", utf8.size(), kMaxNameBytes));
  }
  const auto* s = reinterpret_cast<const uint8_t*>(utf8.data());
  const int32_t n = static_cast<int32_t>(utf8.size());
  for (int32_t i = 0; i < n;) {
    const int32_t at = i;
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (c < 0) return InvalidArgument(fmt::format("invalid UTF-8 at byte {}", at));
  }
  return icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), n));
}

bool IsHanOrHangulSyllable(char32_t c) {
  UErrorCode err = U_ZERO_ERROR;
  const UScriptCode code = uscript_getScript(static_cast<UChar32>(c), &err);
  return U_SUCCESS(err) && (code == USCRIPT_HAN || (code == USCRIPT_HANGUL && c >= 0xAC00 &&
                                                    c <= 0xD7A3));
}

// Majority-script repair, case folding and removal of stress marks for one word. The majority
// counts the letters only one script has (Г, Л, Ж; S, L, G); a word of look-alikes alone goes by
// `context`, the script of such letters in the whole name, then by the plain count.
void FinishWord(std::u32string& original, Script context, std::vector<RawWord>& out) {
  int latin = 0, cyrillic = 0, lower = 0, upper = 0, letters = 0;
  int latin_own = 0, cyrillic_own = 0;  // letters without a look-alike in the other script
  for (char32_t c : original) {
    const Script s = ScriptOf(c);
    latin += s == Script::kLatin;
    cyrillic += s == Script::kCyrillic;
    if (s != Script::kUnknown) {
      ++letters;
      lower += u_islower(static_cast<UChar32>(c)) ? 1 : 0;
      upper += u_isupper(static_cast<UChar32>(c)) ? 1 : 0;
    }
  }
  if (letters == 0) {
    original.clear();
    return;
  }
  RawWord w;
  Script script = Script::kOther;
  bool cyrillic_wins = cyrillic >= latin && cyrillic > 0;
  if (latin > 0 && cyrillic > 0) {
    for (char32_t c : original) {
      const Script s = ScriptOf(c);
      if ((s != Script::kLatin && s != Script::kCyrillic) || IsLookAlike(c)) continue;
      latin_own += s == Script::kLatin;
      cyrillic_own += s == Script::kCyrillic;
    }
    if (latin_own != cyrillic_own) {
      cyrillic_wins = cyrillic_own > latin_own;
    } else if (context == Script::kCyrillic || context == Script::kLatin) {
      cyrillic_wins = context == Script::kCyrillic;
    }
  }
  if (cyrillic_wins) {
    script = Script::kCyrillic;
    if (latin > 0)
      for (char32_t& c : original) c = ToCyrillic(c);
  } else if (latin > 0) {
    script = Script::kLatin;
    if (cyrillic > 0)
      for (char32_t& c : original) c = ToLatin(c);
  }
  w.script = script;
  w.all_caps = upper >= 2 && lower == 0;
  w.has_lower = lower > 0;
  w.text.reserve(original.size());
  for (char32_t c : original) {
    // Stress accents (U+0300, U+0301) and the dot NFKC-casefold leaves after İ carry no name
    // information; other marks (й = и + breve) were composed by NFKC and stay.
    if (c == 0x300 || c == 0x301 || c == 0x307) continue;
    if (c == U'İ') {
      w.text.push_back(U'i');
      continue;
    }
    UChar32 f = u_foldCase(static_cast<UChar32>(c), U_FOLD_CASE_DEFAULT);
    if (f == U'ς') f = U'σ';
    w.text.push_back(static_cast<char32_t>(f));
  }
  original.clear();
  // Chinese and Korean names are written without a space, surname first (周大创, 노광철): the
  // first syllable is the surname, cued as in "SURNAME, Given".
  if (script == Script::kOther && w.text.size() >= 2 && w.text.size() <= 4 &&
      std::all_of(w.text.begin(), w.text.end(), IsHanOrHangulSyllable)) {
    RawWord surname = w;
    surname.text.resize(1);
    surname.comma_after = true;
    w.text.erase(0, 1);
    out.push_back(std::move(surname));
  }
  out.push_back(std::move(w));
}

}  // namespace

bool IsAbjadLetter(char32_t c) {
  if (c < 0x590) return false;
  UErrorCode err = U_ZERO_ERROR;
  const UScriptCode code = uscript_getScript(static_cast<UChar32>(c), &err);
  return U_SUCCESS(err) &&
         (code == USCRIPT_ARABIC || code == USCRIPT_HEBREW || code == USCRIPT_SYRIAC);
}

Script ScriptOf(char32_t c) {
  if (c < 0x80) {
    return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') ? Script::kLatin : Script::kUnknown;
  }
  if (!u_isalpha(static_cast<UChar32>(c))) return Script::kUnknown;
  UErrorCode err = U_ZERO_ERROR;
  const UScriptCode code = uscript_getScript(static_cast<UChar32>(c), &err);
  if (U_FAILURE(err)) return Script::kOther;
  if (code == USCRIPT_LATIN) return Script::kLatin;
  if (code == USCRIPT_CYRILLIC) return Script::kCyrillic;
  return Script::kOther;
}


Result<std::vector<RawWord>> SplitWords(std::string_view utf8) {
  ASSIGN_OR_RETURN(icu::UnicodeString decoded, DecodeUtf8(utf8));
  UErrorCode err = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(err);
  if (U_FAILURE(err)) return Internal("ICU NFKC data is unavailable");
  icu::UnicodeString normal = nfkc->normalize(decoded, err);
  if (U_FAILURE(err)) return InvalidArgument("text cannot be normalised");
  // Stress accents (Анатóлий, often typed with a Latin ó) carry no name information: decompose,
  // drop U+0300/U+0301, recompose so that й and ё stay whole.
  if (normal.indexOf(static_cast<char16_t>(0x301)) >= 0 ||
      normal.indexOf(static_cast<char16_t>(0x300)) >= 0 || normal.indexOf(u'ó') >= 0 ||
      normal.indexOf(u'á') >= 0 || normal.indexOf(u'é') >= 0 || normal.indexOf(u'Á') >= 0 ||
      normal.indexOf(u'Ó') >= 0 || normal.indexOf(u'É') >= 0) {
    const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(err);
    const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(err);
    if (U_FAILURE(err)) return Internal("ICU normalisation data is unavailable");
    icu::UnicodeString d = nfd->normalize(normal, err);
    icu::UnicodeString stripped;
    for (int32_t i = 0; i < d.length(); ++i)
      if (d[i] != 0x300 && d[i] != 0x301) stripped.append(d[i]);
    normal = nfc->normalize(stripped, err);
    if (U_FAILURE(err)) return InvalidArgument("text cannot be normalised");
  }

  std::u32string text;
  text.reserve(normal.length());
  for (int32_t i = 0; i < normal.length();) {
    const UChar32 c = normal.char32At(i);
    i += U16_LENGTH(c);
    // Invisible format characters (zero-width space and joiners, bidi controls, BOM) neither
    // separate words nor spell anything: "Ив<U+200B>ан" is Иван, not "ив" and "ан".
    if (u_charType(c) == U_FORMAT_CHAR) continue;
    text.push_back(static_cast<char32_t>(c));
  }

  // Blank out label chunks ("a.k.a.", "укр.") and everything up to a "Russian:" style label.
  size_t start = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    if (i < text.size() && !u_isUWhiteSpace(static_cast<UChar32>(text[i]))) continue;
    if (i > start) {
      std::u32string chunk;
      for (size_t k = start; k < i; ++k)
        chunk.push_back(static_cast<char32_t>(u_tolower(static_cast<UChar32>(text[k]))));
      if (IsLabel(chunk)) {
        for (size_t k = start; k < i; ++k)
          if (text[k] != U',' && text[k] != U';') text[k] = U' ';
      } else if (chunk.back() == U':') {
        std::fill(text.begin(), text.begin() + i, U' ');
      }
    }
    start = i + 1;
  }

  // The script of the letters only one script has, over the whole name: what a word made of
  // look-alikes alone ("ВOB" in "ВOB Иван") is repaired to.
  // Counted only for text holding both ASCII letters and Cyrillic ones (U+0400..U+052F).
  int latin_own = 0, cyrillic_own = 0;
  const bool mixed =
      std::any_of(text.begin(), text.end(),
                  [](char32_t c) { return c < 0x80 && ScriptOf(c) == Script::kLatin; }) &&
      std::any_of(text.begin(), text.end(), [](char32_t c) { return c >= 0x400 && c < 0x530; });
  for (char32_t c : mixed ? std::u32string_view(text) : std::u32string_view()) {
    const Script s = ScriptOf(c);
    if ((s != Script::kLatin && s != Script::kCyrillic) || IsLookAlike(c)) continue;
    latin_own += s == Script::kLatin;
    cyrillic_own += s == Script::kCyrillic;
  }
  const Script context = latin_own > cyrillic_own   ? Script::kLatin
                         : cyrillic_own > latin_own ? Script::kCyrillic
                                                    : Script::kUnknown;

  std::vector<RawWord> words;
  std::u32string current;
  int paren_depth = 0;
  std::vector<RawWord> in_parens;  // kept only when nothing is outside parentheses
  auto finish = [&](auto&& mark) {
    if (current.empty()) return;
    auto& sink = paren_depth > 0 ? in_parens : words;
    const size_t before = sink.size();
    FinishWord(current, context, sink);
    if (sink.size() > before) mark(sink.back());
  };
  auto none = [](RawWord&) {};
  for (char32_t c : text) {
    if (ScriptOf(c) != Script::kUnknown || (IsMark(c) && !current.empty())) {
      current.push_back(c);
    } else if (IsApostrophe(c) && !current.empty()) {
      continue;  // Valer'evich, O'Neil: one word
    } else if (IsHyphen(c)) {
      if (current.empty()) {
        // "К.-Ж.": the hyphen joins the abbreviation before it to the next word.
        auto& sink = paren_depth > 0 ? in_parens : words;
        if (!sink.empty() && sink.back().abbreviated) sink.back().hyphen_next = true;
      }
      finish([](RawWord& w) { w.hyphen_next = true; });
    } else if (c == U'.') {
      finish([](RawWord& w) { w.abbreviated = true; });
    } else if (c == U',' || c == U';') {
      finish(none);
      auto& sink = paren_depth > 0 ? in_parens : words;
      if (!sink.empty()) sink.back().comma_after = true;
    } else if (c == U'(' || c == U'[') {
      finish(none);
      ++paren_depth;
    } else if (c == U')' || c == U']') {
      finish(none);
      paren_depth = std::max(0, paren_depth - 1);
    } else {
      finish(none);
    }
  }
  finish(none);
  // Generational suffixes joined by a hyphen ("Примаков-младший") are not names.
  auto suffix = [](const RawWord& w) {
    return w.text == U"младший" || w.text == U"старший" || w.text == U"jr" || w.text == U"sr";
  };
  std::erase_if(words, suffix);
  std::erase_if(in_parens, suffix);
  if (words.empty()) {
    words = std::move(in_parens);
  } else {
    for (auto& w : in_parens) {
      w.alternative = true;
      words.push_back(std::move(w));
    }
  }
  if (!words.empty()) words.back().hyphen_next = false;
  if (words.size() > kMaxWords) words.resize(kMaxWords);
  return words;
}

}  // namespace aftermath::names

#include "demo/population/romanize.h"

#include "demo/population/text.h"

namespace aftermath::population {
namespace {

struct Letter {
  char32_t cyrillic;
  const char32_t* latin;
};

// Lower-case letters in the English (BGN-like) style; each system overrides a few.
constexpr Letter kBase[] = {
    {U'а', U"a"},  {U'б', U"b"},  {U'в', U"v"},    {U'г', U"g"}, {U'д', U"d"},  {U'е', U"e"},
    {U'ё', U"yo"}, {U'ж', U"zh"}, {U'з', U"z"},    {U'и', U"i"}, {U'й', U"y"},  {U'к', U"k"},
    {U'л', U"l"},  {U'м', U"m"},  {U'н', U"n"},    {U'о', U"o"}, {U'п', U"p"},  {U'р', U"r"},
    {U'с', U"s"},  {U'т', U"t"},  {U'у', U"u"},    {U'ф', U"f"}, {U'х', U"kh"}, {U'ц', U"ts"},
    {U'ч', U"ch"}, {U'ш', U"sh"}, {U'щ', U"shch"}, {U'ъ', U""},  {U'ы', U"y"},  {U'ь', U""},
    {U'э', U"e"},  {U'ю', U"yu"}, {U'я', U"ya"},   {U'ә', U"a"}, {U'ғ', U"g"},  {U'қ', U"k"},
    {U'ң', U"n"},  {U'ө', U"o"},  {U'ұ', U"u"},    {U'ү', U"u"}, {U'һ', U"h"},  {U'і', U"i"},
    {U'є', U"ye"}, {U'ї', U"yi"}, {U'ґ', U"g"},    {U'ў', U"u"},
};
constexpr Letter kIcao[] = {
    {U'ё', U"e"}, {U'й', U"i"}, {U'ю', U"iu"}, {U'я', U"ia"}, {U'ъ', U"ie"}};
constexpr Letter kKzPassport[] = {{U'ё', U"e"}, {U'й', U"i"}};
constexpr Letter kKazakh2021[] = {
    {U'ә', U"ä"},  {U'ғ', U"ğ"}, {U'ж', U"j"},  {U'й', U"i"},  {U'қ', U"q"},  {U'ң', U"ñ"},
    {U'ө', U"ö"},  {U'ұ', U"ū"}, {U'ү', U"ü"},  {U'х', U"h"},  {U'ч', U"ç"},  {U'ш', U"ş"},
    {U'щ', U"şş"}, {U'і', U"ı"}, {U'ю', U"iu"}, {U'я', U"ia"}, {U'ё', U"io"}, {U'ц', U"ts"},
};
constexpr Letter kGerman[] = {
    {U'в', U"w"},  {U'ж', U"sh"},   {U'з', U"s"},   {U'й', U"j"},       {U'х', U"ch"},
    {U'ц', U"z"},  {U'ч', U"tsch"}, {U'ш', U"sch"}, {U'щ', U"schtsch"}, {U'ю', U"ju"},
    {U'я', U"ja"}, {U'ё', U"jo"},   {U'е', U"e"},
};

template <size_t N>
const char32_t* Find(const Letter (&table)[N], char32_t c) {
  for (const Letter& l : table) {
    if (l.cyrillic == c) return l.latin;
  }
  return nullptr;
}

const char32_t* LatinFor(char32_t lower, LatinSystem system) {
  const char32_t* r = nullptr;
  switch (system) {
    case LatinSystem::kIcao:
      r = Find(kIcao, lower);
      break;
    case LatinSystem::kKzPassport:
      r = Find(kKzPassport, lower);
      break;
    case LatinSystem::kKazakh2021:
      r = Find(kKazakh2021, lower);
      break;
    case LatinSystem::kGerman:
      r = Find(kGerman, lower);
      break;
    case LatinSystem::kBgn:
      break;
  }
  return r != nullptr ? r : Find(kBase, lower);
}

bool IsCyrillicVowel(char32_t lower) {
  return std::u32string_view(U"аеёиоуыэюяәөұүіъь").find(lower) != std::u32string_view::npos;
}

}  // namespace

std::u32string Romanize(std::u32string_view word, LatinSystem system) {
  bool all_upper = word.size() > 1;
  for (char32_t c : word) {
    if (IsLetter(c) && ToUpper(c) != c) all_upper = false;
  }
  std::u32string out;
  out.reserve(word.size() + 4);
  for (size_t i = 0; i < word.size(); ++i) {
    char32_t c = word[i];
    char32_t lower = ToLower(c);
    bool upper = c != lower;
    const char32_t* latin = IsCyrillic(c) ? LatinFor(lower, system) : nullptr;
    std::u32string piece;
    if (latin == nullptr) {
      piece.push_back(lower);
    } else {
      piece = latin;
      char32_t prev = i > 0 ? ToLower(word[i - 1]) : 0;
      bool initial = i == 0 || !IsLetter(prev);
      // Е as "ye" at the start of a word or after a vowel: Yerlan, Yelena, Sergeyev.
      if (lower == U'е' && (system == LatinSystem::kBgn || system == LatinSystem::kKzPassport) &&
          (initial || (IsCyrillic(prev) && IsCyrillicVowel(prev)))) {
        piece = U"ye";
      }
      // Kazakh passports double an s between vowels: Асель → Assel, Қасым → Kassym.
      if (lower == U'с' && system == LatinSystem::kKzPassport && !initial && i + 1 < word.size() &&
          IsCyrillicVowel(prev) && IsCyrillicVowel(ToLower(word[i + 1]))) {
        piece = U"ss";
      }
      if (lower == U'с' && system == LatinSystem::kGerman && !initial && i + 1 < word.size() &&
          IsCyrillicVowel(prev) && IsCyrillicVowel(ToLower(word[i + 1]))) {
        piece = U"ss";
      }
    }
    for (size_t k = 0; k < piece.size(); ++k) {
      bool up = upper && (all_upper || k == 0);
      out.push_back(up ? ToUpper(piece[k]) : piece[k]);
    }
  }
  return out;
}

}  // namespace aftermath::population

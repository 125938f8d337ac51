#include "demo/population/morphology.h"

#include "demo/population/text.h"

namespace aftermath::population {
namespace {

bool EndsWith(std::u32string_view lower, std::u32string_view suffix) {
  return lower.size() >= suffix.size() && lower.ends_with(suffix);
}

std::u32string Lower(std::u32string_view word) {
  std::u32string out(word);
  for (char32_t& c : out) c = ToLower(c);
  return out;
}

// Replaces the last `n` letters of `word` by `with`, keeping the case style of the word.
std::u32string ReplaceEnding(std::u32string_view word, size_t n, std::u32string_view with) {
  std::u32string out(word.substr(0, word.size() - n));
  bool upper = word.size() >= 2 && ToUpper(word.back()) == word.back() &&
               ToUpper(word[word.size() - 2]) == word[word.size() - 2];
  for (char32_t c : with) out.push_back(upper ? ToUpper(c) : c);
  return out;
}

bool IsVowel(char32_t lower) {
  return std::u32string_view(U"аеёиоуыэюяәөұүі").find(lower) != std::u32string_view::npos;
}

}  // namespace

std::u32string MasculineSurname(std::u32string_view surname) {
  std::u32string l = Lower(surname);
  if (l.size() >= 5 && (EndsWith(l, U"ова") || EndsWith(l, U"ева") || EndsWith(l, U"ёва") ||
                        EndsWith(l, U"ина") || EndsWith(l, U"ына"))) {
    return std::u32string(surname.substr(0, surname.size() - 1));
  }
  if (l.size() >= 6 && (EndsWith(l, U"ская") || EndsWith(l, U"цкая"))) {
    return ReplaceEnding(surname, 2, U"ий");
  }
  if (l.size() >= 6 && EndsWith(l, U"қызы")) return ReplaceEnding(surname, 4, U"ұлы");
  if (l.size() >= 6 && EndsWith(l, U"кызы")) return ReplaceEnding(surname, 4, U"улы");
  return std::u32string(surname);
}

std::u32string GenderedSurname(std::u32string_view masculine, PersonSex sex) {
  if (sex == PersonSex::kMale) return std::u32string(masculine);
  std::u32string l = Lower(masculine);
  if (l.size() >= 4 && (EndsWith(l, U"ов") || EndsWith(l, U"ев") || EndsWith(l, U"ёв") ||
                        EndsWith(l, U"ин") || EndsWith(l, U"ын"))) {
    return ReplaceEnding(masculine, 0, U"а");
  }
  if (l.size() >= 5 && (EndsWith(l, U"ский") || EndsWith(l, U"цкий"))) {
    return ReplaceEnding(masculine, 2, U"ая");
  }
  if (l.size() >= 5 && EndsWith(l, U"ый")) return ReplaceEnding(masculine, 2, U"ая");
  if (l.size() >= 5 && EndsWith(l, U"ұлы")) return ReplaceEnding(masculine, 3, U"қызы");
  if (l.size() >= 5 && EndsWith(l, U"улы")) return ReplaceEnding(masculine, 3, U"кызы");
  return std::u32string(masculine);
}

bool SexFromPatronymic(std::u32string_view patronymic, PersonSex* sex) {
  std::u32string l = Lower(patronymic);
  if (EndsWith(l, U"вич") || EndsWith(l, U"ич") || EndsWith(l, U"ұлы") || EndsWith(l, U"улы") ||
      EndsWith(l, U"оглы") || EndsWith(l, U"уулу")) {
    *sex = PersonSex::kMale;
    return true;
  }
  if (EndsWith(l, U"вна") || EndsWith(l, U"чна") || EndsWith(l, U"қызы") || EndsWith(l, U"кызы") ||
      EndsWith(l, U"гызы")) {
    *sex = PersonSex::kFemale;
    return true;
  }
  return false;
}

bool SexFromSurname(std::u32string_view surname, PersonSex* sex) {
  std::u32string l = Lower(surname);
  if (l.size() >= 5 && (EndsWith(l, U"ова") || EndsWith(l, U"ева") || EndsWith(l, U"ёва") ||
                        EndsWith(l, U"ина") || EndsWith(l, U"ская") || EndsWith(l, U"цкая") ||
                        EndsWith(l, U"қызы") || EndsWith(l, U"кызы"))) {
    *sex = PersonSex::kFemale;
    return true;
  }
  if (l.size() >= 4 &&
      (EndsWith(l, U"ов") || EndsWith(l, U"ев") || EndsWith(l, U"ин") || EndsWith(l, U"ский") ||
       EndsWith(l, U"цкий") || EndsWith(l, U"ұлы") || EndsWith(l, U"улы"))) {
    *sex = PersonSex::kMale;
    return true;
  }
  return false;
}

std::u32string SlavicPatronymic(std::u32string_view father, PersonSex sex) {
  bool male = sex == PersonSex::kMale;
  std::u32string l = Lower(father);
  if (l.size() < 2) return std::u32string(father) + (male ? U"ович" : U"овна");
  char32_t last = l.back();
  if (EndsWith(l, U"ий")) {
    // Дмитрий → Дмитриевич after two consonants, else Юрий → Юрьевич.
    bool cluster = l.size() >= 4 && !IsVowel(l[l.size() - 3]) && !IsVowel(l[l.size() - 4]);
    return ReplaceEnding(father, 2,
                         cluster ? (male ? U"иевич" : U"иевна") : (male ? U"ьевич" : U"ьевна"));
  }
  if (last == U'й') return ReplaceEnding(father, 1, male ? U"евич" : U"евна");
  if (last == U'ь') return ReplaceEnding(father, 1, male ? U"евич" : U"евна");
  // Илья → Ильич, Никита → Никитич; other names in -а: Абдулла → Абдуллаевич.
  if (last == U'я' || l == U"никита" || l == U"фома" || l == U"кузьма" || l == U"лука") {
    return ReplaceEnding(father, 1, male ? U"ич" : U"ична");
  }
  if (last == U'а') return ReplaceEnding(father, 0, male ? U"евич" : U"евна");
  if (IsVowel(last)) return ReplaceEnding(father, 0, male ? U"евич" : U"евна");
  if (last == U'ж' || last == U'ш' || last == U'ч' || last == U'щ' || last == U'ц') {
    return ReplaceEnding(father, 0, male ? U"евич" : U"евна");
  }
  return ReplaceEnding(father, 0, male ? U"ович" : U"овна");
}

std::u32string KazakhPatronymic(std::u32string_view father, PersonSex sex) {
  return ReplaceEnding(father, 0, sex == PersonSex::kMale ? U"ұлы" : U"қызы");
}

std::u32string DropKazakhLetters(std::u32string_view word) {
  std::u32string out(word);
  for (char32_t& c : out) {
    bool upper = ToUpper(c) == c;
    char32_t l = ToLower(c);
    char32_t r = 0;
    switch (l) {
      case U'ә':
        r = U'а';
        break;
      case U'ғ':
        r = U'г';
        break;
      case U'қ':
        r = U'к';
        break;
      case U'ң':
        r = U'н';
        break;
      case U'ө':
        r = U'о';
        break;
      case U'ұ':
        r = U'у';
        break;
      case U'ү':
        r = U'у';
        break;
      case U'һ':
        r = U'х';
        break;
      case U'і':
        r = U'и';
        break;
      default:
        break;
    }
    if (r != 0) c = upper ? ToUpper(r) : r;
  }
  return out;
}

bool HasKazakhLetters(std::u32string_view word) {
  for (char32_t c : word) {
    if (std::u32string_view(U"әғқңөұүһіӘҒҚҢӨҰҮҺІ").find(c) != std::u32string_view::npos) {
      return true;
    }
  }
  return false;
}

}  // namespace aftermath::population

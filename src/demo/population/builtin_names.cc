#include "demo/population/builtin_names.h"

namespace aftermath::population {
namespace {

using K = BuiltinName::Kind;

constexpr BuiltinName kNames[] = {
    // Uzbek.
    {Group::kUzbek, K::kSurname, U"Юсупов", 10},
    {Group::kUzbek, K::kSurname, U"Каримов", 9},
    {Group::kUzbek, K::kSurname, U"Рахимов", 8},
    {Group::kUzbek, K::kSurname, U"Алиев", 8},
    {Group::kUzbek, K::kSurname, U"Абдуллаев", 7},
    {Group::kUzbek, K::kSurname, U"Турсунов", 6},
    {Group::kUzbek, K::kSurname, U"Ташпулатов", 4},
    {Group::kUzbek, K::kSurname, U"Усманов", 5},
    {Group::kUzbek, K::kSurname, U"Мирзаев", 5},
    {Group::kUzbek, K::kSurname, U"Исмаилов", 5},
    {Group::kUzbek, K::kSurname, U"Хамидов", 4},
    {Group::kUzbek, K::kSurname, U"Азимов", 4},
    {Group::kUzbek, K::kSurname, U"Эргашев", 4},
    {Group::kUzbek, K::kSurname, U"Нурматов", 3},
    {Group::kUzbek, K::kSurname, U"Холматов", 3},
    {Group::kUzbek, K::kSurname, U"Шарипов", 3},
    {Group::kUzbek, K::kMale, U"Алишер", 8},
    {Group::kUzbek, K::kMale, U"Рустам", 8},
    {Group::kUzbek, K::kMale, U"Шерзод", 6},
    {Group::kUzbek, K::kMale, U"Бахтиёр", 6},
    {Group::kUzbek, K::kMale, U"Дилшод", 5},
    {Group::kUzbek, K::kMale, U"Акмал", 5},
    {Group::kUzbek, K::kMale, U"Жасур", 4},
    {Group::kUzbek, K::kMale, U"Улугбек", 5},
    {Group::kUzbek, K::kMale, U"Фаррух", 4},
    {Group::kUzbek, K::kMale, U"Шухрат", 4},
    {Group::kUzbek, K::kMale, U"Абдулла", 4},
    {Group::kUzbek, K::kMale, U"Отабек", 4},
    {Group::kUzbek, K::kFemale, U"Дилноза", 7},
    {Group::kUzbek, K::kFemale, U"Нодира", 6},
    {Group::kUzbek, K::kFemale, U"Гулнора", 6},
    {Group::kUzbek, K::kFemale, U"Шахноза", 5},
    {Group::kUzbek, K::kFemale, U"Феруза", 5},
    {Group::kUzbek, K::kFemale, U"Мохира", 4},
    {Group::kUzbek, K::kFemale, U"Зулфия", 4},
    {Group::kUzbek, K::kFemale, U"Малика", 5},
    {Group::kUzbek, K::kFemale, U"Севара", 4},
    // Uyghur.
    {Group::kUyghur, K::kSurname, U"Исмаилов", 6},
    {Group::kUyghur, K::kSurname, U"Масимов", 5},
    {Group::kUyghur, K::kSurname, U"Турсунов", 5},
    {Group::kUyghur, K::kSurname, U"Хамраев", 4},
    {Group::kUyghur, K::kSurname, U"Мамутов", 4},
    {Group::kUyghur, K::kSurname, U"Касымов", 4},
    {Group::kUyghur, K::kSurname, U"Абдуллаев", 4},
    {Group::kUyghur, K::kSurname, U"Розиев", 3},
    {Group::kUyghur, K::kSurname, U"Садыров", 3},
    {Group::kUyghur, K::kSurname, U"Нурахунов", 3},
    {Group::kUyghur, K::kSurname, U"Юнусов", 3},
    {Group::kUyghur, K::kSurname, U"Ахметжанов", 3},
    {Group::kUyghur, K::kMale, U"Ильшат", 5},
    {Group::kUyghur, K::kMale, U"Дильшат", 5},
    {Group::kUyghur, K::kMale, U"Алим", 4},
    {Group::kUyghur, K::kMale, U"Шухрат", 4},
    {Group::kUyghur, K::kMale, U"Мурат", 4},
    {Group::kUyghur, K::kMale, U"Ахмеджан", 3},
    {Group::kUyghur, K::kMale, U"Нурмухаммед", 3},
    {Group::kUyghur, K::kMale, U"Ильяр", 3},
    {Group::kUyghur, K::kMale, U"Абдулла", 3},
    {Group::kUyghur, K::kMale, U"Рашид", 3},
    {Group::kUyghur, K::kFemale, U"Гульнара", 5},
    {Group::kUyghur, K::kFemale, U"Дильнара", 4},
    {Group::kUyghur, K::kFemale, U"Патигуль", 3},
    {Group::kUyghur, K::kFemale, U"Рамиля", 3},
    {Group::kUyghur, K::kFemale, U"Мадина", 4},
    {Group::kUyghur, K::kFemale, U"Зухра", 3},
    {Group::kUyghur, K::kFemale, U"Аминам", 2},
    {Group::kUyghur, K::kFemale, U"Шахида", 2},
    // Tatar, added to the few Tatars of the Memorial list.
    {Group::kTatar, K::kSurname, U"Галиев", 5},
    {Group::kTatar, K::kSurname, U"Хабибуллин", 5},
    {Group::kTatar, K::kSurname, U"Сафин", 4},
    {Group::kTatar, K::kSurname, U"Ахмадуллин", 3},
    {Group::kTatar, K::kSurname, U"Зарипов", 4},
    {Group::kTatar, K::kSurname, U"Валиев", 4},
    {Group::kTatar, K::kSurname, U"Гарипов", 3},
    {Group::kTatar, K::kSurname, U"Шарафутдинов", 3},
    {Group::kTatar, K::kSurname, U"Файзуллин", 3},
    {Group::kTatar, K::kSurname, U"Нуриев", 3},
    {Group::kTatar, K::kMale, U"Ринат", 6},
    {Group::kTatar, K::kMale, U"Рустем", 5},
    {Group::kTatar, K::kMale, U"Ильдар", 5},
    {Group::kTatar, K::kMale, U"Равиль", 4},
    {Group::kTatar, K::kMale, U"Айдар", 4},
    {Group::kTatar, K::kMale, U"Марат", 4},
    {Group::kTatar, K::kMale, U"Рамиль", 4},
    {Group::kTatar, K::kMale, U"Ильнур", 3},
    {Group::kTatar, K::kFemale, U"Гульнара", 5},
    {Group::kTatar, K::kFemale, U"Альфия", 4},
    {Group::kTatar, K::kFemale, U"Лейсан", 4},
    {Group::kTatar, K::kFemale, U"Эльмира", 4},
    {Group::kTatar, K::kFemale, U"Резеда", 3},
    {Group::kTatar, K::kFemale, U"Диляра", 4},
    {Group::kTatar, K::kFemale, U"Алсу", 3},
    {Group::kTatar, K::kFemale, U"Гузель", 4},
};

struct NationalGroup {
  std::u32string_view surname;
  Group group;
};

constexpr NationalGroup kNationalGroups[] = {
    {U"Ким", Group::kKorean},           {U"Ли", Group::kKorean},
    {U"Цой", Group::kKorean},           {U"Иванов", Group::kRussian},
    {U"Кузнецов", Group::kRussian},     {U"Попов", Group::kRussian},
    {U"Бондаренко", Group::kUkrainian}, {U"Алиев", Group::kUzbek},
    {U"Юсупов", Group::kUzbek},         {U"Каримов", Group::kUzbek},
    {U"Абдуллаев", Group::kUzbek},      {U"Исмаилов", Group::kUyghur},
    {U"Ибрагимов", Group::kTatar},
};

}  // namespace

std::span<const BuiltinName> BuiltinNames() { return kNames; }

Group GroupOfNationalSurname(std::u32string_view surname) {
  for (const auto& n : kNationalGroups) {
    if (n.surname == surname) return n.group;
  }
  return Group::kKazakh;
}

}  // namespace aftermath::population

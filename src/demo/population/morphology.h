// The grammar of names the generator needs: gendered surname endings, patronymics built from a
// father's given name, and Kazakh letters lost when a name is typed on a Russian keyboard.
// All functions take and return Title-case Cyrillic words.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace aftermath::population {

enum class PersonSex : uint8_t { kMale, kFemale };

// The masculine (or sex-neutral) form: Иванова → Иванов, Вишневская → Вишневский,
// Сапарқызы → Сапарұлы; other surnames unchanged.
std::u32string MasculineSurname(std::u32string_view surname);
// The form for `sex` of a masculine surname: Иванов → Иванова, Ержанұлы → Ержанқызы;
// surnames without a gendered ending (Ким, Шевченко, Серікбай, Шмидт) unchanged.
std::u32string GenderedSurname(std::u32string_view masculine, PersonSex sex);

// Sex signalled by a patronymic (-ович/-ұлы/-улы; -овна/-ична/-қызы/-кызы) or a surname ending
// (-ова/-ина/-ская; -ов/-ин/-ский). False when the word says nothing.
bool SexFromPatronymic(std::u32string_view patronymic, PersonSex* sex);
bool SexFromSurname(std::u32string_view surname, PersonSex* sex);

// Russian-style patronymic: Марат → Маратович/Маратовна, Сергей → Сергеевич, Юрий → Юрьевич,
// Игорь → Игоревич, Никита → Никитич/Никитична, Абдулла → Абдуллаевич.
std::u32string SlavicPatronymic(std::u32string_view father, PersonSex sex);
// Kazakh patronymic: Марат → Маратұлы/Маратқызы.
std::u32string KazakhPatronymic(std::u32string_view father, PersonSex sex);

// Kazakh letters replaced by the nearest Russian ones (Жұмабекұлы → Жумабекулы, Әсел → Асел).
std::u32string DropKazakhLetters(std::u32string_view word);
bool HasKazakhLetters(std::u32string_view word);

}  // namespace aftermath::population

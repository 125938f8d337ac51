// Stage 2: words to canonical Latin (ASCII) with the team's own tables, and the loose key that
// folds the spellings people actually use. ICU's transforms are not used on purpose: Any-Latin
// leaves Ә Ң Ө Ұ Ү Һ untouched and Kazakh-Latin/BGN turns Й into "ī̆".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "names/types.h"

namespace aftermath::names {

// Guesses the language of the Cyrillic words of one name from its letters (і ї є ґ ў ә ң ...).
CyrillicLanguage DetectLanguage(const std::vector<std::u32string>& words);

// Canonical Latin form: Cyrillic by the language's table (Russian BGN-like, Ukrainian 2010,
// Belarusian, Kazakh passport style), Latin with diacritics folded (ş→sh, ä→a, ı→i),
// lower-case ASCII. Letters of other scripts go through ICU's Any-Latin (Greek, Arabic, Hebrew,
// Han as pinyin, Hangul, ...) and are then folded the same way.
// kKazakh2021: the name uses the Kazakh/Turkish Latin letters (ş ç ğ ı ū ä ñ), so a plain
// "sh"/"ch" is s+х/c+х (Şyngyshan = Шыңғысхан), written "skh"/"ckh" canonically, and j is ж.
// kKazakh2021Q: its only such letter is a q (Qairat, Toqaev). English spellings of Arabic
// names write q too (Faruq, Shafiq), and there "sh" is ш, so only a word holding the q reads
// s+х (Ishaq = Исхак); j is ж throughout.
enum class LatinStyle : uint8_t { kDefault, kKazakh2021Q, kKazakh2021 };
std::string ToCanonicalLatin(std::u32string_view word, CyrillicLanguage language,
                             LatinStyle style = LatinStyle::kDefault);

// Loads ICU's tables for the other scripts ToCanonicalLatin meets (Han-Latin alone takes about
// 0.2 s, once a process). Optional: without it the first such word in a process pays that, so
// a server may call it at start to keep every query fast. Thread-safe.
void PrepareOtherScripts();

// The style a Latin word's letters call for: kKazakh2021 for the Kazakh 2021 / Turkish letters,
// kKazakh2021Q for a q not before u, kDefault otherwise.
LatinStyle LatinStyleOf(std::u32string_view word);

// Loose key of a canonical Latin word: kh/h/x, zh/j/dzh, q/k, gh/g, ts/tc/c, shch/sch/sh,
// ye/ie/e, yu/iu/u, ya/ia/a, -iy/-ii/-y, Belarusian -au/-ou, doubled letters folded.
// Output alphabet: a-z plus 'S' (sh, shch) and 'C' (ch).
// kStoredAddress leaves out the rules added after the damage register began storing address
// keys folded by it (recovery_objects.address_key): a change to that fold would leave the stored
// keys apart from new ones, and a duplicate claim unseen, unless the rows were re-keyed.
enum class LooseFold : uint8_t { kName, kStoredAddress };
std::string LooseKey(std::string_view latin, LooseFold fold = LooseFold::kName);

// The loose key without trailing vowels: the common stem of a given name and the patronymic
// built from it (Sergey / Sergeevich, Nikolai / Nikolaevich, Ilya / Ilyich).
std::string StemKey(std::string_view loose);

// Kazakh/Turkic patronymic suffix (-uly, -kyzy, -ogly; on the canonical Latin, where a doubled
// consonant before -kyzy is still visible: Serikkyzy → serik): the stem and sex, or false.
bool SplitTurkicPatronymic(std::string_view latin, std::string* stem, Sex* sex);

// Patronymic suffix (on a loose key): the father's-name stem and the sex, or false.
bool SplitPatronymic(std::string_view loose, std::string* stem, Sex* sex);

// Gendered surname ending (on a loose key): the sex it signals and the sex-neutral form
// (ivanova → ivanov, kovalska → kovalski).
Sex SurnameSex(std::string_view loose, std::string* neutral);

// True when the loose key is a separate Kazakh patronymic word ("uly", "kyzy", "ұлы").
bool IsPatronymicParticle(std::string_view loose, Sex* sex);

}  // namespace aftermath::names

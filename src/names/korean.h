// Korean names written in Hangul against their Latin (and Cyrillic) spellings. Korean
// romanizations differ in nearly every letter (김영복: Kim Yong Bok, Gim Yeong-bok, Kim Young-bok;
// 박: Park, Pak, Bak; 이: Lee, Yi, Ri, I; 최: Choi, Choe, Tsoy), so a straight romanization meets
// only one of them. A Hangul word is romanized syllable by syllable (the Unicode decomposition
// into initial, vowel and final jamo); against a word of another script both are folded to one
// key per syllable (g/k, d/t, b/p, j/ch merged at the start; eo/o/u/eu, ae/e, yeo/yo/yu folded;
// the initial-sound law: r and n before i and y dropped, r elsewhere n), the Latin word read in
// every way it splits into Korean syllables. Only pairs with a Hangul word are folded: Latin and
// Cyrillic names never meet each other this way.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace aftermath::names {

// The canonical Latin form of a run of Hangul syllables (U+AC00..U+D7A3), in the style North
// Korean names are written in Latin letters (McCune–Reischauer without diacritics: 김영복 →
// kim yong bok, 리 → ri, 정은 → jong un), each syllable preceded by '-': "-kim", "-yong-bok".
// The '-' marks a word written in Hangul for the comparison (LooseKey drops it). Characters
// outside the syllable block are skipped.
std::string RomanizeHangul(std::u32string_view run);

// True when `latin` is a canonical Latin form made by RomanizeHangul.
inline bool IsHangulLatin(std::string_view latin) { return !latin.empty() && latin[0] == '-'; }

// The Korean key of each way `latin` (lower-case a-z; other characters are skipped) reads as
// Korean syllables, at most `limit` of them; empty when it reads as none. For a Hangul form
// (IsHangulLatin) exactly one key. Surnames whose spellings follow no rule (Lee, Park, Choi,
// Tsoy, Rhee) have a table.
std::vector<std::string> KoreanKeys(std::string_view latin, size_t limit = 16);

// Similarity in [0, 0.95] of a word written in Hangul (`hangul`, a RomanizeHangul form) and a
// word of another script (its canonical Latin form): 0.95 when some reading of `other` has the
// Hangul word's Korean key, less by KeySimilarity of the keys otherwise; negative when
// `other` reads as no Korean syllables (then nothing is known).
float KoreanSimilarity(std::string_view hangul, std::string_view other);

// Loose keys of the other usual spellings of the Hangul syllables in `text` (UTF-8; a token's
// `text`): Revised Romanization and South Korean usage (김 → gim; 영복 → eongbok, ungbok),
// the table's surname spellings (이 → le, i, li, rhe), and each syllable of a longer word alone
// (영복 → iong, eong, ung, bok), for an index to file the word under the keys its Latin
// spellings have. Excludes the key of the word's own canonical form; empty without Hangul.
std::vector<std::string> KoreanSpellingKeys(std::string_view text);

}  // namespace aftermath::names

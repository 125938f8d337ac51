// Similarity of two loose keys: a weighted edit distance where the substitutions that
// transliteration and dialect produce (a/o, e/i, g/h, c/k, v/u, ...) are cheap.
#pragma once

#include <cstddef>
#include <string_view>

#include "names/types.h"

namespace aftermath::names {

// Weighted edit distance between loose keys (keys longer than 40 units are truncated). Stops
// early and returns a value above `limit` once the distance is sure to exceed it.
float WeightedDistance(std::string_view a, std::string_view b, float limit = 1e9f);

// The similarity functions below take a `floor`: a result below it may come back as 0, which
// spares most of the work on words that have little in common (a comparison of two names never
// aligns words below about 0.55). At or above the floor the result is exact.

// 1 - distance / length of the longer key, in [0, 1]; 1 means equal keys.
float KeySimilarity(std::string_view a, std::string_view b, float floor = 0.f);

// Similarity of two surnames (gender-neutral loose keys) weighted on their distinctive stems: a
// common surname-forming ending both share (-baev, -bekov, -enko, -ov, ...) counts for half its
// length, so Bekturbaev ~ Muhtarbaev is about as far apart as bektur ~ muhtar. Never above
// KeySimilarity.
float SurnameSimilarity(std::string_view a, std::string_view b, float floor = 0.f);

// Length of the longest common surname-forming ending both keys end with (0 when none), leaving
// at least three letters of stem on each.
size_t SharedSurnameEnding(std::string_view a, std::string_view b);

// A loose key without the nominative ending Lithuanian and Latvian passports add (Safinas,
// Nikolajus, Kovaliovas, Nikolajs); the key itself when it has none or is shorter than 5.
std::string_view WithoutBalticEnding(std::string_view loose);

// Similarity of a word written in an abjad (Arabic, Hebrew: short vowels unwritten) to a word
// of another script, on their consonants: vowels and glides dropped from both, sh and ch spelt
// out, doubled letters merged, a final h dropped (حمید ~ Hamid, خوري ~ Khoury, مدلل ~ Mudalal).
// The abjad's v may also be a long vowel (waw), and a leading al the article (الحسن ~ Hasan).
// 0.9 times the consonants' KeySimilarity: equal consonants agree as a near spelling does,
// never as an equal word. 0 when either side has fewer than two consonants.
float AbjadSimilarity(std::string_view abjad, std::string_view other, float floor = 0.f);

// False when the long vowels of an abjad word (its loose key: the alef, waw and yeh the script
// writes between consonants) and of a word of another script (its canonical Latin form, where
// long vowels still show as ou, oo, ee, ei) disagree: حسین (hsin) is not Hassan, محمود (mhmvd)
// not Muhammad, محمد (mhmd) not Mahmoud, while short vowels, which the script leaves out, may
// be anything. An alef before l (the article: عبدالله Abdullah) and the vowels before the first
// and after the last consonant are not compared; neither are words whose consonants do not
// pair one to one. True when nothing disagrees.
bool LongVowelsAgree(std::string_view abjad_loose, std::string_view other_latin);

// An abjad word's loose key without a leading Arabic article (alhsn → hsn); the key itself when
// it has none or is shorter than 5.
std::string_view WithoutArticle(std::string_view loose);
// The Arabic article as Latin spellings write it as a word of its own between two parts of one
// name (Abd al-Rahman, Nur ud-Din, Abd ar-Rashid, Abd el-Aziz): a loose key.
bool IsArticleWord(std::string_view loose);
// Three words of a name that may be one word of another spelling, the middle one the article
// (Abd al-Rahman ~ عبدالرحمن): the outer two written out (not initials, not in an abjad, not a
// patronymic, of 2 and 3 letters at least). The comparison joins them (compare.cc) and the index
// files them under the three's skeleton (index/skeleton.cc) on this one test.
bool CanJoinAroundArticle(const NameToken& first, const NameToken& article, const NameToken& last);

// As KeySimilarity, but `prefix` only has to match the start of `full` (search-as-you-type).
float PrefixSimilarity(std::string_view prefix, std::string_view full, float floor = 0.f);

}  // namespace aftermath::names

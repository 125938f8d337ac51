// Value types shared by the stages of the name engine: a parsed name and its tokens.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace aftermath::names {

// Writing system of one token after homoglyph repair.
enum class Script : uint8_t { kUnknown, kLatin, kCyrillic, kOther };

// Language of a Cyrillic name, guessed from its letters; decides how и, г, е are transliterated.
enum class CyrillicLanguage : uint8_t { kRussian, kUkrainian, kBelarusian, kKazakh };

// What a token is in a full name. An initial has the role of the word it abbreviates
// (NameToken::is_initial says it is one).
enum class Role : uint8_t { kUnknown, kSurname, kGiven, kPatronymic };

// Sex signalled by a name (patronymic, gendered surname ending, given-name table).
enum class Sex : uint8_t { kUnknown, kMale, kFemale };

// Search-as-you-type: treat the last word of a query as a prefix of the stored word.
enum class PrefixMode : uint8_t { kWholeWords, kLastTokenIsPrefix };

// A query's second readings (keys of words split by a space, the other keyboard layout's
// reading of a name implausible as typed), scored below what was written. Stored names are
// parsed as written: they pay nothing.
enum class QueryForms : uint8_t { kAsWritten, kWithSecondReadings };

std::string_view ScriptName(Script script);
std::string_view RoleName(Role role);
std::string_view SexName(Sex sex);

// One word of a name. Keys are ASCII; `text` is the normalised original (UTF-8).
struct NameToken {
  std::string text;   // NFKC, case-folded, homoglyphs repaired: "жомарт"
  std::string latin;  // canonical Latin transliteration: "zhomart"; a Hangul word's has
                      // each syllable marked by '-' ("-yong-bok", see korean.h)
  std::string loose;  // loose key folding common spellings: "jomart"
  std::string stem;   // role-specific comparison key: surname without its gender ending,
                      // patronymic without its suffix (the father's name), else = loose
  Script script = Script::kUnknown;
  Role role = Role::kUnknown;
  Sex sex = Sex::kUnknown;   // sex this token signals on its own
  bool is_initial = false;   // "K." or a single letter; role says what it abbreviates
  bool alternative = false;  // written in parentheses: a former surname or a nickname
  bool inflected = false;  // a case ending was removed (Назарбаевтың → Назарбаев)
  bool is_prefix = false;        // PrefixMode::kLastTokenIsPrefix on the last token
  bool abjad = false;            // Arabic or Hebrew script: short vowels are not written
  bool all_caps = false;         // written in capitals while others were not: a surname cue
  bool hyphen_next = false;      // joined to the next token by a hyphen ("Kassym-Jomart")
  float rarity = 0.5f;           // 0 = very common, 1 = very rare (from the frequency table)
  std::vector<uint16_t> groups;  // given-name equivalence groups (given names, patronymic stems)
};

// A full name split into tokens with roles; produced by NameEngine::Parse.
struct ParsedName {
  std::string input;
  std::vector<NameToken> tokens;
  Sex sex = Sex::kUnknown;
  bool sex_from_given_only = false;  // sex known only from the given-name table (weaker)
  CyrillicLanguage language = CyrillicLanguage::kRussian;  // when any token is Cyrillic
  bool surname_first = false;  // order guess used for roles ("Иванов Иван Иванович")
  // Parsed with QueryForms::kWithSecondReadings: the keys include words joined across a space.
  bool second_readings = false;
  // The name as the same keys read on the other keyboard layout ("Njrftd" -> "Токаев"), set by
  // NameEngine::Parse with QueryForms::kWithSecondReadings when the letters are implausible as
  // typed and plausible so read; shared, immutable.
  std::shared_ptr<const ParsedName> other_layout;

  bool empty() const { return tokens.empty(); }
};

// True when a full word may be a piece of a word split by a space ("Влади мир", "ПУ ТИН"): at
// most three letters, or at most five and not a given name the tables know. Two known names
// ("Иван Петров") are never read as one word.
bool IsWordPiece(const NameToken& t);

}  // namespace aftermath::names

// A name typed on the wrong keyboard layout: "Njrftd" is Токаев typed with the Latin layout on,
// "Ыукпун" is Sergey typed with the Cyrillic one. The engine reads such a query the other way
// as well (ParseOptions::forms), when the letters are implausible as typed and plausible as
// read on the other layout; the other reading scores below a real one (see CompareParsed).
#pragma once

#include <array>
#include <bitset>
#include <string>
#include <string_view>
#include <vector>

#include "names/types.h"

namespace aftermath::names {

// The text as the same keys would have typed it on the other layout: `from` kLatin reads
// QWERTY keys as ЙЦУКЕН ones (the Kazakh letters on the number row: 2 ә, 3 і, 4 ң, 5 ғ, 8 ү,
// 9 ұ, 0 қ, = һ, a '-' opening a word ө), kCyrillic reads ЙЦУКЕН keys as QWERTY. Returns an
// empty string when some letter has no Latin letter on the other layout (х, ж, ә: not a Latin
// name typed on ЙЦУКЕН) or `from` is neither script.
std::string OtherLayoutText(std::string_view utf8, Script from);

// Which letter pairs occur in names, per script, learnt from the engine's own tables: a word
// with several pairs no name has ("Njrftd": nj, jr, rf, ft, td) is implausible as typed.
// Immutable after construction; thread-safe to read.
class LetterPairs {
 public:
  // Learns from words (case-folded Cyrillic or Latin letters; other letters are ignored).
  void Learn(std::u32string_view word);

  // Pairs of `word` (with its start and end) never seen in a learnt word of the same script;
  // letters the model has no slot for count as seen.
  int Unseen(std::u32string_view word) const;

  // Unseen() summed over the full words of a name (initials and other scripts left out).
  int Unseen(const ParsedName& name) const;

 private:
  static constexpr int kSlots = 80;  // 0: a word boundary; Latin a-z; Cyrillic а-я and more
  static int Slot(char32_t c);
  std::bitset<kSlots * kSlots> seen_;
};

}  // namespace aftermath::names

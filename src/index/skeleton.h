// A surname's consonant skeleton: the loose key without vowels, j and doubled letters, with
// g/h and c/t folded together. It files the Russian, Belarusian and Ukrainian forms of one
// surname under one key (Romanov/Ramanau → rmnv, Gerasimov/Herasimau → hrsmv,
// Teterin/Tsiatseryn → ttrn), which a typo lookup of one or two edits does not reach; the name
// engine then decides on the candidates it brings.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "names/types.h"

namespace aftermath::index {

// The skeleton of an ASCII loose key, or "" when it has fewer than 3 letters left.
std::string Skeleton(std::string_view loose);

// A feminine surname's form before a Czech or Slovak -ová when it is a Russian surname's
// (rodninova → rodnin, ivanovova → ivanov: Rodnina's and Ivanova's stems); "" otherwise.
std::string_view CzechFeminineBase(std::string_view loose);

// The skeleton keys ("k:rmnv") of a name's full-word surnames (and words of unknown role or
// written in an abjad: عبدلله → k:bdlh, as Abdollah), and
// of its patronymics' stems ("q:vhn": Yevhenovych, Evgenevich and Yaugenavich share it); and a
// surname's CzechFeminineBase as a stem ("s:rodnin"); and of two words joined by a hyphen,
// together (Abdul-Hakim → k:bdlhkm, as عبدالحکیم).
void AddSkeletonKeys(const names::ParsedName& name, std::vector<std::string>& keys);

// The loose keys of the i-th and next word together when a hyphen joins them (neither an
// initial, a prefix or a patronymic): "abdulhakim" for Abdul-Hakim.
std::optional<std::string> HyphenJoined(const names::ParsedName& name, size_t i);

// The loose keys of the i-th word, the Arabic article after it and the word after that
// together: "abdalrahman" for Abd al-Rahman, one word in the Arabic script (عبدالرحمن).
std::optional<std::string> JoinedAroundArticle(const names::ParsedName& name, size_t i);

}  // namespace aftermath::index

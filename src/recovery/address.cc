#include "recovery/address.h"

#include <unicode/uchar.h>

#include <algorithm>
#include <optional>
#include <vector>

#include "model/validate.h"
#include "names/normalize.h"
#include "names/transliterate.h"
#include "recovery/text.h"

namespace aftermath::recovery {
namespace {

constexpr size_t kMaxAddressBytes = 500;

// What a word of an address is, when it is not part of a name.
enum class Marker {
  kNone,
  kStreetType,     // ул., көшесі, ave, пр-т, даңғылы, мкр: dropped
  kMicrodistrict,  // мкр, шағын ауданы: its number ("мкр 5") is the street's name
  kHouse,          // д., дом, house: the number after it
  kHouseAfter,     // үй (Kazakh): the number before it
  kFlat,           // кв., apt, офис, бутик: the number after it
  kFlatAfter,      // пәтер, кеңсе (Kazakh): the number before it
  kBuildingPart,   // корпус, блок: "/" and the number after it, on the house
  kLocality,       // г., город, село: the words after it name the town
  kLocalityAfter,  // қ., қаласы, city: the words before it name the town
  kRegion,         // обл., район, ауданы: the part of the address it is in is dropped
};

struct MarkerWord {
  std::u32string_view word;
  Marker marker;
};

// Lower-case, without dots. Russian, Kazakh, and their Latin spellings in use.
constexpr MarkerWord kMarkers[] = {
    {U"ул", Marker::kStreetType},
    {U"улица", Marker::kStreetType},
    {U"көшесі", Marker::kStreetType},
    {U"көше", Marker::kStreetType},
    {U"кошеси", Marker::kStreetType},
    {U"к-сі", Marker::kStreetType},
    {U"st", Marker::kStreetType},
    {U"str", Marker::kStreetType},
    {U"street", Marker::kStreetType},
    {U"ulitsa", Marker::kStreetType},
    {U"ul", Marker::kStreetType},
    {U"koshesi", Marker::kStreetType},
    {U"köşesi", Marker::kStreetType},
    {U"kosesi", Marker::kStreetType},
    {U"пр", Marker::kStreetType},
    {U"пр-т", Marker::kStreetType},
    {U"прт", Marker::kStreetType},
    {U"просп", Marker::kStreetType},
    {U"проспект", Marker::kStreetType},
    {U"даңғылы", Marker::kStreetType},
    {U"даңғ", Marker::kStreetType},
    {U"дангылы", Marker::kStreetType},
    {U"ave", Marker::kStreetType},
    {U"av", Marker::kStreetType},
    {U"avenue", Marker::kStreetType},
    {U"prospekt", Marker::kStreetType},
    {U"pr", Marker::kStreetType},
    {U"prosp", Marker::kStreetType},
    {U"dangyly", Marker::kStreetType},
    {U"dańǵyly", Marker::kStreetType},
    {U"bulvar", Marker::kStreetType},
    {U"бульвар", Marker::kStreetType},
    {U"бул", Marker::kStreetType},
    {U"б-р", Marker::kStreetType},
    {U"blvd", Marker::kStreetType},
    {U"boulevard", Marker::kStreetType},
    {U"переулок", Marker::kStreetType},
    {U"пер", Marker::kStreetType},
    {U"тұйық", Marker::kStreetType},
    {U"тұйығы", Marker::kStreetType},
    {U"lane", Marker::kStreetType},
    {U"pereulok", Marker::kStreetType},
    {U"per", Marker::kStreetType},
    {U"площадь", Marker::kStreetType},
    {U"пл", Marker::kStreetType},
    {U"алаңы", Marker::kStreetType},
    {U"square", Marker::kStreetType},
    {U"sq", Marker::kStreetType},
    {U"шоссе", Marker::kStreetType},
    {U"highway", Marker::kStreetType},
    {U"shosse", Marker::kStreetType},
    {U"набережная", Marker::kStreetType},
    {U"наб", Marker::kStreetType},
    {U"тракт", Marker::kStreetType},
    {U"trakt", Marker::kStreetType},
    {U"road", Marker::kStreetType},
    {U"rd", Marker::kStreetType},
    {U"жк", Marker::kStreetType},
    {U"zhk", Marker::kStreetType},
    {U"мкр", Marker::kMicrodistrict},
    {U"мкрн", Marker::kMicrodistrict},
    {U"микрорайон", Marker::kMicrodistrict},
    {U"м-н", Marker::kMicrodistrict},
    {U"mkr", Marker::kMicrodistrict},
    {U"mkrn", Marker::kMicrodistrict},
    {U"microdistrict", Marker::kMicrodistrict},
    {U"mikrorayon", Marker::kMicrodistrict},
    {U"md", Marker::kMicrodistrict},
    {U"шағын", Marker::kMicrodistrict},
    {U"shagyn", Marker::kMicrodistrict},
    {U"ша", Marker::kMicrodistrict},
    {U"д", Marker::kHouse},
    {U"дом", Marker::kHouse},
    {U"h", Marker::kHouse},
    {U"house", Marker::kHouse},
    {U"bldg", Marker::kHouse},
    {U"building", Marker::kHouse},
    {U"здание", Marker::kHouse},
    {U"зд", Marker::kHouse},
    {U"no", Marker::kHouse},
    {U"№", Marker::kHouse},
    {U"dom", Marker::kHouse},
    {U"ғимарат", Marker::kHouseAfter},
    {U"үй", Marker::kHouseAfter},
    {U"уй", Marker::kHouseAfter},
    {U"uy", Marker::kHouseAfter},
    {U"ui", Marker::kHouseAfter},
    {U"кв", Marker::kFlat},
    {U"квартира", Marker::kFlat},
    {U"apt", Marker::kFlat},
    {U"apartment", Marker::kFlat},
    {U"flat", Marker::kFlat},
    {U"fl", Marker::kFlat},
    {U"kv", Marker::kFlat},
    {U"оф", Marker::kFlat},
    {U"офис", Marker::kFlat},
    {U"office", Marker::kFlat},
    {U"of", Marker::kFlat},
    {U"ofis", Marker::kFlat},
    {U"помещение", Marker::kFlat},
    {U"пом", Marker::kFlat},
    {U"бутик", Marker::kFlat},
    {U"butik", Marker::kFlat},
    {U"boutique", Marker::kFlat},
    {U"павильон", Marker::kFlat},
    {U"unit", Marker::kFlat},
    {U"room", Marker::kFlat},
    {U"каб", Marker::kFlat},
    {U"кабинет", Marker::kFlat},
    {U"shop", Marker::kFlat},
    {U"пәтер", Marker::kFlatAfter},
    {U"патер", Marker::kFlatAfter},
    {U"pater", Marker::kFlatAfter},
    {U"кеңсе", Marker::kFlatAfter},
    {U"корпус", Marker::kBuildingPart},
    {U"корп", Marker::kBuildingPart},
    {U"к", Marker::kBuildingPart},
    {U"блок", Marker::kBuildingPart},
    {U"block", Marker::kBuildingPart},
    {U"korpus", Marker::kBuildingPart},
    {U"блогы", Marker::kBuildingPart},
    {U"г", Marker::kLocality},
    {U"город", Marker::kLocality},
    {U"гор", Marker::kLocality},
    {U"с", Marker::kLocality},
    {U"село", Marker::kLocality},
    {U"пос", Marker::kLocality},
    {U"поселок", Marker::kLocality},
    {U"посёлок", Marker::kLocality},
    {U"п", Marker::kLocality},
    {U"g", Marker::kLocality},
    {U"qala", Marker::kLocality},
    {U"қ", Marker::kLocalityAfter},
    {U"қаласы", Marker::kLocalityAfter},
    {U"каласы", Marker::kLocalityAfter},
    {U"kalasy", Marker::kLocalityAfter},
    {U"qalasy", Marker::kLocalityAfter},
    {U"city", Marker::kLocalityAfter},
    {U"town", Marker::kLocalityAfter},
    {U"village", Marker::kLocalityAfter},
    {U"ауылы", Marker::kLocalityAfter},
    {U"auyly", Marker::kLocalityAfter},
    {U"обл", Marker::kRegion},
    {U"область", Marker::kRegion},
    {U"облысы", Marker::kRegion},
    {U"oblast", Marker::kRegion},
    {U"oblysy", Marker::kRegion},
    {U"region", Marker::kRegion},
    {U"р-н", Marker::kRegion},
    {U"район", Marker::kRegion},
    {U"ауданы", Marker::kRegion},
    {U"district", Marker::kRegion},
    {U"rayon", Marker::kRegion},
    {U"audany", Marker::kRegion},
    {U"республика", Marker::kRegion},
    {U"казахстан", Marker::kRegion},
    {U"қазақстан", Marker::kRegion},
    {U"kazakhstan", Marker::kRegion},
    {U"республикасы", Marker::kRegion},
    {U"рк", Marker::kRegion},
    {U"kz", Marker::kRegion},
};

Marker MarkerOf(std::u32string_view w) {
  for (const auto& m : kMarkers) {
    if (m.word == w) return m.marker;
  }
  return Marker::kNone;
}

bool PrefixMarker(Marker m) {
  return m == Marker::kHouse || m == Marker::kFlat || m == Marker::kBuildingPart;
}

enum class TokenKind { kWord, kNumber, kComma };

struct Token {
  TokenKind kind;
  std::u32string text;         // lower case; numbers: digits, a letter, "/" and digits
  bool hyphen_before = false;  // joined to the previous token by a hyphen ("Самал-2", "10-5")
  Marker marker = Marker::kNone;
  int segment = 0;  // which comma-separated part
};

// Latin for the letter after a house number ("10а" is "10a").
char32_t HouseLetter(char32_t c) {
  switch (c) {
    case U'а':
      return 'a';
    case U'б':
      return 'b';
    case U'в':
      return 'v';
    case U'г':
      return 'g';
    case U'д':
      return 'd';
    case U'е':
      return 'e';
    default:
      return c;
  }
}

std::vector<Token> Tokenize(std::u32string_view text) {
  std::vector<Token> out;
  int segment = 0;
  bool hyphen = false;
  size_t i = 0;
  while (i < text.size()) {
    char32_t c = text[i];
    if (c == ',' || c == ';' || c == '\n') {
      out.push_back({TokenKind::kComma, U"", false, Marker::kNone, segment++});
      hyphen = false;
      ++i;
    } else if (c >= '0' && c <= '9') {
      Token t{TokenKind::kNumber, U"", hyphen, Marker::kNone, segment};
      while (i < text.size() && text[i] >= '0' && text[i] <= '9') t.text += text[i++];
      // One letter glued to the number ("10а", "58 Б" is written apart and stays a word).
      if (i < text.size() && u_isalpha(text[i]) &&
          (i + 1 == text.size() || !u_isalpha(text[i + 1]))) {
        t.text += HouseLetter(static_cast<char32_t>(u_tolower(text[i])));
        ++i;
      }
      // "10/2": the building part stays with the house.
      if (i + 1 < text.size() && text[i] == '/' && text[i + 1] >= '0' && text[i + 1] <= '9') {
        t.text += '/';
        ++i;
        while (i < text.size() && text[i] >= '0' && text[i] <= '9') t.text += text[i++];
      }
      out.push_back(std::move(t));
      hyphen = false;
    } else if (u_isalpha(c) || c == U'№') {
      Token t{TokenKind::kWord, U"", hyphen, Marker::kNone, segment};
      while (i < text.size() && (u_isalpha(text[i]) || text[i] == U'№')) {
        t.text += static_cast<char32_t>(u_tolower(text[i++]));
      }
      // Markers written with a hyphen inside ("пр-т", "р-н", "б-р", "м-н", "к-сі").
      if (i + 1 < text.size() && (text[i] == '-' || text[i] == 0x2010) && u_isalpha(text[i + 1])) {
        std::u32string joined = t.text + U"-";
        size_t j = i + 1;
        while (j < text.size() && u_isalpha(text[j])) {
          joined += static_cast<char32_t>(u_tolower(text[j++]));
        }
        if (MarkerOf(joined) != Marker::kNone) {
          t.text = joined;
          i = j;
        }
      }
      t.marker = MarkerOf(t.text);
      out.push_back(std::move(t));
      hyphen = false;
    } else {
      hyphen = (c == '-' || c == 0x2010 || c == 0x2011 || c == 0x2013) && !out.empty();
      ++i;
    }
  }
  return out;
}

bool IsVowel(char c) {
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

// The folded key of one group of name words (a street's or a town's): the name engine's
// canonical Latin and loose key, without trailing vowels (the Russian genitive "Абая" meets
// "Абай"), without the endings Russian and Kazakh add to a person's name a street is named after
// (Байтурсынова / Байтұрсынұлы), and without vowels but a leading one, kept as 'a' (Abylai /
// Ablai, Өтепов / Утепов).
std::string FoldWords(const std::vector<std::u32string>& words) {
  std::string utf8;
  for (const auto& w : words) {
    if (!utf8.empty()) utf8 += ' ';
    utf8 += Utf32ToUtf8(w);
  }
  auto raw = names::SplitWords(utf8);
  if (!raw.ok()) return {};
  std::vector<std::u32string> texts;
  for (const auto& r : *raw) texts.push_back(r.text);
  names::CyrillicLanguage language = names::DetectLanguage(texts);
  std::string out;
  for (const auto& r : *raw) {
    std::string stem = names::StemKey(names::LooseKey(names::ToCanonicalLatin(r.text, language),
                                                      names::LooseFold::kStoredAddress));
    for (std::string_view ending : {"uli", "kizi", "ov", "ev", "in", "ul"}) {
      if (stem.size() >= ending.size() + 3 && stem.ends_with(ending)) {
        stem.resize(stem.size() - ending.size());
        break;
      }
    }
    // A leading vowel stays as 'a' (Өтепов / Утепов, Ауэзов / Әуезов), later vowels go.
    std::string skeleton;
    for (size_t i = 0; i < stem.size(); ++i) {
      if (i == 0 && IsVowel(stem[i])) {
        skeleton += 'a';
      } else if (!IsVowel(stem[i])) {
        skeleton += stem[i];
      }
    }
    if (skeleton.empty()) continue;
    if (!out.empty()) out += ' ';
    out += skeleton;
  }
  return out;
}

// Towns of Kazakhstan a bare word may name; folded once.
const std::vector<std::string>& KnownTowns() {
  static const std::vector<std::string> kTowns = [] {
    const char* spellings[] = {
        "Алматы",      "Almaty",    "Алма-Ата",      "Астана",    "Astana",    "Нур-Султан",
        "Шымкент",     "Shymkent",  "Караганда",     "Қарағанды", "Karaganda", "Актобе",
        "Ақтөбе",      "Тараз",     "Павлодар",      "Өскемен",   "Oskemen",   "Усть-Каменогорск",
        "Семей",       "Атырау",    "Костанай",      "Қостанай",  "Кызылорда", "Қызылорда",
        "Уральск",     "Орал",      "Петропавловск", "Петропавл", "Актау",     "Ақтау",
        "Темиртау",    "Туркестан", "Түркістан",     "Кокшетау",  "Көкшетау",  "Талдыкорган",
        "Талдықорған", "Экибастуз", "Жезказган",     "Жезқазған", "Конаев",    "Қонаев",
        "Капшагай",    "Талгар",    "Есик",          "Каскелен",  "Қаскелең",
    };
    std::vector<std::string> out;
    for (const char* s : spellings) {
      std::vector<std::u32string> words;
      std::u32string word;
      for (char32_t c : DecodeUtf8(s)) {
        if (c == '-') {
          words.push_back(word);
          word.clear();
        } else {
          word += static_cast<char32_t>(u_tolower(c));
        }
      }
      words.push_back(word);
      out.push_back(FoldWords(words));
    }
    return out;
  }();
  return kTowns;
}

bool IsKnownTown(const std::string& folded) {
  const auto& towns = KnownTowns();
  return !folded.empty() && std::find(towns.begin(), towns.end(), folded) != towns.end();
}

std::string Narrow(std::u32string_view s) { return Utf32ToUtf8(s); }

}  // namespace

std::string Address::Key() const { return street + "|" + house + "|" + flat; }
std::string Address::BuildingKey() const { return street + "|" + house; }

Result<Address> ParseAddress(std::string_view text, std::string_view field) {
  if (text.size() > kMaxAddressBytes) {
    return InvalidArgument("an address is at most 500 bytes", std::string(field));
  }
  if (!IsCleanUtf8(text)) {
    return InvalidArgument("is not clean UTF-8 text", std::string(field));
  }
  std::vector<Token> tokens = Tokenize(DecodeUtf8(text));
  int segments = tokens.empty() ? 0 : tokens.back().segment + 1;
  std::vector<bool> used(tokens.size(), false);
  Address out;

  // Two-word markers: "шағын ауданы" (microdistrict, not a district), "тас жолы" (highway).
  for (size_t i = 0; i + 1 < tokens.size(); ++i) {
    if (tokens[i].kind != TokenKind::kWord || tokens[i + 1].kind != TokenKind::kWord) continue;
    const auto& a = tokens[i].text;
    const auto& b = tokens[i + 1].text;
    if ((a == U"шағын" || a == U"shagyn") && (b == U"ауданы" || b == U"audany")) {
      tokens[i + 1].marker = Marker::kMicrodistrict;
    } else if ((a == U"тас" || a == U"tas") && (b == U"жолы" || b == U"zholy")) {
      tokens[i].marker = tokens[i + 1].marker = Marker::kStreetType;
    }
  }

  // Parts naming a region or district are dropped whole; a part with a town marker, or that is
  // a known town alone, names the locality.
  std::vector<std::u32string> locality;
  for (int seg = 0; seg < segments; ++seg) {
    std::vector<size_t> idx;
    bool region = false, town_marker = false;
    for (size_t i = 0; i < tokens.size(); ++i) {
      if (tokens[i].segment != seg || tokens[i].kind == TokenKind::kComma) continue;
      idx.push_back(i);
      region |= tokens[i].marker == Marker::kRegion;
      town_marker |=
          tokens[i].marker == Marker::kLocality || tokens[i].marker == Marker::kLocalityAfter;
    }
    if (idx.empty()) continue;
    if (region && segments > 1) {
      for (size_t i : idx) used[i] = true;
      continue;
    }
    if (region) {  // one part: only the marker and the name before it ("Медеуский р-н")
      for (size_t k = 0; k < idx.size(); ++k) {
        if (tokens[idx[k]].marker != Marker::kRegion) continue;
        used[idx[k]] = true;
        if (k > 0 && tokens[idx[k - 1]].kind == TokenKind::kWord &&
            tokens[idx[k - 1]].marker == Marker::kNone) {
          used[idx[k - 1]] = true;
        }
      }
    }
    if (town_marker) {
      // The town's words: after a prefix marker up to the next marker or number, or before a
      // postfix marker back to the previous one.
      for (size_t k = 0; k < idx.size(); ++k) {
        const Token& t = tokens[idx[k]];
        if (t.marker == Marker::kLocality) {
          used[idx[k]] = true;
          for (size_t j = k + 1; j < idx.size(); ++j) {
            const Token& n = tokens[idx[j]];
            if (n.kind != TokenKind::kWord || n.marker != Marker::kNone) break;
            locality.push_back(n.text);
            used[idx[j]] = true;
          }
        } else if (t.marker == Marker::kLocalityAfter) {
          used[idx[k]] = true;
          std::vector<std::u32string> words;
          for (size_t j = k; j-- > 0;) {
            const Token& n = tokens[idx[j]];
            if (used[idx[j]] || n.kind != TokenKind::kWord || n.marker != Marker::kNone) break;
            words.insert(words.begin(), n.text);
            used[idx[j]] = true;
          }
          locality.insert(locality.end(), words.begin(), words.end());
        }
      }
      continue;
    }
    std::vector<std::u32string> words;
    bool only_words = true;
    for (size_t i : idx) {
      if (used[i]) continue;
      if (tokens[i].kind != TokenKind::kWord || tokens[i].marker != Marker::kNone) {
        only_words = false;
        break;
      }
      words.push_back(tokens[i].text);
    }
    if (only_words && !words.empty() && IsKnownTown(FoldWords(words))) {
      locality = words;
      for (size_t i : idx) used[i] = true;
    }
  }
  // Without commas, a known town may lead the address ("Алматы Абая 10").
  if (locality.empty() && segments == 1) {
    for (size_t i = 0; i < tokens.size(); ++i) {
      if (used[i]) continue;
      if (tokens[i].kind == TokenKind::kWord && tokens[i].marker == Marker::kNone &&
          IsKnownTown(FoldWords({tokens[i].text})) && i + 1 < tokens.size() &&
          tokens[i + 1].kind == TokenKind::kWord) {
        locality.push_back(tokens[i].text);
        used[i] = true;
      }
      break;
    }
  }
  out.locality = FoldWords(locality);

  // Numbers: bound by markers, "10-5", a microdistrict's or a hyphenated name's own number, then
  // bare numbers in order (house, then flat).
  std::vector<std::u32string> street;
  std::vector<std::string> street_numbers;
  std::optional<std::string> house, flat;
  std::string building_part;
  auto next_number = [&](size_t i) -> std::optional<size_t> {
    if (i + 1 < tokens.size() && tokens[i + 1].kind == TokenKind::kNumber && !used[i + 1]) {
      return i + 1;
    }
    return std::nullopt;
  };
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (used[i] || tokens[i].kind != TokenKind::kWord) continue;
    Marker m = tokens[i].marker;
    if (m == Marker::kNone) continue;
    used[i] = true;
    if (PrefixMarker(m)) {
      auto n = next_number(i);
      if (!n) continue;
      used[*n] = true;
      std::string number = Narrow(tokens[*n].text);
      if (m == Marker::kHouse && !house) {
        house = number;
        // "д. 10-5": the flat after the hyphen.
        if (*n + 1 < tokens.size() && tokens[*n + 1].kind == TokenKind::kNumber &&
            tokens[*n + 1].hyphen_before && !used[*n + 1] && !flat) {
          flat = Narrow(tokens[*n + 1].text);
          used[*n + 1] = true;
        }
      } else if (m == Marker::kFlat && !flat) {
        flat = number;
      } else if (m == Marker::kBuildingPart && building_part.empty()) {
        building_part = number;
      }
    } else if (m == Marker::kHouseAfter || m == Marker::kFlatAfter) {
      if (i == 0 || tokens[i - 1].kind != TokenKind::kNumber || used[i - 1]) continue;
      used[i - 1] = true;
      std::string number = Narrow(tokens[i - 1].text);
      if (m == Marker::kHouseAfter && !house) house = number;
      if (m == Marker::kFlatAfter && !flat) flat = number;
    } else if (m == Marker::kMicrodistrict) {
      // "мкр 5", "5 мкр", "5 шағын ауданы": the number names the microdistrict.
      if (auto n = next_number(i); n && !tokens[*n].hyphen_before) {
        bool named = i + 2 < tokens.size() && tokens[i + 2].kind == TokenKind::kWord &&
                     tokens[i + 2].marker == Marker::kNone;
        if (!named) {
          street_numbers.push_back(Narrow(tokens[*n].text));
          used[*n] = true;
        }
      } else if (i > 0 && tokens[i - 1].kind == TokenKind::kNumber && !used[i - 1]) {
        street_numbers.push_back(Narrow(tokens[i - 1].text));
        used[i - 1] = true;
      }
    }
  }
  // The street's name is in the part with a street-type word, or else the first part with both
  // a word and a number; words of other parts ("ТЦ Арай", a building's name) are not the street.
  int street_segment = -1;
  for (size_t i = 0; i < tokens.size() && street_segment < 0; ++i) {
    if (tokens[i].marker != Marker::kStreetType && tokens[i].marker != Marker::kMicrodistrict) {
      continue;
    }
    for (size_t j = 0; j < tokens.size(); ++j) {
      if (!used[j] && tokens[j].segment == tokens[i].segment &&
          tokens[j].kind == TokenKind::kWord) {
        street_segment = tokens[i].segment;
      }
    }
  }
  for (int seg = 0; seg < segments && street_segment < 0; ++seg) {
    bool word = false, number = false;
    for (size_t i = 0; i < tokens.size(); ++i) {
      if (used[i] || tokens[i].segment != seg) continue;
      word |= tokens[i].kind == TokenKind::kWord;
      number |= tokens[i].kind == TokenKind::kNumber;
    }
    if (word && number) street_segment = seg;
  }
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (used[i]) continue;
    const Token& t = tokens[i];
    if (t.kind == TokenKind::kWord) {
      if (street_segment < 0 || t.segment == street_segment) street.push_back(t.text);
      used[i] = true;
    } else if (t.kind == TokenKind::kNumber) {
      // "Самал-2": the number is part of the name.
      if (t.hyphen_before && i > 0 && tokens[i - 1].kind == TokenKind::kWord) {
        street_numbers.push_back(Narrow(t.text));
      } else if (!house) {
        house = Narrow(t.text);
        if (i + 1 < tokens.size() && tokens[i + 1].kind == TokenKind::kNumber &&
            tokens[i + 1].hyphen_before && !used[i + 1] && !flat) {
          flat = Narrow(tokens[i + 1].text);
          used[i + 1] = true;
        }
      } else if (!flat) {
        flat = Narrow(t.text);
      }
      used[i] = true;
    }
  }
  out.street = FoldWords(street);
  for (const auto& n : street_numbers) out.street += (out.street.empty() ? "" : " ") + n;
  out.house = house.value_or("");
  if (!building_part.empty() && !out.house.empty() && out.house.find('/') == std::string::npos) {
    out.house += "/" + building_part;
  }
  out.flat = flat.value_or("");
  return out;
}

AddressAgreement CompareAddresses(const Address& a, const Address& b) {
  if (a.empty() || b.empty()) return AddressAgreement::kUnknown;
  if (!a.locality.empty() && !b.locality.empty() && a.locality != b.locality) {
    return AddressAgreement::kDifferent;
  }
  if (a.street != b.street || a.house != b.house) return AddressAgreement::kDifferent;
  if (a.flat == b.flat) return AddressAgreement::kSame;
  if (a.flat.empty() || b.flat.empty()) return AddressAgreement::kBuilding;
  return AddressAgreement::kDifferent;
}

}  // namespace aftermath::recovery

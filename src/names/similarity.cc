#include "names/similarity.h"

#include <algorithm>
#include <array>
#include <string>
#include <vector>

namespace aftermath::names {
namespace {

constexpr size_t kMaxLen = 40;

constexpr bool IsVowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

// Substitution costs, built once at compile time for all byte pairs.
struct CostTable {
  std::array<std::array<float, 128>, 128> sub{};
  std::array<float, 128> indel{};

  constexpr CostTable() {
    for (int a = 0; a < 128; ++a) {
      indel[a] = 0.9f;
      for (int b = 0; b < 128; ++b) {
        if (a == b) {
          sub[a][b] = 0.f;
        } else if (IsVowel(static_cast<char>(a)) && IsVowel(static_cast<char>(b))) {
          sub[a][b] = 0.5f;
        } else {
          sub[a][b] = 1.f;
        }
      }
    }
    for (char v : {'a', 'e', 'i', 'o', 'u'}) indel[v] = 0.5f;
    indel['j'] = 0.5f;
    indel['h'] = 0.5f;
    indel['v'] = 0.7f;
    Pair('a', 'o', 0.25f);
    Pair('e', 'i', 0.25f);
    Pair('o', 'u', 0.3f);
    Pair('g', 'h', 0.3f);
    Pair('k', 'h', 0.5f);
    Pair('c', 'k', 0.4f);
    Pair('c', 't', 0.5f);
    Pair('c', 's', 0.5f);
    Pair('S', 'C', 0.5f);
    Pair('S', 's', 0.5f);
    Pair('C', 'c', 0.4f);
    Pair('j', 'i', 0.4f);
    Pair('j', 'z', 0.5f);
    Pair('j', 'S', 0.6f);
    Pair('z', 's', 0.4f);
    Pair('v', 'u', 0.4f);
    Pair('v', 'f', 0.4f);
    Pair('b', 'p', 0.5f);
    Pair('d', 't', 0.5f);
    Pair('g', 'k', 0.5f);
    Pair('v', 'b', 0.6f);
    Pair('m', 'n', 0.6f);
    Pair('i', 'u', 0.5f);
    Pair('a', 'e', 0.4f);
    Pair('a', 'u', 0.6f);
    Pair('h', 'C', 0.45f);
    Pair('z', 'c',
         0.5f);  // German z = ц (Zichon, Jazewitsch)  // German ch = х (Chodorkowski, Michail)
  }
  constexpr void Pair(char a, char b, float cost) {
    sub[static_cast<int>(a)][static_cast<int>(b)] = cost;
    sub[static_cast<int>(b)][static_cast<int>(a)] = cost;
  }
};

constexpr CostTable kCosts;

inline int Idx(char c) { return static_cast<unsigned char>(c) & 0x7F; }

}  // namespace

float WeightedDistance(std::string_view a, std::string_view b, float limit) {
  a = a.substr(0, kMaxLen);
  b = b.substr(0, kMaxLen);
  // Every unmatched letter of the longer key costs at least the cheapest insertion (0.5).
  const size_t longer = std::max(a.size(), b.size()), shorter = std::min(a.size(), b.size());
  if (0.5f * static_cast<float>(longer - shorter) > limit) return limit + 1.f;
  std::array<float, kMaxLen + 1> row_a{}, row_b{};
  float* prev = row_a.data();
  float* cur = row_b.data();
  prev[0] = 0.f;
  for (size_t j = 1; j <= b.size(); ++j) prev[j] = prev[j - 1] + kCosts.indel[Idx(b[j - 1])];
  for (size_t i = 1; i <= a.size(); ++i) {
    const int ca = Idx(a[i - 1]);
    cur[0] = prev[0] + kCosts.indel[ca];
    float row_min = cur[0];
    for (size_t j = 1; j <= b.size(); ++j) {
      const int cb = Idx(b[j - 1]);
      float best = prev[j - 1] + kCosts.sub[ca][cb];
      best = std::min(best, prev[j] + kCosts.indel[ca]);
      best = std::min(best, cur[j - 1] + kCosts.indel[cb]);
      cur[j] = best;
      row_min = std::min(row_min, best);
    }
    // Costs are not negative: no later row goes below this one's least value.
    if (row_min > limit) return limit + 1.f;
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

namespace {

// 1 - distance / len, or 0 once the distance makes it sure to fall below `floor` (the limit
// leaves room for rounding).
float SimilarityOver(std::string_view a, std::string_view b, float len, float floor) {
  const float limit = floor > 0.f ? (1.f - floor) * len + 1e-3f : 1e9f;
  const float d = WeightedDistance(a, b, limit);
  if (d > limit) return 0.f;
  return std::max(0.f, 1.f - d / len);
}

}  // namespace

float KeySimilarity(std::string_view a, std::string_view b, float floor) {
  if (a.empty() || b.empty()) return 0.f;
  if (a == b) return 1.f;
  const size_t len = std::max(a.size(), b.size());
  if (len == 0) return 0.f;
  return SimilarityOver(a, b, static_cast<float>(std::min(len, kMaxLen)), floor);
}

namespace {

// Endings that make surnames of many different stems, on gender-neutral loose keys (-ova is
// already -ov, -skaya -ski; 'S' is sh, 'C' ch): Kazakh and other Turkic compound elements with
// their Russian suffix (Serikbaev, Zhaksybekov, Nurgaliev, Yerzhanov, Nurkhanov, Tokkulov,
// Nurtdinov) or without it (Serikbai, Omarbek), surnames made of a patronymic (-uly, -kyzy),
// Slavic suffixes (-enko, -chuk, -uk, -nikov, -ovich, -sky, -ov, -ev, -in) and Georgian ones.
constexpr std::string_view kSurnameEndings[] = {
    "baev", "bekov", "galev", "janov", "hanov", "kulov", "dinov", "bai",  "bek",  "uli",
    "kizi", "enko",  "enka",  "Cuk",   "uk",    "nikov", "iC",    "ski",  "cki",  "Svili",
    "dze",  "ov",    "ev",    "in",
};
// A shared ending counts for this share of its length.
constexpr float kSurnameEndingWeight = 0.5f;

}  // namespace

size_t SharedSurnameEnding(std::string_view a, std::string_view b) {
  if (a.empty() || b.empty() || a.back() != b.back()) return 0;
  size_t best = 0;
  for (std::string_view e : kSurnameEndings) {
    if (e.size() <= best || a.size() < e.size() + 3 || b.size() < e.size() + 3) continue;
    if (a.ends_with(e) && b.ends_with(e)) best = e.size();
  }
  return best;
}

float SurnameSimilarity(std::string_view a, std::string_view b, float floor) {
  const size_t cut = a == b || a.size() > kMaxLen || b.size() > kMaxLen
                         ? 0 : SharedSurnameEnding(a, b);
  if (cut == 0) return KeySimilarity(a, b, floor);
  // The stems' distance is at least the whole words' and the length shorter: never above
  // KeySimilarity (keys over kMaxLen, where truncation would break that, are left to it).
  const std::string_view sa = a.substr(0, a.size() - cut), sb = b.substr(0, b.size() - cut);
  const float len = static_cast<float>(std::max(sa.size(), sb.size())) +
                    kSurnameEndingWeight * static_cast<float>(cut);
  return SimilarityOver(sa, sb, len, floor);
}

std::string_view WithoutBalticEnding(std::string_view k) {
  if (k.size() < 5) return k;
  const std::string_view end = k.substr(k.size() - 2);
  if (end == "as" || end == "is" || end == "us") return k.substr(0, k.size() - 2);
  // Latvian -s after a consonant (Nikolajs, Valujevs, Safins).
  if (k.back() == 's' && end[0] != 's' && end[0] != 'a' && end[0] != 'e' && end[0] != 'i' &&
      end[0] != 'o' && end[0] != 'u') {
    return k.substr(0, k.size() - 1);
  }
  return k;
}

namespace {

// The consonants of a loose key (see AbjadSimilarity), in the classes an abjad's letters leave
// open: b/v (Hebrew ב), p/f (פ), ts/z (צ). `waw_vowel`: v is a long vowel, dropped;
// `ch_kh`: ch is read as kh (Chen, Mizrachi), as Hebrew and Arabic names are often spelt.
std::string Consonants(std::string_view loose, bool waw_vowel, bool ch_kh) {
  std::string out;
  auto push = [&out](char c) {
    if (out.empty() || out.back() != c) out.push_back(c);
  };
  for (char c : loose) {
    switch (c) {
      case 'a':
      case 'e':
      case 'i':
      case 'o':
      case 'u':
      case 'y':
        break;
      case 'S':
        push('s'), push('h');
        break;
      case 'C':
        if (!ch_kh) push('c');
        push('h');
        break;
      case 'v':
        if (!waw_vowel) push('b');
        break;
      case 'f':
        push('p');
        break;
      case 'c':
        push('z');
        break;
      default:
        push(c);
        break;
    }
  }
  if (out.size() > 2 && out.back() == 'h') out.pop_back();
  return out;
}

}  // namespace

std::string_view WithoutArticle(std::string_view loose) {
  return loose.size() >= 5 && loose.starts_with("al") ? loose.substr(2) : loose;
}

bool IsArticleWord(std::string_view loose) {
  static constexpr std::array<std::string_view, 12> kArticles = {
      "al", "el", "ul", "ud", "ad", "ar", "ur", "as", "us", "at", "az", "an"};
  return std::find(kArticles.begin(), kArticles.end(), loose) != kArticles.end();
}

bool CanJoinAroundArticle(const NameToken& first, const NameToken& article, const NameToken& last) {
  if (article.is_initial || !IsArticleWord(article.loose)) return false;
  for (const NameToken* t : {&first, &last}) {
    if (t->is_initial || t->abjad || t->role == Role::kPatronymic) return false;
  }
  return first.loose.size() >= 2 && last.loose.size() >= 3;
}

float AbjadSimilarity(std::string_view abjad, std::string_view other, float floor) {
  // The result is at most 0.9 times the best consonants' similarity.
  const float inner_floor = floor / 0.9f;
  const bool has_v = abjad.find('v') != std::string_view::npos;
  const bool has_ch = other.find('C') != std::string_view::npos;
  // Readings: as written, without a leading article (الرشید ~ Rashid), without the article
  // inside a compound (عبدالرحمن ~ Abdurrahman, نورالدین ~ Nureddin: the article's l is
  // assimilated or written as the vowel before it).
  std::array<std::string, 3> readings = {std::string(abjad), std::string(WithoutArticle(abjad)),
                                         std::string()};
  for (size_t p = 2; p + 3 < abjad.size(); ++p) {
    if (abjad.compare(p, 2, "al") == 0 && !IsVowel(abjad[p + 2]) && abjad[p + 2] != 'l') {
      readings[2] = std::string(abjad.substr(0, p)) + std::string(abjad.substr(p + 2));
      break;
    }
  }
  float best = 0.f;
  size_t shortest = 0;  // consonants in the shorter skeleton of the best reading
  for (int ch = 0; ch <= (has_ch ? 1 : 0); ++ch) {
    const std::string theirs = Consonants(other, false, ch);
    if (theirs.size() < 2) continue;
    for (size_t r = 0; r < readings.size(); ++r) {
      if (readings[r].empty() || (r == 1 && readings[1].size() == abjad.size())) continue;
      for (int waw = 0; waw <= (has_v ? 1 : 0); ++waw) {
        const std::string ours = Consonants(readings[r], waw, false);
        if (ours.size() < 2) continue;
        const float s = KeySimilarity(ours, theirs, inner_floor);
        if (s > best) best = s, shortest = std::min(ours.size(), theirs.size());
      }
    }
  }
  // Two consonants say little once a word has more letters than them, unless those letters
  // agree too: חן (Chen) is not Ohayon, אוחנה (Ohana) not Ohayon, ماريا (Maria) not Omar;
  // يوسف is Yusuf.
  if (shortest == 2 && (abjad.size() > 3 || other.size() > 4) &&
      KeySimilarity(abjad, other) < 0.8f) {
    best *= 0.8f;
  }
  return 0.9f * best;
}

namespace {

// A word as its consonants and the vowel letters between each two of them. `vowels`: the
// letters read as vowels (waw and yeh are vowels in an abjad's loose key, w and y in Latin).
struct VowelSlots {
  int consonants = 0;
  std::vector<std::string> between;  // between[k]: after consonant k, before k + 1
  std::vector<char> next;            // next[k]: consonant k + 1
};

VowelSlots SlotsOf(std::string_view word, std::string_view vowels, bool latin) {
  VowelSlots out;
  std::string pending;
  char last = 0;
  for (size_t i = 0; i < word.size(); ++i) {
    char c = word[i];
    if (vowels.find(c) != std::string_view::npos) {
      if (out.consonants > 0) pending.push_back(c);
      continue;
    }
    // Latin digraphs of one consonant (kh, sh, ch, th, gh, zh, ph, dh) and doubled letters.
    if (latin && c == 'h' && i > 0 && std::string_view("kscgtzpd").find(word[i - 1]) !=
                                          std::string_view::npos) {
      continue;
    }
    if (c == last && pending.empty()) continue;
    if (out.consonants > 0) {
      out.between.push_back(pending);
      out.next.push_back(c);
    }
    pending.clear();
    ++out.consonants;
    last = c;
  }
  return out;
}

bool HasAny(std::string_view s, std::string_view letters) {
  return s.find_first_of(letters) != std::string_view::npos;
}

}  // namespace

bool LongVowelsAgree(std::string_view abjad_loose, std::string_view other_latin) {
  const VowelSlots ours = SlotsOf(abjad_loose, "aeiouv", false);
  const VowelSlots theirs = SlotsOf(other_latin, "aeiouyw", true);
  if (ours.consonants != theirs.consonants || ours.consonants < 2) return true;
  for (size_t k = 0; k < ours.between.size(); ++k) {
    const std::string& a = ours.between[k];
    const std::string& b = theirs.between[k];
    if (a.empty()) {
      // A long vowel the script does not write: ou, oo, ee, ei, ai (Mahmoud, Hussein).
      if (b.size() >= 2 && HasAny(b, "iuyw")) return false;
      continue;
    }
    for (char c : a) {
      if (c == 'a' && ours.next[k] == 'l') continue;  // the article's alef (Abd-ul-lah)
      if (c == 'a' && b.empty()) return false;
      if ((c == 'i' || c == 'e') && !HasAny(b, "iey")) return false;
      if ((c == 'v' || c == 'u' || c == 'o') && !HasAny(b, "uowv")) return false;
    }
  }
  return true;
}

float PrefixSimilarity(std::string_view prefix, std::string_view full, float floor) {
  if (prefix.empty()) return 0.f;
  if (full.size() <= prefix.size()) return KeySimilarity(prefix, full, floor);
  // Best match of the prefix against any start of `full` of about its length.
  float best = 0.f;
  for (size_t n = prefix.size() > 1 ? prefix.size() - 1 : 1;
       n <= std::min(full.size(), prefix.size() + 1); ++n) {
    best = std::max(best, KeySimilarity(prefix, full.substr(0, n), floor));
  }
  return best;
}

}  // namespace aftermath::names

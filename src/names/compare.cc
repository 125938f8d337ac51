#include "names/compare.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>

#include "names/korean.h"
#include "names/similarity.h"
#include "names/transliterate.h"

namespace aftermath::names {
namespace {

constexpr size_t kMaxTokens = 16;

// Evidence weights in log-odds units. Tuned on the team's golden cases and the shared
// evaluation set, but kept round so they read as rules rather than fitted constants.
constexpr float kPrior = -2.5f;
constexpr float kSurnameConflict = -5.f;
constexpr float kGivenConflict = -4.f;
constexpr float kInitialConflict = -3.5f;
constexpr float kPatronymicConflict = -4.f;
constexpr float kPatronymicInitialConflict = -3.f;
constexpr float kSexConflict = -6.f;
constexpr float kExtraToken = -0.3f;
// Without a confirmed surname and a confirmed full given name the score stays below "match".
constexpr float kUnconfirmedCap = 0.85f;
constexpr float kCompatibleFloor = 0.5f;
constexpr float kMaidenNameFloor = 0.45f;
constexpr float kMaidenNameOnePatronymicFloor = 0.42f;
constexpr float kHardConflictCap = 0.25f;
// Word pairs less alike than this are never aligned, so ScorePair need not score them exactly.
constexpr float kAlignFloor = 0.55f;

bool SharesGroup(const NameToken& a, const NameToken& b) {
  for (uint16_t g : a.groups)
    if (std::find(b.groups.begin(), b.groups.end(), g) != b.groups.end()) return true;
  return false;
}

bool InitialCompatible(const NameToken& initial, const NameToken& other) {
  if (initial.loose.empty() || other.loose.empty()) return false;
  return initial.loose[0] == other.loose[0] ||
         (!initial.latin.empty() && !other.latin.empty() && initial.latin[0] == other.latin[0]);
}

bool Generic(Role r) { return r == Role::kUnknown; }

int PatronymicCount(const ParsedName& n) {
  int count = 0;
  for (const auto& t : n.tokens) count += t.role == Role::kPatronymic && !t.is_initial;
  return count;
}

bool HasSurname(const ParsedName& n) {
  for (const auto& t : n.tokens)
    if (t.role == Role::kSurname) return true;
  return false;
}

// A full word with a Kazakh or Kyrgyz patronymic ending (Сапарханқызы, Zhumabekuly).
bool IsTurkicPatronymic(const NameToken& t) {
  std::string stem;
  Sex sex;
  return !t.is_initial && SplitTurkicPatronymic(t.latin, &stem, &sex);
}

// The loose-key letters the Arabic article's l assimilates to before a word (ash-Shami, an-Nur,
// Abdurrahman for Abd al-Rahman).
constexpr std::string_view kSunLetters = "tdrzsSn";

// A word that is the Arabic article joined by a hyphen to the word it belongs to: al-Shami,
// el-Sayed, or assimilated to a sun letter, ash-Shami, an-Nur, ad-Din. Spellings keep or drop
// and assimilate it at will (al-Shami ~ ash-Shami ~ Shami), so it is no word of the name.
bool IsLeadingArticle(const ParsedName& name, size_t i) {
  if (i + 1 >= name.tokens.size()) return false;
  const NameToken& t = name.tokens[i];
  const NameToken& next = name.tokens[i + 1];
  if (t.is_initial || next.is_initial || !t.hyphen_next || t.loose.size() != 2) return false;
  const char vowel = t.loose[0], consonant = t.loose[1];
  if (vowel != 'a' && vowel != 'e' && vowel != 'u') return false;
  if (consonant == 'l') return next.loose.size() >= 3;
  return kSunLetters.find(consonant) != std::string_view::npos && next.loose.size() >= 3 &&
         next.loose[0] == consonant;
}

// "Аюбхан" ~ "Аюб", "Zelimkhan" ~ "Zelim": a given name with the honorific -хан (Chechen,
// Ingush, Central Asian names), which its short form drops as Влад drops -имир. The table has
// the last word: where it knows both (Болат, Болатхан) they are two names.
bool WithKhan(std::string_view longer, std::string_view shorter) {
  return shorter.size() >= 3 && longer.size() == shorter.size() + 3 &&
         longer.starts_with(shorter) && longer.ends_with("han");
}

constexpr float kBalticPenalty = 0.03f;

float BalticSimilarity(std::string_view a, std::string_view b, float floor = 0.f) {
  const std::string_view sa = WithoutBalticEnding(a), sb = WithoutBalticEnding(b);
  if (sa.size() == a.size() && sb.size() == b.size()) return 0.f;
  const float inner_floor = floor > 0.f ? floor + kBalticPenalty : 0.f;
  float s = 0.f;
  if (sa.size() != a.size()) s = std::max(s, KeySimilarity(sa, b, inner_floor));
  if (sb.size() != b.size()) s = std::max(s, KeySimilarity(a, sb, inner_floor));
  return s - kBalticPenalty;
}

// Words of an abjad against words of another script whose long vowels disagree (حسین ~ Hassan)
// are alike at most this much: a weak likeness, never an agreement.
constexpr float kLongVowelCap = 0.7f;

// KeySimilarity of two loose keys, on their consonants when exactly one of them was written in
// an abjad (which leaves short vowels out: علیرضا ~ Alireza), where the long vowels it writes
// must agree (`a_latin`, `b_latin`: the canonical Latin forms).
float WordSimilarity(std::string_view a, std::string_view a_latin, bool a_abjad,
                     std::string_view b, std::string_view b_latin, bool b_abjad) {
  float s = KeySimilarity(a, b);
  if (a_abjad == b_abjad) return s;
  if (s < 0.9f) s = std::max(s, a_abjad ? AbjadSimilarity(a, b) : AbjadSimilarity(b, a));
  if (s > kLongVowelCap && !(a_abjad ? LongVowelsAgree(a, b_latin) : LongVowelsAgree(b, a_latin))) {
    s = kLongVowelCap;
  }
  return s;
}

}  // namespace

PairScore ScorePair(const NameToken& a, const NameToken& b) {
  if (a.is_initial || b.is_initial) {
    const bool ok = a.is_initial ? InitialCompatible(a, b) : InitialCompatible(b, a);
    return {ok ? 1.f : 0.f, ok ? PairKind::kInitial : PairKind::kNone};
  }
  const bool same_role = a.role == b.role || Generic(a.role) || Generic(b.role);
  const bool given_like =
      (a.role == Role::kGiven || Generic(a.role)) && (b.role == Role::kGiven || Generic(b.role));
  const bool both_patronymics = a.role == Role::kPatronymic && b.role == Role::kPatronymic;
  if ((given_like || both_patronymics) && SharesGroup(a, b)) {
    return {1.f, PairKind::kEquivalent};
  }
  // Two names the table knows, in no common group, are different names however alike they
  // look (Яна ≠ Анна, Мария ≠ Марина).
  const bool known_apart = (given_like || both_patronymics) && !a.groups.empty() &&
                           !b.groups.empty() && !a.is_prefix && !b.is_prefix;
  if (given_like && !known_apart && !a.is_prefix && !b.is_prefix &&
      (WithKhan(a.loose, b.loose) || WithKhan(b.loose, a.loose))) {
    return {1.f, PairKind::kEquivalent};
  }
  // Surnames are compared on their distinctive stems: a shared -baev or -enko is no evidence.
  const bool surnames = (a.role == Role::kSurname || b.role == Role::kSurname) &&
                        a.role != Role::kPatronymic && b.role != Role::kPatronymic;
  // Below kAlignFloor a similarity may read as 0 (see similarity.h): such a pair is dropped
  // whatever its exact value, and every rule below keeps a value under the floor under it.
  constexpr float f = kAlignFloor;
  float s;
  if (b.is_prefix) {
    s = PrefixSimilarity(b.loose, a.loose, f);
  } else if (a.is_prefix) {
    s = PrefixSimilarity(a.loose, b.loose, f);
  } else {
    s = surnames ? SurnameSimilarity(a.loose, b.loose, f) : KeySimilarity(a.loose, b.loose, f);
    if (a.abjad != b.abjad && s < 0.9f) {
      s = std::max(
          s, a.abjad ? AbjadSimilarity(a.loose, b.loose, f) : AbjadSimilarity(b.loose, a.loose, f));
    }
  }
  if (both_patronymics && a.stem.size() >= 3 && b.stem.size() >= 3) {
    // The shared suffix (-ovich) says nothing: compare the fathers' names (Ivanovich ≠ Efimovich),
    // with a little credit for the whole word when a stem came out short or garbled.
    const float stems =
        b.is_prefix ? PrefixSimilarity(b.stem, a.stem, f) : KeySimilarity(a.stem, b.stem, f);
    s = std::max(stems, s - 0.2f);
  } else if (same_role && s < 1.f && (a.stem != a.loose || b.stem != b.loose) &&
             a.role != Role::kGiven) {
    s = std::max(s, b.is_prefix   ? PrefixSimilarity(b.stem, a.stem, f)
                    : a.is_prefix ? PrefixSimilarity(a.stem, b.stem, f)
                    : surnames    ? SurnameSimilarity(a.stem, b.stem, f)
                                  : KeySimilarity(a.stem, b.stem, f));
  }
  if (s < 0.9f) s = std::max(s, BalticSimilarity(a.loose, b.loose, f));
  if (a.abjad != b.abjad && s > kLongVowelCap && !a.is_prefix && !b.is_prefix &&
      !(a.abjad ? LongVowelsAgree(a.loose, b.latin) : LongVowelsAgree(b.loose, a.latin))) {
    s = kLongVowelCap;
  }
  // A word written in Hangul against one in another script that reads as Korean syllables:
  // by their Korean readings alone (영복 ~ Young-bok; 영복 ~ Yong is half a name, not a short
  // form of it).
  const bool korean = IsHangulLatin(a.latin) != IsHangulLatin(b.latin);
  if (korean && !a.is_prefix && !b.is_prefix) {
    const float k = IsHangulLatin(a.latin) ? KoreanSimilarity(a.latin, b.latin)
                                           : KoreanSimilarity(b.latin, a.latin);
    if (k >= 0.f) s = k;
  }
  if (known_apart) return {std::min(s, 0.6f), PairKind::kSimilar};
  // Short forms that are a prefix of the full name (Влад ~ Владимир, Aiub ~ Ayubkhan) are
  // weakly compatible given names, not a conflict.
  if (given_like && !korean && s < 0.75f && a.loose.size() >= 3 && b.loose.size() >= 3 &&
      (a.loose.starts_with(b.loose) || b.loose.starts_with(a.loose))) {
    s = 0.75f;
  }
  // A patronymic aligns with a word of another role only when that word has a patronymic
  // suffix too (a role guessed wrong) and they are nearly the same: Orazuly is not Orazali.
  if ((a.role == Role::kPatronymic) != (b.role == Role::kPatronymic)) {
    const NameToken& other = a.role == Role::kPatronymic ? b : a;
    std::string stem;
    Sex sex;
    if (s < 0.85f || !(SplitPatronymic(other.loose, &stem, &sex) ||
                       SplitTurkicPatronymic(other.latin, &stem, &sex))) {
      return {};
    }
  }
  return {s, PairKind::kSimilar};
}

namespace {

struct Aligned {
  int a = -1, a2 = -1;  // a2: second token of A joined to a (Kassym Jomart ~ Kassymjomart)
  int b = -1, b2 = -1;
  int a3 = -1, b3 = -1;  // a third joined token (Abd al-Rahman ~ عبدالرحمن)
  PairScore score;
};

// The aligned pairs of one comparison, without a heap allocation (an index compares a query
// with a hundred candidates a search). Each pair uses a token of A, so there are at most
// kMaxTokens.
class AlignedPairs {
 public:
  void push_back(const Aligned& al) { items_[size_++] = al; }
  const Aligned* begin() const { return items_.data(); }
  const Aligned* end() const { return items_.data() + size_; }

 private:
  std::array<Aligned, kMaxTokens> items_;
  size_t size_ = 0;
};

// Adjacent full tokens of `x` whose concatenation matches one token of `y` better than either;
// with `pieces_only` (x has no more words than y), only where one looks like a piece of a word.
void JoinAdjacent(const ParsedName& x, const ParsedName& y, bool x_is_a, bool pieces_only,
                  std::array<bool, kMaxTokens>& used_x, std::array<bool, kMaxTokens>& used_y,
                  AlignedPairs& out) {
  const size_t n = std::min(x.tokens.size(), kMaxTokens);
  const size_t m = std::min(y.tokens.size(), kMaxTokens);
  // Some free word of y could be the joined one: its first letter, its length within two.
  auto some_word_could_be_joined = [&](const NameToken& t1, const NameToken& t2) {
    const size_t length = t1.loose.size() + t2.loose.size();
    for (size_t j = 0; j < m; ++j) {
      const auto& u = y.tokens[j];
      if (!used_y[j] && !u.is_initial && !u.loose.empty() && u.loose[0] == t1.loose[0] &&
          u.loose.size() + 3 >= length && u.loose.size() <= length + 2) {
        return true;
      }
    }
    return false;
  };
  for (size_t i = 0; i + 1 < n; ++i) {
    const auto& t1 = x.tokens[i];
    const auto& t2 = x.tokens[i + 1];
    if (used_x[i] || used_x[i + 1] || t1.is_initial || t2.is_initial) continue;
    if (t1.role == Role::kPatronymic || t2.role == Role::kPatronymic) continue;
    // Words of two roles are joined only when one looks like a piece of a word ("Влади мир",
    // "ПУ ТИН": the parse gave each half a role of its own).
    if (t1.loose.empty() || t2.loose.empty()) continue;
    if (pieces_only) {
      // Neither name has more words: join only a very short piece ("ПУ ТИН", "Наз арбаев"),
      // which the index's hot loop meets seldom.
      if (t1.loose.size() > 3 && t2.loose.size() > 3) continue;
      if (!some_word_could_be_joined(t1, t2)) continue;
    } else if (t1.role != t2.role) {
      if (!IsWordPiece(t1) && !IsWordPiece(t2)) continue;
      if (!some_word_could_be_joined(t1, t2)) continue;
    }
    // A letter doubled across the join is one, as in a loose key (Yong Gil ~ Yonggil).
    std::string joined = t1.loose;
    joined.append(
        t2.loose,
        !joined.empty() && !t2.loose.empty() && joined.back() == t2.loose.front() ? 1 : 0);
    const bool abjad = t1.abjad && t2.abjad;
    for (size_t j = 0; j < m; ++j) {
      const auto& u = y.tokens[j];
      if (used_y[j] || u.is_initial) continue;
      // Written in an abjad, either side may be the shorter by its vowels.
      if (u.loose.size() + 2 < joined.size() && abjad == u.abjad) continue;
      const std::string joined_latin = t1.latin + t2.latin;
      float s = WordSimilarity(joined, joined_latin, abjad, u.loose, u.latin, u.abjad);
      float first = 0.f;  // the first word's own similarity, which the join must beat
      // Hangul against two words of another script (영복 ~ Yong Bok) or the other way round.
      const bool hangul = IsHangulLatin(t1.latin) && IsHangulLatin(t2.latin);
      if (hangul != IsHangulLatin(u.latin) && IsHangulLatin(t1.latin) == IsHangulLatin(t2.latin)) {
        // By the Korean readings alone where the Latin side has some (as ScorePair).
        const float k = hangul ? KoreanSimilarity(t1.latin + t2.latin, u.latin)
                               : KoreanSimilarity(u.latin, t1.latin + t2.latin);
        if (k >= 0.f) s = k;
        first = std::max(0.f, hangul ? KoreanSimilarity(t1.latin, u.latin)
                                     : KoreanSimilarity(u.latin, t1.latin));
      }
      if (s < 0.88f) continue;
      if (s < std::max(first, WordSimilarity(t1.loose, t1.latin, t1.abjad, u.loose, u.latin,
                                              u.abjad)) + 0.05f) {
        continue;
      }
      used_x[i] = used_x[i + 1] = used_y[j] = true;
      Aligned al;
      if (x_is_a) {
        al.a = static_cast<int>(i), al.a2 = static_cast<int>(i + 1), al.b = static_cast<int>(j);
      } else {
        al.b = static_cast<int>(i), al.b2 = static_cast<int>(i + 1), al.a = static_cast<int>(j);
      }
      al.score = {s, PairKind::kSimilar};
      out.push_back(al);
      break;
    }
  }
}

// Three words of `x`, the middle one the article, that are one word of `y`: "Abd al-Rahman"
// against عبدالرحمن or Abdulrahman (JoinAdjacent joins two words only).
void JoinAroundArticle(const ParsedName& x, const ParsedName& y, bool x_is_a,
                       std::array<bool, kMaxTokens>& used_x, std::array<bool, kMaxTokens>& used_y,
                       AlignedPairs& out) {
  const size_t n = std::min(x.tokens.size(), kMaxTokens);
  const size_t m = std::min(y.tokens.size(), kMaxTokens);
  for (size_t i = 0; i + 2 < n; ++i) {
    const auto& t1 = x.tokens[i];
    const auto& t2 = x.tokens[i + 1];
    const auto& t3 = x.tokens[i + 2];
    if (used_x[i] || used_x[i + 1] || used_x[i + 2] || !CanJoinAroundArticle(t1, t2, t3)) continue;
    // A letter doubled across a join is one, as in a loose key (Abd ar-Rahman ~ Abdurrahman).
    std::string joined = t1.loose;
    for (const NameToken* t : {&t2, &t3}) {
      joined.append(t->loose, joined.back() == t->loose.front() ? 1 : 0);
    }
    const std::string joined_latin = t1.latin + t2.latin + t3.latin;
    // "al" before a sun letter is spoken and often written assimilated (Abd al-Rahman ~
    // Abdurrahman): that reading too.
    std::string assimilated;
    if (t2.loose.size() == 2 && t2.loose.back() == 'l' &&
        kSunLetters.find(t3.loose.front()) != std::string_view::npos) {
      assimilated = t1.loose;
      assimilated.push_back(t2.loose.front());
      assimilated += t3.loose;
    }
    for (size_t j = 0; j < m; ++j) {
      const auto& u = y.tokens[j];
      if (used_y[j] || u.is_initial || u.loose.size() + 4 < joined.size() / 2) continue;
      float s = WordSimilarity(joined, joined_latin, false, u.loose, u.latin, u.abjad);
      if (!assimilated.empty() && !u.abjad) s = std::max(s, KeySimilarity(assimilated, u.loose));
      if (s < 0.88f) continue;
      used_x[i] = used_x[i + 1] = used_x[i + 2] = used_y[j] = true;
      Aligned al;
      const int k = static_cast<int>(i);
      if (x_is_a) {
        al.a = k, al.a2 = k + 1, al.a3 = k + 2, al.b = static_cast<int>(j);
      } else {
        al.b = k, al.b2 = k + 1, al.b3 = k + 2, al.a = static_cast<int>(j);
      }
      al.score = {s, PairKind::kSimilar};
      out.push_back(al);
      break;
    }
  }
}

struct RoleTally {
  float evidence = 0.f;
  bool full_agree = false;     // a full word agreed well
  bool initial_agree = false;  // only an initial agreed
  bool conflict = false;
  bool full_conflict = false;  // an aligned pair of full words that disagree
  std::string note;
};

int RoleIndex(Role r) {
  switch (r) {
    case Role::kSurname:
      return 0;
    case Role::kGiven:
      return 1;
    case Role::kPatronymic:
      return 2;
    case Role::kUnknown:
      return 1;
  }
  return 1;
}

const char* kRoleLabel[3] = {"surname", "given", "patronymic"};

float Sigmoid(float x) { return 1.f / (1.f + std::exp(-x)); }
float Logit(float p) { return std::log(p / (1.f - p)); }

}  // namespace

std::string_view DecisionName(Decision decision) {
  switch (decision) {
    case Decision::kMatch:
      return "match";
    case Decision::kPossible:
      return "possible";
    case Decision::kNonMatch:
      return "non-match";
  }
  return "non-match";
}

namespace {

// The other keyboard layout's reading is a guess: it scores below what was written and never
// says "match" on its own.
constexpr float kOtherLayoutFactor = 0.9f;
constexpr float kOtherLayoutCap = 0.85f;

Comparison CompareWritten(const ParsedName& a, const ParsedName& b, const CompareOptions& options);

}  // namespace

Comparison CompareParsed(const ParsedName& a, const ParsedName& b, const CompareOptions& options) {
  Comparison result = CompareWritten(a, b, options);
  if (!a.other_layout && !b.other_layout) return result;
  CompareOptions other = options;
  other.pairs = nullptr;  // a scorer remembers the pairs of the written words
  for (int side = 0; side < 2; ++side) {
    const ParsedName* x = side == 0 ? a.other_layout.get() : &a;
    const ParsedName* y = side == 0 ? &b : b.other_layout.get();
    if (x == nullptr || y == nullptr) continue;
    Comparison c = CompareWritten(*x, *y, other);
    c.score = std::round(std::min(c.score * kOtherLayoutFactor, kOtherLayoutCap) * 1000.f) / 1000.f;
    if (c.score <= result.score) continue;
    c.decision = c.score >= options.match_threshold      ? Decision::kMatch
                 : c.score >= options.possible_threshold ? Decision::kPossible
                                                         : Decision::kNonMatch;
    if (options.explain == Explain::kText) c.explain = "other keyboard layout: " + c.explain;
    result = std::move(c);
  }
  return result;
}

namespace {

Comparison CompareWritten(const ParsedName& a, const ParsedName& b, const CompareOptions& options) {
  Comparison result;
  if (a.tokens.empty() || b.tokens.empty()) {
    if (options.explain == Explain::kText) result.explain = "empty name";
    return result;
  }
  const size_t n = std::min(a.tokens.size(), kMaxTokens);
  const size_t m = std::min(b.tokens.size(), kMaxTokens);
  std::array<bool, kMaxTokens> used_a{}, used_b{};
  AlignedPairs aligned;

  size_t full_a = 0, full_b = 0;
  for (size_t i = 0; i < n; ++i) full_a += !a.tokens[i].is_initial;
  for (size_t j = 0; j < m; ++j) full_b += !b.tokens[j].is_initial;
  // A name with no more words than the other joins only a piece of at most three letters.
  auto has_short_word = [](const ParsedName& x, size_t count) {
    for (size_t i = 0; i < count; ++i)
      if (!x.tokens[i].is_initial && x.tokens[i].loose.size() <= 3) return true;
    return false;
  };
  if (full_a > full_b) JoinAroundArticle(a, b, true, used_a, used_b, aligned);
  if (full_b > full_a) JoinAroundArticle(b, a, false, used_b, used_a, aligned);
  if (full_a > full_b || (full_a > 1 && has_short_word(a, n))) {
    JoinAdjacent(a, b, true, full_a <= full_b, used_a, used_b, aligned);
  }
  if (full_b > full_a || (full_b > 1 && has_short_word(b, m))) {
    JoinAdjacent(b, a, false, full_b <= full_a, used_b, used_a, aligned);
  }

  // Greedy alignment: best full-word pairs first, initials last, same roles preferred.
  struct Candidate {
    float priority;
    uint8_t i, j;
    PairScore score;
  };
  std::array<Candidate, kMaxTokens * kMaxTokens> candidates;
  size_t count = 0;
  for (size_t i = 0; i < n; ++i) {
    if (used_a[i]) continue;
    const bool article_a = IsLeadingArticle(a, i);
    for (size_t j = 0; j < m; ++j) {
      // An article agreeing with an article says nothing (al-Shami ~ al-Hashimi). One that
      // may be a syllable (Korean Un-Nam) still meets the other name's words.
      if (used_b[j] || (article_a && IsLeadingArticle(b, j))) continue;
      const PairScore s =
          options.pairs ? options.pairs->Score(a, i, b, j) : ScorePair(a.tokens[i], b.tokens[j]);
      if (s.kind == PairKind::kNone) continue;
      if (s.kind == PairKind::kSimilar && s.sim < kAlignFloor) continue;
      float priority = s.kind == PairKind::kInitial ? 0.4f : s.sim;
      if (a.tokens[i].role == b.tokens[j].role) priority += 0.03f;
      candidates[count++] = {priority, static_cast<uint8_t>(i), static_cast<uint8_t>(j), s};
    }
  }
  std::sort(candidates.begin(), candidates.begin() + count,
            [](const Candidate& x, const Candidate& y) { return x.priority > y.priority; });
  for (size_t k = 0; k < count; ++k) {
    const auto& c = candidates[k];
    if (used_a[c.i] || used_b[c.j]) continue;
    used_a[c.i] = used_b[c.j] = true;
    Aligned al;
    al.a = c.i, al.b = c.j, al.score = c.score;
    aligned.push_back(al);
  }

  // Role of each aligned pair. Surname/given swaps (a guessed order) are resolved so that one
  // swapped pair stands for the surname when no pair agrees on it outright.
  std::array<RoleTally, 3> tally;
  bool pure_surname = false;
  for (const auto& al : aligned) {
    pure_surname |= a.tokens[al.a].role == Role::kSurname && b.tokens[al.b].role == Role::kSurname;
  }
  bool swapped_surname_taken = pure_surname;
  bool given_known_apart = false;
  float evidence = kPrior;
  const bool explain = options.explain == Explain::kText;

  for (const auto& al : aligned) {
    const NameToken& x = a.tokens[al.a];
    const NameToken& y = b.tokens[al.b];
    Role role;
    bool cross_patronymic = false;  // a patronymic aligned with a non-patronymic word
    if (x.role == y.role) {
      role = x.role == Role::kUnknown ? Role::kGiven : x.role;
      // "Алуа Сапарханқызы": with no surname on either side, a Kazakh -ұлы/-қызы word is the
      // family name many Kazakhs write as their surname (and Saparkhankyzy as a surname meets
      // it already), so it counts as the surname, not as a Russian-style patronymic that only
      // narrows a name down.
      if (role == Role::kPatronymic && !HasSurname(a) && !HasSurname(b) && IsTurkicPatronymic(x) &&
          IsTurkicPatronymic(y)) {
        role = Role::kSurname;
      }
    } else if (x.role == Role::kPatronymic || y.role == Role::kPatronymic) {
      // A word read as a patronymic on one side and as something else on the other: trust
      // the patronymic reading when the other word has a patronymic suffix too.
      const NameToken& other = x.role == Role::kPatronymic ? y : x;
      std::string stem;
      Sex sex;
      cross_patronymic = !(other.is_initial || SplitPatronymic(other.loose, &stem, &sex) ||
                           SplitTurkicPatronymic(other.latin, &stem, &sex));
      role = cross_patronymic ? other.role : Role::kPatronymic;
      // "Ivan Lyutkevich" read as given + patronymic against "Люткевич Иван Брониславович":
      // with no surname on the patronymic side, the surname reading wins.
      const ParsedName& patronymic_side = x.role == Role::kPatronymic ? a : b;
      if (other.role == Role::kSurname && !cross_patronymic && !HasSurname(patronymic_side)) {
        role = Role::kSurname;
      }
    } else if (!swapped_surname_taken && !x.is_initial && !y.is_initial) {
      role = Role::kSurname;
      swapped_surname_taken = true;
    } else {
      role = Role::kGiven;
    }
    RoleTally& t = tally[RoleIndex(role)];
    const float rarity = 0.5f * (x.rarity + y.rarity);
    const float s = al.score.sim;
    const PairKind kind = al.score.kind;
    const bool prefix_form = x.is_prefix || y.is_prefix ||
                             (x.loose.size() >= 3 && y.loose.size() >= 3 &&
                              IsHangulLatin(x.latin) == IsHangulLatin(y.latin) &&
                              (x.loose.starts_with(y.loose) || y.loose.starts_with(x.loose)));
    float e = 0.f;
    bool agree = false;
    if (kind == PairKind::kInitial) {
      e = role == Role::kPatronymic ? 0.2f : 0.3f;
      t.initial_agree = true;
    } else if (cross_patronymic) {
      e = 0.3f;  // Orazuly ~ Orazali: alike, but a father's name is not the given name
    } else if (role == Role::kSurname) {
      if (s >= 0.9f) {
        e = 3.f + 2.5f * rarity, agree = true;
      } else if (s >= 0.86f) {
        e = 2.f + 1.5f * rarity, agree = true;
      } else if (s >= 0.82f) {
        e = 1.5f + rarity;
      } else if (s >= 0.72f) {
        e = 0.8f;
      } else {
        t.conflict = true;
      }
    } else if (role == Role::kGiven) {
      if (s < 0.72f && !x.groups.empty() && !y.groups.empty() && !prefix_form) {
        given_known_apart = true;  // two names the table knows, in different groups
      }
      // Given names are short: one vowel apart (Murat/Marat) is a different name as often as
      // a spelling, so only near-equal keys confirm.
      if (kind == PairKind::kEquivalent || s >= 0.9f) {
        e = 2.f + 2.f * rarity, agree = true;
      } else if (s >= 0.82f) {
        e = 1.f + rarity;
      } else if (s >= 0.72f || prefix_form) {
        e = 0.3f;  // a short form (Влад ~ Владимир) or a near spelling: compatible only
      } else {
        t.conflict = true;
      }
    } else {
      if (kind == PairKind::kEquivalent || s >= 0.88f) {
        e = 1.2f + rarity, agree = true;
      } else if (s >= 0.75f) {
        e = 0.5f;
      } else if (s >= 0.6f) {
        e = -2.f;  // Akhmetovich ~ Akmadovich: probably a variant, but it counts against
      } else {
        t.conflict = true;
      }
    }
    if (t.conflict && kind != PairKind::kInitial) t.full_conflict = true;
    t.full_agree |= agree;
    t.evidence += e;
    if (explain) {
      std::string left = x.loose, right = y.loose;
      if (al.a2 >= 0) left += "+" + a.tokens[al.a2].loose;
      if (al.a3 >= 0) left += "+" + a.tokens[al.a3].loose;
      if (al.b2 >= 0) right += "+" + b.tokens[al.b2].loose;
      if (al.b3 >= 0) right += "+" + b.tokens[al.b3].loose;
      const char* how = kind == PairKind::kInitial      ? "initial"
                        : kind == PairKind::kEquivalent ? "equivalent"
                        : s >= 0.999f                   ? "same"
                        : agree                         ? "close"
                        : t.conflict                    ? "different"
                                                        : "weak";
      if (!t.note.empty()) t.note += ", ";
      t.note += fmt::format("{}~{} {}{}", left, right, how, agree && rarity >= 0.7f ? " rare" : "");
    }
  }

  // Words left without a partner: a conflict when both names have one in the same role.
  std::array<int, 3> left_a_full{}, left_a_init{}, left_b_full{}, left_b_init{};
  for (size_t i = 0; i < n; ++i) {
    if (used_a[i] || a.tokens[i].alternative || IsLeadingArticle(a, i)) continue;
    const int r = RoleIndex(a.tokens[i].role);
    (a.tokens[i].is_initial ? left_a_init : left_a_full)[r]++;
  }
  for (size_t j = 0; j < m; ++j) {
    if (used_b[j] || b.tokens[j].alternative || IsLeadingArticle(b, j)) continue;
    const int r = RoleIndex(b.tokens[j].role);
    (b.tokens[j].is_initial ? left_b_init : left_b_full)[r]++;
  }
  for (int r = 0; r < 3; ++r) {
    const int left_a = left_a_full[r] + left_a_init[r];
    const int left_b = left_b_full[r] + left_b_init[r];
    RoleTally& t = tally[r];
    if (left_a > 0 && left_b > 0) {
      t.conflict = true;
      if (explain) {
        if (!t.note.empty()) t.note += ", ";
        t.note += "unmatched";
      }
    } else {
      evidence += kExtraToken * static_cast<float>(left_a + left_b);
    }
    if (!t.conflict) continue;
    const bool initials_only = left_a_full[r] + left_b_full[r] == 0 && !t.full_agree;
    switch (r) {
      case 0:
        t.evidence += kSurnameConflict;
        break;
      case 1:
        t.evidence += initials_only ? kInitialConflict : kGivenConflict;
        break;
      default:
        t.evidence += initials_only ? kPatronymicInitialConflict : kPatronymicConflict;
        break;
    }
  }
  // An unmatched full word on each side in the given/surname roles disagrees, even when the
  // guessed roles differ ("Турсынбек Ерасыл" ~ "Aigerim Tursynbek").
  if (left_a_full[0] + left_a_full[1] > 0 && left_b_full[0] + left_b_full[1] > 0 &&
      !tally[0].conflict && !tally[1].conflict) {
    const int r = tally[0].full_agree ? 1 : 0;
    tally[r].conflict = true;
    tally[r].full_conflict = true;
    tally[r].evidence += r == 0 ? kSurnameConflict : kGivenConflict;
    if (explain) tally[r].note += tally[r].note.empty() ? "unmatched" : ", unmatched";
  }
  for (const auto& t : tally) evidence += t.evidence;

  const bool sex_conflict = a.sex != Sex::kUnknown && b.sex != Sex::kUnknown && a.sex != b.sex;
  // A sex read only from the given-name table (the role may be guessed: "Genrieta Yan") is a
  // softer signal than a patronymic or a gendered surname.
  const bool soft_sex = a.sex_from_given_only || b.sex_from_given_only;
  if (sex_conflict) evidence += soft_sex ? kSexConflict / 2 : kSexConflict;

  // Every word of the shorter name agrees and nothing contradicts: at least "possible"
  // ("Alexandr" ~ "Александр Святославович Шепелев", "Ivanov" ~ "Ivanov Ivan").
  const bool any_conflict =
      tally[0].conflict || tally[1].conflict || tally[2].conflict || sex_conflict;
  const bool any_agree = tally[0].full_agree || tally[1].full_agree || tally[2].full_agree;
  if (!any_conflict && any_agree) {
    bool covered = true;
    const ParsedName& shorter = n <= m ? a : b;
    const auto& used = n <= m ? used_a : used_b;
    for (size_t i = 0; i < std::min(shorter.tokens.size(), kMaxTokens); ++i)
      covered &= used[i] || shorter.tokens[i].alternative || IsLeadingArticle(shorter, i);
    if (covered) evidence = std::max(evidence, Logit(kCompatibleFloor));
  }
  // A woman's surname may change at marriage: same given name and patronymic, different
  // surname stays "possible" for women (Ольга Николаевна Амельченкова ~ Ольга Николаевна Занко).
  // With the patronymic written on one side only (compatible everywhere else) it stays just
  // "possible": below the matcher's review threshold, ranked under anything sharing more.
  if (a.sex == Sex::kFemale && b.sex == Sex::kFemale && tally[0].conflict && tally[1].full_agree &&
      !tally[1].conflict && !tally[2].conflict) {
    const bool one_patronymic = (PatronymicCount(a) > 0) != (PatronymicCount(b) > 0);
    if (tally[2].full_agree || one_patronymic) {
      evidence = std::max(evidence, Logit(tally[2].full_agree ? kMaidenNameFloor
                                                              : kMaidenNameOnePatronymicFloor));
      if (explain) tally[0].note += " (maiden name?)";
    }
  }

  // Given names left unmatched on both sides that the table knows (Юрий vs Николай): as
  // different as two patronymics, so brothers (same surname and patronymic) are not "possible".
  if (tally[1].conflict && !tally[1].full_agree && left_a_full[1] > 0 && left_b_full[1] > 0) {
    bool all_known = true;
    for (size_t i = 0; i < n; ++i)
      if (!used_a[i] && !a.tokens[i].is_initial && a.tokens[i].role == Role::kGiven)
        all_known &= !a.tokens[i].groups.empty();
    for (size_t j = 0; j < m; ++j)
      if (!used_b[j] && !b.tokens[j].is_initial && b.tokens[j].role == Role::kGiven)
        all_known &= !b.tokens[j].groups.empty();
    given_known_apart |= all_known;
  }
  if (given_known_apart && !tally[1].full_agree) {
    evidence = std::min(evidence, Logit(kHardConflictCap));
  }
  // Hard conflicts: two different patronymics written in full, or a different sex.
  const bool patronymic_conflict =
      !tally[2].full_agree &&
      (tally[2].full_conflict || (left_a_full[2] > 0 && left_b_full[2] > 0));
  if ((sex_conflict && !soft_sex) || patronymic_conflict) {
    evidence = std::min(evidence, Logit(kHardConflictCap));
  }

  const bool confirmed = tally[0].full_agree && tally[1].full_agree && !tally[0].conflict &&
                         !tally[1].conflict && !tally[2].conflict && !sex_conflict;
  if (!confirmed) evidence = std::min(evidence, Logit(kUnconfirmedCap));

  result.score = std::round(Sigmoid(evidence) * 1000.f) / 1000.f;
  result.decision = result.score >= options.match_threshold      ? Decision::kMatch
                    : result.score >= options.possible_threshold ? Decision::kPossible
                                                                 : Decision::kNonMatch;
  if (explain) {
    std::string text;
    for (int r = 0; r < 3; ++r) {
      if (tally[r].note.empty()) continue;
      if (!text.empty()) text += "; ";
      text += fmt::format("{} {}", kRoleLabel[r], tally[r].note);
    }
    if (sex_conflict) text += text.empty() ? "sex differs" : "; sex differs";
    if (text.empty()) text = "nothing in common";
    result.explain = std::move(text);
  }
  return result;
}

}  // namespace

}  // namespace aftermath::names

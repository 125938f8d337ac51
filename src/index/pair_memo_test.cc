#include "index/pair_memo.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "names/engine.h"

namespace aftermath::index {
namespace {

// Every query compared with every stored name through one memo per query gives the same score
// and decision as without it; the stored names repeat words in other roles (a surname that is
// also a given name, an initial of it, a patronymic of the same stem) so that a memo keyed too
// loosely answers one pair with another's score.
TEST(PairMemoTest, RememberedPairsScoreAsTheEngineDoes) {
  const names::NameEngine engine = *names::NameEngine::Create();
  const std::vector<std::string> stored = {"Иванов Иван Иванович",
                                           "Иван Иванов",
                                           "Ivanov I. I.",
                                           "Иванова Ивана",
                                           "Петров Иван Петрович",
                                           "Petrov Ivan",
                                           "Тоқаев Қасым-Жомарт",
                                           "Kassym-Jomart Tokayev",
                                           "Токаева Айгуль",
                                           "Серік Ерлан",
                                           "Ерланов Серик",
                                           "Said SAID",
                                           "Абу Бакр",
                                           "Марат Мұратұлы",
                                           "Murat Maratov",
                                           "Ivan Ivanovich",
                                           "I. Petrov",
                                           "Ахметов Ахмет Ахметович"};
  const std::vector<std::string> queries = {"Иванов Иван",          "Ivan Petrov", "Токаев К.-Ж.",
                                            "Серик Ерланов",        "Марат",       "Ахметов А.",
                                            "Ivanov Ivan Ivanovich"};
  StringPool words;
  TokenStore tokens;
  std::vector<NameHeader> headers;
  for (const auto& text : stored) headers.push_back(tokens.Append(*engine.Parse(text), words));
  PairMemo memo;
  names::CompareOptions plain;
  plain.explain = names::Explain::kNone;
  names::CompareOptions remembered = plain;
  remembered.pairs = &memo;
  names::ParsedName candidate;
  int hits_checked = 0;
  for (const auto& q : queries) {
    const names::ParsedName query = *engine.Parse(q);
    memo.Reset();
    for (int round = 0; round < 2; ++round) {  // the second round is answered from the memo
      for (size_t k = 0; k < headers.size(); ++k) {
        const NameHeader& h = headers[k];
        tokens.Expand(h, words, candidate);
        memo.SetCandidate(tokens, h);
        const names::Comparison want = engine.Compare(query, candidate, plain);
        const names::Comparison got = engine.Compare(query, candidate, remembered);
        EXPECT_EQ(got.score, want.score) << q << " ~ " << stored[k];
        EXPECT_EQ(got.decision, want.decision) << q << " ~ " << stored[k];
        hits_checked += want.score > 0.4f;
      }
    }
  }
  EXPECT_GT(hits_checked, 10);  // the set holds real matches, not only non-matches
}

names::NameToken Word(std::string loose, names::Role role, std::vector<uint16_t> groups = {}) {
  names::NameToken t;
  t.latin = t.loose = t.stem = std::move(loose);
  t.role = role;
  t.groups = std::move(groups);
  return t;
}

// One word as a given name (in the query's equivalence group) and as a surname: the memo must
// not answer the second with the first's score.
TEST(PairMemoTest, TheSameWordInAnotherRoleOrAsAnInitialIsScoredAgain) {
  names::ParsedName query;
  query.tokens = {Word("marat", names::Role::kGiven, {7})};
  names::ParsedName as_given, as_surname, as_initial;
  as_given.tokens = {Word("marat", names::Role::kGiven, {7})};
  as_surname.tokens = {Word("marat", names::Role::kSurname)};
  as_initial.tokens = {Word("marat", names::Role::kGiven, {7})};
  as_initial.tokens[0].is_initial = true;
  StringPool words;
  TokenStore tokens;
  PairMemo memo;
  memo.Reset();
  for (const names::ParsedName* name : {&as_given, &as_surname, &as_initial, &as_given}) {
    memo.SetCandidate(tokens, tokens.Append(*name, words));
    const names::PairScore want = names::ScorePair(query.tokens[0], name->tokens[0]);
    const names::PairScore got = memo.Score(query, 0, *name, 0);
    EXPECT_EQ(got.kind, want.kind);
    EXPECT_EQ(got.sim, want.sim);
  }
  EXPECT_EQ(names::ScorePair(query.tokens[0], as_given.tokens[0]).kind,
            names::PairKind::kEquivalent);
  EXPECT_NE(names::ScorePair(query.tokens[0], as_surname.tokens[0]).kind,
            names::PairKind::kEquivalent);
}

}  // namespace
}  // namespace aftermath::index

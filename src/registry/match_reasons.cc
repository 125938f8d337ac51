#include "registry/match_reasons.h"

#include <algorithm>
#include <cctype>
#include <initializer_list>
#include <iterator>

namespace aftermath {
namespace {

using Params = std::vector<std::pair<std::string, std::string>>;

std::string_view Trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

bool EatPrefix(std::string_view& s, std::string_view prefix) {
  if (!s.starts_with(prefix)) return false;
  s.remove_prefix(prefix.size());
  return true;
}

bool EatSuffix(std::string_view& s, std::string_view suffix) {
  if (!s.ends_with(suffix)) return false;
  s.remove_suffix(suffix.size());
  return true;
}

std::vector<std::string_view> Split(std::string_view s, std::string_view sep) {
  std::vector<std::string_view> out;
  for (size_t at; (at = s.find(sep)) != std::string_view::npos; s.remove_prefix(at + sep.size())) {
    out.push_back(s.substr(0, at));
  }
  out.push_back(s);
  return out;
}

bool IsNumber(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!std::isdigit(static_cast<unsigned char>(c)) && c != '.' && c != '+' && c != '-') {
      return false;
    }
  }
  return true;
}

// "N<suffix>" between a prefix and a suffix: "born 3 years apart", "age within 2 years".
bool NumberBetween(std::string_view s, std::string_view prefix,
                   std::initializer_list<std::string_view> suffixes, std::string* n) {
  if (!EatPrefix(s, prefix)) return false;
  for (auto suffix : suffixes) {
    std::string_view rest = s;
    if (EatSuffix(rest, suffix) && IsNumber(rest)) {
      *n = std::string(rest);
      return true;
    }
  }
  return false;
}

// One word pair of a role: "jakupov~jakupov same rare", "a+b~ab close", "unmatched".
MatchReason NamePair(std::string_view role, std::string_view note) {
  if (note == "unmatched") return {"name_unmatched", {{"role", std::string(role)}}};
  std::string_view rest = note;
  bool rare = EatSuffix(rest, " rare");
  size_t space = rest.rfind(' ');
  size_t tilde = rest.find('~');
  if (space != std::string_view::npos && tilde != std::string_view::npos && tilde < space) {
    std::string_view how = rest.substr(space + 1);
    if (how == "same" || how == "equivalent" || how == "close" || how == "different" ||
        how == "weak" || how == "initial") {
      return {"name_pair",
              {{"role", std::string(role)},
               {"left", std::string(rest.substr(0, tilde))},
               {"right", std::string(rest.substr(tilde + 1, space - tilde - 1))},
               {"how", std::string(how)},
               {"rare", rare ? "yes" : "no"}}};
    }
  }
  return {"text", {{"text", std::string(role) + " " + std::string(note)}}};
}

void Clause(std::string_view c, std::vector<MatchReason>& out) {
  c = Trim(c);
  if (c.empty()) return;
  // Suffixes the evidence and the engine put after a clause.
  std::string rank;
  if (size_t at = c.rfind(" (rank "); at != std::string_view::npos && c.ends_with(")")) {
    std::string_view value = c.substr(at + 7, c.size() - at - 8);
    if (IsNumber(value)) {
      rank = std::string(value);
      c = c.substr(0, at);
    }
  }
  const bool maiden = EatSuffix(c, " (maiden name?)");

  static constexpr std::pair<std::string_view, std::string_view> kFixed[] = {
      {"sex differs", "sex_differs"},
      {"same sex", "same_sex"},
      {"birth year agrees", "birth_year_agrees"},
      {"nothing in common", "nothing_in_common"},
      {"empty name", "empty_name"},
      {"unidentified", "unidentified"},
      {"place agrees", "place_agrees"},
      {"the source named this person (person_id) but has not reported them before",
       "source_named"},
      {"an operator linked this person to the inquiry: the caller means them", "operator_linked"},
  };
  auto fixed = std::find_if(std::begin(kFixed), std::end(kFixed),
                            [&](const auto& f) { return f.first == c; });
  std::string n;
  if (fixed != std::end(kFixed)) {
    out.push_back({std::string(fixed->second), {}});
  } else if (NumberBetween(c, "born ", {" years apart", " year apart"}, &n)) {
    out.push_back({"born_apart", {{"years", n}}});
  } else if (NumberBetween(c, "age within ", {" years", " year"}, &n)) {
    out.push_back({"age_within", {{"years", n}}});
  } else if (NumberBetween(c, "features overlap ", {"%"}, &n)) {
    out.push_back({"features_overlap", {{"percent", n}}});
  } else if (NumberBetween(c, "name ", {""}, &n)) {
    out.push_back({"name_score", {{"score", n}}});
  } else {
    std::string_view role;
    for (std::string_view r : {"surname", "given", "patronymic"}) {
      std::string_view rest = c;
      if (EatPrefix(rest, r) && EatPrefix(rest, " ")) {
        role = r;
        for (auto note : Split(rest, ", ")) out.push_back(NamePair(role, Trim(note)));
        break;
      }
    }
    if (role.empty()) out.push_back({"text", {{"text", std::string(c)}}});
  }
  if (maiden) out.push_back({"maiden_name", {}});
  if (!rank.empty()) out.push_back({"rank", {{"adjustment", rank}}});
}

}  // namespace

std::vector<MatchReason> ParseMatchExplanation(std::string_view explanation) {
  std::vector<MatchReason> out;
  std::string_view s = Trim(explanation);
  while (true) {
    if (EatPrefix(s, "same person? ")) {
      out.push_back({"same_person", {}});
    } else if (EatPrefix(s, "other keyboard layout: ")) {
      out.push_back({"other_layout", {}});
    } else {
      break;
    }
  }
  for (auto clause : Split(s, "; ")) Clause(clause, out);
  return out;
}

}  // namespace aftermath

#include "demo/population/name_pool.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <unordered_set>

#include "demo/population/builtin_names.h"
#include "demo/population/sources.h"
#include "demo/population/text.h"

namespace aftermath::population {

std::string_view GroupName(Group group) {
  switch (group) {
    case Group::kKazakh:
      return "kazakh";
    case Group::kRussian:
      return "russian";
    case Group::kUkrainian:
      return "ukrainian";
    case Group::kTatar:
      return "tatar";
    case Group::kUzbek:
      return "uzbek";
    case Group::kUyghur:
      return "uyghur";
    case Group::kKorean:
      return "korean";
    case Group::kGerman:
      return "german";
  }
  return "unknown";
}

namespace {

constexpr size_t kMale = static_cast<size_t>(PersonSex::kMale);
constexpr size_t kFemale = static_cast<size_t>(PersonSex::kFemale);

// A list word as Title case; empty when it is not a plain name (digits, brackets, initials).
std::u32string NameWord(std::string_view raw) {
  std::u32string w = CleanName(Utf8ToU32(raw));
  if (w.size() < 2) return {};
  for (char32_t c : w) {
    if (!IsLetter(c) && c != U'-') return {};
  }
  return TitleCase(w);
}

bool EndsWithAny(const std::u32string& upper, std::initializer_list<std::u32string_view> ends) {
  for (auto e : ends) {
    if (upper.ends_with(e)) return true;
  }
  return false;
}

Result<CsvTable> LoadCsv(const std::string& dir, const char* name,
                         std::initializer_list<const char*> columns) {
  ASSIGN_OR_RETURN(std::string text, ReadFile(dir + "/" + name));
  CsvTable table = ParseCsv(text);
  for (const char* c : columns) {
    if (table.Column(c) < 0) {
      return FailedPrecondition(fmt::format("{}/{}: no column '{}'", dir, name, c));
    }
  }
  return table;
}

double ParseCount(const std::string& s) { return std::strtod(s.c_str(), nullptr); }

// The cell at `column`, or "" when the row is short.
const std::string& Cell(const std::vector<std::string>& row, int column) {
  static const std::string kEmpty;
  return column >= 0 && static_cast<size_t>(column) < row.size() ? row[column] : kEmpty;
}

struct Loader {
  NamePool pool;
  std::unordered_set<std::u32string> ru_given_upper;
  // Given names of the Memorial list's Russians, mixed with the yaml's newborns by Finish().
  std::array<WeightedList, 2> ru_old_given;

  Status Russian(const std::string& dir) {
    GroupNames& ru = pool.of(Group::kRussian);
    const char* files[] = {"russian_male_first_names_and_popularity.yaml",
                           "russian_female_first_names_and_popularity.yaml"};
    for (size_t sex : {kMale, kFemale}) {
      ASSIGN_OR_RETURN(std::string text, ReadFile(dir + "/" + files[sex]));
      for (const auto& [name, count] : ParseYamlMap(text)) {
        std::u32string w = NameWord(name);
        if (w.empty()) continue;
        ru.given[sex].Add(w, ParseCount(count));
        ru_given_upper.insert(UpperCase(w));
      }
    }
    ASSIGN_OR_RETURN(std::string surnames,
                     ReadFile(dir + "/russian_male_last_names_and_popularity.yaml"));
    for (const auto& [name, count] : ParseYamlMap(surnames)) {
      std::u32string w = NameWord(name);
      if (!w.empty()) ru.surnames.Add(w, ParseCount(count));
    }
    ASSIGN_OR_RETURN(std::string patronymics, ReadFile(dir + "/russian_patronymics.yaml"));
    for (const auto& [name, forms] : ParseYamlMap(patronymics)) {
      size_t comma = forms.find(',');
      if (comma == std::string::npos) continue;
      std::u32string m = NameWord(forms.substr(0, comma));
      std::u32string f = NameWord(forms.substr(comma + 1));
      std::u32string given = NameWord(name);
      if (!m.empty() && !f.empty() && !given.empty()) pool.ru_patronymics[given] = {m, f};
    }
    return Status::Ok();
  }

  Status Memorial(const std::string& dir) {
    ASSIGN_OR_RETURN(CsvTable t, LoadCsv(dir, "memorial_moscow_1937_1941_names.csv",
                                         {"surname", "given", "patronymic", "ethnicity"}));
    int cs = t.Column("surname"), cg = t.Column("given"), cp = t.Column("patronymic"),
        ce = t.Column("ethnicity");
    struct Ethnicity {
      std::string_view word;
      Group group;
      bool female;
    };
    static constexpr Ethnicity kEthnicities[] = {
        {"русский", Group::kRussian, false},    {"русская", Group::kRussian, true},
        {"украинец", Group::kUkrainian, false}, {"украинка", Group::kUkrainian, true},
        {"немец", Group::kGerman, false},       {"немка", Group::kGerman, true},
        {"кореец", Group::kKorean, false},      {"кореянка", Group::kKorean, true},
        {"татарин", Group::kTatar, false},      {"татарка", Group::kTatar, true},
    };
    for (const auto& row : t.rows) {
      const Ethnicity* e = nullptr;
      for (const auto& k : kEthnicities) {
        if (Cell(row, ce) == k.word) e = &k;
      }
      if (e == nullptr) continue;
      std::u32string surname = NameWord(Cell(row, cs)), given = NameWord(Cell(row, cg)),
                     patronymic = NameWord(Cell(row, cp));
      PersonSex sex = e->female ? PersonSex::kFemale : PersonSex::kMale;
      if (!patronymic.empty()) SexFromPatronymic(patronymic, &sex);
      GroupNames& g = pool.of(e->group);
      if (!surname.empty()) g.surnames.Add(MasculineSurname(surname), 1);
      if (given.empty()) continue;
      size_t s = static_cast<size_t>(sex);
      if (e->group == Group::kRussian) {
        ru_old_given[s].Add(given, 1);
      } else {
        g.given[s].Add(given, 1);
        if (!patronymic.empty()) g.patronymics[s].Add(patronymic, 1);
      }
    }
    return Status::Ok();
  }

  Status Kazakh(const std::string& dir) {
    ASSIGN_OR_RETURN(CsvTable t,
                     LoadCsv(dir, "kz_names_fio.csv", {"surname", "given", "patronymic"}));
    int cs = t.Column("surname"), cg = t.Column("given"), cp = t.Column("patronymic");
    GroupNames& kz = pool.of(Group::kKazakh);
    for (const auto& row : t.rows) {
      std::u32string surname = NameWord(Cell(row, cs)), given = NameWord(Cell(row, cg)),
                     patronymic = NameWord(Cell(row, cp));
      std::u32string pu = UpperCase(patronymic);
      // A Russian given name with a Russian or no patronymic: a Russian in a Kazakh list.
      if (ru_given_upper.contains(UpperCase(given)) &&
          (pu.empty() || EndsWithAny(pu, {U"ВИЧ", U"ВНА", U"ИЧНА"}))) {
        continue;
      }
      if (!surname.empty()) kz.surnames.Add(MasculineSurname(surname), 1);
      PersonSex sex;
      bool known = (!patronymic.empty() && SexFromPatronymic(patronymic, &sex)) ||
                   (!surname.empty() && SexFromSurname(surname, &sex));
      if (!known) continue;
      size_t s = static_cast<size_t>(sex);
      if (!given.empty()) kz.given[s].Add(given, 1);
      if (!patronymic.empty()) kz.patronymics[s].Add(patronymic, 1);
    }
    return Status::Ok();
  }

  Status Countries(const std::string& dir) {
    ASSIGN_OR_RETURN(CsvTable f, LoadCsv(dir, "common-forenames-by-country.csv",
                                         {"Country", "Gender", "Localized Name"}));
    int cc = f.Column("Country"), cg = f.Column("Gender"), cn = f.Column("Localized Name");
    for (const auto& row : f.rows) {
      if (Cell(row, cc) != "KZ") continue;
      std::u32string name = NameWord(Cell(row, cn));
      if (name.empty() || !IsCyrillic(name[0])) continue;
      // Newborns' names of 2021: a few of today's children among the adults of the list.
      pool.of(Group::kKazakh).given[Cell(row, cg) == "F" ? kFemale : kMale].Add(name, 2);
    }
    ASSIGN_OR_RETURN(CsvTable s, LoadCsv(dir, "common-surnames-by-country.csv",
                                         {"Country", "Localized Name", "Count"}));
    cc = s.Column("Country");
    cn = s.Column("Localized Name");
    int ccount = s.Column("Count");
    for (const auto& row : s.rows) {
      if (Cell(row, cc) != "KZ") continue;
      std::u32string name = NameWord(Cell(row, cn));
      if (name.empty()) continue;
      pool.national_surnames.Add(name, ParseCount(Cell(row, ccount)),
                                 static_cast<uint8_t>(GroupOfNationalSurname(name)));
    }
    return Status::Ok();
  }

  void Builtins() {
    for (const BuiltinName& b : BuiltinNames()) {
      GroupNames& g = pool.of(b.group);
      std::u32string name(b.name);
      switch (b.kind) {
        case BuiltinName::Kind::kSurname:
          g.surnames.Add(name, b.weight);
          break;
        case BuiltinName::Kind::kMale:
          g.given[kMale].Add(name, b.weight);
          break;
        case BuiltinName::Kind::kFemale:
          g.given[kFemale].Add(name, b.weight);
          break;
      }
    }
  }

  // Mixes lists of different origins in fixed shares, so a list's size does not decide the mix.
  Status Finish() {
    GroupNames& ru = pool.of(Group::kRussian);
    for (size_t s : {kMale, kFemale}) {
      if (ru.given[s].empty()) {
        return FailedPrecondition("population lists hold no Russian given names");
      }
      // Today's adults carry older names than the newborns of the yaml lists.
      if (!ru_old_given[s].empty()) {
        ru.given[s].Normalize(0.5);
        ru.given[s].Merge(ru_old_given[s], 0.5 / ru_old_given[s].total());
      }
      ru.given[s].Normalize(1.0);
      // Koreans, Germans, Ukrainians and Tatars of Kazakhstan mostly carry Russian given names.
      for (Group g : {Group::kUkrainian, Group::kKorean, Group::kGerman, Group::kTatar}) {
        WeightedList& own = pool.of(g).given[s];
        double own_share = own.empty() ? 0 : g == Group::kTatar ? 0.8 : 0.4;
        own.Normalize(own_share);
        own.Merge(ru.given[s], 1 - own_share);
      }
    }
    for (size_t i = 0; i < kGroupCount; ++i) {
      const GroupNames& g = pool.groups[i];
      if (g.surnames.empty() || g.given[kMale].empty() || g.given[kFemale].empty()) {
        return FailedPrecondition(
            fmt::format("population lists hold no {} names", GroupName(static_cast<Group>(i))));
      }
    }
    return Status::Ok();
  }
};

}  // namespace

Result<NamePool> LoadNamePool(const std::string& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    return NotFound(
        fmt::format("population data not found at '{}' (see ../shared/data/README.md)", dir));
  }
  Loader loader;
  RETURN_IF_ERROR(loader.Russian(dir));
  RETURN_IF_ERROR(loader.Memorial(dir));
  RETURN_IF_ERROR(loader.Kazakh(dir));
  RETURN_IF_ERROR(loader.Countries(dir));
  loader.Builtins();
  RETURN_IF_ERROR(loader.Finish());
  return std::move(loader.pool);
}

}  // namespace aftermath::population

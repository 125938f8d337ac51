#include "demo/population/person_generator.h"

#include <fmt/format.h>

namespace aftermath::population {
namespace {

// Kazakhstan's 2021 census, rounded; the rest of the population is left out.
constexpr double kGroupShares[kGroupCount] = {
    0.700,  // Kazakh
    0.180,  // Russian
    0.025,  // Ukrainian
    0.015,  // Tatar
    0.035,  // Uzbek
    0.015,  // Uyghur
    0.010,  // Korean
    0.015,  // German
};
// Share of persons whose surname is drawn from the national top list (national counts),
// which covers ~5% of Kazakhstan's population.
constexpr double kNationalSurname = 0.05;
constexpr double kMaleShare = 0.485;
constexpr int kReferenceYear = 2026;

struct StatusShare {
  std::string_view status;
  double share;
};
constexpr StatusShare kStatuses[] = {
    {"missing", 0.30},  {"hospitalised", 0.25}, {"detained", 0.08},
    {"deceased", 0.05}, {"safe", 0.22},         {"unknown", 0.10},
};

Group DrawGroup(Rng& rng) {
  double total = 0;
  for (double s : kGroupShares) total += s;
  double x = rng.Uniform() * total;
  for (size_t i = 0; i < kGroupCount; ++i) {
    if (x < kGroupShares[i]) return static_cast<Group>(i);
    x -= kGroupShares[i];
  }
  return Group::kKazakh;
}

// Age pyramid of a young population: flat to 45, then thinning out to 95.
int DrawAge(Rng& rng) {
  while (true) {
    int age = static_cast<int>(rng.Below(96));
    if (age < 45 || rng.Chance((95.0 - age) / 50.0)) return age;
  }
}

std::string DrawBirthDate(Rng& rng) {
  int year = kReferenceYear - DrawAge(rng);
  double x = rng.Uniform();
  if (x < 0.05) return {};
  if (x < 0.30) return fmt::format("{}", year);
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  // No one is born after the reference date (November).
  int month = static_cast<int>(rng.Below(year == kReferenceYear ? 10 : 12));
  int day = static_cast<int>(rng.Below(kDays[month])) + 1;
  return fmt::format("{}-{:02}-{:02}", year, month + 1, day);
}

std::string_view DrawStatus(Rng& rng) {
  double x = rng.Uniform();
  for (const auto& s : kStatuses) {
    if (x < s.share) return s.status;
    x -= s.share;
  }
  return "unknown";
}

void AppendJsonString(std::string_view s, std::string& out) {
  out.push_back('"');
  for (char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += fmt::format("\\u{:04x}", static_cast<int>(c));
        } else {
          out.push_back(c);
        }
    }
  }
  out.push_back('"');
}

}  // namespace

PersonGenerator::PersonGenerator(const NamePool& pool, uint64_t seed) : pool_(pool), rng_(seed) {}

std::u32string PersonGenerator::DrawPatronymic(Group group, PersonSex sex) {
  const GroupNames& g = pool_.of(group);
  size_t s = static_cast<size_t>(sex);
  const WeightedList& father_names = g.given[static_cast<size_t>(PersonSex::kMale)];
  switch (group) {
    case Group::kKazakh:
      if (!rng_.Chance(0.85)) return {};
      if (!g.patronymics[s].empty() && rng_.Chance(0.7)) return g.patronymics[s].Sample(rng_);
      // A father's name from today's lists, in the Kazakh or the Russified form.
      return rng_.Chance(0.7) ? KazakhPatronymic(father_names.Sample(rng_), sex)
                              : SlavicPatronymic(father_names.Sample(rng_), sex);
    case Group::kRussian: {
      if (!rng_.Chance(0.95)) return {};
      const std::u32string& father = father_names.Sample(rng_);
      auto it = pool_.ru_patronymics.find(father);
      if (it != pool_.ru_patronymics.end()) {
        return sex == PersonSex::kMale ? it->second.first : it->second.second;
      }
      return SlavicPatronymic(father, sex);
    }
    default:
      if (!rng_.Chance(0.85)) return {};
      if (!g.patronymics[s].empty() && rng_.Chance(0.5)) return g.patronymics[s].Sample(rng_);
      return SlavicPatronymic(father_names.Sample(rng_), sex);
  }
}

PersonName PersonGenerator::DrawName() {
  PersonName name;
  std::u32string surname;
  if (!pool_.national_surnames.empty() && rng_.Chance(kNationalSurname)) {
    size_t i = pool_.national_surnames.SampleIndex(rng_);
    surname = pool_.national_surnames.item(i);
    name.group = static_cast<Group>(pool_.national_surnames.tag(i));
  } else {
    name.group = DrawGroup(rng_);
    surname = pool_.of(name.group).surnames.Sample(rng_);
  }
  name.sex = rng_.Chance(kMaleShare) ? PersonSex::kMale : PersonSex::kFemale;
  name.surname = GenderedSurname(surname, name.sex);
  name.given = pool_.of(name.group).given[static_cast<size_t>(name.sex)].Sample(rng_);
  // A surname made from the father's name (Сапарұлы) stands in for the patronymic.
  bool patronymic_surname = false;
  for (std::u32string_view p : {U"ұлы", U"улы", U"қызы", U"кызы"}) {
    patronymic_surname = patronymic_surname || name.surname.ends_with(p);
  }
  if (!patronymic_surname) name.patronymic = DrawPatronymic(name.group, name.sex);
  return name;
}

GeneratedPerson PersonGenerator::Next() {
  GeneratedPerson p;
  p.external_id = fmt::format("gen-{:07}", ++count_);
  p.name = DrawName();
  p.full_name = SpellName(p.name, rng_);
  p.birth_date = DrawBirthDate(rng_);
  p.status = DrawStatus(rng_);
  return p;
}

std::string ToJsonLine(const GeneratedPerson& person) {
  std::string out;
  out.reserve(160);
  out += "{\"external_id\": ";
  AppendJsonString(person.external_id, out);
  out += ", \"full_name\": ";
  AppendJsonString(person.full_name, out);
  out += person.name.sex == PersonSex::kMale ? ", \"sex\": \"m\"" : ", \"sex\": \"f\"";
  if (!person.birth_date.empty()) {
    out += ", \"birth_date\": ";
    AppendJsonString(person.birth_date, out);
  }
  out += ", \"status\": ";
  AppendJsonString(person.status, out);
  out.push_back('}');
  return out;
}

}  // namespace aftermath::population

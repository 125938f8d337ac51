#include "io/csv/columns.h"

#include <fmt/format.h>
#include <unicode/unistr.h>

#include <charconv>
#include <unordered_map>

namespace aftermath::io {
namespace {

struct ColumnName {
  Column column;
  std::string_view name;
};

constexpr ColumnName kColumnNames[] = {
    {Column::kIgnore, "ignore"},         {Column::kExternalId, "external_id"},
    {Column::kSurname, "surname"},       {Column::kGivenName, "given_name"},
    {Column::kPatronymic, "patronymic"}, {Column::kFullName, "full_name"},
    {Column::kBirthDate, "birth_date"},  {Column::kAge, "age"},
    {Column::kSex, "sex"},               {Column::kStatus, "status"},
    {Column::kFacility, "facility"},     {Column::kLocation, "location"},
    {Column::kFeatures, "features"},     {Column::kNotes, "notes"},
};

// Header names as they appear in lists, already folded (FoldKey).
const std::unordered_map<std::string, Column>& HeaderTable() {
  static const auto* table = [] {
    auto* t = new std::unordered_map<std::string, Column>;
    auto add = [t](Column c, std::initializer_list<std::string_view> names) {
      for (auto n : names) t->emplace(FoldKey(n), c);
    };
    // A running row number ("№ п/п") changes when the list is re-sorted: never an id.
    add(Column::kIgnore, {"№ п/п", "п/п", "n п/п", "no п/п", "№ пп", "р/с", "р/н", "рет саны",
                          "row", "row number", "#"});
    add(Column::kExternalId,
        {"№", "no", "nr", "id", "номер", "код", "ид", "идентификатор", "номер записи",
         "№ записи", "рег. номер", "регистрационный номер", "номер карты", "№ карты",
         "номер истории болезни", "№ истории болезни", "нөмірі", "нөмір", "тіркеу нөмірі",
         "external id", "external_id", "record id", "source record id", "case id"});
    add(Column::kSurname, {"фамилия", "тегі", "тегi", "surname", "last name", "lastname",
                           "family name"});
    add(Column::kGivenName, {"имя", "аты", "given name", "given names", "first name",
                             "firstname", "forename"});
    add(Column::kPatronymic, {"отчество", "әкесінің аты", "әкесінің есімі", "patronymic",
                              "middle name", "father's name"});
    add(Column::kFullName,
        {"фио", "ф.и.о", "ф. и. о", "ф и о", "фамилия имя отчество", "фамилия, имя, отчество",
         "фио пострадавшего", "фио пациента", "фио задержанного", "фио погибшего",
         "аты-жөні", "аты жөні", "толық аты-жөні", "тегі, аты, әкесінің аты", "full name",
         "fullname", "name", "person", "person name"});
    add(Column::kBirthDate,
        {"дата рождения", "д.р", "д/р", "год рождения", "г.р", "дата и год рождения",
         "туған күні", "туған жылы", "туған күні, айы, жылы", "birth date", "date of birth",
         "birthdate", "dob", "born", "birth_date"});
    add(Column::kAge, {"возраст", "полных лет", "жасы", "жас", "age", "approx age"});
    add(Column::kSex, {"пол", "жынысы", "жыныс", "sex", "gender"});
    add(Column::kStatus, {"статус", "состояние", "мәртебесі", "мәртебе", "жағдайы", "status",
                          "state", "condition"});
    add(Column::kFacility,
        {"место", "учреждение", "больница", "местонахождение", "место нахождения",
         "медицинское учреждение", "мекеме", "орны", "тұрған жері", "аурухана", "facility",
         "hospital", "place", "institution"});
    add(Column::kLocation, {"отделение", "палата", "адрес", "бөлімше", "бөлім", "мекенжайы",
                            "location", "ward", "department", "address"});
    add(Column::kFeatures, {"приметы", "особые приметы", "описание", "белгілері",
                            "ерекше белгілері", "features", "description",
                            "distinguishing features"});
    add(Column::kNotes, {"примечание", "примечания", "комментарий", "комментарии",
                         "ескерту", "ескертпе", "notes", "note", "comment", "comments",
                         "remarks"});
    return t;
  }();
  return *table;
}

const std::unordered_map<std::string, PersonStatus>& StatusTable() {
  static const auto* table = [] {
    auto* t = new std::unordered_map<std::string, PersonStatus>;
    auto add = [t](PersonStatus s, std::initializer_list<std::string_view> words) {
      for (auto w : words) t->emplace(FoldKey(w), s);
    };
    add(PersonStatus::kUnknown, {"", "-", "?", "неизвестно", "не известно", "нет данных",
                                 "белгісіз", "unknown", "n/a"});
    add(PersonStatus::kMissing,
        {"пропал", "пропала", "пропал без вести", "пропала без вести", "без вести пропавший",
         "разыскивается", "в розыске", "розыск", "хабар-ошарсыз", "хабарсыз",
         "із-түзсіз жоғалған", "жоғалған", "жоғалды", "іздеуде", "іздестірілуде", "missing",
         "sought", "believed_missing", "information_sought"});
    add(PersonStatus::kHospitalised,
        {"госпитализирован", "госпитализирована", "госпитализирован(а)", "в больнице",
         "на лечении", "стационар", "в стационаре", "в реанимации", "реанимация", "ранен",
         "ранена", "ранен(а)", "ауруханада", "емделуде", "жараланған", "жарақат алды",
         "hospitalised", "hospitalized", "in hospital", "injured"});
    add(PersonStatus::kDetained,
        {"задержан", "задержана", "задержан(а)", "задержанный", "арестован", "арестована",
         "под стражей", "в ивс", "ивс", "в сизо", "сизо", "ұсталды", "ұсталған", "қамауда",
         "қамауға алынды", "detained", "arrested", "in custody"});
    add(PersonStatus::kDeceased,
        {"погиб", "погибла", "погиб(ла)", "погибший", "умер", "умерла", "умер(ла)",
         "скончался", "скончалась", "мертв", "мёртв", "мертва", "труп", "қайтыс болды",
         "қайтыс болған", "қаза тапты", "қаза болды", "мерт болды", "deceased", "dead",
         "died", "believed_dead"});
    add(PersonStatus::kSafe,
        {"жив", "жива", "живой", "найден", "найдена", "найден(а)", "в безопасности",
         "выписан", "выписана", "выписан(а)", "освобожден", "освобождена", "освобождён",
         "отпущен", "отпущена", "дома", "аман", "тірі", "табылды", "босатылды", "үйде",
         "шығарылды", "safe", "alive", "found", "released", "discharged", "believed_alive",
         "is_note_author"});
    return t;
  }();
  return *table;
}

std::string Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return std::string(s);
}

bool ParseUnsigned(std::string_view s, int& out) {
  if (s.empty()) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size() && out >= 0;
}

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    size_t at = s.find(sep, start);
    parts.push_back(s.substr(start, at == std::string_view::npos ? s.npos : at - start));
    if (at == std::string_view::npos) return parts;
    start = at + 1;
  }
}

}  // namespace

std::string_view ToString(Column c) {
  if (c == Column::kUnknown) return "unknown";
  for (const auto& n : kColumnNames) {
    if (n.column == c) return n.name;
  }
  return "?";
}

std::optional<Column> ParseColumn(std::string_view name) {
  for (const auto& n : kColumnNames) {
    if (n.name == name) return n.column;
  }
  return std::nullopt;
}

std::string FoldKey(std::string_view text) {
  std::string lower;
  icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())))
      .toLower()
      .findAndReplace(u"ё", u"е")
      .toUTF8String(lower);
  std::string out;
  bool space = false;
  for (char c : lower) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '_' || c == '-') {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  while (!out.empty() && (out.back() == ':' || out.back() == '*' || out.back() == '.')) {
    out.pop_back();
  }
  return out;
}

Column RecogniseHeader(std::string_view header) {
  const auto& table = HeaderTable();
  auto it = table.find(FoldKey(header));
  return it == table.end() ? Column::kUnknown : it->second;
}

Result<ColumnMap> ParseColumnMap(std::istream& in) {
  ColumnMap map;
  std::string line;
  size_t line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    std::string text = Trim(line);
    if (!text.empty() && text.back() == '\r') text.pop_back();
    if (text.empty() || text[0] == '#') continue;
    size_t eq = text.rfind('=');
    if (eq == std::string::npos) {
      return InvalidArgument(fmt::format("map line {}: expected 'header = column'", line_no));
    }
    std::string header = Trim(std::string_view(text).substr(0, eq));
    std::string name = Trim(std::string_view(text).substr(eq + 1));
    auto column = ParseColumn(name);
    if (!column) {
      return InvalidArgument(fmt::format(
          "map line {}: '{}' is not a column; use one of external_id, surname, given_name, "
          "patronymic, full_name, birth_date, age, sex, status, facility, location, features, "
          "notes, ignore", line_no, name.substr(0, 40)));
    }
    map.emplace_back(FoldKey(header), *column);
  }
  return map;
}

Result<std::vector<Column>> MapHeader(const std::vector<std::string>& header,
                                      const ColumnMap& map) {
  std::vector<Column> columns;
  bool identifies = false;
  for (size_t i = 0; i < header.size(); ++i) {
    std::string key = FoldKey(header[i]);
    Column c = Column::kUnknown;
    bool mapped = false;
    for (const auto& [h, col] : map) {
      if (h == key) {
        c = col;
        mapped = true;
      }
    }
    if (!mapped) c = RecogniseHeader(header[i]);
    if (c != Column::kIgnore && c != Column::kUnknown) {
      for (size_t j = 0; j < columns.size(); ++j) {
        if (columns[j] == c) {
          return InvalidArgument(fmt::format(
              "columns {} ('{}') and {} ('{}') both look like {}; name one in a --map file "
              "(e.g. '{} = ignore')", j + 1, header[j].substr(0, 60), i + 1,
              header[i].substr(0, 60), ToString(c), header[i].substr(0, 60)));
        }
      }
    }
    identifies = identifies || c == Column::kFullName || c == Column::kSurname ||
                 c == Column::kGivenName || c == Column::kSex || c == Column::kAge ||
                 c == Column::kFeatures;
    columns.push_back(c);
  }
  if (!identifies) {
    std::string names;
    for (const auto& h : header) names += (names.empty() ? "'" : ", '") + h.substr(0, 40) + "'";
    return InvalidArgument(fmt::format(
        "the header names no column for the person's name (ФИО/Фамилия/Тегі/Surname/Full name "
        "...); found {}; give a --map file", names.substr(0, 400)));
  }
  return columns;
}

Result<PartialDate> ParseListDate(std::string_view raw) {
  std::string text = Trim(raw);
  // Excel adds a time to dates it parsed ("21.03.1990 0:00:00").
  if (size_t sp = text.find(' '); sp != std::string::npos) {
    std::string rest = Trim(std::string_view(text).substr(sp + 1));
    if (rest.find(':') != std::string::npos || rest == "г" || rest == "г." || rest == "ж" ||
        rest == "ж." || rest == "жыл") {
      text.resize(sp);
    }
  }
  if (text.ends_with("г.")) text.resize(text.size() - 3);  // "1990г." (г is two bytes)
  auto bad = [&] {
    return InvalidArgument(fmt::format("'{}' is not a date (dd.mm.yyyy, yyyy-mm-dd, mm.yyyy or "
                                       "yyyy)", std::string(raw).substr(0, 40)));
  };
  if (text.find('-') != std::string::npos && text.size() >= 4 && text[4] == '-') {
    auto d = ParsePartialDate(text);
    if (!d.ok()) return bad();
    return d;
  }
  char sep = text.find('.') != std::string::npos   ? '.'
             : text.find('/') != std::string::npos ? '/'
                                                   : '-';
  auto parts = Split(text, sep);
  int day = 0, month = 0, year = 0;
  if (parts.size() == 3) {
    if (parts[2].size() != 4 || !ParseUnsigned(parts[0], day) || !ParseUnsigned(parts[1], month) ||
        !ParseUnsigned(parts[2], year)) {
      if (parts[2].size() == 2) {
        return InvalidArgument(fmt::format("'{}': a two-digit year is ambiguous; write the year "
                                           "in full", std::string(raw).substr(0, 40)));
      }
      return bad();
    }
  } else if (parts.size() == 2) {
    if (parts[1].size() != 4 || !ParseUnsigned(parts[0], month) || !ParseUnsigned(parts[1], year)) {
      return bad();
    }
  } else if (parts.size() == 1 && text.size() == 4) {
    if (!ParseUnsigned(text, year)) return bad();
  } else {
    return bad();
  }
  std::string iso = fmt::format("{:04}", year);
  if (month) iso += fmt::format("-{:02}", month);
  if (day) iso += fmt::format("-{:02}", day);
  auto d = ParsePartialDate(iso);
  if (!d.ok()) {
    return InvalidArgument(fmt::format("'{}' is not a date: no such day, or a year outside "
                                       "1880..2100", std::string(raw).substr(0, 40)));
  }
  return d;
}

Result<Sex> ParseListSex(std::string_view text) {
  std::string key = FoldKey(text);
  static const std::unordered_map<std::string, Sex> kWords = [] {
    std::unordered_map<std::string, Sex> t;
    for (auto w : {"м", "муж", "мужской", "мужчина", "е", "ер", "ер адам", "m", "male", "man"}) {
      t.emplace(FoldKey(w), Sex::kMale);
    }
    for (auto w : {"ж", "жен", "женский", "женщина", "ә", "әйел", "f", "female", "woman"}) {
      t.emplace(FoldKey(w), Sex::kFemale);
    }
    for (auto w : {"", "-", "?", "неизвестно", "не известно", "белгісіз", "unknown", "u"}) {
      t.emplace(FoldKey(w), Sex::kUnknown);
    }
    return t;
  }();
  if (auto it = kWords.find(key); it != kWords.end()) return it->second;
  return InvalidArgument(fmt::format("'{}' is not a sex (М/Ж, Е/Ә, m/f)",
                                     std::string(text).substr(0, 40)));
}

Result<PersonStatus> ParseListStatus(std::string_view text) {
  std::string key = FoldKey(text);
  if (auto s = ParsePersonStatus(key)) return *s;
  const auto& table = StatusTable();
  if (auto it = table.find(key); it != table.end()) return it->second;
  return InvalidArgument(fmt::format(
      "'{}' is not a status; use one of {} (or пропал, госпитализирован, задержан, погиб, жив, "
      "...)", std::string(text).substr(0, 60), PersonStatusNames()));
}

Result<int> ParseListAge(std::string_view raw) {
  std::string text;
  icu::UnicodeString::fromUTF8(icu::StringPiece(raw.data(), static_cast<int32_t>(raw.size())))
      .toLower()
      .toUTF8String(text);
  text = Trim(text);
  for (std::string_view prefix : {"~", "около ", "примерно ", "шамамен ", "about ", "approx "}) {
    if (text.starts_with(prefix)) text.erase(0, prefix.size());
  }
  size_t digits = 0;
  while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) ++digits;
  std::string rest = Trim(std::string_view(text).substr(digits));
  int age = 0;
  int high = 0;
  bool range = rest.size() > 1 && rest[0] == '-' && ParseUnsigned(Trim(rest.substr(1)), high);
  static const std::string_view kUnits[] = {"", "лет", "год", "года", "г", "жас", "жаста",
                                            "y", "years", "yo"};
  bool unit = false;
  for (auto u : kUnits) unit = unit || rest == u;
  if (!ParseUnsigned(std::string_view(text).substr(0, digits), age) || (!unit && !range) ||
      age > 130 || (range && (high < age || high > 130))) {
    return InvalidArgument(fmt::format("'{}' is not an age", std::string(raw).substr(0, 40)));
  }
  return range ? (age + high) / 2 : age;
}

}  // namespace aftermath::io

#include "claims_generator.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "demo/population/rng.h"
#include "demo/population/romanize.h"
#include "demo/population/text.h"
#include "recovery/keys.h"

namespace aftermath::recovery_bench {
namespace {

using population::Rng;

// A street in its three written forms: Russian (the genitive of a person's name where the
// street is named after one), Kazakh, Latin.
struct Street {
  const char* ru;
  const char* kk;
  const char* lat;
};

constexpr Street kStreets[] = {
    {"Абая", "Абай", "Abay"},
    {"Достык", "Достық", "Dostyk"},
    {"Толе би", "Төле би", "Tole bi"},
    {"Жибек жолы", "Жібек жолы", "Zhibek Zholy"},
    {"Сейфуллина", "Сейфуллин", "Seifullin"},
    {"Байтурсынова", "Байтұрсынұлы", "Baitursynuly"},
    {"Гоголя", "Гоголь", "Gogol"},
    {"Фурманова", "Фурманов", "Furmanov"},
    {"Назарбаева", "Назарбаев", "Nazarbayev"},
    {"Жандосова", "Жандосов", "Zhandosov"},
    {"Розыбакиева", "Розыбакиев", "Rozybakiev"},
    {"Тимирязева", "Тимирязев", "Timiryazev"},
    {"Манаса", "Манас", "Manas"},
    {"Жарокова", "Жароков", "Zharokov"},
    {"Желтоксан", "Желтоқсан", "Zheltoksan"},
    {"Кабанбай батыра", "Қабанбай батыр", "Kabanbay batyr"},
    {"Богенбай батыра", "Бөгенбай батыр", "Bogenbay batyr"},
    {"Райымбека", "Райымбек", "Raiymbek"},
    {"Муканова", "Мұқанов", "Mukanov"},
    {"Пушкина", "Пушкин", "Pushkin"},
    {"Курмангазы", "Құрманғазы", "Kurmangazy"},
    {"Момышулы", "Момышұлы", "Momyshuly"},
    {"Наурызбай батыра", "Наурызбай батыр", "Nauryzbay batyr"},
    {"Шевченко", "Шевченко", "Shevchenko"},
    {"Исаева", "Исаев", "Isayev"},
    {"Зенкова", "Зенков", "Zenkov"},
    {"Калдаякова", "Қалдаяқов", "Kaldayakov"},
    {"Бекмаханова", "Бекмаханов", "Bekmakhanov"},
    {"Утепова", "Өтепов", "Utepov"},
    {"Жумалиева", "Жұмалиев", "Zhumaliyev"},
};

constexpr const char* kKazakhSurnames[] = {
    "Ахметов",       "Омаров",      "Сейткалиев", "Жумабеков",  "Нурланов",    "Касымов",
    "Бекмуратов",    "Ермеков",     "Султанов",   "Оспанов",    "Тулегенов",   "Абдрахманов",
    "Исмаилов",      "Сарсенов",    "Мукашев",    "Жакупов",    "Кенжебаев",   "Байжанов",
    "Садыков",       "Есенов",      "Тохтаров",   "Калиев",     "Мырзахметов", "Дуйсенов",
    "Аубакиров",     "Шаймерденов", "Альжанов",   "Темирханов", "Болатов",     "Утегенов",
    "Кудайбергенов", "Жаксылыков",  "Рахимов",    "Бейсенов",   "Ибраев",
};
constexpr const char* kKazakhMale[] = {"Нурлан", "Ерлан",  "Бауыржан", "Арман", "Серик",
                                       "Данияр", "Марат",  "Асхат",    "Айдос", "Жандос",
                                       "Ержан",  "Талгат", "Кайрат",   "Мурат", "Азамат",
                                       "Санжар", "Берик",  "Руслан",   "Ильяс", "Тимур"};
constexpr const char* kKazakhFemale[] = {"Айгерим",  "Гульнар", "Динара",   "Асель", "Жанар",
                                         "Салтанат", "Айжан",   "Мадина",   "Алия",  "Камила",
                                         "Динара",   "Айнур",   "Гульмира", "Лаура", "Сауле"};
constexpr const char* kRussianSurnames[] = {
    "Иванов", "Петров",  "Смирнов", "Кузнецов",   "Попов",    "Соколов",  "Лебедев",
    "Козлов", "Новиков", "Морозов", "Волков",     "Соловьёв", "Васильев", "Зайцев",
    "Павлов", "Семёнов", "Голубев", "Виноградов", "Богданов", "Воробьёв"};
constexpr const char* kRussianMale[] = {"Сергей", "Андрей", "Алексей", "Дмитрий", "Николай",
                                        "Юрий",   "Олег",   "Игорь",   "Евгений", "Владимир"};
constexpr const char* kRussianFemale[] = {"Мария", "Елена",    "Ольга", "Наталья", "Татьяна",
                                          "Ирина", "Светлана", "Юлия",  "Анна",    "Людмила"};
constexpr const char* kPatronymicStems[] = {"Марат",  "Ерлан", "Серик",  "Болат",
                                            "Нурлан", "Асхат", "Кайрат", "Мурат"};
constexpr const char* kRussianPatronymics[] = {"Сергеевич", "Андреевич",  "Петрович",
                                               "Иванович",  "Николаевич", "Викторович"};
constexpr const char* kRussianPatronymicsF[] = {"Сергеевна", "Андреевна",  "Петровна",
                                                "Ивановна",  "Николаевна", "Викторовна"};

template <typename T, size_t N>
const T& Pick(const T (&list)[N], Rng& rng) {
  return list[rng.Below(N)];
}

struct Person {
  std::string surname, given, patronymic;  // Cyrillic, UTF-8
  bool kazakh = true;
};

Person DrawPerson(Rng& rng) {
  Person p;
  bool female = rng.Chance(0.5);
  p.kazakh = rng.Chance(0.7);
  if (p.kazakh) {
    p.surname = Pick(kKazakhSurnames, rng);
    if (female) p.surname += "а";
    p.given = female ? Pick(kKazakhFemale, rng) : Pick(kKazakhMale, rng);
    std::string stem = Pick(kPatronymicStems, rng);
    p.patronymic =
        rng.Chance(0.5) ? stem + (female ? "овна" : "ович") : stem + (female ? "қызы" : "ұлы");
  } else {
    p.surname = Pick(kRussianSurnames, rng);
    if (female) p.surname += "а";
    p.given = female ? Pick(kRussianFemale, rng) : Pick(kRussianMale, rng);
    p.patronymic = female ? Pick(kRussianPatronymicsF, rng) : Pick(kRussianPatronymics, rng);
  }
  return p;
}

std::string Latin(const std::string& word, Rng& rng) {
  static constexpr population::LatinSystem kSystems[] = {
      population::LatinSystem::kIcao, population::LatinSystem::kBgn,
      population::LatinSystem::kKzPassport, population::LatinSystem::kKazakh2021};
  auto system = Pick(kSystems, rng);
  return Utf32ToUtf8(population::Romanize(population::Utf8ToU32(word), system));
}

std::string Upper(const std::string& word) {
  return Utf32ToUtf8(population::UpperCase(population::Utf8ToU32(word)));
}

// A place: a street of the list, a house, a unit (flat, office or boutique; 0: none).
struct Place {
  int street = 0;
  int house = 0;
  int unit = 0;
  bool shop = true;
};

std::string WritePlace(const Place& p, int style, bool with_town) {
  const Street& s = kStreets[p.street];
  std::string unit_ru = p.shop ? "бутик" : "кв.";
  std::string unit_lat = p.shop ? "unit" : "apt";
  std::string town_ru = with_town ? "г. Алматы, " : "";
  std::string town_kk = with_town ? "Алматы қ., " : "";
  std::string town_lat = with_town ? ", Almaty" : "";
  std::string out;
  switch (style % 6) {
    case 0:
      out = fmt::format("{}ул. {}, д. {}", town_ru, s.ru, p.house);
      if (p.unit) out += fmt::format(", {} {}", unit_ru, p.unit);
      break;
    case 1:
      out = fmt::format("{}пр. {} {}", town_ru, s.ru, p.house);
      if (p.unit) out += fmt::format("-{}", p.unit);
      break;
    case 2:
      out = fmt::format("{}{} көшесі, {} үй", town_kk, s.kk, p.house);
      if (p.unit)
        out += p.shop ? fmt::format(", бутик {}", p.unit) : fmt::format(", {} пәтер", p.unit);
      break;
    case 3:
      out = fmt::format("{} st {}", s.lat, p.house);
      if (p.unit) out += fmt::format(", {} {}", unit_lat, p.unit);
      out += town_lat;
      break;
    case 4:
      out = fmt::format("{} {}", s.ru, p.house);
      if (p.unit) out += fmt::format(" {} {}", p.shop ? "бутик" : "кв", p.unit);
      break;
    default:
      out = fmt::format("{}{} даңғылы {}", town_kk, s.kk, p.house);
      if (p.unit) out += fmt::format(", {} {}", p.shop ? "бутик" : "пәтер", p.unit);
      break;
  }
  return out;
}

std::string Hex(Rng& rng, int chars) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < chars; ++i) out += kHex[rng.Below(16)];
  return out;
}

// A valid IBAN of a Kazakh bank for account number `n`.
std::string Iban(uint64_t n) {
  std::string bban = fmt::format("125KZT{:010d}", n % 10000000000ULL);
  // Check digits: 98 - (BBAN + "KZ00" as digits) mod 97.
  std::string moved = bban + "KZ00";
  int remainder = 0;
  for (char c : moved) {
    int v = c >= '0' && c <= '9' ? c - '0' : c - 'A' + 10;
    remainder = (v >= 10 ? remainder * 100 + v : remainder * 10 + v) % 97;
  }
  return fmt::format("KZ{:02d}{}", 98 - remainder, bban);
}

std::string IinFor(uint64_t n) {
  // Born 1950-1999 on a day drawn from n, a serial from n; the check digit completes it.
  for (uint64_t k = n;; k += 7919) {
    int yy = 50 + static_cast<int>(k % 50), mm = 1 + static_cast<int>((k / 50) % 12),
        dd = 1 + static_cast<int>((k / 600) % 28);
    int century_sex = 3 + static_cast<int>((k / 16800) % 2);
    auto iin = recovery::CompleteKzId(fmt::format("{:02d}{:02d}{:02d}{}{:04d}", yy, mm, dd,
                                                  century_sex, (k / 33600 + n) % 10000));
    if (iin) return *iin;
  }
}

std::string CadastralFor(int n) {
  return fmt::format("20:{:03d}:{:03d}:{:03d}", 300 + n % 100, (n / 100) % 1000, n % 997);
}

struct Original {
  Person person;
  Place place;
  std::string iin, phone, iban, cadastral;
  std::vector<std::string> photos;
  ClaimKind kind = ClaimKind::kBusinessProperty;
};

}  // namespace

std::string_view VariantName(Variant v) {
  switch (v) {
    case Variant::kOriginal:
      return "original";
    case Variant::kOtherScript:
      return "other_script";
    case Variant::kReformatted:
      return "reformatted";
    case Variant::kCoOwner:
      return "co_owner";
    case Variant::kReusedPhoto:
      return "reused_photo";
    case Variant::kExactKey:
      return "exact_key";
  }
  return "unknown";
}

std::vector<Programme> GeneratorProgrammes(const GeneratorOptions& options) {
  return {Programme{.code = options.business_programme,
                    .name = "Looted and burned businesses",
                    .claim_kinds = {ClaimKind::kBusinessProperty},
                    .amount_rule = AmountRule::kAssessed,
                    .period_start = {2020, 1, 1}},
          Programme{.code = options.home_programme,
                    .name = "Damaged homes",
                    .claim_kinds = {ClaimKind::kHome},
                    .amount_rule = AmountRule::kAssessed,
                    .period_start = {2020, 1, 1}}};
}

std::vector<GeneratedClaim> GenerateClaims(const GeneratorOptions& options) {
  Rng rng(options.seed);
  int variants = static_cast<int>(options.claims * options.near_duplicates);
  int originals = options.claims - variants;
  std::vector<Original> base;
  std::set<std::tuple<int, int, int>> places;
  std::vector<GeneratedClaim> out;
  std::set<std::string> iins;
  uint64_t iin_counter = 0;
  auto new_iin = [&] {
    for (;;) {
      std::string iin = IinFor(++iin_counter * 2654435761ULL + 17);
      if (iins.insert(iin).second) return iin;
    }
  };
  auto claim_of = [&](const Original& o) {
    recovery::NewClaim c;
    c.kind = o.kind;
    c.channel = ClaimChannel::kWebForm;
    c.programme = o.kind == ClaimKind::kHome ? options.home_programme : options.business_programme;
    c.amount_claimed = 100000 + static_cast<int64_t>(rng.Below(20000000));
    recovery::NewObject object;
    object.kind = o.kind == ClaimKind::kHome ? ObjectKind::kHome : ObjectKind::kShop;
    c.object = object;
    return c;
  };
  auto full_name = [](const Person& p) {
    return fmt::format("{} {} {}", p.surname, p.given, p.patronymic);
  };
  for (int i = 0; i < originals; ++i) {
    Original o;
    o.person = DrawPerson(rng);
    o.kind = rng.Chance(0.6) ? ClaimKind::kBusinessProperty : ClaimKind::kHome;
    for (;;) {
      Place p{static_cast<int>(rng.Below(std::size(kStreets))),
              1 + static_cast<int>(rng.Below(300)), static_cast<int>(rng.Below(60)),
              o.kind != ClaimKind::kHome};
      if (o.kind != ClaimKind::kHome && rng.Chance(0.3)) p.unit = 0;  // a shop on its own
      if (places.insert({p.street, p.house, p.unit}).second) {
        o.place = p;
        break;
      }
    }
    o.iin = new_iin();
    o.phone = fmt::format("+7 70{} {:03d} {:02d} {:02d}", rng.Below(8), rng.Below(1000),
                          rng.Below(100), rng.Below(100));
    o.iban = Iban(static_cast<uint64_t>(i) * 1000003ULL + 11);
    if (rng.Chance(0.4)) o.cadastral = CadastralFor(i);
    int photos = 1 + static_cast<int>(rng.Below(3));
    for (int k = 0; k < photos; ++k) o.photos.push_back(Hex(rng, 64));
    GeneratedClaim g{.claim = claim_of(o), .loss = i, .variant = Variant::kOriginal};
    auto& c = g.claim;
    c.applicant_name = full_name(o.person);
    if (rng.Chance(0.3))
      c.applicant_name = Upper(o.person.surname) + " " + o.person.given + " " + o.person.patronymic;
    c.applicant_id = o.iin;
    c.applicant_phone = o.phone;
    c.iban = o.iban;
    c.object->address = WritePlace(o.place, static_cast<int>(rng.Below(6)), rng.Chance(0.5));
    c.object->cadastral = o.cadastral;
    for (const auto& h : o.photos) c.documents.push_back({"photo", h, "image/jpeg", 0});
    base.push_back(o);
    out.push_back(std::move(g));
  }
  int next_loss = originals;
  for (int v = 0; v < variants; ++v) {
    int of = static_cast<int>(rng.Below(base.size()));
    const Original& o = base[of];
    double r = rng.Uniform();
    Variant kind = r < 0.25   ? Variant::kOtherScript
                   : r < 0.45 ? Variant::kReformatted
                   : r < 0.70 ? Variant::kCoOwner
                   : r < 0.85 ? Variant::kReusedPhoto
                              : Variant::kExactKey;
    GeneratedClaim g{.claim = claim_of(o), .loss = of, .variant = kind};
    auto& c = g.claim;
    int style = static_cast<int>(rng.Below(6));
    switch (kind) {
      case Variant::kOtherScript:
        c.applicant_name =
            fmt::format("{} {}", Latin(o.person.surname, rng), Latin(o.person.given, rng));
        if (rng.Chance(0.5)) c.applicant_name = Upper(c.applicant_name);
        c.object->address = WritePlace(o.place, 3 - (style % 2), rng.Chance(0.5));
        break;
      case Variant::kReformatted:
        c.applicant_name = rng.Chance(0.5) ? fmt::format("{} {}", o.person.given, o.person.surname)
                                           : fmt::format("{} {}", o.person.surname, o.person.given);
        c.object->address = WritePlace(o.place, style, rng.Chance(0.5));
        if (rng.Chance(0.5)) c.applicant_phone = o.phone;
        break;
      case Variant::kCoOwner: {
        Person co = DrawPerson(rng);
        if (rng.Chance(0.5)) co.surname = o.person.surname;  // often family
        c.applicant_name = full_name(co);
        c.applicant_id = new_iin();
        c.iban = Iban(static_cast<uint64_t>(v) * 7919ULL + 5000000000ULL);
        c.object->address = WritePlace(o.place, style, rng.Chance(0.5));
        if (!o.cadastral.empty() && rng.Chance(0.5)) c.object->cadastral = o.cadastral;
        break;
      }
      case Variant::kReusedPhoto: {
        Person other = DrawPerson(rng);
        c.applicant_name = full_name(other);
        c.applicant_id = new_iin();
        Place p;
        for (;;) {
          p = Place{static_cast<int>(rng.Below(std::size(kStreets))),
                    301 + static_cast<int>(rng.Below(300)), static_cast<int>(rng.Below(60)),
                    o.kind != ClaimKind::kHome};
          if (places.insert({p.street, p.house, p.unit}).second) break;
        }
        c.object->address = WritePlace(p, style, rng.Chance(0.5));
        c.documents.push_back({"photo", o.photos[rng.Below(o.photos.size())], "image/jpeg", 0});
        g.photo_of = of;
        g.loss = next_loss++;
        break;
      }
      case Variant::kExactKey:
        c.applicant_name = full_name(o.person);
        c.applicant_id = o.iin;
        c.iban = o.iban;
        c.object->address = WritePlace(o.place, style, rng.Chance(0.5));
        c.object->cadastral = o.cadastral.empty() ? "" : o.cadastral;
        break;
      case Variant::kOriginal:
        break;
    }
    out.push_back(std::move(g));
  }
  // Shuffle (Fisher-Yates with the generator's own random numbers: the same on every platform).
  for (size_t i = out.size(); i > 1; --i) std::swap(out[i - 1], out[rng.Below(i)]);
  return out;
}

std::set<std::pair<int, int>> TruePairs(const std::vector<GeneratedClaim>& claims) {
  std::map<int, std::vector<int>> by_loss;
  std::map<int, int> original_of_loss;
  for (int i = 0; i < static_cast<int>(claims.size()); ++i) {
    by_loss[claims[i].loss].push_back(i);
    if (claims[i].variant == Variant::kOriginal) original_of_loss[claims[i].loss] = i;
  }
  std::set<std::pair<int, int>> out;
  for (const auto& [loss, members] : by_loss) {
    for (size_t a = 0; a < members.size(); ++a) {
      for (size_t b = a + 1; b < members.size(); ++b) {
        out.insert({std::min(members[a], members[b]), std::max(members[a], members[b])});
      }
    }
  }
  for (int i = 0; i < static_cast<int>(claims.size()); ++i) {
    if (claims[i].photo_of < 0) continue;
    int j = original_of_loss.at(claims[i].photo_of);
    out.insert({std::min(i, j), std::max(i, j)});
  }
  return out;
}

}  // namespace aftermath::recovery_bench

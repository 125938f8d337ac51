#include "registry/message_templates.h"

#include <fmt/format.h>

#include <fstream>

namespace aftermath {
namespace {

bool KnownLanguage(std::string_view l) { return l == "kk" || l == "ru" || l == "en"; }

std::string Trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) return "";
  size_t e = s.find_last_not_of(" \t\r");
  return std::string(s.substr(b, e - b + 1));
}

}  // namespace

MessageTemplates MessageTemplates::Defaults() {
  MessageTemplates t;
  t.news_sms = {
      {"kk", "Тікелей желі: сіздің өтінішіңіз бойынша жаңалық бар. Оператор сізге осы "
             "нөмірге қайта қоңырау шалады."},
      {"ru", "Прямая линия: есть новости по вашему обращению. Оператор перезвонит вам на этот "
             "номер."},
      {"en", "Direct line: there is news about your inquiry. An operator will call you back on "
             "this number."},
  };
  return t;
}

Result<MessageTemplates> MessageTemplates::Load(const std::string& path) {
  std::ifstream in(path);
  if (!in) return NotFound(fmt::format("cannot read the message templates '{}'", path));
  MessageTemplates t = Defaults();
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    std::string text = Trim(line);
    if (text.empty() || text[0] == '#') continue;
    size_t eq = text.find('=');
    if (eq == std::string::npos) {
      return InvalidArgument(fmt::format("{} line {}: expected 'key = value'", path, n));
    }
    std::string key = Trim(std::string_view(text).substr(0, eq));
    std::string value = Trim(std::string_view(text).substr(eq + 1));
    if (key == "default_language") {
      if (!KnownLanguage(value)) {
        return InvalidArgument(fmt::format("{} line {}: '{}' is not kk, ru or en", path, n, value),
                               "default_language");
      }
      t.default_language = value;
    } else if (key.starts_with("news_sms.") && KnownLanguage(key.substr(9))) {
      if (value.empty()) {
        return InvalidArgument(fmt::format("{} line {}: the text is empty", path, n), key);
      }
      t.news_sms[key.substr(9)] = value;
    } else {
      return InvalidArgument(fmt::format("{} line {}: unknown key '{}' (default_language, "
                                         "news_sms.kk, news_sms.ru, news_sms.en)",
                                         path, n, key));
    }
  }
  return t;
}

const std::string& MessageTemplates::NewsSms(std::string_view language) const {
  if (auto it = news_sms.find(language); it != news_sms.end()) return it->second;
  if (auto it = news_sms.find(default_language); it != news_sms.end()) return it->second;
  static const std::string kFallback =
      "Direct line: there is news about your inquiry. An operator will call you back on this "
      "number.";
  return news_sms.empty() ? kFallback : news_sms.begin()->second;
}

}  // namespace aftermath

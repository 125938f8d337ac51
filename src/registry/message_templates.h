// The texts of the messages the registry queues for families, one per language the family may
// choose (kk, ru, en), with built-in defaults a file may override.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "common/status.h"

namespace aftermath {

struct MessageTemplates {
  // The language of a family that chose none ("" in Inquiry::language).
  std::string default_language = "kk";
  // The SMS queued when a match is confirmed, by language: it says only that there is news
  // (details are for the call, to the right person).
  std::map<std::string, std::string, std::less<>> news_sms;

  // The built-in texts in kk, ru and en.
  static MessageTemplates Defaults();
  // The defaults overridden by the file at `path`: `key = value` lines, '#' comments, keys
  // `default_language` and `news_sms.kk`, `news_sms.ru`, `news_sms.en`. InvalidArgument naming
  // the line for an unknown key or language or an empty text; NotFound when the file cannot
  // be read.
  static Result<MessageTemplates> Load(const std::string& path);
  // The text for `language`; the default language's for "" or a language without a text.
  const std::string& NewsSms(std::string_view language) const;
};

}  // namespace aftermath

#include "names/types.h"

namespace aftermath::names {

bool IsWordPiece(const NameToken& t) {
  return !t.is_initial && (t.loose.size() <= 3 || (t.groups.empty() && t.loose.size() <= 5));
}

std::string_view ScriptName(Script script) {
  switch (script) {
    case Script::kLatin:
      return "latin";
    case Script::kCyrillic:
      return "cyrillic";
    case Script::kOther:
      return "other";
    case Script::kUnknown:
      break;
  }
  return "unknown";
}

std::string_view RoleName(Role role) {
  switch (role) {
    case Role::kSurname:
      return "surname";
    case Role::kGiven:
      return "given";
    case Role::kPatronymic:
      return "patronymic";
    case Role::kUnknown:
      break;
  }
  return "unknown";
}

std::string_view SexName(Sex sex) {
  switch (sex) {
    case Sex::kMale:
      return "male";
    case Sex::kFemale:
      return "female";
    case Sex::kUnknown:
      break;
  }
  return "unknown";
}

}  // namespace aftermath::names

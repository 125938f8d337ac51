#include "recovery/bank_codes.h"

#include <cctype>
#include <utility>

namespace aftermath::recovery {
namespace {

// IBAN bank code -> BIC (National Bank of Kazakhstan's directory of bank identification codes).
constexpr std::pair<std::string_view, std::string_view> kBanks[] = {
    {"070", "KKMFKZ2A"},  // Committee of the Treasury
    {"551", "KSNVKZKA"},  // Freedom Bank Kazakhstan
    {"601", "HSBKKZKX"},  // Halyk Bank
    {"722", "CASPKZKA"},  // Kaspi Bank
    {"821", "KINCKZKA"},  // Bank RBK
    {"832", "CITIKZKA"},  // Citibank Kazakhstan
    {"856", "KCJBKZKX"},  // Bank CenterCredit
    {"886", "INLMKZKA"},  // Home Credit Bank
    {"914", "BRKEKZKA"},  // Bereke Bank
    {"948", "EURIKZKA"},  // Eurasian Bank
    {"965", "IRTYKZKA"},  // ForteBank
    {"998", "TSESKZKA"},  // First Heartland Jusan Bank
};

}  // namespace

std::optional<std::string> BicOfKzIban(std::string_view iban) {
  if (iban.size() != 20 || !iban.starts_with("KZ")) return std::nullopt;
  std::string_view code = iban.substr(4, 3);
  for (const auto& [bank, bic] : kBanks) {
    if (bank == code) return std::string(bic);
  }
  return std::nullopt;
}

bool IsWellFormedBic(std::string_view bic) {
  if (bic.size() != 8 && bic.size() != 11) return false;
  for (size_t i = 0; i < bic.size(); ++i) {
    unsigned char c = bic[i];
    bool letter = c >= 'A' && c <= 'Z';
    bool digit = c >= '0' && c <= '9';
    if (i < 6 ? !letter : !(letter || digit)) return false;
  }
  return true;
}

}  // namespace aftermath::recovery

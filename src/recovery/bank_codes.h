// The BIC of a Kazakh bank from the bank code an IBAN carries (its characters 5 to 7: KZkk BBB
// ...), for pain.001's creditor agent. The table holds the banks second-tier payments go to most;
// a payee whose bank is not in it is held back from a payment list, named, until it is added.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace aftermath::recovery {

// The BIC for a canonical KZ IBAN; nullopt for a bank code the table does not know.
std::optional<std::string> BicOfKzIban(std::string_view iban);

// True for a well-formed BIC (ISO 9362: 4 letters, 2 letters, 2 letters or digits, and an
// optional 3-character branch).
bool IsWellFormedBic(std::string_view bic);

}  // namespace aftermath::recovery

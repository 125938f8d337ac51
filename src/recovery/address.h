// Addresses of affected objects and applicants, parsed into what identifies a place and folded
// so that the ways people write one address in Kazakh, Russian and Latin meet:
// "г. Алматы, ул. Абая, д. 10, кв. 5", "Алматы қ., Абай даңғылы, 10 үй, 5 пәтер",
// "Abay ave 10-5, Almaty" and "пр. Абая 10, кв 5" are all street "ab", house "10", flat "5"
// in locality "almat".
//
// Street and locality words go through the name engine's folding (names/normalize.h,
// names/transliterate.h: homoglyphs repaired, transliterated by its own tables, loose key, stem
// without trailing vowels, so the Russian genitive "Абая" meets "Абай" and "Abay"); street-type
// words ("ул.", "көшесі", "ave", "пр-т", "даңғылы", "мкр", ...) are dropped; house and flat
// numbers are read after their Russian and English markers ("д.", "кв.", "apt") and before their
// Kazakh ones ("үй", "пәтер"), or from "10-5" and bare numbers in order.
//
// Pure functions, no state; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace aftermath::recovery {

struct Address {
  std::string locality;  // the town's folded key ("almat"); empty when not written
  std::string street;    // the street's folded words, space-separated ("ab", "samal 2")
  std::string house;     // "10", "10a", "10/2" (building part after '/'); empty when none
  std::string flat;      // flat, office or unit; empty for a whole building

  bool empty() const { return street.empty() && house.empty(); }
  // The key two writings of one address share: "street|house|flat".
  std::string Key() const;
  // The building's key, without the flat: "street|house".
  std::string BuildingKey() const;
  friend bool operator==(const Address&, const Address&) = default;
};

// The address `text` names. InvalidArgument naming `field` for text that is not clean UTF-8 or
// longer than 500 bytes; an address with no street and no house comes back empty() (the caller
// decides whether that is enough).
Result<Address> ParseAddress(std::string_view text, std::string_view field);

// How far two parsed addresses agree, for the duplicate check.
enum class AddressAgreement {
  kUnknown,    // one of them is empty
  kDifferent,  // another street, house or flat, or another locality when both name one
  kBuilding,   // same street and house; one names a flat the other does not
  kSame,       // same street, house and flat (and locality, when both name one)
};
AddressAgreement CompareAddresses(const Address& a, const Address& b);

}  // namespace aftermath::recovery

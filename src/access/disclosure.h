// Graded disclosure: what each kind of viewer may learn about a person. One rule table
// (disclosure.cc), tested cell by cell; the HTTP layer removes every field a viewer may not see.
#pragma once

#include <string_view>

#include "access/policy.h"

namespace aftermath::access {

enum class Viewer {
  kPublic,      // anyone, signed out
  kFamily,      // the inquirer of an operator-confirmed inquiry, about their person only
  kClerk,       // a source's clerk or system, about that source's own reports
  kOperator,
  kSupervisor,
  kAdmin,
};

enum class Field {
  kExistence,    // "information exists — call the line"
  kDisplayName,  // the name as searched
  kStatus,       // missing / hospitalised / detained / deceased / safe
  kFacility,     // which hospital, police department, morgue or shelter
  kLocation,     // where inside it (ward, cell, drawer)
  kIdentity,     // every spelling, sex, birth date, age
  kDescription,  // features, home locality
  kProvenance,   // sources, reports, raw rows, notes, status history
  kContact,      // inquirers' names, relations and phone numbers
  kAuditLog,
};

inline constexpr Viewer kAllViewers[] = {Viewer::kPublic,   Viewer::kFamily,
                                         Viewer::kClerk,    Viewer::kOperator,
                                         Viewer::kSupervisor, Viewer::kAdmin};
inline constexpr Field kAllFields[] = {
    Field::kExistence, Field::kDisplayName, Field::kStatus,     Field::kFacility,
    Field::kLocation,  Field::kIdentity,    Field::kDescription, Field::kProvenance,
    Field::kContact,   Field::kAuditLog};

bool MayDisclose(Viewer viewer, Field field);

// The viewer a signed-in principal is when reading registry records (never kFamily or kPublic
// for a signed-in user; clerks and tokens are kClerk).
Viewer ViewerFor(const Principal& p);

std::string_view ViewerName(Viewer v);
std::string_view FieldName(Field f);

}  // namespace aftermath::access

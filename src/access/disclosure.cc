#include "access/disclosure.h"

namespace aftermath::access {
namespace {

// Rows: fields; columns: public, family, clerk, operator, supervisor, admin.
struct Row {
  Field field;
  std::string_view name;
  bool allowed[6];
};

constexpr Row kTable[] = {
    //                                    public family clerk  oper   super  admin
    {Field::kExistence, "existence",     {true,  true,  true,  true,  true,  true}},
    {Field::kDisplayName, "display_name", {true, true,  true,  true,  true,  true}},
    {Field::kStatus, "status",           {false, true,  true,  true,  true,  true}},
    {Field::kFacility, "facility",       {false, true,  true,  true,  true,  true}},
    {Field::kLocation, "location",       {false, false, true,  true,  true,  true}},
    {Field::kIdentity, "identity",       {false, false, true,  true,  true,  true}},
    {Field::kDescription, "description", {false, false, true,  true,  true,  true}},
    {Field::kProvenance, "provenance",   {false, false, true,  true,  true,  true}},
    {Field::kContact, "contact",         {false, false, false, true,  true,  true}},
    {Field::kAuditLog, "audit_log",      {false, false, false, false, true,  true}},
};

int Column(Viewer v) { return static_cast<int>(v); }

}  // namespace

bool MayDisclose(Viewer viewer, Field field) {
  for (const auto& row : kTable) {
    if (row.field == field) return row.allowed[Column(viewer)];
  }
  return false;
}

Viewer ViewerFor(const Principal& p) {
  if (p.kind == PrincipalKind::kAnonymous) return Viewer::kPublic;
  if (IsSourceBound(p)) return Viewer::kClerk;
  switch (p.role) {
    case Role::kAdmin: return Viewer::kAdmin;
    case Role::kSupervisor: return Viewer::kSupervisor;
    case Role::kOperator: return Viewer::kOperator;
    case Role::kClerk: return Viewer::kClerk;
  }
  return Viewer::kPublic;
}

std::string_view ViewerName(Viewer v) {
  constexpr std::string_view kNames[] = {"public",   "family",     "clerk",
                                         "operator", "supervisor", "admin"};
  return kNames[Column(v)];
}

std::string_view FieldName(Field f) {
  for (const auto& row : kTable) {
    if (row.field == f) return row.name;
  }
  return "unknown";
}

}  // namespace aftermath::access

// `aftermath user add | list | disable | enable | reset-password`: the first admin is created
// here, never by a default password.
#include <fmt/format.h>

#include <cstdio>

#include "access/access_service.h"
#include "cli/commands.h"
#include "cli/flags.h"
#include "cli/open_db.h"
#include "cli/password_input.h"

namespace aftermath::cli {
namespace {

constexpr const char* kUsage =
    "usage: aftermath user <subcommand> [--db URL]\n\n"
    "  add --username U --role admin|supervisor|operator|clerk [--source NAME]\n"
    "      [--display-name NAME] [--password-stdin]\n"
    "  list\n"
    "  disable USERNAME        ends every session of the user\n"
    "  enable USERNAME\n"
    "  reset-password USERNAME [--password-stdin]\n\n"
    "Passwords are read from a terminal (typed twice) or, with --password-stdin, from one line\n"
    "of standard input; never from the command line.\n";

constexpr const char* kActor = "cli:user";

int Add(access::AccessService& service, Store& store, const ParsedFlags& flags) {
  access::NewUser u;
  u.username = flags.Get("username");
  u.display_name = flags.Get("display-name", u.username);
  auto role = ParseRole(flags.Get("role"));
  if (u.username.empty()) return UsageError("user", "add needs --username");
  if (!role) return UsageError("user", fmt::format("--role must be one of: {}", RoleNames()));
  u.role = *role;
  if (flags.Has("source")) {
    auto tx = store.Begin(TransactionMode::kRead);
    if (!tx.ok()) return Failure("user", tx.status().ToString());
    auto src = (*tx)->FindSourceByName(flags.Get("source"));
    if (!src.ok()) return Failure("user", src.status().ToString());
    if (!*src) return Failure("user", fmt::format("no source named '{}'", flags.Get("source")));
    u.source_id = (*src)->id;
  }
  auto password = ReadNewPassword(flags.Has("password-stdin"));
  if (!password.ok()) return Failure("user", password.status().ToString());
  u.password = *password;
  auto created = service.CreateUser(kActor, u);
  if (!created.ok()) return Failure("user", created.status().ToString());
  std::printf("created %s %s (%s)\n", ToString(created->role).data(), created->username.c_str(),
              created->id.c_str());
  return kExitOk;
}

int List(access::AccessService& service) {
  auto users = service.ListUsers();
  if (!users.ok()) return Failure("user", users.status().ToString());
  for (const auto& u : *users) {
    std::printf("%-24s %-11s %-9s %s%s\n", u.username.c_str(), ToString(u.role).data(),
                u.disabled ? "disabled" : "active", u.id.c_str(),
                u.source_id.empty() ? "" : (" source=" + u.source_id).c_str());
  }
  return kExitOk;
}

}  // namespace

int UserCommand(const Args& args) {
  auto flags = ParseFlags(args, {.with_value = {"db", "username", "role", "source", "display-name"},
                                 .boolean = {"password-stdin"}});
  if (!flags.ok()) return UsageError("user", flags.status().message());
  if (flags->Has("help")) {
    std::printf("%s", kUsage);
    return kExitOk;
  }
  if (flags->positional.empty()) return UsageError("user", "which subcommand?");
  const std::string& sub = flags->positional[0];
  auto store = OpenDb(*flags,
                      {.access = sub == "list" ? StoreAccess::kReadOnly : StoreAccess::kReadWrite});
  if (!store.ok()) return Failure("user", store.status().ToString());
  SystemClock clock;
  access::AccessService service(**store, clock);
  if (sub == "add") return Add(service, **store, *flags);
  if (sub == "list") return List(service);
  if (sub == "disable" || sub == "enable" || sub == "reset-password") {
    if (flags->positional.size() != 2) return UsageError("user", sub + " needs a USERNAME");
    const std::string& who = flags->positional[1];
    Status s;
    if (sub == "reset-password") {
      auto password = ReadNewPassword(flags->Has("password-stdin"));
      if (!password.ok()) return Failure("user", password.status().ToString());
      s = service.ResetPassword(kActor, who, *password);
    } else {
      s = service.SetDisabled(kActor, who, sub == "disable");
    }
    if (!s.ok()) return Failure("user", s.ToString());
    std::printf("%s: done\n", who.c_str());
    return kExitOk;
  }
  return UsageError("user", fmt::format("unknown subcommand '{}'", sub));
}

}  // namespace aftermath::cli

// One function a subcommand; each lives in its own file (serve_command.cc, names_command.cc, ...).
// `args` excludes the program and subcommand names. Return the process exit code:
// 0 ok, 1 failure, 2 bad usage. Errors go to stderr as one line.
#pragma once

#include <string>
#include <vector>

namespace aftermath::cli {

using Args = std::vector<std::string>;

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;
inline constexpr const char* kDefaultDb = "sqlite:var/aftermath.db";

int ServeCommand(const Args& args);
int MigrateCommand(const Args& args);
int VersionCommand(const Args& args);
int NamesCommand(const Args& args);
int DemoCommand(const Args& args);
int DemoGenerate(const Args& args);
int UserCommand(const Args& args);
int TokenCommand(const Args& args);
int AuditCommand(const Args& args);
int PurgeCommand(const Args& args);
int ImportCommand(const Args& args);
int ExportCommand(const Args& args);
int SearchCommand(const Args& args);
int OutboxCommand(const Args& args);
int CopyCommand(const Args& args);
int RecoveryCommand(const Args& args);
int PfifCommand(const Args& args);

}  // namespace aftermath::cli

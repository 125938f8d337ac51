#include "cli/password_input.h"

#include <termios.h>
#include <unistd.h>

#include <iostream>

namespace aftermath::cli {
namespace {

std::string ReadLineNoEcho(const char* prompt) {
  std::cerr << prompt << std::flush;
  termios old{};
  tcgetattr(STDIN_FILENO, &old);
  termios quiet = old;
  quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
  tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  std::string line;
  std::getline(std::cin, line);
  tcsetattr(STDIN_FILENO, TCSANOW, &old);
  std::cerr << "\n";
  return line;
}

}  // namespace

Result<std::string> ReadNewPassword(bool from_stdin) {
  if (from_stdin) {
    std::string line;
    if (!std::getline(std::cin, line)) return InvalidArgument("no password on stdin", "password");
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return line;
  }
  if (!isatty(STDIN_FILENO)) {
    return InvalidArgument("give the password with --password-stdin or at a terminal",
                           "password");
  }
  std::string first = ReadLineNoEcho("new password: ");
  std::string second = ReadLineNoEcho("again: ");
  if (first != second) return InvalidArgument("the two passwords differ", "password");
  return first;
}

}  // namespace aftermath::cli

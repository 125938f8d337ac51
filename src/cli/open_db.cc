#include "cli/open_db.h"

#include <filesystem>

namespace aftermath::cli {

Result<std::unique_ptr<Store>> OpenDb(const std::string& url, const OpenOptions& options) {
  if (url.starts_with("sqlite:")) {
    std::filesystem::path path(url.substr(7));
    std::error_code ec;
    if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ec);
  }
  return OpenStore(url, options);
}

}  // namespace aftermath::cli

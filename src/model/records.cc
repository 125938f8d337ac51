#include "model/records.h"

namespace aftermath {

const std::string& Person::display_name() const {
  static const std::string kEmpty;
  return names.empty() ? kEmpty : names.front().full_name;
}

}  // namespace aftermath

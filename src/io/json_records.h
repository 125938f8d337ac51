// JSON objects as the registry's inputs: the API's request bodies and the lines of JSON Lines
// files share these readers, so both reject the same mistakes with the same messages.
#pragma once

#include <string_view>

#include "common/status.h"
#include "io/json_input.h"
#include "model/records.h"
#include "model/requests.h"

namespace aftermath::io {

Result<NewPerson> ParseNewPerson(std::string_view json);
Result<NewReport> ParseNewReport(std::string_view json);
Result<NewReport> ReadNewReport(JsonInput& in);
Result<NewSource> ParseNewSource(std::string_view json);
// A new inquiry: sought_name, inquirer_name and callback_phone are required.
Result<Inquiry> ParseNewInquiry(std::string_view json);
// Reads the inquiry fields an operator may set (for create and PATCH) into `q`.
Status ReadInquiryFields(JsonInput& in, Inquiry& q);

}  // namespace aftermath::io

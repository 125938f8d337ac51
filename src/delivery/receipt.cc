#include "delivery/receipt.h"

#include "delivery/signature.h"
#include "io/json_input.h"

namespace aftermath::delivery {

Result<Receipt> ParseSignedReceipt(std::string_view secret, std::string_view body,
                                   std::string_view signature) {
  if (signature.empty()) return Unauthenticated("the receipt is not signed");
  if (!VerifySignature(secret, body, signature)) {
    return Unauthenticated("the receipt's signature does not match its body");
  }
  ASSIGN_OR_RETURN(io::JsonInput in, io::JsonInput::Parse(body));
  Receipt r;
  std::string status;
  RETURN_IF_ERROR(in.RequiredString("id", r.message_id));
  RETURN_IF_ERROR(in.RequiredString("status", status));
  RETURN_IF_ERROR(in.String("error", r.error));
  RETURN_IF_ERROR(in.Finish());
  if (status != "delivered" && status != "failed") {
    return InvalidArgument("must be delivered or failed", "status");
  }
  r.delivered = status == "delivered";
  return r;
}

}  // namespace aftermath::delivery

#include "access/idempotency.h"

#include <fmt/format.h>
#include <sodium.h>

namespace aftermath::access {
namespace {

std::string RequestHash(std::string_view method, std::string_view path, std::string_view body) {
  crypto_hash_sha256_state state;
  crypto_hash_sha256_init(&state);
  for (std::string_view part :
       {method, std::string_view("\n"), path, std::string_view("\n"), body}) {
    crypto_hash_sha256_update(&state, reinterpret_cast<const unsigned char*>(part.data()),
                              part.size());
  }
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(&state, digest);
  char hex[2 * crypto_hash_sha256_BYTES + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

Status CheckKey(std::string_view key) {
  if (key.empty() || key.size() > IdempotencyKeys::kMaxKeyLength) {
    return InvalidArgument(
        fmt::format("must be 1 to {} characters", IdempotencyKeys::kMaxKeyLength),
        "Idempotency-Key");
  }
  for (char c : key) {
    if (c < 0x21 || c > 0x7e) {
      return InvalidArgument("must be printable ASCII without spaces", "Idempotency-Key");
    }
  }
  return Status::Ok();
}

}  // namespace

Result<IdempotencyKeys::Reservation> IdempotencyKeys::Reserve(std::string_view actor,
                                                              std::string_view key,
                                                              std::string_view method,
                                                              std::string_view path,
                                                              std::string_view body) {
  RETURN_IF_ERROR(CheckKey(key));
  std::string hash = RequestHash(method, path, body);
  Timestamp now = clock_.Now();
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kBookkeeping));
  RETURN_IF_ERROR(tx->PruneIdempotencyKeys(now - kRemembered));
  ASSIGN_OR_RETURN(auto found, tx->FindIdempotencyKey(actor, key));
  Reservation out;
  if (found) {
    if (found->request_hash != hash) {
      out.kind = Reservation::Kind::kOtherRequest;
    } else if (found->status == 0) {
      out.kind = Reservation::Kind::kUnfinished;
    } else {
      out.kind = Reservation::Kind::kReplay;
      out.status = found->status;
      out.response = std::move(found->response);
    }
    return out;
  }
  Status inserted = tx->InsertIdempotencyKey(IdempotencyRecord{.actor = std::string(actor),
                                                               .key = std::string(key),
                                                               .request_hash = hash,
                                                               .status = 0,
                                                               .response = {},
                                                               .created_at = now});
  // Another server reserved it between our read and write.
  if (inserted.code() == StatusCode::kAlreadyExists) {
    out.kind = Reservation::Kind::kUnfinished;
    return out;
  }
  RETURN_IF_ERROR(inserted);
  RETURN_IF_ERROR(tx->Commit());
  return out;
}

Status IdempotencyKeys::Complete(std::string_view actor, std::string_view key, int status,
                                 std::string_view response) {
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kBookkeeping));
  RETURN_IF_ERROR(tx->CompleteIdempotencyKey(actor, key, status, response));
  return tx->Commit();
}

Status IdempotencyKeys::Release(std::string_view actor, std::string_view key) {
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kBookkeeping));
  RETURN_IF_ERROR(tx->DeleteIdempotencyKey(actor, key));
  return tx->Commit();
}

}  // namespace aftermath::access

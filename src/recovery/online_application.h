// Applying online on the public page (issue #18): an applicant gives a phone and gets a 6-digit
// one-time code by SMS (through the outbox, in their language); the right code buys a short-lived
// token; under the token they upload photos and PDFs (type by signature, size-limited) and submit
// the application, which becomes a claim in state submitted, channel online, in the clerk's
// queue. Every step is audited as "applicant:<application id>" with ids and hashes only.
//
// The code is never stored: only a keyed BLAKE2b hash under a random salt, valid 10 minutes and
// for 5 tries, after which the application is void. The token is "<application id>.<secret>";
// only the secret's hash is kept. Submitting twice with one token makes one claim (the claim's
// external id is the application's).
//
// Thread-safety: thread-safe; each use case runs in its own store transactions.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/clock.h"
#include "common/ids.h"
#include "common/status.h"
#include "model/online_application.h"
#include "recovery/recovery.h"
#include "store/store.h"

namespace aftermath::recovery {

struct ApplyOptions {
  std::chrono::minutes code_lifetime{10};
  int max_tries = 5;  // wrong codes before the application is void
  std::chrono::minutes token_lifetime{60};
  int per_phone_per_hour = 3;  // applications started for one phone within an hour
  int max_documents = 10;
};

struct StartedApplication {
  std::string id;
  Timestamp code_expires_at;
};

struct ApplicationToken {
  std::string token;  // "<application id>.<secret>": the client's only key to the application
  Timestamp expires_at;
};

// What the applicant submits. Keys as typed (the IIN/BIN's check digit is checked).
struct OnlineClaim {
  std::string token;
  ClaimKind kind = ClaimKind::kHome;
  std::string programme;  // a programme's code or id
  std::string applicant_name;
  std::string applicant_id;  // IIN or BIN: required
  std::string applicant_address;
  std::string iban;  // may be empty
  // What was damaged (property claims): its kind, address and what the applicant says of it.
  std::optional<NewObject> object;
  // Who was lost or injured (family and injury claims), and the applicant's relation to them.
  std::string person_name;
  std::string relation;
  int64_t amount_claimed = 0;
  std::string notes;
  // Documents uploaded under the token: {sha256, kind} ("id_card", "title_deed", "photo", ...).
  std::vector<std::pair<std::string, std::string>> documents;
};

// The SMS with the code, by language (kk, ru, en; "{code}" is replaced by the code).
std::string ApplicationCodeSms(std::string_view language, std::string_view code);

class OnlineApplications {
 public:
  // REQUIRES: store, clock, recovery and ids (when given) outlive this.
  OnlineApplications(Store& store, const Clock& clock, Recovery& recovery,
                     IdGenerator* ids = nullptr, ApplyOptions options = {})
      : store_(store), clock_(clock), recovery_(recovery), ids_(ids, clock), options_(options) {}

  // Sends a new code to `phone` in `language` (kk, ru, en) and returns the application's id.
  // InvalidArgument (field phone or language); ResourceExhausted when the phone had
  // per_phone_per_hour applications within the last hour.
  Result<StartedApplication> Start(std::string_view phone, std::string_view language);
  // The right code within its lifetime: a token. NotFound for an unknown application;
  // InvalidArgument (field code) for a wrong code, with the tries left; FailedPrecondition when
  // the code expired, was used, or the tries ran out (the application is then void).
  Result<ApplicationToken> Confirm(std::string_view application_id, std::string_view code);
  // Keeps a photo or PDF for the application (its type read from its signature). Unauthenticated
  // for a token that is not valid or expired; FailedPrecondition once submitted; InvalidArgument
  // (field file) for any other kind of file, an empty or too large one, or too many files;
  // Unavailable without a file store.
  Result<StoredFile> Upload(std::string_view token, std::string_view bytes);
  // The application as a claim in state submitted, channel online. The same token again returns
  // the same claim (Change::kExisting). Unauthenticated for a token that is not valid or expired;
  // InvalidArgument naming the field (a bad IIN/BIN check digit: applicant_id; a document not
  // uploaded under this token: documents[i].sha256); Recovery::SubmitClaim's errors.
  Result<IntakeOutcome> Submit(const OnlineClaim& in);

 private:
  // The application the token names, if the token is its own and still valid.
  Result<OnlineApplication> Authorize(Transaction& tx, std::string_view token);
  Status Audit(Transaction& tx, const OnlineApplication& a, std::string action,
               std::string detail = {});

  Store& store_;
  const Clock& clock_;
  Recovery& recovery_;
  GivenOrOwnIdGenerator ids_;
  const ApplyOptions options_;
};

}  // namespace aftermath::recovery

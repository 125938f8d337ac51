#include "model/records.h"

namespace aftermath {

const std::string& Person::display_name() const {
  static const std::string kEmpty;
  return names.empty() ? kEmpty : names.front().full_name;
}

std::string_view ToString(CallbackState s) {
  switch (s) {
    case CallbackState::kPending: return "pending";
    case CallbackState::kInformed: return "informed";
    case CallbackState::kNoAnswer: return "no_answer";
    case CallbackState::kCancelled: return "cancelled";
  }
  return "pending";
}

std::optional<CallbackState> ParseCallbackState(std::string_view s) {
  for (auto v : {CallbackState::kPending, CallbackState::kInformed, CallbackState::kNoAnswer,
                 CallbackState::kCancelled}) {
    if (ToString(v) == s) return v;
  }
  return std::nullopt;
}

std::string_view ToString(OutboxState s) {
  switch (s) {
    case OutboxState::kPending: return "pending";
    case OutboxState::kSent: return "sent";
    case OutboxState::kDelivered: return "delivered";
    case OutboxState::kUndelivered: return "undelivered";
    case OutboxState::kDead: return "dead";
  }
  return "pending";
}

std::optional<OutboxState> ParseOutboxState(std::string_view s) {
  for (auto v : {OutboxState::kPending, OutboxState::kSent, OutboxState::kDelivered,
                 OutboxState::kUndelivered, OutboxState::kDead}) {
    if (ToString(v) == s) return v;
  }
  return std::nullopt;
}

std::string_view ToString(OutboxKind k) {
  switch (k) {
    case OutboxKind::kMessage: return "message";
    case OutboxKind::kOneTimeCode: return "one_time_code";
  }
  return "message";
}

std::optional<OutboxKind> ParseOutboxKind(std::string_view s) {
  for (auto v : {OutboxKind::kMessage, OutboxKind::kOneTimeCode}) {
    if (ToString(v) == s) return v;
  }
  return std::nullopt;
}

std::string BodyForReaders(const OutboxMessage& m) {
  if (m.kind != OutboxKind::kOneTimeCode) return m.body;
  std::string out;
  for (char c : m.body) {
    if (c >= '0' && c <= '9') {
      out += "\u2022";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string_view ToString(PfifKind k) {
  switch (k) {
    case PfifKind::kNone: return "";
    case PfifKind::kPerson: return "person";
    case PfifKind::kNote: return "note";
  }
  return "";
}

std::optional<PfifKind> ParsePfifKind(std::string_view s) {
  for (auto v : {PfifKind::kNone, PfifKind::kPerson, PfifKind::kNote}) {
    if (ToString(v) == s) return v;
  }
  return std::nullopt;
}

}  // namespace aftermath

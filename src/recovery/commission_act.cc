#include "recovery/commission_act.h"

#include <fmt/format.h>

#include <algorithm>

#include "recovery/file_store.h"

namespace aftermath::recovery {

std::string ActContent(const Commission& commission, const CommissionSession& session,
                       const std::vector<AgendaItem>& agenda, const std::vector<SignOff>& sign_offs,
                       const std::string& supersedes) {
  std::vector<std::string> present = session.present;
  std::sort(present.begin(), present.end());
  std::string joined;
  for (const auto& p : present) {
    if (!joined.empty()) joined += ',';
    joined += p;
  }
  std::string out = "aftermath commission act 1\n";
  out += fmt::format("session {}\ncommission {}\nprogramme {}\nopened {}\nsupersedes {}\n",
                     session.id, commission.id, commission.programme_id,
                     FormatTimestamp(session.opened_at), supersedes.empty() ? "-" : supersedes);
  out += fmt::format("present {}\n", joined.empty() ? "-" : joined);
  int64_t approved = 0, rejected = 0, total = 0;
  for (const auto& item : agenda) {
    std::vector<std::string> signed_off;
    for (const auto& s : sign_offs) {
      if (s.claim_id == item.claim_id) {
        signed_off.push_back(std::string(ToString(s.role)) + ":" + s.user_id);
      }
    }
    std::sort(signed_off.begin(), signed_off.end());
    std::string signers;
    for (const auto& s : signed_off) signers += (signers.empty() ? "" : ",") + s;
    out +=
        fmt::format("claim {} {} {} recused {} signoffs {}\n", item.claim_id,
                    ToString(item.decision), item.decision == Decision::kApproved ? item.amount : 0,
                    item.recused.empty() ? "-" : item.recused, signers.empty() ? "-" : signers);
    if (item.decision == Decision::kApproved) {
      ++approved;
      total += item.amount;
    } else if (item.decision == Decision::kRejected) {
      ++rejected;
    }
  }
  out += fmt::format("approved {} {}\nrejected {}\n", approved, total, rejected);
  return out;
}

std::string ActHash(const std::string& content) { return Sha256Hex(content); }

}  // namespace aftermath::recovery

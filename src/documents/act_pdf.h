// A commission session's act on paper: a PDF in Kazakh or Russian, drawn on the server with
// Cairo and Pango (font "DejaVu Sans", which has every Kazakh letter). It shows the act's number
// and date, the session, the members present and absent (and who was recused from which claim
// and why), each claim's decision and amount, the totals, the act's content hash and the
// signatures recorded. Names of staff only: never an applicant's name, id or reason, as the act
// itself (recovery/commission_act.h) is kept for ever and is not personal data.
//
// Thread-safety: RenderActPdf may be called from several threads at once (each call has its own
// Cairo surface and Pango context).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"
#include "recovery/commission.h"

namespace aftermath::documents {

enum class DocumentLanguage {
  kKazakh,   // "kk"
  kRussian,  // "ru"
};

// "kk" or "ru"; nullopt otherwise.
std::optional<DocumentLanguage> ParseDocumentLanguage(std::string_view s);

// The act as the bytes of an A4 PDF. Internal naming Cairo's error when it cannot draw.
Result<std::string> RenderActPdf(const recovery::ActRecord& record, DocumentLanguage language);

}  // namespace aftermath::documents

#include "io/bank/bank_files.h"

#include <fmt/format.h>

#include <pugixml.hpp>
#include <sstream>

#include "io/csv/csv_parser.h"
#include "io/csv/formula_guard.h"

namespace aftermath::io {
namespace {

constexpr const char* kPain001Ns = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03";

std::string Amount(int64_t tenge) { return fmt::format("{}.00", tenge); }

void Text(pugi::xml_node parent, const char* name, std::string_view value) {
  parent.append_child(name).text().set(std::string(value).c_str());
}

// ISO 20022 Max140Text/Max70Text: names are cut, never refused (the bank matches by account).
std::string Cut(std::string_view s, size_t max_chars) {
  size_t chars = 0, i = 0;
  while (i < s.size() && chars < max_chars) {
    unsigned char c = s[i];
    i += c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    ++chars;
  }
  return std::string(s.substr(0, std::min(i, s.size())));
}

void CsvField(std::string& out, std::string_view value, bool first = false) {
  if (!first) out += ',';
  bool formula = StartsLikeAFormula(value);
  std::string text = NeutraliseFormula(value);
  if (!formula && text.find_first_of(",\"\n\r") == std::string::npos) {
    out += text;
    return;
  }
  out += '"';
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

std::string_view Local(const pugi::xml_node& n) {
  std::string_view name = n.name();
  auto colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

pugi::xml_node Child(const pugi::xml_node& n, std::string_view local) {
  for (auto c : n.children()) {
    if (c.type() == pugi::node_element && Local(c) == local) return c;
  }
  return {};
}

std::vector<pugi::xml_node> Children(const pugi::xml_node& n, std::string_view local) {
  std::vector<pugi::xml_node> out;
  for (auto c : n.children()) {
    if (c.type() == pugi::node_element && Local(c) == local) out.push_back(c);
  }
  return out;
}

// The text at a path of local names under `n` ("" when absent).
std::string At(pugi::xml_node n, std::initializer_list<std::string_view> path) {
  for (auto p : path) {
    n = Child(n, p);
    if (!n) return "";
  }
  return n.text().get();
}

Result<std::vector<BankEntry>> ReadPain002(const pugi::xml_node& report) {
  std::vector<BankEntry> out;
  int i = 0;
  for (auto block : Children(report, "OrgnlPmtInfAndSts")) {
    for (auto tx : Children(block, "TxInfAndSts")) {
      ++i;
      std::string where = fmt::format("TxInfAndSts[{}]", i);
      BankEntry e{.end_to_end_id = At(tx, {"OrgnlEndToEndId"}), .where = where};
      std::string status = At(tx, {"TxSts"});
      if (e.end_to_end_id.empty()) {
        return InvalidArgument("a transaction without OrgnlEndToEndId", where);
      }
      if (status == "ACSC" || status == "ACCP" || status == "ACSP" || status == "ACWC") {
        e.outcome = BankEntry::Outcome::kPaid;
      } else if (status == "RJCT") {
        e.outcome = BankEntry::Outcome::kReturned;
        e.reason = At(tx, {"StsRsnInf", "Rsn", "Cd"});
      } else {
        continue;  // pending or received: no fate yet
      }
      out.push_back(std::move(e));
    }
  }
  return out;
}

Result<std::vector<BankEntry>> ReadCamt054(const pugi::xml_node& notification) {
  std::vector<BankEntry> out;
  int i = 0;
  for (auto ntfctn : Children(notification, "Ntfctn")) {
    for (auto entry : Children(ntfctn, "Ntry")) {
      std::string status = At(entry, {"Sts"});
      for (auto details : Children(entry, "NtryDtls")) {
        for (auto tx : Children(details, "TxDtls")) {
          ++i;
          std::string where = fmt::format("TxDtls[{}]", i);
          BankEntry e{.end_to_end_id = At(tx, {"Refs", "EndToEndId"}), .where = where};
          if (e.end_to_end_id.empty()) {
            return InvalidArgument("a transaction without Refs/EndToEndId", where);
          }
          if (Child(tx, "RtrInf")) {
            e.outcome = BankEntry::Outcome::kReturned;
            e.reason = At(tx, {"RtrInf", "Rsn", "Cd"});
          } else if (status.empty() || status == "BOOK") {
            e.outcome = BankEntry::Outcome::kPaid;
          } else {
            continue;  // pending
          }
          out.push_back(std::move(e));
        }
      }
    }
  }
  return out;
}

Result<std::vector<BankEntry>> ReadCsv(std::string_view text) {
  std::istringstream in{std::string(text)};
  ASSIGN_OR_RETURN(auto parser, CsvParser::Open(in, {}));
  CsvRecord r;
  std::vector<BankEntry> out;
  bool header = true;
  int id_col = -1, status_col = -1, reason_col = -1;
  for (;;) {
    ASSIGN_OR_RETURN(bool more, parser->Next(r));
    if (!more) break;
    std::string where = fmt::format("line {}", r.line);
    if (!r.error.ok()) return InvalidArgument(r.error.message(), where);
    if (header) {
      for (size_t c = 0; c < r.fields.size(); ++c) {
        std::string name = r.fields[c];
        if (name == "end_to_end_id") id_col = static_cast<int>(c);
        if (name == "status") status_col = static_cast<int>(c);
        if (name == "reason") reason_col = static_cast<int>(c);
      }
      if (id_col < 0 || status_col < 0) {
        return InvalidArgument("the CSV needs the columns end_to_end_id and status", where);
      }
      header = false;
      continue;
    }
    auto field = [&](int c) {
      return c >= 0 && c < static_cast<int>(r.fields.size())
                 ? std::string(RestoreNeutralised(r.fields[c]))
                 : std::string();
    };
    BankEntry e{.end_to_end_id = field(id_col), .reason = field(reason_col), .where = where};
    std::string status = field(status_col);
    if (status == "paid") {
      e.outcome = BankEntry::Outcome::kPaid;
    } else if (status == "returned") {
      e.outcome = BankEntry::Outcome::kReturned;
    } else {
      return InvalidArgument(
          fmt::format("status '{}' is neither paid nor returned", status.substr(0, 20)), where);
    }
    if (e.end_to_end_id.empty()) return InvalidArgument("end_to_end_id is empty", where);
    out.push_back(std::move(e));
  }
  if (header) return InvalidArgument("the CSV is empty");
  return out;
}

}  // namespace

std::string WritePain001(const CreditTransferFile& file) {
  pugi::xml_document doc;
  auto decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "UTF-8";
  auto root = doc.append_child("Document");
  root.append_attribute("xmlns") = kPain001Ns;
  auto init = root.append_child("CstmrCdtTrfInitn");
  int64_t total = 0;
  for (const auto& p : file.payments) total += p.amount;
  auto header = init.append_child("GrpHdr");
  Text(header, "MsgId", file.message_id);
  Text(header, "CreDtTm", FormatTimestamp(file.created_at));
  Text(header, "NbOfTxs", std::to_string(file.payments.size()));
  Text(header, "CtrlSum", Amount(total));
  Text(header.append_child("InitgPty"), "Nm", Cut(file.debtor.name, 140));

  auto info = init.append_child("PmtInf");
  Text(info, "PmtInfId", file.message_id);
  Text(info, "PmtMtd", "TRF");
  Text(info, "NbOfTxs", std::to_string(file.payments.size()));
  Text(info, "CtrlSum", Amount(total));
  Text(info, "ReqdExctnDt", file.execution_date);
  Text(info.append_child("Dbtr"), "Nm", Cut(file.debtor.name, 140));
  Text(info.append_child("DbtrAcct").append_child("Id"), "IBAN", file.debtor.iban);
  Text(info.append_child("DbtrAgt").append_child("FinInstnId"), "BIC", file.debtor.bic);
  Text(info, "ChrgBr", "SLEV");
  for (const auto& p : file.payments) {
    auto tx = info.append_child("CdtTrfTxInf");
    Text(tx.append_child("PmtId"), "EndToEndId", p.id);
    auto amount = tx.append_child("Amt").append_child("InstdAmt");
    amount.append_attribute("Ccy") = "KZT";
    amount.text().set(Amount(p.amount).c_str());
    Text(tx.append_child("CdtrAgt").append_child("FinInstnId"), "BIC", p.bic);
    auto creditor = tx.append_child("Cdtr");
    Text(creditor, "Nm", Cut(p.payee_name, 140));
    if (!p.payee_id.empty()) {
      // The IIN/BIN as the creditor's national identifier.
      auto other = creditor.append_child("Id").append_child("PrvtId").append_child("Othr");
      Text(other, "Id", p.payee_id);
      Text(other.append_child("SchmeNm"), "Prtry", "IIN");
    }
    Text(tx.append_child("CdtrAcct").append_child("Id"), "IBAN", p.iban);
    Text(tx.append_child("RmtInf"), "Ustrd", Cut("claim " + p.claim_id, 140));
  }
  std::ostringstream out;
  doc.save(out, "  ", pugi::format_default | pugi::format_no_declaration, pugi::encoding_utf8);
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + out.str();
}

std::string WritePaymentsCsv(const CreditTransferFile& file) {
  std::string out = "\xEF\xBB\xBF";
  out += "end_to_end_id,payee_name,payee_id,iban,bic,amount,currency,claim_id\r\n";
  for (const auto& p : file.payments) {
    CsvField(out, p.id, true);
    CsvField(out, p.payee_name);
    CsvField(out, p.payee_id);
    CsvField(out, p.iban);
    CsvField(out, p.bic);
    CsvField(out, Amount(p.amount));
    CsvField(out, "KZT");
    CsvField(out, p.claim_id);
    out += "\r\n";
  }
  return out;
}

Result<std::vector<BankEntry>> ReadBankAnswer(std::string_view text) {
  size_t start = text.find_first_not_of(" \t\r\n");
  if (start != std::string_view::npos && text.substr(start).starts_with("\xEF\xBB\xBF")) {
    start += 3;
  }
  if (start == std::string_view::npos) return InvalidArgument("the bank's answer is empty");
  if (text[start] != '<') return ReadCsv(text);
  pugi::xml_document doc;
  // No DOCTYPE, no entities: a bank's answer needs none.
  auto parsed =
      doc.load_buffer(text.data(), text.size(), pugi::parse_default & ~pugi::parse_doctype);
  if (!parsed) {
    return InvalidArgument(
        fmt::format("the XML cannot be read at byte {}: {}", parsed.offset, parsed.description()));
  }
  auto root = doc.document_element();
  if (Local(root) != "Document")
    return InvalidArgument("the XML's root is not an ISO 20022 Document");
  if (auto report = Child(root, "CstmrPmtStsRpt")) return ReadPain002(report);
  if (auto notification = Child(root, "BkToCstmrDbtCdtNtfctn")) return ReadCamt054(notification);
  return InvalidArgument("the XML is neither a pain.002 status report nor a camt.054 notification");
}

}  // namespace aftermath::io

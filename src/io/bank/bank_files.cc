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

// Writes XML into one string, indented by two spaces, each element on a line of its own and a
// text-only element on one line: byte for byte what pugixml's save (format_indent) wrote, which
// took most of a 10,000-payment export to build its tree and copy it out (bank_files_test
// compares the two).
class XmlWriter {
 public:
  explicit XmlWriter(std::string& out) : out_(out) {}
  void Open(std::string_view name, std::string_view attr = {}, std::string_view value = {}) {
    StartTag(name, attr, value);
    out_ += ">\n";
    ++depth_;
  }
  void Close(std::string_view name) {
    --depth_;
    Indent();
    out_ += "</";
    out_ += name;
    out_ += ">\n";
  }
  void Leaf(std::string_view name, std::string_view text, std::string_view attr = {},
            std::string_view value = {}) {
    StartTag(name, attr, value);
    out_ += '>';
    Escaped(text, false);
    out_ += "</";
    out_ += name;
    out_ += ">\n";
  }

 private:
  void Indent() { out_.append(2 * static_cast<size_t>(depth_), ' '); }
  void StartTag(std::string_view name, std::string_view attr, std::string_view value) {
    Indent();
    out_ += '<';
    out_ += name;
    if (!attr.empty()) {
      out_ += ' ';
      out_ += attr;
      out_ += "=\"";
      Escaped(value, true);
      out_ += '"';
    }
  }
  // pugixml's escaping: &, < and > in text (&, < and " in an attribute), every other control
  // character but tab, CR and LF as &#NN;, and the value cut at a NUL as a C string is.
  void Escaped(std::string_view s, bool attribute) {
    size_t run = 0;  // start of the characters not yet copied
    for (size_t i = 0; i < s.size(); ++i) {
      unsigned char c = static_cast<unsigned char>(s[i]);
      const char* entity = nullptr;
      if (c == '&') {
        entity = "&amp;";
      } else if (c == '<') {
        entity = "&lt;";
      } else if (c == '>' && !attribute) {
        entity = "&gt;";
      } else if (c == '"' && attribute) {
        entity = "&quot;";
      } else if (c >= 32 || (!attribute && (c == '\t' || c == '\n' || c == '\r'))) {
        continue;
      }
      out_.append(s.data() + run, i - run);
      run = i + 1;
      if (c == 0) return;
      if (entity) {
        out_ += entity;
      } else {
        out_ += "&#";
        out_ += static_cast<char>('0' + c / 10);
        out_ += static_cast<char>('0' + c % 10);
        out_ += ';';
      }
    }
    out_.append(s.data() + run, s.size() - run);
  }

  std::string& out_;
  int depth_ = 0;
};

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
  int64_t total = 0;
  for (const auto& p : file.payments) total += p.amount;
  std::string out;
  out.reserve(1024 + file.payments.size() * 900);
  // One declaration: the file pugixml wrote carried two (its document's declaration node and a
  // line added before it), which no conforming XML parser takes.
  out += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  XmlWriter w(out);
  w.Open("Document", "xmlns", kPain001Ns);
  w.Open("CstmrCdtTrfInitn");
  w.Open("GrpHdr");
  w.Leaf("MsgId", file.message_id);
  w.Leaf("CreDtTm", FormatTimestamp(file.created_at));
  w.Leaf("NbOfTxs", std::to_string(file.payments.size()));
  w.Leaf("CtrlSum", Amount(total));
  w.Open("InitgPty");
  w.Leaf("Nm", Cut(file.debtor.name, 140));
  w.Close("InitgPty");
  w.Close("GrpHdr");

  w.Open("PmtInf");
  w.Leaf("PmtInfId", file.message_id);
  w.Leaf("PmtMtd", "TRF");
  w.Leaf("NbOfTxs", std::to_string(file.payments.size()));
  w.Leaf("CtrlSum", Amount(total));
  w.Leaf("ReqdExctnDt", file.execution_date);
  w.Open("Dbtr");
  w.Leaf("Nm", Cut(file.debtor.name, 140));
  w.Close("Dbtr");
  w.Open("DbtrAcct");
  w.Open("Id");
  w.Leaf("IBAN", file.debtor.iban);
  w.Close("Id");
  w.Close("DbtrAcct");
  w.Open("DbtrAgt");
  w.Open("FinInstnId");
  w.Leaf("BIC", file.debtor.bic);
  w.Close("FinInstnId");
  w.Close("DbtrAgt");
  w.Leaf("ChrgBr", "SLEV");
  for (const auto& p : file.payments) {
    w.Open("CdtTrfTxInf");
    w.Open("PmtId");
    w.Leaf("EndToEndId", p.id);
    w.Close("PmtId");
    w.Open("Amt");
    w.Leaf("InstdAmt", Amount(p.amount), "Ccy", "KZT");
    w.Close("Amt");
    w.Open("CdtrAgt");
    w.Open("FinInstnId");
    w.Leaf("BIC", p.bic);
    w.Close("FinInstnId");
    w.Close("CdtrAgt");
    w.Open("Cdtr");
    w.Leaf("Nm", Cut(p.payee_name, 140));
    if (!p.payee_id.empty()) {
      // The IIN/BIN as the creditor's national identifier.
      w.Open("Id");
      w.Open("PrvtId");
      w.Open("Othr");
      w.Leaf("Id", p.payee_id);
      w.Open("SchmeNm");
      w.Leaf("Prtry", "IIN");
      w.Close("SchmeNm");
      w.Close("Othr");
      w.Close("PrvtId");
      w.Close("Id");
    }
    w.Close("Cdtr");
    w.Open("CdtrAcct");
    w.Open("Id");
    w.Leaf("IBAN", p.iban);
    w.Close("Id");
    w.Close("CdtrAcct");
    w.Open("RmtInf");
    w.Leaf("Ustrd", Cut("claim " + p.claim_id, 140));
    w.Close("RmtInf");
    w.Close("CdtTrfTxInf");
  }
  w.Close("PmtInf");
  w.Close("CstmrCdtTrfInitn");
  w.Close("Document");
  return out;
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

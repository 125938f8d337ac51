// The bank's files: pain.001.001.03 written with every element a bank needs, a CSV twin, and
// the three answers (pain.002, camt.054, CSV) read back entry by entry.
#include "io/bank/bank_files.h"

#include <gtest/gtest.h>

#include <pugixml.hpp>

namespace aftermath::io {
namespace {

CreditTransferFile File() {
  CreditTransferFile f{.message_id = "pyl_0000000000000001",
                       .created_at = *ParseTimestamp("2026-03-02T09:00:00Z"),
                       .execution_date = "2026-03-03",
                       .debtor = {"Фонд «Бірге» & Co", "KZ75601A861001725391", "HSBKKZKX"}};
  f.payments.push_back({.id = "pay_1",
                        .claim_id = "clm_1",
                        .payee_name = "Ахметов Ерлан",
                        .payee_id = "900101300017",
                        .iban = "KZ56722S000001234567",
                        .bic = "CASPKZKA",
                        .amount = 2'500'000});
  f.payments.push_back({.id = "pay_2",
                        .claim_id = "clm_2",
                        .payee_name = "=HYPERLINK(\"x\")",
                        .iban = "KZ75601A861001725391",
                        .bic = "HSBKKZKX",
                        .amount = 1'000});
  return f;
}

TEST(BankFilesTest, Pain001HasTheGroupHeaderTheDebtorAndEachTransfer) {
  std::string xml = WritePain001(File());
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(xml.c_str()));
  auto root = doc.child("Document");
  EXPECT_STREQ(root.attribute("xmlns").value(), "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03");
  auto init = root.child("CstmrCdtTrfInitn");
  EXPECT_STREQ(init.child("GrpHdr").child_value("MsgId"), "pyl_0000000000000001");
  EXPECT_STREQ(init.child("GrpHdr").child_value("NbOfTxs"), "2");
  EXPECT_STREQ(init.child("GrpHdr").child_value("CtrlSum"), "2501000.00");
  auto info = init.child("PmtInf");
  EXPECT_STREQ(info.child_value("PmtMtd"), "TRF");
  EXPECT_STREQ(info.child_value("ReqdExctnDt"), "2026-03-03");
  EXPECT_STREQ(info.child("Dbtr").child_value("Nm"), "Фонд «Бірге» & Co");
  EXPECT_STREQ(info.child("DbtrAcct").child("Id").child_value("IBAN"), "KZ75601A861001725391");
  EXPECT_STREQ(info.child("DbtrAgt").child("FinInstnId").child_value("BIC"), "HSBKKZKX");
  auto tx = info.child("CdtTrfTxInf");
  EXPECT_STREQ(tx.child("PmtId").child_value("EndToEndId"), "pay_1");
  EXPECT_STREQ(tx.child("Amt").child("InstdAmt").attribute("Ccy").value(), "KZT");
  EXPECT_STREQ(tx.child("Amt").child_value("InstdAmt"), "2500000.00");
  EXPECT_STREQ(tx.child("CdtrAgt").child("FinInstnId").child_value("BIC"), "CASPKZKA");
  EXPECT_STREQ(tx.child("Cdtr").child_value("Nm"), "Ахметов Ерлан");
  EXPECT_STREQ(tx.child("CdtrAcct").child("Id").child_value("IBAN"), "KZ56722S000001234567");
  EXPECT_STREQ(tx.child("RmtInf").child_value("Ustrd"), "claim clm_1");
  EXPECT_EQ(xml.find("&amp; Co") != std::string::npos, true);
}

TEST(BankFilesTest, TheCsvNeutralisesFormulas) {
  std::string csv = WritePaymentsCsv(File());
  EXPECT_EQ(csv.rfind("\xEF\xBB\xBF"
                      "end_to_end_id,payee_name,payee_id,iban,bic,amount,currency,"
                      "claim_id\r\n",
                      0),
            0u);
  EXPECT_NE(csv.find("pay_1,Ахметов Ерлан,900101300017,KZ56722S000001234567,CASPKZKA,"
                     "2500000.00,KZT,clm_1\r\n"),
            std::string::npos);
  EXPECT_NE(csv.find("\"'=HYPERLINK(\"\"x\"\")\""), std::string::npos) << csv;
}

TEST(BankFilesTest, APain002ReportMarksAcceptedPaidAndRejectedReturned) {
  auto entries = ReadBankAnswer(R"(<?xml version="1.0"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.03"><CstmrPmtStsRpt>
<GrpHdr><MsgId>ANS1</MsgId></GrpHdr>
<OrgnlGrpInfAndSts><OrgnlMsgId>pyl_1</OrgnlMsgId></OrgnlGrpInfAndSts>
<OrgnlPmtInfAndSts>
 <TxInfAndSts><OrgnlEndToEndId>pay_1</OrgnlEndToEndId><TxSts>ACSC</TxSts></TxInfAndSts>
 <TxInfAndSts><OrgnlEndToEndId>pay_2</OrgnlEndToEndId><TxSts>RJCT</TxSts>
  <StsRsnInf><Rsn><Cd>AC01</Cd></Rsn></StsRsnInf></TxInfAndSts>
 <TxInfAndSts><OrgnlEndToEndId>pay_3</OrgnlEndToEndId><TxSts>PDNG</TxSts></TxInfAndSts>
</OrgnlPmtInfAndSts></CstmrPmtStsRpt></Document>)");
  ASSERT_TRUE(entries.ok()) << entries.status().ToString();
  ASSERT_EQ(entries->size(), 2u);
  EXPECT_EQ((*entries)[0].end_to_end_id, "pay_1");
  EXPECT_EQ((*entries)[0].outcome, BankEntry::Outcome::kPaid);
  EXPECT_EQ((*entries)[1].outcome, BankEntry::Outcome::kReturned);
  EXPECT_EQ((*entries)[1].reason, "AC01");
}

TEST(BankFilesTest, ACamt054NotificationMarksBookedPaidAndReturnsReturned) {
  auto entries = ReadBankAnswer(R"(<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.02">
<BkToCstmrDbtCdtNtfctn><Ntfctn><Ntry><Sts>BOOK</Sts><NtryDtls>
 <TxDtls><Refs><EndToEndId>pay_1</EndToEndId></Refs></TxDtls>
 <TxDtls><Refs><EndToEndId>pay_2</EndToEndId></Refs><RtrInf><Rsn><Cd>AC04</Cd></Rsn></RtrInf></TxDtls>
</NtryDtls></Ntry></Ntfctn></BkToCstmrDbtCdtNtfctn></Document>)");
  ASSERT_TRUE(entries.ok()) << entries.status().ToString();
  ASSERT_EQ(entries->size(), 2u);
  EXPECT_EQ((*entries)[0].outcome, BankEntry::Outcome::kPaid);
  EXPECT_EQ((*entries)[1].outcome, BankEntry::Outcome::kReturned);
  EXPECT_EQ((*entries)[1].reason, "AC04");
}

TEST(BankFilesTest, ACsvAnswerIsReadAndABadOneNamesTheLine) {
  auto entries = ReadBankAnswer("end_to_end_id,status,reason\npay_1,paid,\npay_2,returned,AC01\n");
  ASSERT_TRUE(entries.ok()) << entries.status().ToString();
  ASSERT_EQ(entries->size(), 2u);
  EXPECT_EQ((*entries)[1].reason, "AC01");
  auto bad = ReadBankAnswer("end_to_end_id,status\npay_1,maybe\n");
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(bad.status().field(), "line 2");
  EXPECT_EQ(ReadBankAnswer("<Document><Other/></Document>").status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(ReadBankAnswer("<Document>").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ReadBankAnswer("").status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace aftermath::io

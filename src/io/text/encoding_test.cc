#include "io/text/encoding.h"

#include <gtest/gtest.h>

namespace aftermath::io {
namespace {

// The same text in two single-byte encodings, made with ICU's tables.
std::string Encode(std::string_view utf8, const char* icu_name) {
  auto table = SingleByteTable(icu_name);
  EXPECT_TRUE(table.ok());
  std::string out;
  size_t i = 0;
  while (i < utf8.size()) {
    if (static_cast<unsigned char>(utf8[i]) < 0x80) {
      out += utf8[i++];
      continue;
    }
    size_t len = (static_cast<unsigned char>(utf8[i]) >> 5) == 0x6 ? 2 : 3;
    std::string cp(utf8.substr(i, len));
    for (int b = 0; b < 128; ++b) {
      if ((*table)[b] == cp) {
        out += static_cast<char>(0x80 + b);
        break;
      }
    }
    i += len;
  }
  return out;
}

TEST(EncodingTest, BomAndUtf8) {
  EXPECT_EQ(DetectEncoding("\xEF\xBB\xBFИванов"), Encoding::kUtf8Bom);
  EXPECT_EQ(DetectEncoding("Иванов;Иван"), Encoding::kUtf8);
  EXPECT_EQ(DetectEncoding("plain ascii"), Encoding::kUtf8);
  // A sample cut in the middle of a letter is still UTF-8.
  std::string cut = "Иванов";
  cut.pop_back();
  EXPECT_EQ(DetectEncoding(cut), Encoding::kUtf8);
}

TEST(EncodingTest, TellsCp1251FromKoi8rOnShortText) {
  for (std::string_view text :
       {"Иванов Иван", "ИВАНОВ ИВАН ПЕТРОВИЧ", "Ким", "Смирнова;Ольга;Ж;погибла",
        "Фамилия;Имя;Отчество", "Щукина Эльвира Юрьевна", "Ёлкин Пётр"}) {
    EXPECT_EQ(DetectEncoding(Encode(text, "windows-1251")), Encoding::kCp1251) << text;
    EXPECT_EQ(DetectEncoding(Encode(text, "KOI8-R")), Encoding::kKoi8r) << text;
  }
}

TEST(EncodingTest, DecodesToUtf8) {
  auto d = Decoder::Create(Encoding::kCp1251);
  ASSERT_TRUE(d.ok());
  std::string out;
  d->Append(Encode("Жуков Фёдор", "windows-1251"), out);
  EXPECT_EQ(out, "Жуков Фёдор");
  auto k = Decoder::Create(Encoding::kKoi8r);
  ASSERT_TRUE(k.ok());
  out.clear();
  k->Append(Encode("Жуков Фёдор", "KOI8-R"), out);
  EXPECT_EQ(out, "Жуков Фёдор");
}

TEST(EncodingTest, ParsesNames) {
  EXPECT_EQ(ParseEncoding("Windows-1251"), Encoding::kCp1251);
  EXPECT_EQ(ParseEncoding("KOI8-R"), Encoding::kKoi8r);
  EXPECT_EQ(ParseEncoding("utf-8"), Encoding::kUtf8);
  EXPECT_EQ(ParseEncoding("latin1"), std::nullopt);
}

}  // namespace
}  // namespace aftermath::io

#include "http/address_list.h"

#include <gtest/gtest.h>

namespace aftermath::http {
namespace {

TEST(AddressListTest, NetworksAndHosts) {
  auto list = AddressList::Parse("127.0.0.0/8, ::1 10.1.2.3/24,fd00::/8");
  ASSERT_TRUE(list.ok()) << list.status().ToString();
  EXPECT_TRUE(list->Contains("127.0.0.1"));
  EXPECT_TRUE(list->Contains("127.255.0.9"));
  EXPECT_TRUE(list->Contains("::1"));
  EXPECT_TRUE(list->Contains("10.1.2.200"));  // 10.1.2.3/24 is 10.1.2.0/24
  EXPECT_TRUE(list->Contains("fd12::5"));
  EXPECT_TRUE(list->Contains("::ffff:127.0.0.1"));  // IPv4 through a dual-stack socket
  EXPECT_FALSE(list->Contains("10.1.3.1"));
  EXPECT_FALSE(list->Contains("128.0.0.1"));
  EXPECT_FALSE(list->Contains("::2"));
  EXPECT_FALSE(list->Contains("fe80::1"));
  EXPECT_FALSE(list->Contains(""));
  EXPECT_FALSE(list->Contains("localhost"));
}

TEST(AddressListTest, SingleHostsAndEverything) {
  auto one = AddressList::Parse("192.0.2.7");
  ASSERT_TRUE(one.ok());
  EXPECT_TRUE(one->Contains("192.0.2.7"));
  EXPECT_FALSE(one->Contains("192.0.2.8"));
  auto all = AddressList::Parse("0.0.0.0/0");
  ASSERT_TRUE(all.ok());
  EXPECT_TRUE(all->Contains("203.0.113.1"));
  EXPECT_FALSE(all->Contains("2001:db8::1"));
  auto none = AddressList::Parse("");
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
  EXPECT_FALSE(none->Contains("127.0.0.1"));
}

TEST(AddressListTest, RejectsBadEntries) {
  for (const char* bad :
       {"localhost", "10.0.0.0/33", "::/129", "10.0.0.0/", "10.0.0.0/x", "1.2.3.4.5"}) {
    auto list = AddressList::Parse(bad);
    EXPECT_FALSE(list.ok()) << bad;
    EXPECT_EQ(list.status().field(), "metrics-allow") << bad;
  }
}

}  // namespace
}  // namespace aftermath::http

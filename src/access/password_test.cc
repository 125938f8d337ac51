#include "access/password.h"

#include <gtest/gtest.h>

namespace aftermath::access {
namespace {

// Issue #14 item 10: these were accepted.
TEST(PasswordPolicyTest, RefusesShortCommonAndUsernamePasswords) {
  for (std::string_view weak : {"password123", "qwertyuiop", "qwertyuiop12", "Password2024!",
                                "PASSWORD12345", "iloveyou12345", "qwertyqwerty", "1q2w3e4r5t6y",
                                "123456789012", "Пароль123456", "ЙЦУКЕНГШЩЗХЪ", "monkey!!2024!!"}) {
    Status s = CheckPasswordPolicy(weak, "someone");
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << weak;
    EXPECT_EQ(s.field(), "password") << weak;
  }
  EXPECT_FALSE(CheckPasswordPolicy("aigerim.n.2024", "aigerim.n.2024").ok());
  EXPECT_FALSE(CheckPasswordPolicy("Aigerim.N.2024", "aigerim.n.2024").ok());
  EXPECT_FALSE(CheckPasswordPolicy("operator-aigerim!", "aigerim").ok());  // holds it
  EXPECT_FALSE(CheckPasswordPolicy("supervisor12", "bob").ok());           // on the list
}

TEST(PasswordPolicyTest, CountsCharactersNotBytes) {
  // 11 Cyrillic letters are 22 bytes but still too short; 12 are enough.
  EXPECT_FALSE(CheckPasswordPolicy("обыласанжар").ok());
  EXPECT_TRUE(CheckPasswordPolicy("кобыласанжар").ok());
}

TEST(PasswordPolicyTest, AcceptsLongUncommonPasswords) {
  for (std::string_view good :
       {"correct horse battery staple", "a long enough secret", "another long secret",
        "river-tulip-nine-koala", "ұзын құпия сөз", "li likes rain at dusk"}) {
    EXPECT_TRUE(CheckPasswordPolicy(good, "li").ok())
        << good << ": " << CheckPasswordPolicy(good).ToString();
  }
  EXPECT_FALSE(CheckPasswordPolicy(std::string(257, 'x') + "abcde").ok());
  EXPECT_FALSE(CheckPasswordPolicy("aaaaaaaaaaaaaaa").ok());
}

TEST(PasswordPolicyTest, TheEmbeddedListIsLoaded) {
  EXPECT_TRUE(IsCommonPassword("123456"));
  EXPECT_TRUE(IsCommonPassword("letmein"));
  EXPECT_TRUE(IsCommonPassword("Trustno1"));
  EXPECT_TRUE(IsCommonPassword("пароль"));
  EXPECT_FALSE(IsCommonPassword("river-tulip-nine-koala"));
}

}  // namespace
}  // namespace aftermath::access

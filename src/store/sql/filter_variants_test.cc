#include "store/sql/filter_variants.h"

#include <gtest/gtest.h>

namespace aftermath::sql {
namespace {

TEST(FilterVariantsTest, EachSetOfFiltersGivenIsPlainConditionsWithFixedPlaceholders) {
  auto where = FilterVariants({"state = ?1", "claim_id = ?2 OR other_claim_id = ?2"});
  ASSERT_EQ(where.size(), 4u);
  EXPECT_EQ(where[0], "CAST(?1 AS TEXT) IS NULL AND CAST(?2 AS TEXT) IS NULL");
  EXPECT_EQ(where[1], "(state = ?1) AND CAST(?2 AS TEXT) IS NULL");
  EXPECT_EQ(where[2], "CAST(?1 AS TEXT) IS NULL AND (claim_id = ?2 OR other_claim_id = ?2)");
  EXPECT_EQ(where[3], "(state = ?1) AND (claim_id = ?2 OR other_claim_id = ?2)");
  EXPECT_EQ(FilterVariants({"actor = ?4"}, 4)[0], "CAST(?4 AS TEXT) IS NULL");
  EXPECT_EQ(FilterStatements("SELECT x WHERE ", {"state = ?1"}, " LIMIT ?2")[1],
            "SELECT x WHERE (state = ?1) LIMIT ?2");
  EXPECT_EQ(VariantOf({false, true}), 2u);
  EXPECT_EQ(VariantOf({true, false, true}), 5u);
}

}  // namespace
}  // namespace aftermath::sql

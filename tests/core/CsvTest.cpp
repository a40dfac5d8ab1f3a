// util/Csv: the one CSV writer and reader.
#include <gtest/gtest.h>

#include <cmath>

#include "util/Csv.h"

namespace rssm {
namespace {

TEST(Csv, CellsWithSeparatorsAreQuotedAndReadBack) {
    const std::vector<std::string> cells{"step", "a,b", "say \"hi\"", "two\nlines", "", "plain"};
    const std::string row = csvRow(cells);
    EXPECT_EQ(row, "step,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",,plain\n");
    EXPECT_EQ(csvCells(row.substr(0, row.size() - 1)), cells);
}

TEST(Csv, EmptyCellsAndNumbers) {
    EXPECT_EQ(csvCells("1,,3,"), (std::vector<std::string>{"1", "", "3", ""}));
    EXPECT_TRUE(csvCells("").empty());
    EXPECT_EQ(csvNumber(NAN, 8), "");
    EXPECT_EQ(csvNumber(0.000123456789, 8), "0.00012345679");
    EXPECT_EQ(csvNumber(1e300, 8), "1e+300");
}

}  // namespace
}  // namespace rssm

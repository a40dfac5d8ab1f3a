#pragma once
#include <string>
#include <vector>

namespace rssm {

// Every CSV file the project writes (metrics.csv, the trajectory and
// comparison exports) and reads (metrics.csv) goes through here, so quoting
// is done one way: RFC 4180, a cell in double quotes with its quotes doubled
// when it holds a comma, a quote or a line break.

// One cell as written.
std::string csvCell(const std::string& text);

// One row: the cells, each as csvCell() writes it, joined by commas and ended
// by a newline.
std::string csvRow(const std::vector<std::string>& cells);

// A number as a cell: printf's %.<digits>g, and empty for NaN (a value that
// was not computed, such as a validation loss between validations).
std::string csvNumber(double value, int digits);

// The cells of one line (without its newline), quotes undone; "a,,b" has an
// empty middle cell, "a," an empty last one, and an empty line none.
std::vector<std::string> csvCells(const std::string& line);

}  // namespace rssm

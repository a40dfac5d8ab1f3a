#include "util/Csv.h"

#include <cmath>
#include <cstdio>

namespace rssm {

std::string csvCell(const std::string& text) {
    if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
    std::string out = "\"";
    for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

std::string csvRow(const std::vector<std::string>& cells) {
    std::string out;
    for (size_t i = 0; i < cells.size(); ++i) {
        if (i) out += ',';
        out += csvCell(cells[i]);
    }
    return out + "\n";
}

std::string csvNumber(double value, int digits) {
    if (std::isnan(value)) return {};
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.*g", digits, value);
    return buf;
}

std::vector<std::string> csvCells(const std::string& line) {
    if (line.empty()) return {};
    std::vector<std::string> cells(1);
    bool quoted = false;
    for (size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c != '"') cells.back() += c;
            else if (i + 1 < line.size() && line[i + 1] == '"') cells.back() += '"', ++i;
            else quoted = false;
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            cells.emplace_back();
        } else {
            cells.back() += c;
        }
    }
    return cells;
}

}  // namespace rssm

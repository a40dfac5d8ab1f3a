#include "util/JsonWriter.h"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace rssm {

std::string JsonWriter::escape(const std::string& s) {
    std::string out = "\"";
    for (const unsigned char c : s) {
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                if (c < 0x20) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\u%04x", c);
                    out += buf;
                } else {
                    out += static_cast<char>(c);
                }
        }
    }
    return out + "\"";
}

void JsonWriter::newline() {
    if (!pretty_) return;
    out_ += '\n';
    out_.append(2 * first_.size(), ' ');
}

void JsonWriter::separate() {
    if (afterKey_) {
        afterKey_ = false;
        return;
    }
    if (!first_.empty()) {
        if (!first_.back()) out_ += ',';
        first_.back() = false;
        newline();
    }
}

JsonWriter& JsonWriter::beginObject() { separate(); out_ += '{'; first_.push_back(true); return *this; }
JsonWriter& JsonWriter::beginArray() { separate(); out_ += '['; first_.push_back(true); return *this; }

JsonWriter& JsonWriter::endObject() {
    const bool empty = first_.back();
    first_.pop_back();
    if (!empty) newline();
    out_ += '}';
    return *this;
}

JsonWriter& JsonWriter::endArray() {
    const bool empty = first_.back();
    first_.pop_back();
    if (!empty) newline();
    out_ += ']';
    return *this;
}

JsonWriter& JsonWriter::key(const std::string& name) {
    separate();
    out_ += escape(name);
    out_ += pretty_ ? ": " : ":";
    afterKey_ = true;
    return *this;
}

JsonWriter& JsonWriter::value(const std::string& s) { separate(); out_ += escape(s); return *this; }

JsonWriter& JsonWriter::value(double d) {
    separate();
    // JSON has no infinity; 1e999 is valid JSON that Python's json, numpy
    // and JavaScript all read as one (and jq as the largest double). NaN has
    // no such form and stays null.
    if (std::isnan(d)) {
        out_ += "null";
        return *this;
    }
    if (std::isinf(d)) {
        out_ += d > 0 ? "1e999" : "-1e999";
        return *this;
    }
    char buf[32];
    const auto result = std::to_chars(buf, buf + sizeof buf, d);  // shortest form that reads back exactly
    out_.append(buf, result.ptr);
    return *this;
}

JsonWriter& JsonWriter::value(int64_t i) { separate(); out_ += std::to_string(i); return *this; }
JsonWriter& JsonWriter::value(bool b) { separate(); out_ += b ? "true" : "false"; return *this; }
JsonWriter& JsonWriter::null() { separate(); out_ += "null"; return *this; }

JsonWriter& JsonWriter::values(const std::vector<double>& v) {
    beginArray();
    for (double d : v) value(d);
    return endArray();
}

JsonWriter& JsonWriter::values(const std::vector<int64_t>& v) {
    beginArray();
    for (int64_t i : v) value(i);
    return endArray();
}

}  // namespace rssm

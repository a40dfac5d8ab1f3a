#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace rssm {

// A small streaming JSON writer: enough for the command line's --json output
// and metadata files, with correct string escaping and non-finite numbers
// written as null (JSON has no NaN).
class JsonWriter {
public:
    explicit JsonWriter(bool pretty = false) : pretty_(pretty) {}

    JsonWriter& beginObject();
    JsonWriter& endObject();
    JsonWriter& beginArray();
    JsonWriter& endArray();
    JsonWriter& key(const std::string& name);
    JsonWriter& value(const std::string& s);
    JsonWriter& value(const char* s) { return value(std::string(s)); }
    JsonWriter& value(double d);
    JsonWriter& value(int64_t i);
    JsonWriter& value(int i) { return value(static_cast<int64_t>(i)); }
    JsonWriter& value(bool b);
    JsonWriter& null();
    JsonWriter& values(const std::vector<double>& v);
    JsonWriter& values(const std::vector<int64_t>& v);

    const std::string& str() const { return out_; }
    static std::string escape(const std::string& s);

private:
    void separate();
    void newline();
    std::string out_;
    std::vector<bool> first_;  // per open container: nothing written yet
    bool afterKey_ = false;
    bool pretty_;
};

}  // namespace rssm

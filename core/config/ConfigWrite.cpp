#include "config/ConfigValueText.h"

#include <yaml-cpp/yaml.h>

#include <charconv>

#include "util/AtomicFile.h"
#include "util/YamlText.h"

// Writing settings: a Config as config.yaml, and one value as the text an
// override or the window's form shows. All through yaml-cpp's emitter.

namespace rssm {

namespace configtext {

namespace {

// Shortest text that reads back to the same double, always with a '.' so
// PyYAML also reads it as a float ("3.0e-04", not "3e-04", which it takes as
// a string).
std::string floatText(double v) {
    char buf[64];
    const auto res = std::to_chars(buf, buf + sizeof buf, v);
    std::string s(buf, res.ptr);
    if (s.find_first_of(".ni") != std::string::npos) return s;  // has a point, or inf/nan (never stored)
    const size_t e = s.find('e');
    return e == std::string::npos ? s + ".0" : s.substr(0, e) + ".0" + s.substr(e);
}

// The schema's keys as a tree in first-seen order ("eval.plot.enabled" under
// eval, under plot), so nesting follows the schema whatever order its keys
// come in.
struct YamlTree {
    std::string name;
    int field = -1;  // index into the schema for a leaf
    std::vector<YamlTree> children;
};

const YamlTree& schemaTree() {
    static const YamlTree root = [] {
        YamlTree tree;
        const auto& schema = configSchema();
        for (size_t i = 0; i < schema.size(); ++i) {
            YamlTree* node = &tree;
            const std::string& key = schema[i].key;
            size_t start = 0;
            while (true) {
                const size_t dot = key.find('.', start);
                const std::string part = key.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
                YamlTree* next = nullptr;
                for (auto& child : node->children)
                    if (child.name == part) next = &child;
                if (!next) {
                    node->children.push_back(YamlTree{part, -1, {}});
                    next = &node->children.back();
                }
                node = next;
                if (dot == std::string::npos) break;
                start = dot + 1;
            }
            node->field = static_cast<int>(i);
        }
        return tree;
    }();
    return root;
}

void emitTree(YAML::Emitter& out, const YamlTree& node, const std::vector<ConfigValue>& values) {
    out << YAML::BeginMap;
    for (const auto& child : node.children) {
        out << YAML::Key << child.name << YAML::Value;
        if (child.field >= 0) emitValue(out, values[static_cast<size_t>(child.field)]);
        else emitTree(out, child, values);
    }
    out << YAML::EndMap;
}

}  // namespace

void emitValue(YAML::Emitter& out, const ConfigValue& value) {
    struct Visitor {
        YAML::Emitter& out;
        void operator()(bool b) const { out << (b ? "true" : "false"); }
        void operator()(int64_t i) const { out << std::to_string(i); }
        void operator()(double d) const { out << floatText(d); }
        void operator()(const std::string& s) const { emitString(out, s); }
        void operator()(const std::vector<std::string>& list) const {
            out << YAML::Flow << YAML::BeginSeq;
            for (const auto& item : list) emitString(out, item);
            out << YAML::EndSeq;
        }
    };
    std::visit(Visitor{out}, value);
}

std::string valueText(const ConfigValue& value) {
    YAML::Emitter out;
    emitValue(out, value);
    return out.c_str();
}

}  // namespace configtext

std::string Config::text(const std::string& key) const { return configtext::valueText(values_[indexOf(key, "text")]); }

std::string Config::toYaml() const {
    YAML::Emitter out;
    configtext::emitTree(out, configtext::schemaTree(), values_);
    return std::string(out.c_str()) + "\n";
}

void Config::save(const std::string& path) const { writeFileAtomically(path, toYaml()); }

}  // namespace rssm

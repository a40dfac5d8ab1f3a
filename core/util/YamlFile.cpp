#include "util/YamlFile.h"

#include "util/Error.h"

namespace rssm {

YAML::Node loadYamlFile(const std::string& path) {
    try {
        return YAML::LoadFile(path);
    } catch (const YAML::BadFile&) {
        throw Error(path + ": cannot open");
    } catch (const YAML::Exception& e) {
        throw Error(path + ": line " + std::to_string(e.mark.line + 1) + ": not valid YAML: " + e.msg);
    }
}

}  // namespace rssm

#include "data/MaterialisationLimit.h"

#include <cmath>
#include <cstdlib>
#include <sstream>

#include "util/Error.h"

namespace rssm {

namespace {

double expansionFactor() {
    const char* text = std::getenv("RSSM_MAX_EXPANSION");
    if (!text || !*text) return kDefaultExpansionFactor;
    char* end = nullptr;
    const double factor = std::strtod(text, &end);
    if (*end != '\0' || !std::isfinite(factor) || factor <= 0)
        throw Error(std::string("RSSM_MAX_EXPANSION=") + text + ": expected a positive number (how many times its size a buffer file may grow into)");
    return factor;
}

std::string mib(double bytes) {
    std::ostringstream s;
    s.precision(1);
    s << std::fixed << bytes / (1024.0 * 1024.0) << " MiB";
    return s.str();
}

}  // namespace

uint64_t materialisationLimit(uint64_t fileBytes) {
    const double limit = static_cast<double>(kMaterialisationSlack) + expansionFactor() * static_cast<double>(fileBytes);
    return limit >= 1.8e19 ? UINT64_MAX : static_cast<uint64_t>(limit);
}

bool exceedsMaterialisation(uint64_t fileBytes, double bytes) {
    return bytes > static_cast<double>(materialisationLimit(fileBytes));
}

void checkMaterialisation(const std::string& path, uint64_t fileBytes, const std::string& where, const std::string& claim,
                          double bytes) {
    const uint64_t limit = materialisationLimit(fileBytes);
    if (!(bytes > static_cast<double>(limit))) return;
    throw Error(path + ": " + where + ": the file (" + std::to_string(fileBytes) + " bytes) claims " + claim + ", about " + mib(bytes) +
                " in memory, more than the " + mib(static_cast<double>(limit)) +
                " a file of its size may grow into; refused (set RSSM_MAX_EXPANSION to a larger factor if the buffer is genuine)");
}

}  // namespace rssm

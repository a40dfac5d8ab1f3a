#pragma once
#include <stdexcept>
#include <string>

namespace rssm {

// The one exception type the core throws for bad input or failed I/O. Its
// message is meant for the user as is: it names the file, key or byte offset
// and what was expected.
class Error : public std::runtime_error {
public:
    explicit Error(const std::string& message) : std::runtime_error(message) {}
};

// Thrown when a caller's cancel flag is seen between units of work.
class Cancelled : public Error {
public:
    Cancelled() : Error("cancelled") {}
};

}  // namespace rssm

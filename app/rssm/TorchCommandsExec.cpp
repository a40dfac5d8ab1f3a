#include "rssm/TorchCommandsExec.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <vector>

#include "util/Error.h"

namespace rssm::cli {

std::string torchCommandsPath() {
    std::error_code ec;
    const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (ec) throw Error(std::string("cannot find this program's own path (/proc/self/exe): ") + ec.message());
    return (self.parent_path() / RSSM_TORCH_COMMANDS_PATH).lexically_normal().string();
}

int execTorchCommands(const Invocation& inv, int argc, char** argv) {
    const std::string path = torchCommandsPath();
    std::vector<char*> args(argv, argv + argc);
    args.push_back(nullptr);
    execv(path.c_str(), args.data());
    throw Error("cannot start " + path + ", the part of rssm that runs " + inv.command + " (it needs LibTorch): " + std::strerror(errno) +
                "; reinstall rssm-workbench, or build the rssm-torch target");
}

}  // namespace rssm::cli

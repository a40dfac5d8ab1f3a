#include "rssm/LocalLauncher.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <thread>

#include "util/Error.h"

namespace rssm::cli {

namespace {

std::atomic<int> signalsSeen{0};
void onSignal(int) { signalsSeen.fetch_add(1); }

// A port nobody listens on now (rank 0 binds it a moment later; the
// rendezvous names the port should another process take it first).
int freePort() {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) throw Error(std::string("cannot open a socket to find a free port: ") + std::strerror(errno));
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    socklen_t len = sizeof addr;
    if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
        close(fd);
        throw Error(std::string("cannot find a free port on 127.0.0.1: ") + std::strerror(errno));
    }
    close(fd);
    return ntohs(addr.sin_port);
}

std::string describeExit(int status) {
    if (WIFSIGNALED(status)) {
        const int sig = WTERMSIG(status);
        return "was killed by signal " + std::to_string(sig) + " (" + strsignal(sig) + ")";
    }
    return "exited with status " + std::to_string(WEXITSTATUS(status));
}

int exitCode(int status) { return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status); }

}  // namespace

int launchLocalRanks(int nproc, const std::vector<std::string>& args) {
    const char* portEnv = std::getenv("MASTER_PORT");
    const std::string port = portEnv ? portEnv : std::to_string(freePort());
    std::vector<std::string> argvStore{"rssm", "train"};
    argvStore.insert(argvStore.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : argvStore) argv.push_back(a.data());
    argv.push_back(nullptr);

    struct sigaction sa{};
    sa.sa_handler = onSignal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);

    std::vector<pid_t> pids(nproc, -1);
    std::vector<bool> running(nproc, false);
    for (int r = 0; r < nproc; ++r) {
        const pid_t pid = fork();
        if (pid < 0) throw Error(std::string("cannot start rank ") + std::to_string(r) + ": " + std::strerror(errno));
        if (pid == 0) {
            signal(SIGINT, SIG_DFL);
            signal(SIGTERM, SIG_DFL);
            setenv("RANK", std::to_string(r).c_str(), 1);
            setenv("LOCAL_RANK", std::to_string(r).c_str(), 1);
            setenv("WORLD_SIZE", std::to_string(nproc).c_str(), 1);
            setenv("LOCAL_WORLD_SIZE", std::to_string(nproc).c_str(), 1);
            setenv("MASTER_ADDR", "127.0.0.1", 1);
            setenv("MASTER_PORT", port.c_str(), 1);
            execv("/proc/self/exe", argv.data());
            std::fprintf(stderr, "rssm train: rank %d: cannot start: %s\n", r, std::strerror(errno));
            _exit(127);
        }
        pids[r] = pid;
        running[r] = true;
    }

    int result = 0, alive = nproc, forwarded = 0;
    bool stopping = false;  // a rank failed: the rest are being stopped
    std::chrono::steady_clock::time_point killAt{};
    auto signalAll = [&](int sig) {
        for (int r = 0; r < nproc; ++r)
            if (running[r]) kill(pids[r], sig);
    };
    while (alive > 0) {
        int status = 0;
        const pid_t pid = waitpid(-1, &status, WNOHANG);
        if (pid > 0) {
            for (int r = 0; r < nproc; ++r) {
                if (pids[r] != pid || !running[r]) continue;
                running[r] = false;
                --alive;
                if ((WIFEXITED(status) && WEXITSTATUS(status) == 0) || result != 0) break;
                result = exitCode(status);
                if (alive > 0 && !forwarded) {
                    std::fprintf(stderr, "rssm train: rank %d %s; stopping the other ranks\n", r, describeExit(status).c_str());
                    stopping = true;
                    signalAll(SIGTERM);
                    killAt = std::chrono::steady_clock::now() + std::chrono::seconds(15);
                } else if (!forwarded) {
                    std::fprintf(stderr, "rssm train: rank %d %s\n", r, describeExit(status).c_str());
                }
            }
            continue;
        }
        const int seen = signalsSeen.load();
        if (seen > forwarded) {
            // First Ctrl-C: every rank stops after the same step and rank 0
            // saves; another one ends them at once.
            signalAll(forwarded == 0 ? SIGINT : SIGKILL);
            forwarded = seen;
        }
        if (stopping && std::chrono::steady_clock::now() > killAt) {
            signalAll(SIGKILL);
            stopping = false;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return result;
}

}  // namespace rssm::cli

// Running the real lindex and lsearch binaries from doctest cases.
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

extern char** environ;

namespace lsearch::test {

// Paths set by tests/CMakeLists.txt.
inline const std::filesystem::path kLindex = LSEARCH_TEST_LINDEX;
inline const std::filesystem::path kLsearch = LSEARCH_TEST_LSEARCH;
inline const std::filesystem::path kSourceDir = LSEARCH_TEST_SOURCE_DIR;

struct Result {
    int status = -1;  // exit code, or -1 when killed by a signal
    std::string out;
    std::string err;
};

inline std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    return content.str();
}

inline void write_file(const std::filesystem::path& path, const std::string& content) {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << content;
}

// Single-quoted for /bin/sh.
inline std::string quote(const std::string& arg) {
    std::string out = "'";
    for (char c : arg) {
        if (c == '\'') {
            out += "'\\''";
        } else {
            out += c;
        }
    }
    return out + "'";
}

// A directory removed at the end of the test.
class TempDir {
  public:
    TempDir() {
        std::random_device seed;
        path_ = std::filesystem::temp_directory_path() /
                ("lsearch-test-" + std::to_string(seed()) + std::to_string(seed()));
        std::filesystem::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ignored;
        std::filesystem::permissions(path_, std::filesystem::perms::owner_all,
                                     std::filesystem::perm_options::add, ignored);
        std::filesystem::remove_all(path_, ignored);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    [[nodiscard]] const std::filesystem::path& path() const { return path_; }
    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

  private:
    std::filesystem::path path_;
};

// Runs `program args...` with `input` on standard input, in `cwd` (default:
// the source directory), with NO_COLOR set and LSEARCH_DB unset unless given.
inline Result run(const std::filesystem::path& program, const std::vector<std::string>& args,
                  const std::string& input = "", const std::filesystem::path& cwd = kSourceDir,
                  const std::string& env = "") {
    TempDir io;
    write_file(io / "in", input);
    std::string command = "cd " + quote(cwd.string()) + " && env -u LSEARCH_DB NO_COLOR=1 " + env +
                          " " + quote(program.string());
    for (const auto& arg : args) command += " " + quote(arg);
    command += " < " + quote((io / "in").string()) + " > " + quote((io / "out").string()) +
               " 2> " + quote((io / "err").string());
    const int status = std::system(command.c_str());
    Result result;
    result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    result.out = read_file(io / "out");
    result.err = read_file(io / "err");
    return result;
}

inline bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

// A program running in the background (as run() would run it: in `cwd`, with
// NO_COLOR set and LSEARCH_DB unset), with pipes to its standard input and
// from its standard output; its standard error goes to a file (see err()).
// The destructor kills it (SIGKILL) if it is still running.
class Process {
  public:
    Process(const std::filesystem::path& program, const std::vector<std::string>& args,
            const std::filesystem::path& cwd = kSourceDir) {
        std::signal(SIGPIPE, SIG_IGN);  // writing to a process that died must not kill the test
        int in[2], out[2];
        if (::pipe2(in, O_CLOEXEC) != 0 || ::pipe2(out, O_CLOEXEC) != 0) {
            throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
        }
        const std::string err_path = (io_ / "err").string();
        // Everything the child needs is built before fork(): after it, only
        // async-signal-safe calls.
        std::vector<std::string> argv_strings{program.string()};
        argv_strings.insert(argv_strings.end(), args.begin(), args.end());
        std::vector<char*> argv;
        for (auto& arg : argv_strings)
            argv.push_back(arg.data());
        argv.push_back(nullptr);
        std::vector<std::string> env_strings{"NO_COLOR=1"};
        for (char** entry = environ; *entry != nullptr; ++entry) {
            const std::string_view variable(*entry);
            if (!variable.starts_with("LSEARCH_DB=") && !variable.starts_with("NO_COLOR=")) {
                env_strings.emplace_back(variable);
            }
        }
        std::vector<char*> envp;
        for (auto& variable : env_strings)
            envp.push_back(variable.data());
        envp.push_back(nullptr);
        const std::string directory = cwd.string();

        pid_ = ::fork();
        if (pid_ < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
        if (pid_ == 0) {
            const int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            if (err < 0 || ::dup2(in[0], 0) < 0 || ::dup2(out[1], 1) < 0 || ::dup2(err, 2) < 0 ||
                ::chdir(directory.c_str()) != 0) {
                ::_exit(127);
            }
            ::execve(argv[0], argv.data(), envp.data());
            ::_exit(127);
        }
        ::close(in[0]);
        ::close(out[1]);
        in_ = in[1];
        out_ = out[0];
    }
    ~Process() {
        if (running()) kill(SIGKILL);
        if (!reaped_) wait();
        close_input();
        if (out_ >= 0) ::close(out_);
    }
    Process(const Process&) = delete;
    Process& operator=(const Process&) = delete;

    [[nodiscard]] pid_t pid() const { return pid_; }

    // Writes to the process's standard input; false if it has gone.
    bool write(const std::string& data) {
        std::size_t done = 0;
        while (done < data.size()) {
            const ssize_t n = ::write(in_, data.data() + done, data.size() - done);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) return false;
            done += static_cast<std::size_t>(n);
        }
        return true;
    }

    // Ends the process's standard input.
    void close_input() {
        if (in_ >= 0) ::close(in_);
        in_ = -1;
    }

    // The next line of standard output, without its newline, or nothing when
    // the output ends or `timeout` passes first.
    std::optional<std::string> read_line(
        std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (true) {
            if (const auto newline = buffer_.find('\n'); newline != std::string::npos) {
                std::string line = buffer_.substr(0, newline);
                buffer_.erase(0, newline + 1);
                return line;
            }
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                deadline - std::chrono::steady_clock::now());
            if (left.count() <= 0) return std::nullopt;
            pollfd ready{out_, POLLIN, 0};
            const int polled = ::poll(&ready, 1, static_cast<int>(left.count()));
            if (polled < 0 && errno == EINTR) continue;
            if (polled <= 0) return std::nullopt;
            char chunk[4096];
            const ssize_t n = ::read(out_, chunk, sizeof chunk);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) return std::nullopt;
            buffer_.append(chunk, static_cast<std::size_t>(n));
        }
    }

    // Whether the process has not exited yet.
    bool running() {
        if (reaped_) return false;
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) != pid_) return true;
        reap(status);
        return false;
    }

    void kill(int signal) {
        if (!reaped_) ::kill(pid_, signal);
    }

    // Waits for the process to end: its exit code, or -1 when killed by a signal.
    int wait() {
        if (!reaped_) {
            int status = 0;
            while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
            }
            reap(status);
        }
        return status_;
    }

    // What the process wrote on standard error so far.
    [[nodiscard]] std::string err() const { return read_file(io_ / "err"); }

  private:
    void reap(int status) {
        reaped_ = true;
        status_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }

    TempDir io_;
    pid_t pid_ = -1;
    int in_ = -1;
    int out_ = -1;
    bool reaped_ = false;
    int status_ = -1;
    std::string buffer_;
};

// Documents in the index at `db` (a directory with a XAPIANDB stub, or a
// Xapian database), from xapian-delve (package xapian-tools); -1 when it
// cannot be read.
inline long document_count(const std::filesystem::path& db) {
    const Result result = run("xapian-delve", {db.string()});
    const std::string key = "number of documents = ";
    const auto at = result.out.find(key);
    if (result.status != 0 || at == std::string::npos) return -1;
    return std::stol(result.out.substr(at + key.size()));
}

// The ids of the documents in the index at `db` (its Q terms), sorted.
inline std::vector<std::string> index_ids(const std::filesystem::path& db) {
    const Result result = run("xapian-delve", {"-1", "-A", "Q", db.string()});
    std::vector<std::string> ids;
    std::istringstream lines(result.out);
    for (std::string line; std::getline(lines, line);) {
        if (line.starts_with("Q")) ids.push_back(line.substr(1));
    }
    return ids;
}

// The database directory the stub PATH/XAPIANDB names (`auto gen-N`): PATH/gen-N.
inline std::filesystem::path current_generation(const std::filesystem::path& db) {
    std::istringstream stub(read_file(db / "XAPIANDB"));
    std::string backend, name;
    stub >> backend >> name;
    return name.empty() ? std::filesystem::path() : db / name;
}

// Whether xapian-check passes on the generation `generation`: the database,
// or each database its stub lists (the segments a first build publishes at
// its commits, or the parts of a sharded index). `report` gets the output.
inline bool checks_out(const std::filesystem::path& generation, std::string* report = nullptr) {
    std::vector<std::filesystem::path> parts;
    if (std::filesystem::exists(generation / "XAPIANDB")) {
        std::istringstream stub(read_file(generation / "XAPIANDB"));
        for (std::string backend, name; stub >> backend >> name;)
            parts.push_back(generation / name);
    } else {
        parts.push_back(generation);
    }
    bool ok = !parts.empty();
    for (const auto& part : parts) {
        const Result check = run("xapian-check", {part.string()});
        if (report != nullptr) *report += check.out + check.err;
        ok = ok && check.status == 0;
    }
    return ok;
}

}  // namespace lsearch::test

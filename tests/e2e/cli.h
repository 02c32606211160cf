// Running the real lindex and lsearch binaries from doctest cases.
#pragma once

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

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

}  // namespace lsearch::test

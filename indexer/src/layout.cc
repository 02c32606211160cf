#include "layout.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "lsearch/common/error.h"

namespace fs = std::filesystem;

namespace lsearch::detail {
namespace {

constexpr const char* kStub = "XAPIANDB";
constexpr const char* kLock = "lindex.lock";
constexpr const char* kGenerationPrefix = "gen-";
constexpr const char* kScratch = "build";

std::string generation_name(int generation) {
    return kGenerationPrefix + std::to_string(generation);
}

// The generation number of a directory name `gen-N`, or 0.
int generation_of(const std::string& name) {
    if (!name.starts_with(kGenerationPrefix)) return 0;
    try {
        std::size_t used = 0;
        const int n = std::stoi(name.substr(4), &used);
        return used == name.size() - 4 && n > 0 ? n : 0;
    } catch (const std::exception&) {
        return 0;
    }
}

}  // namespace

// Writes `content` to `path` durably: a temporary file, fsync, rename, fsync
// of the directory.
void replace_file(const fs::path& path, const std::string& content) {
    const fs::path temporary = path.string() + ".tmp";
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) throw IndexError("cannot write " + temporary.string() + ": " + std::strerror(errno));
    const bool written = ::write(fd, content.data(), content.size()) ==
                             static_cast<ssize_t>(content.size()) &&
                         ::fsync(fd) == 0;
    const int saved = errno;
    ::close(fd);
    if (!written) throw IndexError("cannot write " + temporary.string() + ": " + std::strerror(saved));
    if (::rename(temporary.c_str(), path.c_str()) != 0) {
        throw IndexError("cannot rename " + temporary.string() + ": " + std::strerror(errno));
    }
    const int dir = ::open(path.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir >= 0) {
        ::fsync(dir);
        ::close(dir);
    }
}

void sync_tree(const fs::path& directory) {
    auto sync = [](const fs::path& path, int flags) {
        const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | flags);
        if (fd < 0 || ::fsync(fd) != 0) {
            const int saved = errno;
            if (fd >= 0) ::close(fd);
            throw IndexError("cannot sync " + path.string() + ": " + std::strerror(saved));
        }
        ::close(fd);
    };
    std::error_code error;
    for (const auto& entry : fs::directory_iterator(directory, error)) {
        if (entry.is_regular_file()) sync(entry.path(), 0);
    }
    if (error) throw IndexError("cannot read " + directory.string() + ": " + error.message());
    sync(directory, O_DIRECTORY);
}

IndexLayout::IndexLayout(std::string path) : path_(std::move(path)) {
    std::error_code error;
    fs::create_directories(path_, error);
    if (!fs::is_directory(path_)) {
        throw IndexError("cannot use " + path_ + " as an index directory" +
                         (error ? ": " + error.message() : std::string(": not a directory")));
    }
    const std::string lock = (fs::path(path_) / kLock).string();
    lock_fd_ = ::open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (lock_fd_ < 0) {
        throw IndexError("cannot open the lock file " + lock + ": " + std::strerror(errno) +
                         " (is the index directory writable?)");
    }
    if (::flock(lock_fd_, LOCK_EX | LOCK_NB) != 0) {
        const int saved = errno;
        char pid[32] = {};
        const ssize_t n = ::pread(lock_fd_, pid, sizeof pid - 1, 0);
        ::close(lock_fd_);
        lock_fd_ = -1;
        if (saved == EWOULDBLOCK) {
            std::string holder = n > 0 ? std::string(pid, static_cast<std::size_t>(n)) : "";
            while (!holder.empty() && (holder.back() == '\n' || holder.back() == ' ')) holder.pop_back();
            throw IndexLocked("index " + path_ + " is locked by another lindex" +
                              (holder.empty() ? "" : " (pid " + holder + ")") + ": lock file " +
                              lock + "; wait for it to finish, then run again");
        }
        throw IndexError("cannot lock " + lock + ": " + std::strerror(saved));
    }
    const std::string pid = std::to_string(::getpid()) + "\n";
    if (::ftruncate(lock_fd_, 0) != 0 || ::pwrite(lock_fd_, pid.data(), pid.size(), 0) < 0) {
        // The pid is only for messages; the flock is what locks.
    }

    plain_ = fs::exists(fs::path(path_) / "iamglass") || fs::exists(fs::path(path_) / "iamchert");
    std::ifstream stub(fs::path(path_) / kStub);
    std::string backend, name;
    if (stub >> backend >> name) current_ = generation_of(name);
    if (!plain_ && current_ == 0 && fs::exists(fs::path(path_) / kStub)) {
        throw IndexError("index " + path_ + ": unreadable stub " + kStub +
                         " (expected \"auto gen-N\"); move it away or choose another --db");
    }
    if (!plain_) remove_stale_generations(true);
    std::error_code ignored;
    fs::remove_all(fs::path(path_) / kScratch, ignored);
}

IndexLayout::~IndexLayout() {
    if (lock_fd_ >= 0) ::close(lock_fd_);  // releases the flock
}

std::string IndexLayout::current_directory() const {
    if (plain_) return path_;
    if (current_ == 0) return {};
    return (fs::path(path_) / generation_name(current_)).string();
}

std::string IndexLayout::new_generation() {
    if (plain_) {
        throw IndexError("index " + path_ +
                         " is a plain Xapian database, which cannot be rebuilt aside; "
                         "choose a new --db path for lindex --full");
    }
    writing_ = std::max(current_, writing_) + 1;
    const fs::path directory = fs::path(path_) / generation_name(writing_);
    std::error_code ignored;
    fs::remove_all(directory, ignored);  // left by a rebuild that was interrupted
    return directory.string();
}

std::string IndexLayout::scratch_directory() const { return (fs::path(path_) / kScratch).string(); }

void IndexLayout::publish() {
    if (plain_ || writing_ <= current_) return;
    replace_file(fs::path(path_) / kStub, "auto " + generation_name(writing_) + "\n");
    current_ = writing_;
    published_ = std::chrono::steady_clock::now();
    remove_stale_generations(true);
}

void IndexLayout::remove_previous() const {
    if (plain_ || current_ == 0) return;
    // A reader between reading the stub and opening the generation's files
    // takes microseconds; this leaves it four orders of magnitude more.
    constexpr auto kGrace = std::chrono::milliseconds(100);
    std::this_thread::sleep_until(published_ + kGrace);
    remove_stale_generations(false);
}

void IndexLayout::remove_stale_generations(bool keep_previous) const {
    std::error_code error;
    for (const auto& entry : fs::directory_iterator(path_, error)) {
        const int generation = generation_of(entry.path().filename().string());
        // Keep the current and previous generations (searchers may still read
        // the previous one) and the one being written; drop older ones and
        // leftovers of interrupted rebuilds.
        const bool keep = generation == current_ || (keep_previous && generation == current_ - 1) ||
                          (writing_ > current_ && generation == writing_);
        if (generation == 0 || keep) continue;
        std::error_code ignored;
        fs::remove_all(entry.path(), ignored);
    }
}

}  // namespace lsearch::detail

// The on-disk layout of an lsearch index, and its writer lock. Internal.
//
//   PATH/lindex.lock   the writer lock (flock), holding the writer's pid
//   PATH/XAPIANDB      a Xapian stub: "auto gen-N"
//   PATH/gen-N/        the Xapian database searchers open through the stub
//
// Searchers open PATH; Xapian follows the stub. A rebuild (`lindex --full`)
// writes gen-N+1 beside gen-N and then renames a new stub over the old one,
// which is atomic: a searcher opens either the old index or the new, never a
// half-built one. While a run goes on, the previous generation is kept too;
// when it ends (remove_previous()), every generation but the current one is
// removed: a searcher that opened one holds its files open (Xapian opens
// every table when it opens a database), which outlive their names. A PATH that is a plain Xapian
// database (no stub) is written in place and cannot be rebuilt aside.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>

namespace lsearch::detail {

/// Writes `content` to `path` durably: a temporary file, fsync, rename, fsync
/// of the directory. Throws IndexError.
void replace_file(const std::filesystem::path& path, const std::string& content);

/// Syncs to disk every file directly in `directory`, then the directory
/// itself. Throws IndexError.
void sync_tree(const std::filesystem::path& directory);

class IndexLayout {
  public:
    /// Creates PATH if needed and takes the writer lock. Throws IndexLocked
    /// when another process holds it, IndexError when PATH is unusable.
    explicit IndexLayout(std::string path);
    ~IndexLayout();
    IndexLayout(const IndexLayout&) = delete;
    IndexLayout& operator=(const IndexLayout&) = delete;

    /// The directory of the published database (a plain database's is PATH
    /// itself), or "" when nothing has been published yet.
    [[nodiscard]] std::string current_directory() const;

    /// A new, empty generation directory to write, numbered after every
    /// other; publish() makes it current.
    std::string new_generation();

    /// A scratch directory for building (PATH/build), removed when a writer
    /// next takes the lock.
    [[nodiscard]] std::string scratch_directory() const;

    /// Points the stub at the newest generation from new_generation(), if it
    /// does not already, atomically and durably; then removes generations
    /// older than the previous one.
    void publish();

    /// Removes every generation but the current one (and the one being
    /// written), once a short grace has passed since the last publish(): a
    /// searcher that has just read the stub has that long to open the
    /// generation it names. Errors are ignored (the next run tries again).
    void remove_previous() const;

    /// Whether PATH is a plain Xapian database (written in place, no
    /// generations).
    [[nodiscard]] bool plain() const { return plain_; }

  private:
    void remove_stale_generations(bool keep_previous) const;

    std::string path_;
    int lock_fd_ = -1;
    bool plain_ = false;                               // PATH is a plain Xapian database
    int current_ = 0;                                  // generation named by the stub; 0 when none
    int writing_ = 0;                                  // generation being written
    std::chrono::steady_clock::time_point published_;  // by publish()
};

}  // namespace lsearch::detail

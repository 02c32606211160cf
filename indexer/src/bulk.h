// Building a new index fast: documents are spread over several shard
// databases written by their own threads, which the compactor then merges
// into one database. Xapian writes one database from one thread; shards let
// both cores write. Internal.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <xapian.h>

#include "spellings.h"

namespace lsearch::detail {

class BulkWriter {
  public:
    /// Distinct words whose spelling counts wait for the next commit (some
    /// 20 MB), by default; past them they are handed to the shards at once.
    static constexpr std::size_t kSpellingWords = std::size_t{1} << 18;

    /// Creates `shards` empty databases under `directory` (removed first if
    /// it exists) and starts one writer thread for each. Each shard commits
    /// every `batch` documents, which bounds memory. `scratch` shards (to be
    /// merged) are not synced to disk at their commits. Spelling counts wait
    /// for the next commit, or until more than `spelling_words` words do.
    BulkWriter(std::string directory, unsigned shards, unsigned batch, bool scratch,
               std::size_t spelling_words = kSpellingWords);

    /// Stops the threads; what was not compacted is left for removal.
    ~BulkWriter();

    BulkWriter(const BulkWriter&) = delete;
    BulkWriter& operator=(const BulkWriter&) = delete;

    /// Queues a document; the same id always goes to the same shard
    /// (shard_of() in shards.h), where it
    /// replaces the document written before under that id. Its `spellings`
    /// are summed with those of the other documents until the next commit,
    /// which spreads them over the shards by word, so that each word is
    /// written once per commit, not once per shard batch and shard.
    void add(const std::string& id, Xapian::Document document, const SpellingCounts& spellings);

    /// Waits until every queued document is written, and commits each shard;
    /// `before`, if given, runs on each shard's database (on its writer
    /// thread) just before its commit, e.g. to set metadata. Rethrows the
    /// first error a writer thread met.
    void commit(const std::function<void(Xapian::WritableDatabase&)>& before = {});

    /// commit(), then seals each shard: its database is closed, synced to
    /// disk and renamed `seg-N` (never written again), and the shard goes on
    /// in a new, empty database. Returns every segment sealed so far, oldest
    /// first, which together hold every document written.
    std::vector<std::string> seal(const std::function<void(Xapian::WritableDatabase&)>& before);

    /// Replaces every segment sealed so far by `database` (closed, never
    /// written again), which must hold all their documents: hard links to
    /// its files become the one segment.
    void replace_sealed(const std::string& database);

    /// Segments sealed so far.
    [[nodiscard]] std::size_t sealed() const { return sealed_.size(); }

    /// commit(), then merges the sealed segments and the shards into a new
    /// database at `target` (compact_segments()), and returns it open for
    /// writing (to set metadata).
    Xapian::WritableDatabase compact_into(const std::string& target);

  private:
    struct Shard;
    void commit(const std::function<void(Xapian::WritableDatabase&)>& before, bool seal);

    std::string directory_;
    std::vector<std::unique_ptr<Shard>> shards_;
    std::vector<std::string> sealed_;  // segments, oldest first
    std::size_t segment_names_ = 0;    // seg-N names used
    SpellingBatch spellings_;          // since the last commit
    std::size_t spelling_words_;       // most words spellings_ keeps
};

/// Merges `sources` (one database, or a stub listing several: segments,
/// oldest first) into a new database at `target` with Xapian's compactor, and
/// returns it open for writing. An id written again in a later segment
/// replaces the earlier document: only the id's last document is kept.
Xapian::WritableDatabase compact_segments(Xapian::Database sources, const std::string& target);

/// Makes `generation` (a new, empty directory) a Xapian stub listing
/// `segments` (sealed: never written again), each hard-linked into it as
/// `part-I`, so that the generation stays whole when the segments' directory
/// is removed. Synced to disk. Throws IndexError.
void link_segments(const std::vector<std::string>& segments, const std::string& generation);

/// Hard-links every file of the closed database `database` into `copy`, a
/// new directory, synced to disk. Throws IndexError.
void link_database(const std::string& database, const std::string& copy);

/// Whether the generation `directory` is one link_segments() made: the state
/// a first build publishes at its commits before its final compaction.
bool is_segmented(const std::string& directory);

}  // namespace lsearch::detail

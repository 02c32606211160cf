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
    /// Distinct words whose spelling counts wait before they are handed to
    /// the spelling writer (a few MB), by default; at the latest, they go
    /// with the next commit.
    static constexpr std::size_t kSpellingWords = std::size_t{1} << 15;

    /// Creates `shards` empty databases under `directory` (removed first if
    /// it exists) and starts one writer thread for each. Each shard commits
    /// every `batch` documents, which bounds memory. `scratch` shards (to be
    /// sealed and merged: a first build) are not synced to disk at their
    /// commits, and the spelling data goes to a database of its own, written
    /// by one more thread (`directory`/spelling), that lives for the whole
    /// build; shards written in place (not `scratch`) take no spelling
    /// counts: their index keeps them in its meta database. Spelling counts
    /// are handed over once more than `spelling_words` words wait, and at
    /// each commit.
    BulkWriter(std::string directory, unsigned shards, unsigned batch, bool scratch,
               std::size_t spelling_words = kSpellingWords);

    /// Stops the threads; what was not compacted is left for removal.
    ~BulkWriter();

    BulkWriter(const BulkWriter&) = delete;
    BulkWriter& operator=(const BulkWriter&) = delete;

    /// Queues a document; the same id always goes to the same shard
    /// (shard_of() in shards.h), where it replaces the document written
    /// before under that id. Its `spellings` are summed with those of the
    /// other documents, and go to the spelling database (scratch only:
    /// throws std::logic_error otherwise).
    void add(const std::string& id, Xapian::Document document, const SpellingCounts& spellings);

    /// Waits until every queued document and spelling count is written, and
    /// commits each shard and the spelling database; `before`, if given,
    /// runs on each shard's database (on its writer thread) just before its
    /// commit, e.g. to set metadata. Rethrows the first error a writer
    /// thread met.
    void commit(const std::function<void(Xapian::WritableDatabase&)>& before = {});

    /// commit(), then seals each shard: its database is closed, synced to
    /// disk and renamed `seg-N` (never written again), and the shard goes on
    /// in a new, empty database; the spelling database is copied as it
    /// stands (`spell-N`, synced) and goes on. Returns the segments sealed
    /// so far, oldest first, then the latest copy of the spelling database:
    /// together, every document and spelling count written, each once.
    std::vector<std::string> seal(const std::function<void(Xapian::WritableDatabase&)>& before);

    /// Replaces what seal() returned by `database` (closed, never written
    /// again), which must hold all of it, spelling data included: hard
    /// links to its files become the one segment, and the spelling database
    /// starts again empty.
    void replace_sealed(const std::string& database);

    /// Seals so far; never decreases. A document added when it was N is in a
    /// sealed segment once it is N + 1, even after replace_sealed() merged
    /// the segments into one.
    [[nodiscard]] std::size_t seals() const { return seals_; }

    /// commit(), then merges the sealed segments, the shards and the
    /// spelling database into a new database at `target`
    /// (compact_segments()), and returns it open for writing (to set
    /// metadata).
    Xapian::WritableDatabase compact_into(const std::string& target);

  private:
    struct Shard;
    void commit(const std::function<void(Xapian::WritableDatabase&)>& before, bool seal);
    void rethrow_errors() const;  // the first error a writer thread met
    void keep_spelling_copy(std::string copy);  // removes the one before

    std::string directory_;
    std::vector<std::unique_ptr<Shard>> shards_;
    std::unique_ptr<Shard> speller_;  // the spelling database (scratch only)
    std::vector<std::string> sealed_;  // segments, oldest first
    std::string spelling_copy_;        // the latest copy of the spelling database
    std::size_t segment_names_ = 0;    // seg-N and spell-N names used
    std::size_t seals_ = 0;
    SpellingBatch spellings_;          // not yet handed to the speller
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

/// Copies every file of `database`, committed and not being written, into
/// `copy`, a new directory, synced to disk. Throws IndexError.
void copy_database(const std::string& database, const std::string& copy);

/// Whether the generation `directory` is one link_segments() made: the state
/// a first build publishes at its commits before its final compaction.
bool is_segmented(const std::string& directory);

}  // namespace lsearch::detail

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
    /// Creates `shards` empty databases under `directory` (removed first if
    /// it exists) and starts one writer thread for each. Each shard commits
    /// every `batch` documents, which bounds memory. `scratch` shards (to be
    /// merged) are not synced to disk at their commits.
    BulkWriter(std::string directory, unsigned shards, unsigned batch, bool scratch);

    /// Stops the threads; what was not compacted is left for removal.
    ~BulkWriter();

    BulkWriter(const BulkWriter&) = delete;
    BulkWriter& operator=(const BulkWriter&) = delete;

    /// Queues a document; the same id always goes to the same shard
    /// (shard_of() in shards.h), where it
    /// replaces the document written before under that id.
    void add(const std::string& id, Xapian::Document document, SpellingCounts spellings);

    /// Waits until every queued document is written, and commits each shard;
    /// `before`, if given, runs on each shard's database (on its writer
    /// thread) just before its commit, e.g. to set metadata. Rethrows the
    /// first error a writer thread met.
    void commit(const std::function<void(Xapian::WritableDatabase&)>& before = {});

    /// commit(), then merges the shards into a new database at `target`,
    /// and returns it open for writing (to set metadata).
    Xapian::WritableDatabase compact_into(const std::string& target);

  private:
    struct Shard;
    std::string directory_;
    std::vector<std::unique_ptr<Shard>> shards_;
};

}  // namespace lsearch::detail

// Sharded indexes: the documents spread over N Xapian databases by a stable
// hash of their id, which xapian-tcpsrv can serve from other hosts
// (docs/SCALING.md). Internal.
//
//   PATH/gen-N/XAPIANDB   a Xapian stub: "auto meta", then "auto shard-K" per shard
//   PATH/gen-N/meta       no documents: the spelling table and the metadata
//   PATH/gen-N/shard-K    the documents whose id hashes to K, and the metadata
//
// The meta database comes first in the stub: Xapian reads metadata from the
// first database of a multi-database, and adds spellings to it; and a
// searching host that reaches the shards through xapian-tcpsrv (which does not
// serve spelling tables in Xapian 1.4) keeps a local copy of it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

namespace lsearch::detail {

/// 64-bit FNV-1a of `data`, continuing from `hash`.
std::uint64_t fnv1a(std::string_view data, std::uint64_t hash = 14695981039346656037ULL);

/// The shard of the document with this id: FNV-1a (64 bits) of the id's
/// UTF-8 bytes, modulo `shards`. It must never change: an index written by
/// one version is updated by the next, and a document must stay where it is.
unsigned shard_of(std::string_view id, unsigned shards);

/// Whether the database directory `directory` is a sharded index's generation.
bool is_sharded(const std::string& directory);

/// The number of shards of the index generation in `directory`: 0 when
/// `directory` is empty (no index yet), 1 when it is not sharded, else what
/// its meta database records. Throws IndexError when that is unreadable.
unsigned shard_count(const std::string& directory);

/// `directory`/shard-K.
std::string shard_path(const std::string& directory, unsigned shard);

/// `directory`/meta.
std::string meta_path(const std::string& directory);

/// Writes `directory`/XAPIANDB listing the meta database and `shards` shards.
void write_shard_stub(const std::string& directory, unsigned shards);

/// The databases of a sharded index open for writing, each on its own and all
/// of them as one Xapian multi-database (the meta database first), whose
/// document numbers interleave: number d of part p (0 for meta, 1 + K for
/// shard K) is (d - 1) * parts + p + 1.
class ShardedDatabase {
  public:
    /// Opens the meta database and `shards` shards under `directory`, with
    /// Xapian's `flags` (DB_OPEN, DB_CREATE_OR_OVERWRITE...).
    ShardedDatabase(const std::string& directory, unsigned shards, int flags);

    /// Every part as one database: reads, replacements and deletions by its
    /// document numbers, commits of every part, spellings (to meta).
    [[nodiscard]] Xapian::WritableDatabase& all() { return all_; }

    /// The meta database, then the shards.
    [[nodiscard]] std::vector<Xapian::WritableDatabase>& parts() { return parts_; }

    /// Adds a new document to its id's shard; returns its number in all().
    Xapian::docid add(std::string_view id, const Xapian::Document& document);

  private:
    std::vector<Xapian::WritableDatabase> parts_;
    std::vector<Xapian::docid> last_;  // per part: the last document number used
    Xapian::WritableDatabase all_;
};

}  // namespace lsearch::detail

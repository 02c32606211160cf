// The indexing library: adds, replaces and removes articles in an lsearch
// index. `lindex` is a command line over it; other tools can embed it.
//
// Thread-safety: prepare() may be called from several threads at once (each
// thread analyses with its own Analyzer); every other member must be called
// from one thread at a time. One Indexer per index: it holds the index's
// write lock from construction to destruction.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "lsearch/common/article.h"
#include "lsearch/common/error.h"
#include "lsearch/common/export.h"

namespace lsearch {

/// How to open an index for writing.
struct IndexerOptions {
    std::string db_path;         ///< Index directory; created when missing.
    std::string companies_path;  ///< Gazetteer file (see Gazetteer); empty: no detection.
    /// Synonyms file (see Synonyms), stored in the index for query expansion;
    /// empty: keep the index's current synonyms.
    std::string synonyms_path;
    /// Read when companies_path (synonyms_path) is empty and the index has
    /// no gazetteer (synonyms) of its own: a new index, or one built
    /// without. Empty (the default): none. `lindex` passes the installed
    /// data files (share/lsearch/).
    std::string default_companies_path;
    std::string default_synonyms_path;
    /// Create the index when there is none at db_path; false: throw
    /// IndexNotFound instead (to change an index that must exist).
    bool create = true;
    /// Build a new index aside, starting empty; searchers keep the old one
    /// until publish() swaps the new one in, atomically.
    bool rebuild = false;
    /// Writer threads for a new index (a rebuild, or the first build): with
    /// more than one, documents are written to that many shards in parallel
    /// and merged by Xapian's compactor when published. Updates of an
    /// existing index always use one writer.
    unsigned writers = 1;
    /// Shards (docs/SCALING.md): documents spread over that many databases by
    /// a stable hash of their id, written in parallel, searched as one through
    /// the index's stub, each of which xapian-tcpsrv can serve from another
    /// host. 0 (the default): the index's own count, 1 for a new index. An
    /// update that names a different count than the index's throws
    /// InvalidArgument: changing it takes a rebuild. At most kMaxShards.
    unsigned shards = 0;
    static constexpr unsigned kMaxShards = 256;
    /// In a multi-writer build, documents per shard between commits (which
    /// bounds memory). Smaller batches keep Xapian's in-memory change tables
    /// small: 500 was faster than 2,000 and used half the memory
    /// (docs/INDEXING-SPEED.md).
    unsigned batch = 500;
};

/// An article analysed and ready to be written: the result of prepare().
class LSEARCH_API PreparedDocument {
  public:
    PreparedDocument();
    ~PreparedDocument();
    PreparedDocument(PreparedDocument&&) noexcept;
    PreparedDocument& operator=(PreparedDocument&&) noexcept;

    /// The article's id.
    [[nodiscard]] const std::string& id() const;

  private:
    friend class Indexer;
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// What write() did with a document.
enum class WriteOutcome {
    Added,      ///< No document had this id.
    Updated,    ///< A different version was replaced.
    /// The same content was already there. From another input file (the
    /// file was moved or renamed), the document is only attributed to the
    /// new file (see moved_files()).
    Unchanged,
};

/// The gazetteer or the synonyms an Indexer uses, and where they came from.
struct TableSource {
    /// The file read (as given), or for a table kept from the index, the file
    /// it was read from when stored (empty when unknown). Empty with size 0:
    /// none.
    std::string file;
    bool from_index = false;  ///< Kept from the index: no file was read.
    std::size_t size = 0;     ///< Companies, or synonym groups.
};

/// A handle on an index, for writing: add() adds or replaces an article by
/// id, remove() removes one, commit() makes the changes durable and visible
/// to searchers. `lindex` is built on it (docs/API.md has an example).
class LSEARCH_API Indexer {
  public:
    /// Opens the index at options.db_path, creating it if needed, and takes its
    /// write lock. Throws IndexLocked when another writer holds the lock,
    /// IndexVersionMismatch for an index written by an incompatible version,
    /// InputError for an unreadable gazetteer, IndexError otherwise.
    explicit Indexer(const IndexerOptions& options);

    /// Commits what was written (but does not publish a rebuild) and releases
    /// the lock.
    ~Indexer();

    Indexer(const Indexer&) = delete;
    Indexer& operator=(const Indexer&) = delete;

    /// Analyses `article`: terms, company detection (unless the article names
    /// its companies), values and stored fields. `file` is the input file it
    /// came from (empty if none), used to remove documents whose file is gone.
    /// Thread-safe. Throws InputError for an article that cannot be indexed
    /// (empty or over-long id, invalid date).
    [[nodiscard]] PreparedDocument prepare(const Article& article, std::string_view file = {}) const;

    /// Adds or replaces the document with the same id. Not committed until
    /// commit(); a crash before then loses only the uncommitted documents.
    /// Writes of one id follow each other: the last one is what the index
    /// holds, whatever the index held before (a document prepared before
    /// another write of its id is written as prepared).
    WriteOutcome write(PreparedDocument&& document);

    /// prepare() then write(). Adding an id twice leaves the last version.
    WriteOutcome add(const Article& article, std::string_view file = {});

    /// Removes the document with this id. Returns whether there was one.
    bool remove(std::string_view id);

    /// Removes the documents that came from `file` and are not in `keep_ids`.
    /// Returns how many were removed.
    std::size_t remove_from_file_except(std::string_view file,
                                        const std::vector<std::string>& keep_ids);

    /// Removes the documents whose input file lies under `directory` but is
    /// not in `present_files`. Returns how many were removed.
    std::size_t remove_missing_files(std::string_view directory,
                                     const std::vector<std::string>& present_files);

    /// The input files whose documents write() found under another file
    /// since the Indexer was opened (a file moved or renamed, or records
    /// moved between feeds), each with the files they were found in. Those
    /// documents now belong to their new file; a caller that knows a former
    /// file has gone removes what is left of it with
    /// remove_from_file_except(former, {}).
    [[nodiscard]] std::map<std::string, std::set<std::string>> moved_files() const;

    /// What keep_previous() did.
    struct Kept {
        std::size_t copied = 0;   ///< Documents copied into the rebuild.
        std::size_t dropped = 0;  ///< Documents left out: the index being replaced
                                  ///< has another format or analyzer version.
    };

    /// In a rebuild, copies into the new index the documents of the index
    /// being replaced that came from `file` and that this run has not
    /// written, as they were indexed: an input rejected in a rebuild keeps
    /// its documents, as it does in an update. Call it after the run's
    /// writes. Does nothing outside a rebuild. Throws IndexError.
    Kept keep_previous(std::string_view file);

    /// Makes every change so far durable and, except in a rebuild, visible to
    /// searchers, atomically. A crash later loses nothing committed. A new
    /// index written by several writers is visible as their segments, which
    /// publish() (or the next Indexer, after a crash) merges into one database.
    void commit();

    /// commit(), and for a rebuild, makes the new index the one searchers
    /// open (an atomic rename); for a new index by several writers, merges
    /// its segments. Then removes the previous generations of an unsharded
    /// index: a searcher that has one open keeps reading it until it reopens.
    void publish();

    /// The gazetteer in use: companies_path, else the index's own, else
    /// default_companies_path, else none.
    [[nodiscard]] TableSource gazetteer_source() const;

    /// The synonyms in use, chosen as the gazetteer.
    [[nodiscard]] TableSource synonyms_source() const;

    /// Documents in the index, committed or not.
    [[nodiscard]] std::uint64_t document_count() const;

    /// The id of every document in the index, sorted.
    [[nodiscard]] std::vector<std::string> ids() const;

  private:
    // prepare()'s analysis, of an article whose id and date it checked.
    [[nodiscard]] PreparedDocument analyse(const Article& article, std::string_view file,
                                           std::string hash, std::uint64_t content) const;

    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// What an index holds: `lindex --stats`.
struct IndexStats {
    std::uint64_t documents = 0;
    unsigned shards = 1;
    /// Documents per source, per year and per input file (the absolute path
    /// lindex read them from), in the order of the values; documents without
    /// one are counted under "".
    std::vector<std::pair<std::string, std::uint64_t>> sources, years, files;
    /// The gazetteer and synonyms stored in the index (from_index is true).
    TableSource gazetteer, synonyms;
};

/// Reads what the index at `db_path` holds, as searchers see it (the last
/// commit), without taking the writer lock. Throws IndexNotFound when there
/// is no index there, IndexVersionMismatch for a database lindex did not
/// write, IndexError otherwise.
LSEARCH_API IndexStats read_index_stats(const std::string& db_path);

}  // namespace lsearch

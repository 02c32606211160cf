#include "bulk.h"

#include <filesystem>
#include <functional>
#include <future>
#include <thread>
#include <unordered_set>
#include <variant>

#include "channel.h"
#include "layout.h"
#include "lsearch/common/error.h"
#include "lsearch/common/schema.h"
#include "shards.h"

namespace lsearch::detail {
namespace {

// Documents waiting per shard: enough to keep a writer busy.
constexpr std::size_t kQueueDepth = 64;

struct Write {
    std::string id;
    Xapian::Document document;
};

// Asks a writer to add `spellings` and commit, first running `before` on its
// database if given, then to seal its database as `sealed` if not empty (the
// speller: to copy it there), and to say when it has. `reset` asks the
// speller to start again with an empty database instead.
struct Barrier {
    std::function<void(Xapian::WritableDatabase&)> before;
    std::string sealed;
    SpellingCounts spellings;
    std::promise<void> done;
    bool reset = false;
};

}  // namespace

struct BulkWriter::Shard {
    // DB_NO_SYNC for scratch shards, removed by the next run after a crash:
    // what a crash must leave is the merged generation, written by the
    // compactor, and syncing every shard commit would only wait for the disk.
    // The shards of a sharded index are the index itself: synced.
    Shard(std::string directory, unsigned batch_size, bool scratch, bool spelling_only = false)
        : path(std::move(directory)),
          flags(Xapian::DB_CREATE_OR_OVERWRITE | (scratch ? Xapian::DB_NO_SYNC : 0)),
          db(path, flags),
          batch(batch_size),
          speller(spelling_only) {}

    std::string path;
    int flags;
    Xapian::WritableDatabase db;
    unsigned batch;
    // The speller holds a first build's spelling data, for the whole build:
    // Xapian writes a word's fragments ("did you mean" looks words up by
    // them) when the word is new to the database, and a shard starts a new
    // database at each seal, so every segment wrote the fragments of its
    // whole vocabulary again (some 12% of lindex's CPU at 1x, against 5%
    // with one commit). Its database is copied at each seal, and goes on.
    bool speller;
    // Spelling counts arrive with barriers, or alone when too many wait.
    Channel<std::variant<Write, Barrier, SpellingCounts>> queue{kQueueDepth};
    std::thread thread;
    std::exception_ptr error;  // the first failure; later writes are skipped

    std::unordered_set<std::string> ids;  // written to `db`

    // The committed database becomes the segment `sealed`, synced whatever
    // the flags (a published generation links it); writing goes on in a new
    // database. An id written again later lands in a later segment, which
    // compact_segments() resolves.
    void seal(const std::string& sealed) {
        db.close();
        sync_tree(path);
        std::filesystem::rename(path, sealed);
        db = Xapian::WritableDatabase(path, flags);
        ids.clear();
    }

    void reset() {
        db.close();
        db = Xapian::WritableDatabase(path, flags);
    }

    void run() {
        unsigned since_commit = 0;
        while (auto message = queue.pop()) {
            if (auto* barrier = std::get_if<Barrier>(&*message)) {
                try {
                    if (!error && barrier->reset) {
                        reset();
                    } else if (!error) {
                        if (barrier->before) barrier->before(db);
                        add_spellings(db, barrier->spellings);
                        db.commit();
                        if (!barrier->sealed.empty()) {
                            if (speller) {
                                copy_database(path, barrier->sealed);
                            } else {
                                seal(barrier->sealed);
                            }
                        }
                        since_commit = 0;
                    }
                } catch (...) {
                    error = std::current_exception();
                }
                barrier->done.set_value();
                continue;
            }
            if (error) continue;
            if (auto* spellings = std::get_if<SpellingCounts>(&*message)) {
                try {
                    add_spellings(db, *spellings);
                } catch (...) {
                    error = std::current_exception();
                }
                continue;
            }
            auto& write = std::get<Write>(*message);
            try {
                if (ids.insert(write.id).second) {
                    db.add_document(write.document);
                } else {
                    db.replace_document(std::string(schema::kIdPrefix) + write.id, write.document);
                }
                if (++since_commit >= batch) {
                    db.commit();
                    since_commit = 0;
                }
            } catch (...) {
                error = std::current_exception();
            }
        }
    }
};

BulkWriter::BulkWriter(std::string directory, unsigned shards, unsigned batch, bool scratch,
                       std::size_t spelling_words)
    : directory_(std::move(directory)), spelling_words_(spelling_words) {
    std::error_code ignored;
    std::filesystem::remove_all(directory_, ignored);
    std::filesystem::create_directories(directory_);
    for (unsigned i = 0; i < std::max(1U, shards); ++i) {
        const std::string path = directory_ + "/shard-" + std::to_string(i);
        shards_.push_back(std::make_unique<Shard>(path, std::max(1U, batch), scratch));
        Shard* shard = shards_.back().get();
        shard->thread = std::thread([shard] { shard->run(); });
    }
    if (scratch) {
        speller_ = std::make_unique<Shard>(directory_ + "/spelling", 1, true, true);
        speller_->thread = std::thread([speller = speller_.get()] { speller->run(); });
    }
}

BulkWriter::~BulkWriter() {
    for (auto& shard : shards_) shard->queue.close();
    if (speller_) speller_->queue.close();
    for (auto& shard : shards_) {
        if (shard->thread.joinable()) shard->thread.join();
    }
    if (speller_ && speller_->thread.joinable()) speller_->thread.join();
}

void BulkWriter::add(const std::string& id, Xapian::Document document,
                     const SpellingCounts& spellings) {
    if (!speller_ && !spellings.empty()) {
        throw std::logic_error("BulkWriter: shards written in place take no spelling counts");
    }
    const unsigned shard = shard_of(id, static_cast<unsigned>(shards_.size()));
    shards_[shard]->queue.push(Write{id, std::move(document)});
    spellings_.add(spellings);
    // Handed over as they come, so that the speller's work overlaps the
    // shards' rather than waiting for the commit; summed first, so that a
    // word is given once per batch of documents, not once per document.
    if (spellings_.size() > spelling_words_) speller_->queue.push(spellings_.take());
}

void BulkWriter::commit(const std::function<void(Xapian::WritableDatabase&)>& before) {
    commit(before, false);
}

void BulkWriter::commit(const std::function<void(Xapian::WritableDatabase&)>& before, bool seal) {
    std::vector<std::future<void>> done;
    std::vector<std::string> sealed;
    for (auto& shard : shards_) {
        Barrier barrier{before, {}, {}, {}};
        if (seal) {
            barrier.sealed = directory_ + "/seg-" + std::to_string(segment_names_++);
            sealed.push_back(barrier.sealed);
        }
        done.push_back(barrier.done.get_future());
        shard->queue.push(std::move(barrier));
    }
    std::string spelling_copy;
    if (speller_) {
        Barrier barrier{{}, {}, spellings_.take(), {}};
        if (seal) {
            spelling_copy = barrier.sealed =
                directory_ + "/spell-" + std::to_string(segment_names_++);
        }
        done.push_back(barrier.done.get_future());
        speller_->queue.push(std::move(barrier));
    }
    for (auto& future : done) future.wait();
    rethrow_errors();
    sealed_.insert(sealed_.end(), sealed.begin(), sealed.end());
    if (seal && speller_) keep_spelling_copy(std::move(spelling_copy));
}

void BulkWriter::rethrow_errors() const {
    for (const auto& shard : shards_) {
        if (shard->error) std::rethrow_exception(shard->error);
    }
    if (speller_ && speller_->error) std::rethrow_exception(speller_->error);
}

void BulkWriter::keep_spelling_copy(std::string copy) {
    // The generation published before holds hard links to its files.
    if (!spelling_copy_.empty()) std::filesystem::remove_all(spelling_copy_);
    spelling_copy_ = std::move(copy);
}

std::vector<std::string> BulkWriter::seal(
    const std::function<void(Xapian::WritableDatabase&)>& before) {
    commit(before, true);
    ++seals_;
    std::vector<std::string> segments = sealed_;
    if (!spelling_copy_.empty()) segments.push_back(spelling_copy_);
    return segments;
}

Xapian::WritableDatabase BulkWriter::compact_into(const std::string& target) {
    commit();
    Xapian::Database sources;
    for (const auto& segment : sealed_)
        sources.add_database(Xapian::Database(segment));
    for (const auto& shard : shards_)
        sources.add_database(Xapian::Database(shard->path));
    // No documents: its place among the sources does not matter.
    if (speller_) sources.add_database(Xapian::Database(speller_->path));
    return compact_segments(sources, target);
}

Xapian::WritableDatabase compact_segments(Xapian::Database sources, const std::string& target) {
    // The compactor renumbers documents source after source, so that an id's
    // last document has its highest number.
    sources.compact(target);
    Xapian::WritableDatabase merged(target, Xapian::DB_OPEN);
    const std::string prefix(schema::kIdPrefix);
    std::vector<Xapian::docid> replaced;
    for (auto term = merged.allterms_begin(prefix); term != merged.allterms_end(prefix); ++term) {
        if (term.get_termfreq() < 2) continue;
        for (auto posting = merged.postlist_begin(*term);;) {
            const Xapian::docid docid = *posting;
            if (++posting == merged.postlist_end(*term)) break;
            replaced.push_back(docid);
        }
    }
    for (const Xapian::docid docid : replaced)
        merged.delete_document(docid);
    return merged;
}

void BulkWriter::replace_sealed(const std::string& database) {
    const std::string segment = directory_ + "/seg-" + std::to_string(segment_names_++);
    link_database(database, segment);
    sealed_ = {segment};
    if (speller_) {
        // `database` holds the spelling data so far: counted from zero again.
        Barrier barrier{{}, {}, {}, {}, true};
        auto done = barrier.done.get_future();
        speller_->queue.push(std::move(barrier));
        done.wait();
        rethrow_errors();
        keep_spelling_copy({});
    }
}

namespace {

// Every file of `database` into `target`, a new directory, hard-linked or
// copied, synced to disk.
void place_database(const std::string& database, const std::string& target, bool link) {
    namespace fs = std::filesystem;
    try {
        fs::create_directory(target);
        for (const auto& file : fs::directory_iterator(database)) {
            if (!file.is_regular_file()) continue;
            const fs::path placed = fs::path(target) / file.path().filename();
            if (link) {
                fs::create_hard_link(file.path(), placed);
            } else {
                fs::copy_file(file.path(), placed);
            }
        }
    } catch (const fs::filesystem_error& e) {
        throw IndexError(std::string("cannot ") + (link ? "link " : "copy ") + database +
                         " to " + target + ": " + e.what());
    }
    sync_tree(target);
}

}  // namespace

void link_database(const std::string& database, const std::string& copy) {
    place_database(database, copy, true);
}

void copy_database(const std::string& database, const std::string& copy) {
    place_database(database, copy, false);
}

void link_segments(const std::vector<std::string>& segments, const std::string& generation) {
    std::string stub;
    std::error_code error;
    std::filesystem::create_directories(generation, error);
    for (std::size_t i = 0; i < segments.size(); ++i) {
        const std::string name = "part-" + std::to_string(i);
        link_database(segments[i], generation + "/" + name);
        stub += "auto " + name + "\n";
    }
    replace_file(std::filesystem::path(generation) / "XAPIANDB", stub);
}

bool is_segmented(const std::string& directory) {
    namespace fs = std::filesystem;
    return !directory.empty() && fs::exists(fs::path(directory) / "XAPIANDB") &&
           fs::is_directory(fs::path(directory) / "part-0");
}

}  // namespace lsearch::detail

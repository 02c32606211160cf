#include "bulk.h"

#include <filesystem>
#include <functional>
#include <future>
#include <thread>
#include <unordered_set>
#include <variant>

#include "channel.h"
#include "lsearch/common/schema.h"
#include "shards.h"

namespace lsearch::detail {
namespace {

// Documents waiting per shard: enough to keep a writer busy.
constexpr std::size_t kQueueDepth = 64;

struct Write {
    std::string id;
    Xapian::Document document;
    SpellingCounts spellings;
};

// Asks a writer to commit, first running `before` on its database if given,
// and to say when it has.
struct Barrier {
    std::function<void(Xapian::WritableDatabase&)> before;
    std::promise<void> done;
};

}  // namespace

struct BulkWriter::Shard {
    // DB_NO_SYNC for scratch shards, removed by the next run after a crash:
    // what a crash must leave is the merged generation, written by the
    // compactor, and syncing every shard commit would only wait for the disk.
    // The shards of a sharded index are the index itself: synced.
    Shard(const std::string& path, unsigned batch_size, bool scratch)
        : db(path, Xapian::DB_CREATE_OR_OVERWRITE | (scratch ? Xapian::DB_NO_SYNC : 0)),
          batch(batch_size) {}

    Xapian::WritableDatabase db;
    unsigned batch;
    Channel<std::variant<Write, Barrier>> queue{kQueueDepth};
    std::thread thread;
    std::exception_ptr error;  // the first failure; later writes are skipped

    SpellingBatch spellings;  // since the last commit

    void commit() {
        spellings.flush_into(db);
        db.commit();
    }

    void run() {
        std::unordered_set<std::string> ids;
        unsigned since_commit = 0;
        while (auto message = queue.pop()) {
            if (auto* barrier = std::get_if<Barrier>(&*message)) {
                try {
                    if (!error) {
                        if (barrier->before) barrier->before(db);
                        commit();
                    }
                } catch (...) {
                    error = std::current_exception();
                }
                barrier->done.set_value();
                continue;
            }
            if (error) continue;
            auto& write = std::get<Write>(*message);
            try {
                if (ids.insert(write.id).second) {
                    db.add_document(write.document);
                } else {
                    db.replace_document(std::string(schema::kIdPrefix) + write.id, write.document);
                }
                spellings.add(write.spellings);
                if (++since_commit >= batch) {
                    commit();
                    since_commit = 0;
                }
            } catch (...) {
                error = std::current_exception();
            }
        }
    }
};

BulkWriter::BulkWriter(std::string directory, unsigned shards, unsigned batch, bool scratch)
    : directory_(std::move(directory)) {
    std::error_code ignored;
    std::filesystem::remove_all(directory_, ignored);
    std::filesystem::create_directories(directory_);
    for (unsigned i = 0; i < std::max(1U, shards); ++i) {
        const std::string path = directory_ + "/shard-" + std::to_string(i);
        shards_.push_back(std::make_unique<Shard>(path, std::max(1U, batch), scratch));
        Shard* shard = shards_.back().get();
        shard->thread = std::thread([shard] { shard->run(); });
    }
}

BulkWriter::~BulkWriter() {
    for (auto& shard : shards_) shard->queue.close();
    for (auto& shard : shards_) {
        if (shard->thread.joinable()) shard->thread.join();
    }
}

void BulkWriter::add(const std::string& id, Xapian::Document document, SpellingCounts spellings) {
    const unsigned shard = shard_of(id, static_cast<unsigned>(shards_.size()));
    shards_[shard]->queue.push(Write{id, std::move(document), std::move(spellings)});
}

void BulkWriter::commit(const std::function<void(Xapian::WritableDatabase&)>& before) {
    std::vector<std::future<void>> done;
    for (auto& shard : shards_) {
        Barrier barrier{before, {}};
        done.push_back(barrier.done.get_future());
        shard->queue.push(std::move(barrier));
    }
    for (auto& future : done) future.wait();
    for (auto& shard : shards_) {
        if (shard->error) std::rethrow_exception(shard->error);
    }
}

Xapian::WritableDatabase BulkWriter::compact_into(const std::string& target) {
    commit();
    Xapian::Database sources;
    for (std::size_t i = 0; i < shards_.size(); ++i) {
        sources.add_database(Xapian::Database(directory_ + "/shard-" + std::to_string(i)));
    }
    sources.compact(target);
    return Xapian::WritableDatabase(target, Xapian::DB_OPEN);
}

}  // namespace lsearch::detail

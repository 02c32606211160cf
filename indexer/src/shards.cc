#include "shards.h"

#include <algorithm>
#include <filesystem>

#include "layout.h"
#include "lsearch/common/error.h"
#include "lsearch/common/schema.h"
#include "lsearch/indexer.h"

namespace lsearch::detail {
namespace {

constexpr const char* kMetaName = "meta";
constexpr const char* kShardPrefix = "shard-";

}  // namespace

std::uint64_t fnv1a(std::string_view data, std::uint64_t hash) {
    for (char c : data) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 1099511628211ULL;
    }
    return hash;
}

unsigned shard_of(std::string_view id, unsigned shards) {
    return static_cast<unsigned>(fnv1a(id) % std::max(1U, shards));
}

bool is_sharded(const std::string& directory) {
    return !directory.empty() && std::filesystem::is_directory(meta_path(directory));
}

unsigned shard_count(const std::string& directory) {
    if (directory.empty()) return 0;
    if (!is_sharded(directory)) return 1;
    const std::string recorded =
        Xapian::Database(meta_path(directory)).get_metadata(std::string(schema::kShardsKey));
    try {
        const unsigned long count = std::stoul(recorded);
        if (count >= 1 && count <= IndexerOptions::kMaxShards) return static_cast<unsigned>(count);
    } catch (const std::exception&) {
    }
    throw IndexError("index " + directory + ": unreadable shard count \"" + recorded + "\" in " +
                     meta_path(directory) + "; rebuild it with `lindex --full`");
}

std::string shard_path(const std::string& directory, unsigned shard) {
    return (std::filesystem::path(directory) / (kShardPrefix + std::to_string(shard))).string();
}

std::string meta_path(const std::string& directory) {
    return (std::filesystem::path(directory) / kMetaName).string();
}

void write_shard_stub(const std::string& directory, unsigned shards) {
    std::string stub = std::string("auto ") + kMetaName + "\n";
    for (unsigned k = 0; k < shards; ++k)
        stub += std::string("auto ") + kShardPrefix + std::to_string(k) + "\n";
    replace_file(std::filesystem::path(directory) / "XAPIANDB", stub);
}

ShardedDatabase::ShardedDatabase(const std::string& directory, unsigned shards, int flags) {
    parts_.emplace_back(meta_path(directory), flags);
    for (unsigned k = 0; k < shards; ++k) {
        const std::string path = shard_path(directory, k);
        if (flags == Xapian::DB_OPEN && !std::filesystem::exists(path)) {
            throw IndexError("sharded index " + directory + " lacks " + path +
                             "; rebuild it with `lindex --full`");
        }
        parts_.emplace_back(path, flags);
    }
    for (auto& part : parts_) {
        last_.push_back(part.get_lastdocid());
        all_.add_database(part);
    }
}

Xapian::docid ShardedDatabase::add(std::string_view id, const Xapian::Document& document) {
    const std::size_t part = 1 + shard_of(id, static_cast<unsigned>(parts_.size() - 1));
    const Xapian::docid local = ++last_[part];
    const auto docid = static_cast<Xapian::docid>((local - 1) * parts_.size() + part + 1);
    all_.replace_document(docid, document);
    return docid;
}

}  // namespace lsearch::detail

// read_index_stats(): what an index holds, for `lindex --stats`. Reads the
// index as a searcher does, without the writer lock.
#include <map>

#include <xapian.h>

#include "lsearch/common/gazetteer.h"
#include "lsearch/common/schema.h"
#include "lsearch/common/synonyms.h"
#include "lsearch/indexer.h"

namespace lsearch {
namespace {

// Documents per value of `slot`, by value; documents without one under "".
std::vector<std::pair<std::string, std::uint64_t>> tally(const Xapian::Database& db,
                                                         Xapian::valueno slot) {
    std::map<std::string, std::uint64_t> counts;
    std::uint64_t with_value = 0;
    for (auto it = db.valuestream_begin(slot); it != db.valuestream_end(slot); ++it) {
        ++counts[*it];
        ++with_value;
    }
    if (with_value < db.get_doccount()) counts[""] += db.get_doccount() - with_value;
    return {counts.begin(), counts.end()};
}

TableSource table(const Xapian::Database& db, std::size_t size, std::string_view file_key) {
    TableSource source;
    source.size = size;
    source.from_index = true;
    if (size > 0) source.file = db.get_metadata(std::string(file_key));
    return source;
}

}  // namespace

IndexStats read_index_stats(const std::string& db_path) {
    try {
        const Xapian::Database db(db_path);
        if (db.get_metadata(std::string(schema::kFormatKey)).empty() && db.get_doccount() > 0) {
            throw IndexVersionMismatch("index " + db_path + " was not written by lindex");
        }
        IndexStats stats;
        stats.documents = db.get_doccount();
        const std::string shards = db.get_metadata(std::string(schema::kShardsKey));
        stats.shards = shards.empty() ? 1 : static_cast<unsigned>(std::stoul(shards));
        stats.sources = tally(db, schema::kSourceSlot);
        stats.years = tally(db, schema::kYearSlot);
        stats.files = tally(db, schema::kFileSlot);
        stats.gazetteer = table(
            db,
            Gazetteer::deserialize(db.get_metadata(std::string(schema::kCompanyAliasesKey))).size(),
            schema::kCompaniesFileKey);
        stats.synonyms = table(
            db, Synonyms::deserialize(db.get_metadata(std::string(schema::kSynonymsKey))).size(),
            schema::kSynonymsFileKey);
        return stats;
    } catch (const Xapian::Error& e) {
        const std::string_view type = e.get_type();
        if (type == "DatabaseNotFoundError" || type == "DatabaseOpeningError") {
            throw IndexNotFound("no index at " + db_path + " (" + e.get_msg() +
                                "); build one with `lindex --db " + db_path + " DIRECTORY`");
        }
        throw IndexError("cannot read index " + db_path + ": " + e.get_description());
    }
}

}  // namespace lsearch

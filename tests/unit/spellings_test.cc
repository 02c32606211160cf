// Spelling data ("did you mean") is summed per commit (indexer/src/spellings.h)
// rather than added per document: whatever the writer, the batch size and the
// commits, the index must hold each word once with the number of times it was
// written.
#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <string>

#include <xapian.h>

#include "bulk.h"
#include "lsearch/common/article.h"
#include "lsearch/indexer.h"
#include "spellings.h"

namespace fs = std::filesystem;

namespace {

// The dictionary of `prefix*` (schema.h): folded word -> its stems.
std::map<std::string, std::string> dictionary_of(const fs::path& db) {
    std::map<std::string, std::string> words;
    const Xapian::Database database(db.string());
    for (auto it = database.synonym_keys_begin(); it != database.synonym_keys_end(); ++it) {
        std::string stems;
        for (auto stem = database.synonyms_begin(*it); stem != database.synonyms_end(*it); ++stem)
            stems += (stems.empty() ? "" : " ") + *stem;
        words[*it] = stems;
    }
    return words;
}

std::map<std::string, unsigned> spellings_of(const fs::path& db) {
    std::map<std::string, unsigned> words;
    const Xapian::Database database(db.string());
    for (auto it = database.spellings_begin(); it != database.spellings_end(); ++it) {
        words[*it] = it.get_termfreq();
    }
    return words;
}

}  // namespace

TEST_CASE("spelling data: each word once, with its occurrences summed over documents") {
    struct Row {
        const char* name;
        unsigned writers;
        unsigned batch;
        bool commit_each;  // Indexer::commit() after each document
    };
    const Row rows[] = {
        {"one writer", 1, 500, false},
        {"one writer, a commit per document", 1, 500, true},
        {"shards, a shard commit per document", 2, 1, false},
        {"shards, one commit at the end", 2, 500, false},
        // Each commit seals a segment per shard; the compaction sums them.
        {"shards, a commit per document", 2, 500, true},
    };
    const fs::path dir =
        fs::temp_directory_path() / ("lsearch-spellings-test-" + std::to_string(getpid()));
    for (const Row& row : rows) {
        CAPTURE(row.name);
        fs::remove_all(dir);
        {
            lsearch::IndexerOptions options;
            options.db_path = dir.string();
            options.writers = row.writers;
            options.batch = row.batch;
            lsearch::Indexer indexer(options);
            const char* bodies[] = {"Maison, maison et jardin.", "La maison de la banque.",
                                    "Un jardin, une école, l'École."};
            int n = 0;
            for (const char* body : bodies) {
                lsearch::Article article;
                article.id = "a" + std::to_string(n++);
                article.body = body;
                indexer.add(article);
                if (row.commit_each) indexer.commit();
            }
            indexer.publish();
        }
        // Stop words (et, la, de, un) and words under three bytes are left out.
        const std::map<std::string, unsigned> expected{
            {"banque", 1}, {"jardin", 2}, {"maison", 3}, {"école", 2}};
        CHECK(spellings_of(dir) == expected);
        // Each word once, by its folded form, with its Snowball stem.
        const std::map<std::string, std::string> dictionary{
            {"banque", "banqu"}, {"ecole", "écol"}, {"jardin", "jardin"}, {"maison", "maison"}};
        CHECK(dictionary_of(dir) == dictionary);
    }
    fs::remove_all(dir);
}

TEST_CASE("spelling data: shards written with spelling counts handed over before the commit") {
    // spelling_words 0: the counts summed so far go to the shards after
    // every document, not only with the commit.
    const fs::path dir =
        fs::temp_directory_path() / ("lsearch-spellings-bulk-test-" + std::to_string(getpid()));
    fs::remove_all(dir);
    {
        lsearch::detail::BulkWriter writer((dir / "build").string(), 2, 1, true, 0);
        // Count, folded form, stem.
        const lsearch::detail::SpellingCounts documents[] = {
            {{"maison", {2, "maison", "maison"}}, {"jardin", {1, "jardin", "jardin"}}},
            {{"maison", {1, "maison", "maison"}}, {"école", {1, "ecole", "écol"}}},
            {{"jardin", {1, "jardin", "jardin"}}},
        };
        int n = 0;
        for (const auto& spellings : documents) {
            writer.add("a" + std::to_string(n++), Xapian::Document(), spellings);
        }
        writer.compact_into((dir / "merged").string()).commit();
    }
    const std::map<std::string, unsigned> expected{{"jardin", 2}, {"maison", 3}, {"école", 1}};
    CHECK(spellings_of(dir / "merged") == expected);
    const std::map<std::string, std::string> dictionary{
        {"ecole", "écol"}, {"jardin", "jardin"}, {"maison", "maison"}};
    CHECK(dictionary_of(dir / "merged") == dictionary);
    fs::remove_all(dir);
}

TEST_CASE("spelling batch: split by word into parts, each word in one part with its sum") {
    for (const unsigned parts : {1U, 2U, 3U}) {
        CAPTURE(parts);
        lsearch::detail::SpellingBatch batch;
        batch.add({{"maison", {2, "maison", "maison"}},
                   {"jardin", {1, "jardin", "jardin"}},
                   {"banque", {1, "banque", "banqu"}}});
        batch.add({{"maison", {1, "maison", "maison"}}, {"arbre", {4, "arbre", "arbr"}}});
        CHECK(batch.size() == 4);
        const auto split = batch.take(parts);
        CHECK(split.size() == parts);
        CHECK(batch.size() == 0);
        std::map<std::string, unsigned> joined;
        std::size_t words = 0;
        for (const auto& part : split) {
            words += part.size();
            for (const auto& [word, entry] : part)
                joined[word] += entry.count;
        }
        CHECK(words == 4);  // no word in two parts
        const std::map<std::string, unsigned> expected{
            {"arbre", 4}, {"banque", 1}, {"jardin", 1}, {"maison", 3}};
        CHECK(joined == expected);
    }
}

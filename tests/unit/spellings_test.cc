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
        for (auto stem = database.synonyms_begin(*it); stem != database.synonyms_end(*it); ++stem) {
            if (!stems.empty()) stems += ' ';
            stems += *stem;
        }
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
                article.id = std::string("a").append(std::to_string(n++));
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

TEST_CASE("spelling data: each generation a first build publishes counts each word once") {
    // A first build by two writers publishes, at each commit, the sealed
    // segments and a copy of its spelling database, which goes on: every
    // published generation must count each word once, including the one
    // merged when a document written before a commit is written again.
    const fs::path dir =
        fs::temp_directory_path() / ("lsearch-spellings-gen-test-" + std::to_string(getpid()));
    fs::remove_all(dir);
    {
        lsearch::IndexerOptions options;
        options.db_path = dir.string();
        options.writers = 2;
        lsearch::Indexer indexer(options);
        auto add = [&](const char* id, const char* body) {
            lsearch::Article article;
            article.id = id;
            article.body = body;
            indexer.add(article);
            indexer.commit();
        };
        add("a0", "Maison, maison et jardin.");
        CHECK(spellings_of(dir) == std::map<std::string, unsigned>{{"jardin", 1}, {"maison", 2}});
        add("a1", "La maison de la banque.");
        CHECK(spellings_of(dir) ==
              std::map<std::string, unsigned>{{"banque", 1}, {"jardin", 1}, {"maison", 3}});
        // a0 again, in a later segment: the segments are merged into one.
        // Its first version's words stay counted, as in every writer (the
        // spelling data is only ever added to).
        add("a0", "Un jardin, une école, l'École.");
        const std::map<std::string, unsigned> merged{
            {"banque", 1}, {"jardin", 2}, {"maison", 3}, {"école", 2}};
        CHECK(spellings_of(dir) == merged);
        add("a2", "Une banque.");
        auto expected = merged;
        expected["banque"] = 2;
        CHECK(spellings_of(dir) == expected);
        indexer.publish();
        CHECK(spellings_of(dir) == expected);
        CHECK(indexer.document_count() == 3);
    }
    const std::map<std::string, std::string> dictionary{
        {"banque", "banqu"}, {"ecole", "écol"}, {"jardin", "jardin"}, {"maison", "maison"}};
    CHECK(dictionary_of(dir) == dictionary);
    fs::remove_all(dir);
}

TEST_CASE("spelling data: counts handed to the speller before the commit") {
    // spelling_words 0: the counts summed so far go to the speller (the
    // spelling database of a first build) after every document, not only
    // with the commit.
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
            writer.add(std::string("a").append(std::to_string(n++)), Xapian::Document(), spellings);
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

TEST_CASE("spelling batch: counts summed by word, and a word's forms given once") {
    lsearch::detail::SpellingBatch batch;
    batch.add({{"maison", {2, "maison", "maison"}},
               {"jardin", {1, "jardin", "jardin"}},
               {"banque", {1, "banque", "banqu"}}});
    batch.add({{"maison", {1, "maison", "maison"}}, {"arbre", {4, "arbre", "arbr"}}});
    CHECK(batch.size() == 4);
    auto taken = batch.take();
    CHECK(batch.size() == 0);
    std::map<std::string, unsigned> counts;
    for (const auto& [word, entry] : taken)
        counts[word] = entry.count;
    const std::map<std::string, unsigned> expected{
        {"arbre", 4}, {"banque", 1}, {"jardin", 1}, {"maison", 3}};
    CHECK(counts == expected);
    CHECK(taken["banque"].stem == "banqu");
    // Taken before: counted again, but its forms are not given again (the
    // dictionary has them); a new word has its forms.
    batch.add({{"maison", {5, "maison", "maison"}}, {"école", {1, "ecole", "écol"}}});
    taken = batch.take();
    CHECK(taken["maison"].count == 5);
    CHECK(taken["maison"].folded.empty());
    CHECK(taken["école"].folded == "ecole");
    CHECK(taken["école"].stem == "écol");
}

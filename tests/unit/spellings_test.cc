// Spelling data ("did you mean") is summed per commit (indexer/src/spellings.h)
// rather than added per document: whatever the writer and the batch size, the
// index must hold each word once with the number of times it was written.
#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <string>

#include <xapian.h>

#include "lsearch/common/article.h"
#include "lsearch/indexer.h"

namespace fs = std::filesystem;

namespace {

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
    };
    const Row rows[] = {
        {"one writer", 1, 500},
        {"shards, a commit per document", 2, 1},
        {"shards, one commit at the end", 2, 500},
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
                                    "Un jardin."};
            int n = 0;
            for (const char* body : bodies) {
                lsearch::Article article;
                article.id = "a" + std::to_string(n++);
                article.body = body;
                indexer.add(article);
            }
            indexer.publish();
        }
        // Stop words (et, la, de, un) and words under three bytes are left out.
        const std::map<std::string, unsigned> expected{{"banque", 1}, {"jardin", 2}, {"maison", 3}};
        CHECK(spellings_of(dir) == expected);
    }
    fs::remove_all(dir);
}

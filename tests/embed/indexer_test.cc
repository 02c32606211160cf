// Tests of the indexing API (lsearch/indexer.h) as an embedding program
// calls it: the same calls give the same index, whatever the index held.
#include <doctest/doctest.h>

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <string>
#include <vector>

#include "lsearch/indexer.h"
#include "lsearch/searcher.h"

namespace {

// A temporary index directory, removed with the object.
class TempIndex {
  public:
    TempIndex() {
        static std::atomic<int> counter{0};
        dir_ =
            std::filesystem::temp_directory_path() /
            ("lsearch-indexer-test-" + std::to_string(getpid()) + "-" + std::to_string(counter++));
        std::filesystem::remove_all(dir_);
    }
    ~TempIndex() {
        std::error_code ignored;
        std::filesystem::remove_all(dir_, ignored);
    }
    TempIndex(const TempIndex&) = delete;
    TempIndex& operator=(const TempIndex&) = delete;
    [[nodiscard]] std::string path() const { return (dir_ / "index").string(); }

  private:
    std::filesystem::path dir_;
};

lsearch::Article version(const std::string& word) {
    return {"doc", "", "2024", "", "", {}, "Un article sur le mot " + word + "."};
}

// Which of the versions' words the index finds, and how many documents it holds.
std::string contents(const std::string& path) {
    lsearch::Searcher searcher(path);
    std::string found;
    for (const char* word : {"hydrolienne", "eolienne", "tramway"}) {
        lsearch::SearchRequest request;
        request.query = word;
        request.facets = false;
        if (!searcher.search(request).hits.empty())
            found += std::string(found.empty() ? "" : " ") + word;
    }
    return found + " (" + std::to_string(searcher.document_count()) + " documents)";
}

}  // namespace

TEST_CASE("Indexer: an id added twice before commit is idempotent, the last add wins") {
    // Each row: what a run does to an index holding the "hydrolienne" version
    // of `doc`, and what the index holds after it. The run is done twice (the
    // second run starts from the first's result): the same calls must give
    // the same index, never "changed since it was prepared" (docs/API.md's
    // examples/index.cc failed so on its second run).
    struct Row {
        std::vector<std::string> calls;  // a word: add that version; "-": remove
        std::string expected;
    };
    const std::vector<Row> rows = {
        {{"eolienne", "hydrolienne"}, "hydrolienne (1 documents)"},
        {{"hydrolienne", "eolienne"}, "eolienne (1 documents)"},
        {{"eolienne", "eolienne"}, "eolienne (1 documents)"},
        {{"eolienne", "tramway", "hydrolienne"}, "hydrolienne (1 documents)"},
        {{"eolienne", "-", "hydrolienne"}, "hydrolienne (1 documents)"},
        {{"hydrolienne", "-"}, " (0 documents)"},
    };
    for (const Row& row : rows) {
        std::string calls;
        for (const auto& call : row.calls)
            calls += call + " ";
        CAPTURE(calls);
        TempIndex index;
        lsearch::IndexerOptions options;
        options.db_path = index.path();
        {
            lsearch::Indexer indexer(options);
            indexer.add(version("hydrolienne"));
            indexer.commit();
        }
        for (int run = 0; run < 2; ++run) {
            CAPTURE(run);
            lsearch::Indexer indexer(options);
            for (const auto& call : row.calls) {
                if (call == "-") {
                    indexer.remove("doc");
                } else {
                    CHECK_NOTHROW(indexer.add(version(call)));
                }
            }
            indexer.commit();
            CHECK(contents(index.path()) == row.expected);
        }
    }
}

TEST_CASE("Indexer: a document prepared before a write of its id is written as prepared") {
    // prepare() knows the indexed version unchanged, then another write
    // replaces it: writing the prepared document brings that version back.
    TempIndex index;
    lsearch::IndexerOptions options;
    options.db_path = index.path();
    {
        lsearch::Indexer indexer(options);
        indexer.add(version("hydrolienne"));
        indexer.commit();
    }
    lsearch::Indexer indexer(options);
    lsearch::PreparedDocument prepared = indexer.prepare(version("hydrolienne"));
    CHECK(indexer.add(version("eolienne")) == lsearch::WriteOutcome::Updated);
    CHECK(indexer.write(std::move(prepared)) == lsearch::WriteOutcome::Updated);
    CHECK(indexer.add(version("hydrolienne")) == lsearch::WriteOutcome::Unchanged);
    indexer.commit();
    CHECK(contents(index.path()) == "hydrolienne (1 documents)");
}

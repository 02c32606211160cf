// The thread-safety rules of docs/API.md, exercised: one Searcher shared by
// several threads, one Searcher per thread, a C API handle shared by threads
// (each with its own last error), and searches while an Indexer commits.
// Run as a test of its own, and under the thread sanitizer by the test
// `thread_sanitizer` (cmake/lsearchRunSanitized.cmake).
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <atomic>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include "lsearch.h"
#include "lsearch/searcher.h"
#include "sample_index.h"

namespace {

constexpr int kThreads = 4;
constexpr int kRounds = 25;

const std::vector<std::string> kQueries = {
    "licenciements",      "cloud", "pêche", "France", "company:AWS", "year:2022..2024",
    "\"cloud souverain\""};

// One hit: its rank, id, title and snippet, highlights in brackets.
std::string describe(const lsearch::Hit& hit) {
    std::string text = std::to_string(hit.rank) + " " + hit.id + " " + hit.title + " ";
    std::size_t at = 0;
    for (const auto& highlight : hit.snippet.highlights) {
        text += hit.snippet.text.substr(at, highlight.begin - at) + "[" +
                hit.snippet.text.substr(highlight.begin, highlight.end - highlight.begin) + "]";
        at = highlight.end;
    }
    return text + hit.snippet.text.substr(at);
}

// The hits a search returns, in order, and the total: what must not depend
// on other threads.
std::string outcome(const lsearch::SearchResponse& response) {
    std::string text = std::to_string(response.total) + ":";
    for (const auto& hit : response.hits)
        text += "\n" + describe(hit);
    return text;
}

std::vector<std::string> expected_outcomes(const std::string& path) {
    lsearch::Searcher searcher(path);
    std::vector<std::string> outcomes;
    for (const auto& query : kQueries) {
        lsearch::SearchRequest request;
        request.query = query;
        outcomes.push_back(outcome(searcher.search(request)));
    }
    return outcomes;
}

// Runs `body(thread)` on kThreads threads and counts its failures: doctest's
// assertions are not meant to be called from several threads.
template <class Body>
int run_threads(Body body) {
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            for (int round = 0; round < kRounds; ++round) {
                if (!body(t, round)) ++failures;
            }
        });
    }
    for (auto& thread : threads)
        thread.join();
    return failures.load();
}

lsearch::SearchRequest request_for(int thread, int round) {
    lsearch::SearchRequest request;
    request.query = kQueries[static_cast<std::size_t>(thread + round) % kQueries.size()];
    return request;
}

}  // namespace

TEST_CASE("one Searcher shared by several threads answers each as if alone") {
    const lsearch::test::SampleIndex index;
    const auto expected = expected_outcomes(index.path());
    lsearch::Searcher shared(index.path());
    const int failures = run_threads([&](int thread, int round) {
        const auto request = request_for(thread, round);
        const auto which = static_cast<std::size_t>(thread + round) % kQueries.size();
        return outcome(shared.search(request)) == expected[which];
    });
    CHECK(failures == 0);
}

TEST_CASE("a page's hits are the same whether the searcher's worker made some or not") {
    // A page of several hits with snippets is shared out between the calling
    // thread and the searcher's worker; a page of one hit is made by the
    // calling thread alone.
    const lsearch::test::SampleIndex index;
    lsearch::Searcher searcher(index.path());
    int pages = 0;
    for (const auto& query : kQueries) {
        for (const bool facets : {true, false}) {
            CAPTURE(query);
            CAPTURE(facets);
            lsearch::SearchRequest request;
            request.query = query;
            request.facets = facets;
            const auto page = searcher.search(request);
            pages += page.hits.size() >= 2 ? 1 : 0;
            for (std::size_t i = 0; i < page.hits.size(); ++i) {
                CAPTURE(i);
                lsearch::SearchRequest one = request;
                one.offset = i;
                one.limit = 1;
                const auto alone = searcher.search(one);
                REQUIRE(alone.hits.size() == 1);
                CHECK(describe(alone.hits.front()) == describe(page.hits[i]));
                CHECK(!page.hits[i].snippet.text.empty());
            }
        }
    }
    CHECK(pages >= 8);  // else the worker was hardly asked to help
}

TEST_CASE("one Searcher per thread, searching in parallel") {
    const lsearch::test::SampleIndex index;
    const auto expected = expected_outcomes(index.path());
    std::vector<lsearch::Searcher> searchers;
    for (int t = 0; t < kThreads; ++t)
        searchers.emplace_back(index.path());
    const int failures = run_threads([&](int thread, int round) {
        const auto which = static_cast<std::size_t>(thread + round) % kQueries.size();
        return outcome(searchers[static_cast<std::size_t>(thread)].search(
                   request_for(thread, round))) == expected[which];
    });
    CHECK(failures == 0);
}

TEST_CASE("a C API handle shared by threads, each thread with its own last error") {
    const lsearch::test::SampleIndex index;
    lsearch_searcher* handle = lsearch_open(index.path().c_str());
    REQUIRE(handle != nullptr);
    const std::string good = R"({"query": "cloud", "facets": false})";
    const int failures = run_threads([&](int thread, int) {
        if (thread % 2 == 0) {
            char* response = lsearch_search(handle, good.c_str());
            const bool ok = response != nullptr && lsearch_last_error_code() == LSEARCH_OK &&
                            std::string(lsearch_last_error()).empty();
            lsearch_free(response);
            return ok;
        }
        char* response = lsearch_search(handle, R"({"query": "year:abc"})");
        return response == nullptr && lsearch_last_error_code() == LSEARCH_QUERY_SYNTAX &&
               std::string(lsearch_last_error()).find("position 5") != std::string::npos;
    });
    lsearch_close(handle);
    CHECK(failures == 0);
}

TEST_CASE("searchers see an Indexer's commits while they search") {
    const lsearch::test::SampleIndex index;
    lsearch::Searcher shared(index.path());
    std::atomic<bool> done{false};
    std::atomic<int> failures{0};
    std::vector<std::thread> readers;
    for (int t = 0; t < kThreads; ++t) {
        readers.emplace_back([&] {
            std::uint64_t last = 0;
            lsearch::SearchRequest request;
            request.query = "licenciements";
            while (!done.load()) {
                const std::uint64_t total = shared.search(request).total;
                // Commits only add matching articles: never fewer than before.
                if (total < 2 || total < last) ++failures;
                last = total;
            }
        });
    }
    constexpr int kCommits = 10;
    {
        lsearch::IndexerOptions options;
        options.db_path = index.path();
        lsearch::Indexer indexer(options);
        for (int i = 0; i < kCommits; ++i) {
            indexer.add({"new-" + std::to_string(i),
                         "",
                         "2026",
                         "",
                         "",
                         {},
                         "Encore des licenciements annoncés."});
            indexer.commit();
        }
    }
    done = true;
    for (auto& reader : readers)
        reader.join();
    CHECK(failures.load() == 0);
    lsearch::SearchRequest request;
    request.query = "licenciements";
    CHECK(shared.search(request).total == 2 + kCommits);
}

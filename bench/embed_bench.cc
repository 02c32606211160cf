// What the C API's JSON costs over the C++ API, in the same run (issue 10).
// Indexes the first N articles of orangesum.jsonl.gz through the indexing
// API into a temporary directory, then times, over a fixed list of queries:
//
//   cxx       Searcher::search (the baseline);
//   cxx+json  Searcher::search, then lsearch::to_json of the response;
//   c_api     lsearch_search: the JSON request read, the search, the JSON
//             response written and copied into a malloc'd string, freed.
//
// Each method runs every query once per repetition; methods alternate
// within a repetition so that the machine's noise touches all alike. The
// median time per query is printed, with the ratio to cxx.
//
// Usage: embed_bench [--corpus FILE] [--articles N] [--reps R]
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "input.h"
#include "lsearch.h"
#include "lsearch/indexer.h"
#include "lsearch/json.h"
#include "lsearch/searcher.h"

namespace {

const std::vector<std::string> kQueries = {"gouvernement",
                                           "réforme des retraites",
                                           "\"président de la République\"",
                                           "football OR rugby",
                                           "licenci*",
                                           "intelligence artificielle",
                                           "Paris -Marseille",
                                           "title:élection",
                                           "year:2019..2020 santé",
                                           "zzzxq"};

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

// Seconds `body(i)` takes to run for every query kQueries[i].
double time_queries(const std::function<void(std::size_t)>& body) {
    const auto start = std::chrono::steady_clock::now();
    for (std::size_t i = 0; i < kQueries.size(); ++i)
        body(i);
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
    std::string corpus = std::string(LSEARCH_CORPUS_DIR) + "/orangesum.jsonl.gz";
    std::size_t articles = 5000;
    int reps = 200;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string option = argv[i];
        if (option == "--corpus") {
            corpus = argv[i + 1];
        } else if (option == "--articles") {
            articles = std::strtoul(argv[i + 1], nullptr, 10);
        } else if (option == "--reps") {
            reps = std::atoi(argv[i + 1]);
        } else {
            std::fprintf(stderr, "usage: embed_bench [--corpus FILE] [--articles N] [--reps R]\n");
            return 2;
        }
    }
    if (!std::filesystem::exists(corpus)) {
        std::fprintf(stderr, "embed_bench: no corpus at %s\n", corpus.c_str());
        return 2;
    }
    const auto dir = std::filesystem::temp_directory_path() /
                     ("lsearch-embed-bench-" + std::to_string(getpid()));
    const std::string index = (dir / "index").string();
    {
        lsearch::IndexerOptions options;
        options.db_path = index;
        lsearch::Indexer indexer(options);
        std::size_t added = 0;
        const lsearch::detail::InputFile file{corpus, corpus, "orangesum",
                                              lsearch::detail::InputFile::Format::JsonlGz};
        lsearch::detail::read_input(file, [&](lsearch::detail::InputItem&& item) {
            if (item.ok && added < articles) {
                indexer.add(item.article);
                ++added;
            }
        });
        indexer.commit();
        std::printf("%zu articles indexed, %zu queries, %d repetitions (medians per query)\n\n",
                    added, kQueries.size(), reps);
    }

    lsearch::Searcher searcher(index);
    lsearch_searcher* handle = lsearch_open(index.c_str());
    if (handle == nullptr) {
        std::fprintf(stderr, "embed_bench: %s\n", lsearch_last_error());
        return 2;
    }
    // The C caller's requests, written beforehand (by its own JSON library).
    std::vector<std::string> requests;
    for (const auto& query : kQueries)
        requests.push_back(nlohmann::json{{"query", query}}.dump());
    std::vector<double> cxx, cxx_json, c_api;
    std::size_t sink = 0;  // keeps the work observable
    for (int rep = 0; rep < reps; ++rep) {
        cxx.push_back(time_queries([&](std::size_t i) {
            lsearch::SearchRequest request;
            request.query = kQueries[i];
            sink += searcher.search(request).hits.size();
        }));
        cxx_json.push_back(time_queries([&](std::size_t i) {
            lsearch::SearchRequest request;
            request.query = kQueries[i];
            sink += lsearch::to_json(searcher.search(request)).size();
        }));
        c_api.push_back(time_queries([&](std::size_t i) {
            char* response = lsearch_search(handle, requests[i].c_str());
            if (response == nullptr) {
                std::fprintf(stderr, "embed_bench: %s\n", lsearch_last_error());
                std::exit(2);
            }
            sink += std::char_traits<char>::length(response);
            lsearch_free(response);
        }));
    }
    lsearch_close(handle);
    std::filesystem::remove_all(dir);

    const double per_query = 1e6 / static_cast<double>(kQueries.size());
    const double base = median(cxx);
    std::printf("%-10s %12s %8s\n", "method", "us/query", "ratio");
    for (const auto& [name, times] :
         {std::pair{"cxx", &cxx}, std::pair{"cxx+json", &cxx_json}, std::pair{"c_api", &c_api}}) {
        const double m = median(*times);
        std::printf("%-10s %12.1f %8.3f\n", name, m * per_query, m / base);
    }
    std::printf("\n(checksum %zu)\n", sink);
    return 0;
}

// The query language through the library API (lsearch/searcher.h): what a
// query finds in every match mode, how it was read (warnings), an empty query
// and "did you mean". The parser's trees are tested in tests/unit.
#include <doctest/doctest.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "lsearch.h"
#include "lsearch/indexer.h"
#include "lsearch/searcher.h"
#include "sample_index.h"

namespace {

// The ids found, in rank order, and the warnings as one string.
struct Found {
    std::string ids;
    std::string warnings;
    std::uint64_t total = 0;
};

Found find(lsearch::Searcher& searcher, const std::string& query,
           lsearch::MatchMode match = lsearch::MatchMode::AllThenAny,
           lsearch::SortOrder sort = lsearch::SortOrder::Relevance) {
    lsearch::SearchRequest request;
    request.query = query;
    request.match = match;
    request.sort = sort;
    const lsearch::SearchResponse response = searcher.search(request);
    Found found;
    for (const auto& hit : response.hits)
        found.ids += (found.ids.empty() ? "" : ",") + hit.id;
    for (const auto& warning : response.warnings)
        found.warnings += warning + "\n";
    found.total = response.total;
    return found;
}

}  // namespace

// SampleIndex: a-licenciements (AWS, cloud, France), b-licenciements
// (Amazon), c-cloud (cloud souverain, OVHcloud), d-peche, e-vide (France).
TEST_CASE("Searcher: +word and AND stay required when the query is read as any word") {
    const lsearch::test::SampleIndex index;
    lsearch::Searcher searcher(index.path());
    using lsearch::MatchMode;
    struct Row {
        const char* query;
        MatchMode match;
        const char* expected;  ///< ids, sorted
    };
    const Row rows[] = {
        // Any word: the three with either word.
        {"licenciements cloud", MatchMode::Any, "a-licenciements,b-licenciements,c-cloud"},
        {"licenciements +cloud", MatchMode::Any, "a-licenciements,c-cloud"},
        {"+licenciements cloud", MatchMode::Any, "a-licenciements,b-licenciements"},
        {"licenciements AND cloud", MatchMode::Any, "a-licenciements"},
        {"+licenciements +cloud", MatchMode::Any, "a-licenciements"},
        // Four words or more are read as any word by default.
        {"licenciements cloud France Bretagne +souverain", MatchMode::AllThenAny, "c-cloud"},
        {"licenciements cloud France +Bretagne", MatchMode::Any, "d-peche"},
        {"licenciements cloud pêche +\"cloud souverain\"", MatchMode::Any, "c-cloud"},
        {"licenciements cloud pêche +company:AWS", MatchMode::Any, "a-licenciements"},
        {"licenciements pêche +(AWS OR Amazon)", MatchMode::Any,
         "a-licenciements,b-licenciements"},
        // AND binds tighter than OR: (Amazon AND cadres) OR pêche.
        {"Amazon AND cadres OR pêche", MatchMode::Any, "b-licenciements,d-peche"},
        {"Amazon AND cloud OR pêche", MatchMode::AllThenAny, "d-peche"},
        // A required stop word is looked for.
        {"pêche +les", MatchMode::Any, "c-cloud,d-peche"},
        // With exclusions.
        {"licenciements cloud +France -AWS", MatchMode::Any, "e-vide"},
        {"France cloud -AWS", MatchMode::Any, "c-cloud,e-vide"},
    };
    for (const auto& row : rows) {
        CAPTURE(row.query);
        CAPTURE(static_cast<int>(row.match));
        std::string ids = find(searcher, row.query, row.match).ids;
        std::vector<std::string> sorted;
        for (std::size_t at = 0; at < ids.size();) {
            const std::size_t comma = std::min(ids.find(',', at), ids.size());
            sorted.push_back(ids.substr(at, comma - at));
            at = comma + 1;
        }
        std::sort(sorted.begin(), sorted.end());
        std::string joined;
        for (const auto& id : sorted)
            joined += (joined.empty() ? "" : ",") + id;
        CHECK(joined == row.expected);
        CHECK(find(searcher, row.query, row.match).warnings.empty());
    }
}

TEST_CASE("Searcher: an unknown field is searched as words, with a warning naming the fields") {
    const lsearch::test::SampleIndex index;
    lsearch::Searcher searcher(index.path());
    const Found found = find(searcher, "cloud lieu:souverain");
    // Read as the words `lieu` and `souverain`, in any article: none has `lieu`.
    CHECK(found.warnings ==
          "unknown field \"lieu:\" at position 6: searched as plain words (the fields are "
          "title:, company:, source:, year:; quote the text to search it as written)\n");
    CHECK(find(searcher, "auteur:Dupont").warnings.find("unknown field \"auteur:\" at position 0") !=
          std::string::npos);
    // A time, a URL, a known field: no warning.
    CHECK(find(searcher, "cloud 14:30").warnings.empty());
    CHECK(find(searcher, "https://example.org/cloud").warnings.empty());
    CHECK(find(searcher, "company:AWS").warnings.empty());
    // The C API returns the same warning in its JSON.
    lsearch_searcher* handle = lsearch_open(index.path().c_str());
    REQUIRE(handle != nullptr);
    char* response = lsearch_search(handle, R"({"query": "url:orange"})");
    REQUIRE(response != nullptr);
    const auto json = nlohmann::json::parse(response);
    lsearch_free(response);
    REQUIRE(json.at("warnings").size() == 1);
    CHECK(json.at("warnings")[0].get<std::string>().starts_with(
        "unknown field \"url:\" at position 0: searched as plain words"));
    lsearch_close(handle);
}

TEST_CASE("Searcher: an empty query browses every document, with facets, by id or by date") {
    const lsearch::test::SampleIndex index;
    lsearch::Searcher searcher(index.path());
    const char* const by_id = "a-licenciements,b-licenciements,c-cloud,d-peche,e-vide";
    for (const char* query : {"", "   ", "\t\n"}) {
        CAPTURE(query);
        lsearch::SearchRequest request;
        request.query = query;
        const lsearch::SearchResponse response = searcher.search(request);
        CHECK(response.total == 5);
        CHECK(response.total_exact);
        CHECK(response.warnings.empty());
        CHECK(response.suggestion.empty());
        CHECK_FALSE(response.relaxed);
        std::string ids;
        for (const auto& hit : response.hits) {
            ids += (ids.empty() ? "" : ",") + hit.id;
            CHECK(hit.score == 0);
        }
        CHECK(ids == by_id);
        CHECK(response.facets.year.size() == 5);
        CHECK(response.facets.company.size() == 3);  // AWS, Amazon, OVHcloud
    }
    // Newest first: 2025-11, 2024-05-02, 2023, 2022, 2021.
    CHECK(find(searcher, "", lsearch::MatchMode::AllThenAny, lsearch::SortOrder::Date).ids ==
          "b-licenciements,c-cloud,a-licenciements,d-peche,e-vide");
    // Only exclusions: every document but those.
    CHECK(find(searcher, "-cloud").ids == "b-licenciements,d-peche,e-vide");
    CHECK(find(searcher, "-cloud -pêche", lsearch::MatchMode::Any).ids == "b-licenciements,e-vide");
    // Only a filter.
    CHECK(find(searcher, "year:2023..").ids == "a-licenciements,b-licenciements,c-cloud");
    // Syntax that was all ignored means something went wrong: nothing, and a warning.
    const Found ignored = find(searcher, "((((");
    CHECK(ignored.total == 0);
    CHECK(ignored.warnings.find("unbalanced '('") != std::string::npos);
    // Through the C API.
    lsearch_searcher* handle = lsearch_open(index.path().c_str());
    REQUIRE(handle != nullptr);
    char* response = lsearch_search(handle, R"({"query": "", "limit": 2})");
    REQUIRE(response != nullptr);
    const auto json = nlohmann::json::parse(response);
    lsearch_free(response);
    CHECK(json.at("total") == 5);
    CHECK(json.at("results").size() == 2);
    lsearch_close(handle);
}

TEST_CASE("Searcher: did you mean corrects a rare word when a close one is far more frequent") {
    // `gouvernement` in 100 articles, `ministre` in 99, `Bretagne` in 1; one
    // article misspells the first two; `Bretagme` is a rare misspelling too.
    const auto dir = std::filesystem::temp_directory_path() /
                     ("lsearch-embed-suggest-" + std::to_string(getpid()));
    std::filesystem::remove_all(dir);
    {
        lsearch::IndexerOptions options;
        options.db_path = (dir / "index").string();
        lsearch::Indexer indexer(options);
        for (int i = 0; i < 100; ++i) {
            indexer.add({"doc-" + std::to_string(i), "", "2020", "", "", {},
                         std::string("Le gouvernement annonce un plan.") +
                             (i < 99 ? " Le ministre répond." : "")});
        }
        indexer.add({"typo", "", "2020", "", "", {},
                     "Le gouvernment et le minsitre visitent la Bretagne et la Bretagme."});
        indexer.commit();
    }
    lsearch::Searcher searcher((dir / "index").string());
    const auto suggestion = [&](const std::string& query) {
        lsearch::SearchRequest request;
        request.query = query;
        request.facets = false;
        return searcher.search(request).suggestion;
    };
    // In 1 article, one edit from a word in 100: corrected, capital kept.
    CHECK(suggestion("gouvernment") == "gouvernement");
    CHECK(suggestion("Gouvernment plan") == "Gouvernement plan");
    // 99 articles is under 100 times as many.
    CHECK(suggestion("minsitre") == "");
    // The word itself, and a rare word with no frequent neighbour.
    CHECK(suggestion("gouvernement") == "");
    CHECK(suggestion("Bretagne") == "");
    CHECK(suggestion("Bretagme") == "");
    // An unknown word, as before.
    CHECK(suggestion("gouvernemant") == "gouvernement");
    std::filesystem::remove_all(dir);
}

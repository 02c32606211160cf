// Tests of the embedding API: the JSON forms of a search (lsearch/json.h)
// and the C API (lsearch.h), which must never let an exception through.
#include <doctest/doctest.h>

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "lsearch.h"
#include "lsearch/json.h"
#include "sample_index.h"

namespace {

std::string describe(const lsearch::SearchRequest& r) {
    return "query=" + r.query + " offset=" + std::to_string(r.offset) +
           " limit=" + std::to_string(r.limit) +
           " sort=" + (r.sort == lsearch::SortOrder::Date ? "date" : "relevance") +
           " match=" + (r.match == lsearch::MatchMode::Any ? "any" : "all_then_any") +
           " facets=" + (r.facets ? "on" : "off") +
           " facet_values=" + std::to_string(r.facet_values) +
           " snippet=" + std::to_string(r.snippet_length) +
           " count_limit=" + std::to_string(r.count_limit);
}

// describe() of the request, or "error: " and the error's message.
std::string read_request(std::string_view json) {
    try {
        return describe(lsearch::request_from_json(json));
    } catch (const lsearch::InvalidArgument& e) {
        return std::string("error: ") + e.what();
    }
}

struct Closer {
    void operator()(lsearch_searcher* searcher) const { lsearch_close(searcher); }
};
using Handle = std::unique_ptr<lsearch_searcher, Closer>;

// lsearch_search() as a std::string ("" for NULL), the C string freed.
std::string search(lsearch_searcher* searcher, const char* request) {
    char* response = lsearch_search(searcher, request);
    if (response == nullptr) return "";
    std::string copy = response;
    lsearch_free(response);
    return copy;
}

}  // namespace

TEST_CASE("request_from_json reads requests and names what is wrong") {
    struct Row {
        const char* json;
        const char* expected;  // describe(), or the start of "error: ..."
    };
    const Row rows[] = {
        {R"({"query": "AWS"})",
         "query=AWS offset=0 limit=10 sort=relevance match=all_then_any facets=on facet_values=10 "
         "snippet=200"},
        {R"({"query": "a b", "offset": 20, "limit": 5, "sort": "date", "match": "any",
             "facets": false, "facet_values": 3, "snippet_length": 0})",
         "query=a b offset=20 limit=5 sort=date match=any facets=off facet_values=3 snippet=0"},
        {R"({"query": ""})",
         "query= offset=0 limit=10 sort=relevance match=all_then_any facets=on facet_values=10 "
         "snippet=200"},
        {R"({"query": "x", "limit": 10000})",
         "query=x offset=0 limit=10000 sort=relevance match=all_then_any facets=on "
         "facet_values=10 snippet=200"},
        {R"({"query": "x", "count_limit": 5})",
         "query=x offset=0 limit=10 sort=relevance match=all_then_any facets=on "
         "facet_values=10 snippet=200 count_limit=5"},
        {R"({"query": "x"})",
         "query=x offset=0 limit=10 sort=relevance match=all_then_any facets=on "
         "facet_values=10 snippet=200 count_limit=10000"},
        {R"({"query": "x", "count_limit": 0})",
         "error: search request: \"count_limit\" must be at least 1"},
        {R"({"query": "x", "limit": 10001})",
         "error: search request: \"limit\" must be at most 10000"},
        {R"({"query": "x", "limit": -1})",
         "error: search request: \"limit\" must be 0 or more, not -1"},
        {R"({"query": "x", "limit": 2.5})", "error: search request: \"limit\" must be an integer"},
        {R"({"query": "x", "offset": "3"})",
         "error: search request: \"offset\" must be an integer"},
        {R"({"query": 3})", "error: search request: \"query\" must be a string"},
        {R"({"query": "x", "sort": "newest"})",
         "error: search request: \"sort\" must be \"relevance\" or \"date\", not \"newest\""},
        {R"({"query": "x", "match": "all"})",
         "error: search request: \"match\" must be \"all_then_any\" or \"any\", not \"all\""},
        {R"({"query": "x", "facets": 1})",
         "error: search request: \"facets\" must be true or false"},
        {R"({"query": "x", "limt": 5})", "error: search request: \"limt\" is not a request member"},
        {R"({"limit": 5})", "error: search request: \"query\" is missing"},
        {R"(["AWS"])", "error: search request: must be a JSON object"},
        {R"("AWS")", "error: search request: must be a JSON object"},
        {R"({"query": "AWS")", "error: search request: not valid JSON at byte 15"},
        // The position of a bad token is its last byte.
        {R"({"query" "AWS"})",
         "error: search request: not valid JSON at byte 13 (syntax error while parsing object "
         "separator - unexpected string literal; expected ':'); send an object such as"},
        {R"({"query": "a"} x)", "error: search request: not valid JSON at byte 15"},
        {"", "error: search request: not valid JSON at byte 0"},
    };
    for (const auto& row : rows) {
        CAPTURE(row.json);
        const std::string got = read_request(row.json);
        CHECK(got.substr(0, std::string_view(row.expected).size()) == row.expected);
    }
}

TEST_CASE("to_json writes the documented shape") {
    lsearch::SearchResponse response;
    response.query = "AWS";
    response.total = 1;
    response.limit = 10;
    response.warnings = {"unbalanced quote"};
    lsearch::Hit hit;
    hit.rank = 1;
    hit.id = "a";
    hit.date = "2023";
    hit.companies = {"AWS"};
    hit.score = 1.5;
    hit.snippet = {"AWS \xff licencie", {{0, 3}}};  // invalid UTF-8 becomes U+FFFD
    response.hits.push_back(hit);
    response.facets.year = {{"2023", 1}};
    CHECK(lsearch::to_json(response) ==
          R"({"version":2,"query":"AWS","total":1,"total_exact":true,"offset":0,"limit":10,)"
          R"("relaxed":false,)"
          R"("suggestion":"","warnings":["unbalanced quote"],"results":[{"rank":1,"id":"a",)"
          R"("title":"","url":"","date":"2023","source":"","companies":["AWS"],"score":1.5,)"
          R"("snippet":{"text":"AWS )"
          "\xef\xbf\xbd"
          R"( licencie","highlights":[[0,3]]}}],"facets_exact":true,"facets":)"
          R"({"company":[],"year":[{"value":"2023","count":1}],"source":[]}})");
    CHECK(lsearch::error_json("year:abc", "bad year", 5) ==
          R"({"version":2,"query":"year:abc","error":"bad year","position":5})");
    CHECK(lsearch::error_json("x", "index gone") ==
          R"({"version":2,"query":"x","error":"index gone"})");
}

TEST_CASE("C API: errors come back as NULL and a message, never as an exception") {
    const lsearch::test::SampleIndex index;

    SUBCASE("a missing index") {
        CHECK(lsearch_open("/nonexistent/lsearch-index") == nullptr);
        CHECK(lsearch_last_error_code() == LSEARCH_INDEX_NOT_FOUND);
        CHECK(std::string(lsearch_last_error()).find("no index at /nonexistent/lsearch-index") !=
              std::string::npos);
    }
    SUBCASE("NULL arguments") {
        CHECK(lsearch_open(nullptr) == nullptr);
        CHECK(lsearch_last_error_code() == LSEARCH_INVALID_ARGUMENT);
        CHECK(std::string(lsearch_last_error()) == "lsearch_open: path is NULL");
        CHECK(lsearch_search(nullptr, R"({"query": "x"})") == nullptr);
        CHECK(std::string(lsearch_last_error()) == "lsearch_search: searcher is NULL");
        const Handle searcher(lsearch_open(index.path().c_str()));
        REQUIRE(searcher != nullptr);
        CHECK(lsearch_search(searcher.get(), nullptr) == nullptr);
        CHECK(std::string(lsearch_last_error()) == "lsearch_search: request is NULL");
        lsearch_close(nullptr);
        lsearch_free(nullptr);
    }
    SUBCASE("bad requests and queries, then a good one on the same handle") {
        const Handle searcher(lsearch_open(index.path().c_str()));
        REQUIRE(searcher != nullptr);
        CHECK(lsearch_last_error_code() == LSEARCH_OK);
        CHECK(search(searcher.get(), "{\"query\": ").empty());
        CHECK(lsearch_last_error_code() == LSEARCH_INVALID_ARGUMENT);
        CHECK(std::string(lsearch_last_error()).find("not valid JSON at byte 10") !=
              std::string::npos);
        CHECK(search(searcher.get(), R"({"query": "year:abc"})").empty());
        CHECK(lsearch_last_error_code() == LSEARCH_QUERY_SYNTAX);
        CHECK(std::string(lsearch_last_error()).find("(at position 5)") != std::string::npos);

        const std::string response =
            search(searcher.get(), R"({"query": "licenciements", "limit": 1})");
        CHECK(lsearch_last_error_code() == LSEARCH_OK);
        CHECK(std::string(lsearch_last_error()).empty());
        const auto json = nlohmann::json::parse(response);
        CHECK(json["version"] == 2);
        CHECK(json["total"] == 2);
        REQUIRE(json["results"].size() == 1);
        CHECK(json["results"][0]["id"] == "b-licenciements");  // title and two mentions
        CHECK(json["facets"]["company"].dump() ==
              R"([{"count":1,"value":"AWS"},{"count":1,"value":"Amazon"}])");
    }
    SUBCASE("the response is what Searcher and to_json give") {
        const Handle searcher(lsearch_open(index.path().c_str()));
        REQUIRE(searcher != nullptr);
        lsearch::Searcher cxx(index.path());
        lsearch::SearchRequest request;
        request.query = "cloud";
        request.sort = lsearch::SortOrder::Date;
        CHECK(search(searcher.get(), R"({"query": "cloud", "sort": "date"})") ==
              lsearch::to_json(cxx.search(request)));
    }
    CHECK(std::string(lsearch_version()) == LSEARCH_TEST_VERSION);
}

namespace {

// The total and the facets as "total=N (exact|estimated) company=... year=...
// (exact|estimated)", and the hits' ids.
std::string describe_counts(const lsearch::SearchResponse& response) {
    auto facet = [](const std::vector<lsearch::FacetValue>& values) {
        std::string out;
        for (const auto& value : values)
            out += (out.empty() ? "" : ",") + value.value + " " + std::to_string(value.count);
        return out;
    };
    std::string ids;
    for (const auto& hit : response.hits)
        ids += (ids.empty() ? "" : ",") + hit.id;
    return "total=" + std::to_string(response.total) +
           (response.total_exact ? " exact" : " estimated") +
           " company=" + facet(response.facets.company) + " year=" + facet(response.facets.year) +
           (response.facets_exact ? " exact" : " estimated") + " hits=" + ids;
}

}  // namespace

TEST_CASE("Searcher: total and facets are exact up to count_limit, then estimated and flagged") {
    const lsearch::test::SampleIndex index;
    lsearch::Searcher searcher(index.path());
    // a-licenciements (AWS, 2023), b-licenciements (Amazon, 2025-11) and
    // c-cloud (OVHcloud, 2024-05-02) match, written in that order. Up to
    // count_limit matches, everything is counted. Past it, count_limit + 1
    // matches are counted (a and b for a limit of 1), Xapian estimates the
    // total (3 here), and each count seen is scaled by total / (limit + 1):
    // 1 x 3/2, rounded, is 2.
    struct Row {
        std::size_t count_limit;
        const char* expected;
    };
    const char* const all_counted =
        "total=3 exact company=AWS 1,Amazon 1,OVHcloud 1 year=2023 1,2024 1,2025 1 exact";
    const Row rows[] = {
        {10000, all_counted},
        {3, all_counted},
        // Three counted, but Xapian cannot tell that the third was the last
        // (its estimate is 3): each count x 3/3.
        {2,
         "total=3 estimated company=AWS 1,Amazon 1,OVHcloud 1 year=2023 1,2024 1,2025 1 "
         "estimated"},
        {1, "total=3 estimated company=AWS 2,Amazon 2 year=2023 2,2025 2 estimated"},
    };
    std::string hits;
    for (const auto& row : rows) {
        CAPTURE(row.count_limit);
        lsearch::SearchRequest request;
        request.query = "licenciements OR cloud";
        request.count_limit = row.count_limit;
        const std::string got = describe_counts(searcher.search(request));
        const auto at = got.find(" hits=");
        CHECK(got.substr(0, at) == row.expected);
        // The same page whatever is counted; a, which has both words, first.
        if (hits.empty()) hits = got.substr(at);
        CHECK(got.substr(at) == hits);
        CHECK(hits.starts_with(" hits=a-licenciements,"));
    }
    SUBCASE("sorted by date, the same hits whatever the limit") {
        lsearch::SearchRequest request;
        request.query = "licenciements OR cloud";
        request.sort = lsearch::SortOrder::Date;
        const std::string exact = describe_counts(searcher.search(request));
        request.count_limit = 1;
        const std::string estimated = describe_counts(searcher.search(request));
        CHECK(exact.substr(exact.find(" hits=")) ==
              " hits=b-licenciements,c-cloud,a-licenciements");
        CHECK(estimated.substr(estimated.find(" hits=")) == exact.substr(exact.find(" hits=")));
        CHECK(estimated.find("estimated") != std::string::npos);
    }
    SUBCASE("without facets nothing is counted: no facets, and the total is Xapian's") {
        lsearch::SearchRequest request;
        request.query = "licenciements OR cloud";
        request.facets = false;
        const lsearch::SearchResponse response = searcher.search(request);
        CHECK(response.total == 3);  // all three are on the page
        CHECK(response.facets_exact);
        CHECK(response.facets.year.empty());
    }
    SUBCASE("a count_limit of 0 is refused") {
        lsearch::SearchRequest request;
        request.query = "cloud";
        request.count_limit = 0;
        CHECK_THROWS_AS(searcher.search(request), lsearch::InvalidArgument);
    }
}

TEST_CASE("Searcher: equal scores rank by id, on every page") {
    // 12 copies of one article (equal scores for any query), 2 articles with
    // the word more often (higher scores), and 40 others of 2020 (a filter
    // alone scores every match 0), written in a scrambled order so that
    // Xapian's document numbers are not in id order.
    const auto dir = std::filesystem::temp_directory_path() /
                     ("lsearch-embed-ties-" + std::to_string(getpid()));
    std::filesystem::remove_all(dir);
    std::vector<std::string> copies, others;
    for (int i = 0; i < 12; ++i)
        copies.push_back("copy-" + std::string(i < 10 ? "0" : "") + std::to_string(i));
    for (int i = 0; i < 40; ++i)
        others.push_back("other-" + std::string(i < 10 ? "0" : "") + std::to_string(i));
    {
        lsearch::IndexerOptions options;
        options.db_path = (dir / "index").string();
        lsearch::Indexer indexer(options);
        for (int i = 0; i < 12; ++i) {  // 7 is prime to 12: every copy once
            indexer.add({copies[static_cast<std::size_t>(i * 7 % 12)], "", "2021", "", "", {},
                         "Une hydrolienne au large de la Bretagne."});
        }
        indexer.add({"zz-best", "", "2021", "", "", {},
                     "Hydrolienne, hydrolienne, hydrolienne : la Bretagne y croit."});
        indexer.add({"aa-second", "", "2021", "", "", {},
                     "Une hydrolienne, puis une autre hydrolienne en Bretagne."});
        for (int i = 0; i < 40; ++i) {
            indexer.add({others[static_cast<std::size_t>(i * 7 % 40)], "", "2020", "", "", {},
                         "Rien à voir."});
        }
        indexer.commit();
    }
    lsearch::Searcher searcher((dir / "index").string());
    // Every page of `query`, `limit` hits at a time, from `offset` on.
    const auto pages = [&](const std::string& query, std::size_t limit, std::size_t offset) {
        std::vector<std::string> ids;
        for (;; offset += limit) {
            lsearch::SearchRequest request;
            request.query = query;
            request.limit = limit;
            request.offset = offset;
            request.facets = false;
            const lsearch::SearchResponse response = searcher.search(request);
            for (const auto& hit : response.hits)
                ids.push_back(hit.id);
            if (response.hits.size() < limit) return ids;
        }
    };
    SUBCASE("a tie across the pages' edges (the copies)") {
        std::vector<std::string> expected = {"zz-best", "aa-second"};
        expected.insert(expected.end(), copies.begin(), copies.end());
        CHECK(pages("hydrolienne", 3, 0) == expected);
        CHECK(pages("hydrolienne", 5, 0) == expected);
        expected.erase(expected.begin());
        CHECK(pages("hydrolienne", 4, 1) == expected);
        CHECK(pages("hydrolienne", 14, 0).size() == 14);
    }
    SUBCASE("a tie longer than the page and what follows it (a filter alone)") {
        CHECK(pages("year:2020", 5, 0) == others);
        CHECK(pages("year:2020", 7, 0) == others);
        CHECK(pages("year:2020", 40, 0) == others);
    }
    std::filesystem::remove_all(dir);
}

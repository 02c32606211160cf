// Tests of the embedding API: the JSON forms of a search (lsearch/json.h)
// and the C API (lsearch.h), which must never let an exception through.
#include <doctest/doctest.h>

#include <filesystem>
#include <map>
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
           " match=" +
           (r.match == lsearch::MatchMode::Any   ? "any"
            : r.match == lsearch::MatchMode::All ? "all"
                                                 : "all_then_any") +
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
         "facet_values=10 snippet=200 count_limit=0"},
        {R"({"query": "x", "count_limit": 0})",
         "query=x offset=0 limit=10 sort=relevance match=all_then_any facets=on "
         "facet_values=10 snippet=200 count_limit=0"},
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
         "query=x offset=0 limit=10 sort=relevance match=all facets=on"},
        {R"({"query": "x", "match": "every"})",
         "error: search request: \"match\" must be \"all_then_any\", \"all\" or \"any\", not "
         "\"every\""},
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
          R"({"version":3,"query":"AWS","total":1,"total_exact":true,"offset":0,"limit":10,)"
          R"("relaxed":false,)"
          R"("suggestion":"","warnings":["unbalanced quote"],"results":[{"rank":1,"id":"a",)"
          R"("title":"","url":"","date":"2023","source":"","companies":["AWS"],"score":1.5,)"
          R"("snippet":{"text":"AWS )"
          "\xef\xbf\xbd"
          R"( licencie","highlights":[[0,3]]}}],"facets_exact":true,"facets":)"
          R"({"company":[],"year":[{"value":"2023","count":1}],"source":[]}})");
    CHECK(lsearch::error_json("year:abc", "bad year", 5) ==
          R"({"version":3,"query":"year:abc","error":"bad year","position":5})");
    CHECK(lsearch::error_json("x", "index gone") ==
          R"({"version":3,"query":"x","error":"index gone"})");
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
        CHECK(json["version"] == 3);
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
// (exact|lower bounds)", and the hits' ids.
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
           (response.total_exact ? " exact" : " lower bound") +
           " company=" + facet(response.facets.company) + " year=" + facet(response.facets.year) +
           (response.facets_exact ? " exact" : " lower bounds") + " hits=" + ids;
}

}  // namespace

TEST_CASE("Searcher: every match counted by default, and a count_limit gives true lower bounds") {
    const lsearch::test::SampleIndex index;
    lsearch::Searcher searcher(index.path());
    // a-licenciements (AWS, 2023), b-licenciements (Amazon, 2025-11) and
    // c-cloud (OVHcloud, 2024-05-02) match, written in that order. A limit
    // of N counts the first N in the facets; the total is exact when Xapian
    // saw the last match, else N with total_exact false ("more than N").
    struct Row {
        std::size_t count_limit;
        const char* expected;
    };
    const char* const all_counted =
        "total=3 exact company=AWS 1,Amazon 1,OVHcloud 1 year=2023 1,2024 1,2025 1 exact";
    const Row rows[] = {
        {lsearch::SearchRequest::kNoCountLimit, all_counted},
        {10000, all_counted},
        {3, all_counted},
        // Three seen, but Xapian cannot tell that the third was the last:
        // more than 2.
        {2, "total=2 lower bound company=AWS 1,Amazon 1 year=2023 1,2025 1 lower bounds"},
        // It saw a second match: more than 1.
        {1, "total=1 lower bound company=AWS 1 year=2023 1 lower bounds"},
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
        const std::string bounded = describe_counts(searcher.search(request));
        CHECK(exact.substr(exact.find(" hits=")) ==
              " hits=b-licenciements,c-cloud,a-licenciements");
        CHECK(bounded.substr(bounded.find(" hits=")) == exact.substr(exact.find(" hits=")));
        CHECK(bounded.find("lower bound") != std::string::npos);
    }
    SUBCASE("without facets the total is counted too, exactly") {
        lsearch::SearchRequest request;
        request.query = "licenciements OR cloud";
        request.facets = false;
        request.limit = 1;
        const lsearch::SearchResponse response = searcher.search(request);
        CHECK(response.total == 3);
        CHECK(response.total_exact);
        CHECK(response.facets_exact);
        CHECK(response.facets.year.empty());
    }
}

TEST_CASE("Searcher: the documented edges of a request give answers, not crashes") {
    const lsearch::test::SampleIndex index;
    lsearch::Searcher searcher(index.path());
    const Handle c_searcher(lsearch_open(index.path().c_str()));
    REQUIRE(c_searcher != nullptr);
    // "licenciements" is in a- and b-licenciements (sample_index.h).
    const auto request = [](std::size_t offset, std::size_t limit) {
        lsearch::SearchRequest r;
        r.query = "licenciements";
        r.offset = offset;
        r.limit = limit;
        return r;
    };
    const auto check_same_through_c = [&](const lsearch::SearchRequest& r) {
        const std::string json =
            R"({"query": ")" + r.query + R"(", "offset": )" + std::to_string(r.offset) +
            R"(, "limit": )" + std::to_string(r.limit) + R"(, "facet_values": )" +
            std::to_string(r.facet_values) + R"(, "count_limit": )" +
            std::to_string(r.count_limit) + R"(, "snippet_length": )" +
            std::to_string(r.snippet_length) + "}";
        CAPTURE(json);
        CHECK(search(c_searcher.get(), json.c_str()) == lsearch::to_json(searcher.search(r)));
    };
    SUBCASE("limit 0: the total and the facets, no hit") {
        for (const std::string query : {"licenciements", "licenciements Amazon", "year:2023",
                                        "licenciements OR cloud"}) {
            CAPTURE(query);
            for (const auto sort : {lsearch::SortOrder::Relevance, lsearch::SortOrder::Date}) {
                lsearch::SearchRequest r = request(0, 0);
                r.query = query;
                r.sort = sort;
                const lsearch::SearchResponse response = searcher.search(r);
                CHECK(response.hits.empty());
                CHECK(response.total > 0);
                CHECK(response.total_exact);
                CHECK_FALSE(response.facets.year.empty());
                r.limit = 10;
                CHECK(searcher.search(r).total == response.total);
            }
        }
        const lsearch::SearchResponse response = searcher.search(request(0, 0));
        CHECK(response.total == 2);
        CHECK(response.facets.company.size() == 2);
        check_same_through_c(request(0, 0));
        check_same_through_c(request(1, 0));
    }
    SUBCASE("an offset at or past the end: no hit, the same total") {
        for (const std::size_t offset :
             {std::size_t{2}, std::size_t{3}, std::size_t{1000000}, std::size_t{4294967296},
              static_cast<std::size_t>(-1)}) {
            CAPTURE(offset);
            const lsearch::SearchResponse response = searcher.search(request(offset, 10));
            CHECK(response.hits.empty());
            CHECK(response.total == 2);
            CHECK(response.offset == offset);
        }
        check_same_through_c(request(5, 10));
        const lsearch::SearchResponse last = searcher.search(request(1, 10));
        REQUIRE(last.hits.size() == 1);
        CHECK(last.hits[0].rank == 2);
    }
    SUBCASE("limit 10000, the most, and one more refused") {
        CHECK(searcher.search(request(0, lsearch::SearchRequest::kMaxLimit)).hits.size() == 2);
        CHECK_THROWS_AS(searcher.search(request(0, lsearch::SearchRequest::kMaxLimit + 1)),
                        lsearch::InvalidArgument);
        check_same_through_c(request(0, lsearch::SearchRequest::kMaxLimit));
    }
    SUBCASE("facet_values 0 and count_limit 1") {
        lsearch::SearchRequest r = request(0, 10);
        r.facet_values = 0;
        lsearch::SearchResponse response = searcher.search(r);
        CHECK(response.facets.company.empty());
        CHECK(response.facets.year.empty());
        CHECK(response.total == 2);
        check_same_through_c(r);
        r.facet_values = 10;
        r.count_limit = 1;
        r.query = "licenciements OR cloud";
        response = searcher.search(r);
        CHECK(response.total == 1);
        CHECK_FALSE(response.total_exact);
        CHECK_FALSE(response.facets_exact);
        CHECK(response.hits.size() == 3);  // the page does not depend on the count
        check_same_through_c(r);
        r.snippet_length = 0;
        CHECK(searcher.search(r).hits.at(0).snippet.text.empty());
    }
    SUBCASE("the largest values: the whole text, every value") {
        lsearch::SearchRequest r = request(0, 10);
        r.snippet_length = static_cast<std::size_t>(-1);
        r.facet_values = static_cast<std::size_t>(-1);
        r.count_limit = static_cast<std::size_t>(-1);
        const lsearch::SearchResponse response = searcher.search(r);
        REQUIRE(response.hits.size() == 2);
        CHECK(response.hits[0].snippet.text.find("Amazon confirme des licenciements") !=
              std::string::npos);
        CHECK(response.facets.company.size() == 2);
        CHECK(response.total_exact);
    }
}

namespace {

// An index of `n` generated articles, removed with it. Article i has the word
// "alpha"; "beta" when i is even; "gamma" unless i is a multiple of 7; its
// year is 2019 + i % 3.
class GeneratedIndex {
  public:
    explicit GeneratedIndex(int n) : n_(n) {
        dir_ = std::filesystem::temp_directory_path() /
               ("lsearch-embed-generated-" + std::to_string(getpid()));
        std::filesystem::remove_all(dir_);
        lsearch::IndexerOptions options;
        options.db_path = path();
        lsearch::Indexer indexer(options);
        for (int i = 0; i < n; ++i) {
            std::string text = "alpha";
            if (has_beta(i)) text += " beta";
            if (has_gamma(i)) text += " gamma";
            text += " texte " + std::to_string(i);
            indexer.add({"g" + std::to_string(i), "", year(i), "", "", {}, text});
        }
        indexer.commit();
    }
    ~GeneratedIndex() {
        std::error_code ignored;
        std::filesystem::remove_all(dir_, ignored);
    }
    GeneratedIndex(const GeneratedIndex&) = delete;
    GeneratedIndex& operator=(const GeneratedIndex&) = delete;

    [[nodiscard]] std::string path() const { return (dir_ / "index").string(); }
    static bool has_beta(int i) { return i % 2 == 0; }
    static bool has_gamma(int i) { return i % 7 != 0; }
    static std::string year(int i) { return std::to_string(2019 + i % 3); }
    [[nodiscard]] int size() const { return n_; }

  private:
    int n_;
    std::filesystem::path dir_;
};

}  // namespace

TEST_CASE("Searcher: totals and facets are exact past 10,000 matches, with facets or without") {
    // More matches than the count used to stop at (10,001), so that an
    // estimate or scaled facets would show.
    const GeneratedIndex index(12000);
    lsearch::Searcher searcher(index.path());
    struct Expected {
        std::uint64_t total = 0;
        std::map<std::string, std::uint64_t> years;
    };
    const auto expect = [&](bool (*matches)(int)) {
        Expected e;
        for (int i = 0; i < index.size(); ++i) {
            if (!matches(i)) continue;
            ++e.total;
            ++e.years[GeneratedIndex::year(i)];
        }
        return e;
    };
    struct Case {
        const char* query;
        bool (*matches)(int);
    };
    const Case cases[] = {
        {"alpha", [](int) { return true; }},
        {"alpha gamma", GeneratedIndex::has_gamma},
        {"gamma -beta", [](int i) { return GeneratedIndex::has_gamma(i) && !GeneratedIndex::has_beta(i); }},
        {"beta OR gamma", [](int i) { return GeneratedIndex::has_beta(i) || GeneratedIndex::has_gamma(i); }},
        {"year:2020..2021 alpha", [](int i) { return GeneratedIndex::year(i) != "2019"; }},
    };
    for (const Case& c : cases) {
        CAPTURE(c.query);
        const Expected expected = expect(c.matches);
        for (const auto sort : {lsearch::SortOrder::Relevance, lsearch::SortOrder::Date}) {
            lsearch::SearchRequest request;
            request.query = c.query;
            request.sort = sort;
            lsearch::SearchResponse response = searcher.search(request);
            CHECK(response.total == expected.total);
            CHECK(response.total_exact);
            CHECK(response.facets_exact);
            std::map<std::string, std::uint64_t> years;
            for (const auto& value : response.facets.year)
                years[value.value] = value.count;
            CHECK(years == expected.years);
            request.facets = false;
            response = searcher.search(request);
            CHECK(response.total == expected.total);
            CHECK(response.total_exact);
        }
        // A count_limit: "more than 10000", and facets that do not exceed
        // the true counts.
        lsearch::SearchRequest request;
        request.query = c.query;
        request.count_limit = 10000;
        const lsearch::SearchResponse response = searcher.search(request);
        if (response.total_exact) {
            CHECK(response.total == expected.total);
        } else {
            CHECK(response.total == 10000);
            CHECK(expected.total > 10000);
        }
        CHECK(response.facets_exact == (expected.total <= 10000));
        std::uint64_t counted = 0;
        for (const auto& value : response.facets.year) {
            CHECK(value.count <= expected.years.at(value.value));
            counted += value.count;
        }
        CHECK(counted == std::min<std::uint64_t>(expected.total, 10000));
    }
}

TEST_CASE("Searcher: documents with every word come first, and relaxed says when others follow") {
    // A question of four words, of which one article has all ("tous") and
    // the others three, each of them with those three many times (a higher
    // BM25 weight than "tous" has).
    const auto dir = std::filesystem::temp_directory_path() /
                     ("lsearch-embed-match-" + std::to_string(getpid()));
    std::filesystem::remove_all(dir);
    {
        lsearch::IndexerOptions options;
        options.db_path = (dir / "index").string();
        lsearch::Indexer indexer(options);
        indexer.add({"tous", "", "2019", "", "", {},
                     "La grève de la SNCF et de la RATP a duré tout décembre."});
        indexer.add({"sans-decembre", "", "2020", "", "", {},
                     "Grève à la SNCF, grève à la RATP : la grève continue. SNCF, RATP."});
        indexer.add({"sans-ratp", "", "2021", "", "", {},
                     "Grève SNCF en décembre : la grève de décembre à la SNCF, encore la grève."});
        indexer.add({"decembre-seul", "", "2022", "", "", {}, "Il neige en décembre."});
        indexer.add({"rien", "", "2023", "", "", {}, "Rien à voir."});
        indexer.commit();
    }
    lsearch::Searcher searcher((dir / "index").string());
    const auto ids = [](const lsearch::SearchResponse& response) {
        std::vector<std::string> out;
        for (const auto& hit : response.hits)
            out.push_back(hit.id);
        return out;
    };
    lsearch::SearchRequest request;
    request.query = "grève SNCF RATP décembre";
    SUBCASE("by relevance: the article with every word first, then the others, flagged") {
        const lsearch::SearchResponse response = searcher.search(request);
        REQUIRE(response.hits.size() == 4);
        CHECK(response.hits[0].id == "tous");
        CHECK(response.relaxed);
        CHECK(response.total == 4);
        // Scores are BM25's, without the constant that put "tous" first.
        CHECK(response.hits[0].score < response.hits[1].score);
        // Every page agrees.
        request.offset = 1;
        request.limit = 1;
        CHECK(ids(searcher.search(request)) == std::vector<std::string>{ids(response)[1]});
    }
    SUBCASE("by date: the articles with every word only") {
        request.sort = lsearch::SortOrder::Date;
        const lsearch::SearchResponse response = searcher.search(request);
        CHECK(ids(response) == std::vector<std::string>{"tous"});
        CHECK(response.total == 1);
        CHECK_FALSE(response.relaxed);
    }
    SUBCASE("match all: never the others") {
        request.match = lsearch::MatchMode::All;
        const lsearch::SearchResponse response = searcher.search(request);
        CHECK(ids(response) == std::vector<std::string>{"tous"});
        CHECK(response.total == 1);
        CHECK_FALSE(response.relaxed);
        request.query = "grève SNCF RATP neige";
        CHECK(searcher.search(request).total == 0);
    }
    SUBCASE("match any: by weight, flagged") {
        request.match = lsearch::MatchMode::Any;
        const lsearch::SearchResponse response = searcher.search(request);
        CHECK(response.total == 4);
        CHECK(response.relaxed);
        CHECK(response.hits[0].id != "tous");
        request.query = "SNCF";  // one word: nothing less than the whole query
        CHECK_FALSE(searcher.search(request).relaxed);
    }
    SUBCASE("no article with every word: any word, flagged, in date order too") {
        request.query = "grève SNCF RATP neige";
        for (const auto sort : {lsearch::SortOrder::Relevance, lsearch::SortOrder::Date}) {
            request.sort = sort;
            const lsearch::SearchResponse response = searcher.search(request);
            CHECK(response.relaxed);
            CHECK(response.total == 4);
        }
    }
    SUBCASE("a short query with every word found is not relaxed") {
        request.query = "grève SNCF";
        const lsearch::SearchResponse response = searcher.search(request);
        CHECK_FALSE(response.relaxed);
        CHECK(response.total == 3);
    }
    std::filesystem::remove_all(dir);
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

// End to end on the seed collection in data/: what the README's first
// command does, and what a user of the two tools relies on.
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "cli.h"

using namespace lsearch::test;
using nlohmann::json;

namespace {

std::vector<std::string> ids_of(const json& response) {
    std::vector<std::string> ids;
    for (const auto& hit : response.at("results")) ids.push_back(hit.at("id").get<std::string>());
    return ids;
}

std::uint64_t facet_count(const json& response, const std::string& facet, const std::string& value) {
    for (const auto& entry : response.at("facets").at(facet)) {
        if (entry.at("value") == value) return entry.at("count").get<std::uint64_t>();
    }
    return 0;
}

struct Indexed {
    TempDir dir;
    std::string db = (dir / "index").string();
    Result indexing = run(kLindex, {"--db", db, "data"});

    json search(const std::vector<std::string>& words, int expected_status = 0) {
        std::vector<std::string> args{"--db", db, "--format", "json"};
        args.insert(args.end(), words.begin(), words.end());
        const Result result = run(kLsearch, args);
        CAPTURE(result.err);
        CHECK(result.status == expected_status);
        return json::parse(result.out);
    }
};

}  // namespace

TEST_CASE("e2e: lindex indexes the seed collection") {
    Indexed index;
    CAPTURE(index.indexing.err);
    CHECK(index.indexing.status == 0);
    CHECK(contains(index.indexing.out, "5 added"));
    CHECK(contains(index.indexing.out, "0 rejected"));

    SUBCASE("a second run finds nothing to change") {
        const Result again = run(kLindex, {"--db", index.db, "data"});
        CHECK(again.status == 0);
        CHECK(contains(again.out, "0 added, 0 updated, 5 unchanged, 0 removed"));
    }
}

TEST_CASE("e2e: lsearch \"AWS France\" finds the article on AWS France first") {
    Indexed index;
    const json response = index.search({"AWS", "France"});
    REQUIRE(!response.at("results").empty());
    // Only the 2023 article names both AWS and France.
    CHECK(ids_of(response).front() == "aws-france-licenciements-2023");
    CHECK(response.at("relaxed") == false);
    const json& first = response.at("results").front();
    CHECK(first.at("date") == "2023");
    CHECK(first.at("companies") == json::array({"AWS", "Amazon"}));
    const std::string snippet = first.at("snippet").at("text");
    CHECK(contains(snippet, "AWS"));
    CHECK(!first.at("snippet").at("highlights").empty());
}

TEST_CASE("e2e: text output for people") {
    Indexed index;
    const Result result = run(kLsearch, {"--db", index.db, "AWS", "France"});
    CHECK(result.status == 0);
    CHECK(contains(result.out, "1. "));
    CHECK(contains(result.out, "aws-france-licenciements-2023"));
    CHECK(contains(result.out, "Companies: "));
    CHECK(!contains(result.out, "\033["));  // no escape codes off a terminal
}

TEST_CASE("e2e: companies are detected from the gazetteer and counted per document") {
    Indexed index;
    const json response = index.search({"Amazon"});
    // Every seed article names Amazon (d’Amazon, Amazon.com, ...).
    CHECK(response.at("total") == 5);
    CHECK(facet_count(response, "company", "Amazon") == 5);
    // Amazon Web Services or AWS: all but the 2025-11 article.
    CHECK(facet_count(response, "company", "AWS") == 4);
    CHECK(facet_count(response, "company", "Goldman Sachs") == 1);
    CHECK(facet_count(response, "year", "2025") == 2);
    CHECK(facet_count(response, "source", "Epoch Times") == 1);
}

TEST_CASE("e2e: page furniture left out of data/ is not found") {
    Indexed index;
    const json response = index.search({"Sète"}, 1);
    CHECK(response.at("total") == 0);
    index.search({"Frontignan"}, 1);
    index.search({"DigitalSiber"}, 1);
}

TEST_CASE("e2e: French analysis on both sides") {
    Indexed index;
    // Typed without accents, elided, compound, number with a space.
    CHECK(index.search({"strategie", "d'intelligence"}).at("total") >= 1);
    CHECK(ids_of(index.search({"\"plus grande startup\""})).front() ==
          "amazon-14000-postes-ia-epochtimes-2025");
    const json numbers = index.search({"14000"});
    // 14.000 (000, 001 title), 14 000 (001 body, 002).
    CHECK(numbers.at("total") == 3);
    CHECK(index.search({"14 000"}).at("total") == 3);
    CHECK(index.search({"14.000"}).at("total") == 3);
}

TEST_CASE("e2e: exit status and errors") {
    Indexed index;
    SUBCASE("nothing found: exit 1, output still valid") {
        const json response = index.search({"zzzqqqxxx"}, 1);
        CHECK(response.at("total") == 0);
    }
    SUBCASE("no index: exit 2, says how to build one") {
        const Result result = run(kLsearch, {"--db", (index.dir / "missing").string(), "x"});
        CHECK(result.status == 2);
        CHECK(contains(result.err, "lindex"));
    }
    SUBCASE("bad option values: exit 2") {
        CHECK(run(kLsearch, {"--db", index.db, "--limit", "-5", "x"}).status == 2);
        CHECK(run(kLsearch, {"--db", index.db, "--sort", "size", "x"}).status == 2);
        CHECK(run(kLsearch, {"--db", index.db}).status == 2);
        CHECK(run(kLindex, {"--db", index.db}).status == 2);
    }
}

TEST_CASE("e2e: LSEARCH_DB chooses the index") {
    Indexed index;
    const Result result = run(kLsearch, {"AWS"}, "", kSourceDir, "LSEARCH_DB=" + quote(index.db));
    CHECK(result.status == 0);
    CHECK(contains(result.out, "aws-"));
}

// The evaluation metrics on a tiny hand-made example, every figure worked
// out by hand (see the comments), as trec_eval computes them.
#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "eval/metrics.h"

using lsearch::eval::Means;
using lsearch::eval::score;

TEST_CASE("metrics: one query, graded judgments") {
    // d1 (grade 1) at rank 2, d3 (grade 2) at rank 4.
    // DCG = 1/log2(3) + 2/log2(5) = 0.630930 + 0.861353 = 1.492283
    // IDCG = 2/log2(2) + 1/log2(3) = 2 + 0.630930 = 2.630930
    const auto s = score({"d2", "d1", "d4", "d3"}, {{"d1", 1}, {"d3", 2}, {"d7", 0}});
    CHECK(s.ndcg10 == doctest::Approx(1.492283 / 2.630930).epsilon(1e-6));
    CHECK(s.rr10 == doctest::Approx(0.5));
    CHECK(s.recall100 == doctest::Approx(1.0));
    CHECK(s.success10 == doctest::Approx(1.0));
    CHECK(s.first_relevant == 2);
}

TEST_CASE("metrics: cut-offs at 10 and 100, duplicates, no results") {
    std::vector<std::string> eleven;
    for (int i = 1; i <= 11; ++i) eleven.push_back("x" + std::to_string(i));
    // The relevant document at rank 11: outside the top 10, inside the top 100.
    const auto late = score(eleven, {{"x11", 1}});
    CHECK(late.ndcg10 == 0.0);
    CHECK(late.rr10 == 0.0);
    CHECK(late.success10 == 0.0);
    CHECK(late.recall100 == doctest::Approx(1.0));
    CHECK(late.first_relevant == 11);

    // A duplicate counts once, at its first rank: d1 rank 1, d3 rank 2.
    // DCG = 1 + 2/log2(3) = 2.261860; IDCG = 2.630930.
    const auto duplicated = score({"d1", "d1", "d3"}, {{"d1", 1}, {"d3", 2}});
    CHECK(duplicated.ndcg10 == doctest::Approx(2.261860 / 2.630930).epsilon(1e-6));

    const auto nothing = score({}, {{"d9", 1}});
    CHECK(nothing.ndcg10 == 0.0);
    CHECK(nothing.recall100 == 0.0);
    CHECK(nothing.first_relevant == 0);

    // A query without any relevant document scores nothing (and trec_eval
    // would not count it).
    CHECK(score({"d1"}, {{"d1", 0}}).ndcg10 == 0.0);
}

TEST_CASE("metrics: means over queries, a query without results counting 0") {
    Means means;
    means.add(score({"d2", "d1", "d4", "d3"}, {{"d1", 1}, {"d3", 2}}));  // 0.567213, rr 0.5
    means.add(score({}, {{"d9", 1}}));                                    // 0
    std::vector<std::string> eleven;
    for (int i = 1; i <= 11; ++i) eleven.push_back("x" + std::to_string(i));
    means.add(score(eleven, {{"x11", 1}}));  // ndcg 0, recall 1
    const auto mean = means.mean();
    CHECK(means.count() == 3);
    CHECK(mean.ndcg10 == doctest::Approx(1.492283 / 2.630930 / 3).epsilon(1e-6));
    CHECK(mean.rr10 == doctest::Approx(0.5 / 3));
    CHECK(mean.recall100 == doctest::Approx(2.0 / 3));
    CHECK(mean.success10 == doctest::Approx(1.0 / 3));
}

TEST_CASE("metrics: reading qrels and queries files") {
    const auto dir = std::filesystem::temp_directory_path() / "lsearch-metrics-test";
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "qrels.tsv") << "q1\td1\t1\nq1\td3\t2\n\nq2 0 d5 1\n";
    std::ofstream(dir / "queries.tsv") << "q1\tQui dirige AWS ?\r\nq2\tCombien ?\n";
    std::ofstream(dir / "bad.tsv") << "q1\td1\n";
    const auto qrels = lsearch::eval::read_qrels((dir / "qrels.tsv").string());
    CHECK(qrels.size() == 2);
    CHECK(qrels.at("q1").at("d3") == 2);
    CHECK(qrels.at("q2").at("d5") == 1);  // TREC's four columns
    const auto queries = lsearch::eval::read_queries((dir / "queries.tsv").string());
    REQUIRE(queries.size() == 2);
    CHECK(queries[0].second == "Qui dirige AWS ?");
    CHECK_THROWS_WITH(lsearch::eval::read_qrels((dir / "bad.tsv").string()),
                      doctest::Contains("bad.tsv:1"));
    std::filesystem::remove_all(dir);
}

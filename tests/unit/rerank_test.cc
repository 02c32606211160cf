// The rerank of the best hits by their best passage (detail::rerank), every
// figure worked out by hand in the comments.
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include <xapian.h>

#include "rerank.h"

using lsearch::detail::best_passage;
using lsearch::detail::Scored;
using lsearch::detail::WordPositions;

TEST_CASE("rerank: the best passage of a document") {
    struct PassageRow {
        WordPositions positions;
        std::vector<double> weights;
        double best;
    };
    const PassageRow rows[] = {
        // Two words side by side: both weights.
        {{{1}, {2}}, {1, 2}, 3},
        // 7 positions apart: still within 8 consecutive positions.
        {{{1}, {8}}, {1, 2}, 3},
        // 8 apart: never together; the heavier word alone.
        {{{1}, {9}}, {1, 2}, 2},
        // The order of the words does not matter.
        {{{9}, {3}}, {1, 2}, 3},
        // The best of several passages: {1, 2} weighs 3, {30, 31} weighs 5.
        {{{1, 30}, {2}, {31}}, {1, 2, 4}, 5},
        // A word twice in a passage counts once: {10, 11, 12} weighs 1 + 2.
        {{{10, 12}, {11}}, {1, 2}, 3},
        // A word the document does not hold adds nothing.
        {{{4}, {}, {6}}, {1, 8, 2}, 3},
        {{{}, {}}, {1, 2}, 0},
        {{}, {}, 0},
    };
    for (const auto& row : rows) {
        CAPTURE(row.best);
        CHECK(best_passage(row.positions, row.weights, 8) == doctest::Approx(row.best));
    }
}

namespace {

// An in-memory index: each document a list of (term, position).
Xapian::WritableDatabase index_of(
    const std::vector<std::vector<std::pair<std::string, Xapian::termpos>>>& documents) {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    for (const auto& terms : documents) {
        Xapian::Document document;
        for (const auto& [term, position] : terms)
            document.add_posting(term, position);
        db.add_document(document);
    }
    return db;
}

}  // namespace

TEST_CASE("rerank: words close together lift a hit above one with the words apart") {
    // 4 documents; recyclage and lithium are each in 2: IDF log(4 / 2) = 0.693147.
    const auto db = index_of({{{"recyclage", 1}, {"lithium", 20}},
                              {{"recyclage", 5}, {"lithium", 6}},
                              {{"autre", 1}},
                              {{"autre", 1}}});
    const double idf = std::log(2.0);
    const std::vector<std::vector<std::string>> words{{"recyclage"}, {"lithium"}};

    SUBCASE("the bonus is half the best passage's weight") {
        std::vector<Scored> hits{{1, 2.0}, {2, 1.8}, {3, 1.0}};
        lsearch::detail::rerank(db, words, hits);
        // Document 2: both words in one passage, 1.8 + 0.5 * 2 * 0.693147 = 2.493147.
        // Document 1: one word per passage, 2.0 + 0.5 * 0.693147 = 2.346574.
        // Document 3: neither word, 1.0.
        REQUIRE(hits.size() == 3);
        CHECK(hits[0].document == 2);
        CHECK(hits[0].weight == doctest::Approx(1.8 + idf));
        CHECK(hits[1].document == 1);
        CHECK(hits[1].weight == doctest::Approx(2.0 + 0.5 * idf));
        CHECK(hits[2].document == 3);
        CHECK(hits[2].weight == doctest::Approx(1.0));
    }
    SUBCASE("a word repeated in the query counts once") {
        std::vector<Scored> hits{{2, 1.0}};
        lsearch::detail::rerank(db, {{"lithium"}, {"lithium"}}, hits);
        CHECK(hits[0].weight == doctest::Approx(1.0 + 0.5 * idf));
    }
    SUBCASE("a word and its correction are one word") {
        std::vector<Scored> hits{{2, 1.0}};
        // `recyclag` is in no document: the word weighs log(4 / 2) still.
        lsearch::detail::rerank(db, {{"recyclag", "recyclage"}, {"lithium"}}, hits);
        CHECK(hits[0].weight == doctest::Approx(1.0 + idf));
    }
    SUBCASE("one word: nothing to rerank") {
        std::vector<Scored> hits{{1, 2.0}, {2, 1.8}};
        lsearch::detail::rerank(db, {{"lithium"}}, hits);
        CHECK(hits[0].weight == 2.0);
        CHECK(hits[1].weight == 1.8);
    }
    SUBCASE("only the first kRerankDepth hits are reranked") {
        std::vector<Scored> hits(lsearch::detail::kRerankDepth, Scored{3, 1.0});
        hits.push_back({2, 0.5});
        lsearch::detail::rerank(db, words, hits);
        CHECK(hits.back().document == 2);
        CHECK(hits.back().weight == 0.5);
    }
}

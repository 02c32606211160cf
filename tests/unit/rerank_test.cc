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

TEST_CASE("rerank: the first `needed` hits are those of the whole rerank, the rest unread") {
    // 30 documents. Document d holds `recyclage` at position 1 and
    // `lithium` at 1 + (d % 3) * 5: 1, 6 or 11 positions on, so that one in
    // three has the words 10 apart (one word per passage, the bonus of one
    // word), the others together (both words). 30 more without either
    // make the IDFs log(60 / 30) = 0.693147 each: the largest bonus is
    // 0.693147, one word's 0.346574.
    std::vector<std::vector<std::pair<std::string, Xapian::termpos>>> documents;
    for (Xapian::termpos d = 1; d <= 30; ++d)
        documents.push_back({{"recyclage", 1}, {"lithium", 1 + (d % 3) * 5}});
    for (int d = 0; d < 30; ++d)
        documents.push_back({{"autre", 1}});
    const auto db = index_of(documents);
    const std::vector<std::vector<std::string>> words{{"recyclage"}, {"lithium"}};
    // BM25 order: weights 10, 9.9, 9.8, ... (each 0.1 below the one before).
    std::vector<Scored> bm25;
    for (Xapian::docid d = 1; d <= 30; ++d)
        bm25.push_back({d, 10.0 - 0.1 * (d - 1)});

    std::vector<Scored> whole = bm25;
    lsearch::detail::rerank(db, words, whole);  // all 30 reranked
    for (const std::size_t needed :
         {std::size_t{1}, std::size_t{3}, std::size_t{10}, std::size_t{20}}) {
        CAPTURE(needed);
        std::vector<Scored> pruned = bm25;
        lsearch::detail::rerank(db, words, pruned, needed);
        REQUIRE(pruned.size() == whole.size());
        for (std::size_t i = 0; i < needed; ++i) {
            CAPTURE(i);
            CHECK(pruned[i].document == whole[i].document);
            CHECK(pruned[i].weight == whole[i].weight);
        }
    }
    // With 10 needed, worked out by hand. Documents 2, 5, 8, 11, ... (d % 3
    // == 2) get one word's bonus, the others both words': 1: 10.693147,
    // 2: 10.246574, 3: 10.493147, 4: 10.393147, 5: 9.946574, 6: 10.193147,
    // 7: 10.093147, 8: 9.646574, 9: 9.893147, 10: 9.793147. The 10th best
    // is then document 8's 9.646574. Document 11 (9.0 + 0.693147 =
    // 9.693147, above it) is read: 9.346574, not among the 10. Document 12
    // (8.9 + 0.693147 = 9.593147, not above) stops the rerank.
    std::vector<Scored> pruned = bm25;
    lsearch::detail::rerank(db, words, pruned, 10);
    const Xapian::docid expected[] = {1, 3, 4, 2, 6, 7, 5, 9, 10, 8, 11};
    for (std::size_t i = 0; i < 11; ++i) {
        CAPTURE(i);
        CHECK(pruned[i].document == expected[i]);
    }
    CHECK(pruned[0].weight == doctest::Approx(10.0 + std::log(2.0)));
    CHECK(pruned[10].weight == doctest::Approx(9.0 + 0.5 * std::log(2.0)));
    // Documents 12 to 30 were not read: their BM25 weight and order.
    for (std::size_t i = 11; i < 30; ++i) {
        CAPTURE(i);
        CHECK(pruned[i].document == i + 1);
        CHECK(pruned[i].weight == bm25[i].weight);
    }
}

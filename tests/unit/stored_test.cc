// The stored form of an article (lsearch/common/stored.h): the hit's record
// and the body with its word table, written by the indexer and read by the
// searcher for every hit shown.
#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include <xapian.h>

#include "lsearch/common/analyzer.h"
#include "lsearch/common/error.h"
#include "lsearch/common/stored.h"
#include "lsearch/indexer.h"
#include "lsearch/searcher.h"

namespace {

lsearch::Analyzer& analyzer() {
    static lsearch::Analyzer instance;
    return instance;
}

// The spans as "begin-end" (and "+parts" for a compound), one per position.
std::string describe(const lsearch::StoredBody& body) {
    std::string out;
    for (const auto& span : body.spans) {
        if (!out.empty()) out += ' ';
        out += std::to_string(span.begin) + "-" + std::to_string(span.end);
        if (span.parts != 0) {
            out += "+" + std::to_string(span.parts);
        }
    }
    return out;
}

// `text` analysed (positions from `first`), stored and read back; the table
// read back uncompressed is the same.
std::string round_trip(const std::string& text, std::uint32_t first, std::string& data) {
    std::vector<lsearch::Token> tokens;
    analyzer().analyze(text, tokens, first);
    data = lsearch::to_stored_body(text, tokens, first);
    const lsearch::StoredBody body = lsearch::from_stored_body(data);
    const lsearch::StoredBody plain =
        lsearch::from_body_table(lsearch::to_body_table(text, tokens, first));
    CHECK(plain.text == text);
    CHECK(plain.first_position == first);
    CHECK(describe(plain) == describe(body));
    CHECK(body.text == text);
    CHECK(body.first_position == first);
    // Every word token's span, at its position.
    for (const auto& token : tokens) {
        if (token.kind == lsearch::TokenKind::Compound) continue;
        REQUIRE(token.position - first < body.spans.size());
        const auto& span = body.spans[token.position - first];
        CHECK(span.begin == token.begin);
        CHECK(span.end == token.end);
    }
    return describe(body);
}

}  // namespace

TEST_CASE("stored record: every field round-trips") {
    const std::vector<lsearch::Article> rows = [] {
        std::vector<lsearch::Article> out(3);
        out[0].id = "x";
        out[1].id = "aws-france-licenciements-2023";
        out[1].title = "AWS se sépare d’une partie de son personnel en France";
        out[1].date = "2023-08";
        out[1].source = "Le Monde Informatique";
        out[1].url = "https://example.org/aws-france";
        out[1].companies = {"AWS", "Amazon"};
        out[2].id = std::string(300, 'i');
        out[2].title = std::string(70000, 't');  // lengths over two varint bytes
        for (int i = 0; i < 64; ++i)
            out[2].companies.push_back("Société n°" + std::to_string(i));
        out[2].companies.emplace_back();  // an empty string is kept
        return out;
    }();
    for (const auto& article : rows) {
        CAPTURE(article.id.size());
        auto copy = article;
        copy.body = "not stored in the record";
        const auto read = lsearch::from_record(lsearch::to_record(copy));
        CHECK(read.id == article.id);
        CHECK(read.title == article.title);
        CHECK(read.date == article.date);
        CHECK(read.source == article.source);
        CHECK(read.url == article.url);
        CHECK(read.companies == article.companies);
        CHECK(read.body.empty());
    }
    // The layout, checked by hand: version 1, then length-prefixed fields.
    lsearch::Article small;
    small.id = "ab";
    small.date = "2024";
    small.companies = {"X"};
    CHECK(lsearch::to_record(small) == std::string("\x01\x02"
                                                   "ab\x00\x04"
                                                   "2024\x00\x00\x01\x01X",
                                                   15));
}

TEST_CASE("stored record: damaged data is an IndexError, never a crash") {
    lsearch::Article article;
    article.id = "id";
    article.title = "Titre";
    article.companies = {"AWS", "Amazon"};
    const std::string data = lsearch::to_record(article);
    // Every truncation, and a byte too many.
    for (std::size_t size = 0; size < data.size(); ++size) {
        CAPTURE(size);
        CHECK_THROWS_AS(lsearch::from_record(data.substr(0, size)), lsearch::IndexError);
    }
    CHECK_THROWS_AS(lsearch::from_record(data + "x"), lsearch::IndexError);
    // Another version, an over-long varint, a huge company count.
    CHECK_THROWS_AS(lsearch::from_record("\x02" + data.substr(1)), lsearch::IndexError);
    CHECK_THROWS_AS(lsearch::from_record(std::string("\x01") + std::string(11, '\xff')),
                    lsearch::IndexError);
    CHECK_THROWS_WITH_AS(lsearch::from_record(std::string("\x01\0\0\0\0\0\xff\xff\x03", 9)),
                         doctest::Contains("rebuild the index"), lsearch::IndexError);
}

TEST_CASE("stored body: the word table maps each position to its bytes") {
    std::string data;
    // Checked by hand: `l’` is 4 bytes (’ is 3) and `État` 5 (É is 2);
    // `start-up` is one compound of 2 parts at positions 1 and 2; `14 000`
    // one number; `dit-elle` no compound.
    CHECK(round_trip("l’État start-up 14 000, dit-elle.", 0, data) ==
          "4-9 10-15+2 16-18 19-25 27-30 31-35");
    // Positions after a title: the table starts at `first_position`.
    CHECK(round_trip("Les États-Unis.", 107, data) == "0-3 4-10+2 11-15");
    // A compound of three parts (U+2011 hyphens, 3 bytes each).
    CHECK(round_trip("vice‑président‑directeur", 0, data) == "0-4+3 7-17 20-29");
}

TEST_CASE("stored body: empty, long and invalid UTF-8 bodies") {
    std::string data;
    CHECK(round_trip("", 0, data) == "");
    // No text, position 0, no word; stored: version 2, then a zstd frame.
    CHECK(lsearch::to_body_table("", {}, 0) == std::string("\x00\x00\x00", 3));
    REQUIRE(data.size() > 1);
    CHECK(data.front() == '\x02');
    CHECK(round_trip("  \n\t ", 3, data) == "");
    // Long: 2.4 MB, a table of 400,000 positions, offsets past 2^21.
    std::string text;
    for (int i = 0; i < 50000; ++i)
        text += "Le port de Saint‑Malo accueille des navires. ";
    round_trip(text, 0, data);
    const auto body = lsearch::from_stored_body(data);
    // Le, port, de, Saint(-Malo), Malo, accueille, des, navires: 8 positions.
    CHECK(body.spans.size() == 400000);
    CHECK(body.spans.back().end == text.size() - 2);
    // Invalid UTF-8: offsets still into the bytes as given.
    CHECK(round_trip("La dette \xff\xfe publique", 0, data) == "0-2 3-8 12-20");
    round_trip(std::string(300, '\x80') + " dette " + std::string(300, '\xbf'), 0, data);
    round_trip("\xf0\x9f\x98 dette. \xe9\xe9", 0, data);
}

TEST_CASE("stored body: damaged data is an IndexError, never a crash") {
    std::vector<lsearch::Token> tokens;
    const std::string text = "La start-up de l’État.";
    analyzer().analyze(text, tokens, 5);
    const std::string data = lsearch::to_stored_body(text, tokens, 5);
    for (std::size_t size = 0; size < data.size(); ++size) {
        CAPTURE(size);
        CHECK_THROWS_AS(lsearch::from_stored_body(data.substr(0, size)), lsearch::IndexError);
    }
    CHECK_THROWS_AS(lsearch::from_stored_body(data + "x"), lsearch::IndexError);
    // Format 4's version byte, a frame whose bytes changed.
    CHECK_THROWS_WITH_AS(lsearch::from_stored_body("\x01" + data.substr(1)),
                         doctest::Contains("rebuild the index"), lsearch::IndexError);
    // Any byte changed (the frame has a checksum).
    for (std::size_t at = 1; at < data.size(); ++at) {
        CAPTURE(at);
        std::string flipped = data;
        flipped[at] = static_cast<char>(~flipped[at]);
        CHECK_THROWS_AS(lsearch::from_stored_body(flipped), lsearch::IndexError);
    }
    // Tables damaged inside a sound frame, read compressed and not.
    auto both_refused = [](const std::string& table) {
        CHECK_THROWS_AS(lsearch::from_body_table(table), lsearch::IndexError);
        CHECK_THROWS_AS(lsearch::from_stored_body(lsearch::compress_body_table(table)),
                        lsearch::IndexError);
    };
    const std::string table = lsearch::to_body_table(text, tokens, 5);
    for (std::size_t size = 0; size < table.size(); ++size) {
        CAPTURE(size);
        both_refused(table.substr(0, size));
    }
    both_refused(table + "x");
    // A word past the end of the text: "ab", one word at gap 1, length 5.
    both_refused(std::string("\x02"
                             "ab\x00\x01\x04\x05",
                             7));
    // A compound whose parts run past the table.
    both_refused(std::string("\x02"
                             "ab\x00\x01\x01\x01\x02",
                             8));
}

TEST_CASE("an index of an older format is refused, saying to rebuild it") {
    namespace fs = std::filesystem;
    const fs::path dir =
        fs::temp_directory_path() / ("lsearch-format-test-" + std::to_string(getpid()));
    fs::remove_all(dir);
    {
        lsearch::IndexerOptions options;
        options.db_path = dir.string();
        lsearch::Indexer indexer(options);
        lsearch::Article article;
        article.id = "a";
        article.body = "La dette.";
        indexer.add(article);
        indexer.publish();
    }
    CHECK(lsearch::Searcher(dir.string()).document_count() == 1);
    // Format 5 put a word's positions on its folded form, where this
    // searcher does not look for them (it looks at the folded stem).
    for (const auto& entry : fs::directory_iterator(dir)) {
        if (!entry.path().filename().string().starts_with("gen-")) continue;
        Xapian::WritableDatabase db(entry.path().string());
        db.set_metadata("lsearch.format", "5");
        db.commit();
    }
    CHECK_THROWS_WITH_AS(lsearch::Searcher{dir.string()},
                         doctest::Contains("has format 5, analyzer 2; this lsearch reads format "
                                           "6, analyzer 2: rebuild it with `lindex --full`"),
                         lsearch::IndexVersionMismatch);
    fs::remove_all(dir);
}

// The French analysis pipeline (issue 3), one table per required behaviour.
// Every row's token stream is also checked against the invariants that the
// fuzz target checks (common/src/analysis/invariants.h).
#include <doctest/doctest.h>

#include <array>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "invariants.h"
#include "lsearch/common/analyzer.h"

using namespace std::literals;

namespace {

struct Row {
    std::string_view input;
    std::string_view expected;
};

// One analyser for all rows, as in the indexer: its caches must not change
// what it produces.
lsearch::Analyzer& analyzer() {
    static lsearch::Analyzer instance;
    return instance;
}

std::vector<lsearch::Token> tokens_of(std::string_view text) {
    std::vector<lsearch::Token> tokens;
    const std::uint32_t next = analyzer().analyze(text, tokens);
    const std::string broken = lsearch::detail::check_invariants(text, tokens, 0, next);
    CHECK_MESSAGE(broken.empty(), broken);
    return tokens;
}

std::string analyse(std::string_view text) {
    return lsearch::describe(tokens_of(text));
}

// Each token's term followed by the bytes of the text it covers: `ia{IA}`.
std::string spans(std::string_view text) {
    std::string out;
    for (const auto& token : tokens_of(text)) {
        if (!out.empty()) out += ' ';
        if (token.kind == lsearch::TokenKind::Compound) out += '=';
        out += token.term;
        out += '{';
        out += text.substr(token.begin, token.end - token.begin);
        out += '}';
    }
    return out;
}

// The terms flagged as stop words, in order.
std::string stopwords(std::string_view text) {
    std::string out;
    for (const auto& token : tokens_of(text)) {
        if (!token.stopword) continue;
        if (!out.empty()) out += ' ';
        out += token.term;
    }
    return out;
}

// Each token's stem, then `/folded stem` when it differs; `-` for a number.
std::string stems(std::string_view text) {
    std::string out;
    for (const auto& token : tokens_of(text)) {
        if (!out.empty()) out += ' ';
        if (token.kind == lsearch::TokenKind::Compound) out += '=';
        if (token.kind == lsearch::TokenKind::Number) {
            out += '-';
            continue;
        }
        out += token.stem;
        if (token.folded_stem != token.stem) {
            out += '/';
            out += token.folded_stem;
        }
    }
    return out;
}

// The stem terms the indexer adds for `text` (Z<stem>, Z<folded stem>).
std::set<std::string> stem_terms(std::string_view text) {
    std::set<std::string> terms;
    for (const auto& token : tokens_of(text)) {
        if (token.kind == lsearch::TokenKind::Number) continue;
        terms.insert(token.stem);
        terms.insert(token.folded_stem);
    }
    return terms;
}

void check_rows(std::string (*show)(std::string_view), const Row* rows, std::size_t count) {
    for (std::size_t i = 0; i < count; ++i) {
        CAPTURE(rows[i].input);
        CHECK(show(rows[i].input) == rows[i].expected);
    }
}

template <std::size_t N>
void check_rows(std::string (*show)(std::string_view), const Row (&rows)[N]) {
    check_rows(show, rows, N);
}

}  // namespace

TEST_CASE("analysis: ICU word segmentation") {
    const Row rows[] = {
        {"", ""},
        {"Amazon", "amazon[0]"},
        {"  Bonjour, le monde !  ", "bonjour[0] le[1] monde[2]"},
        {"un\tdeux\ntrois\r\nquatre", "un[0] deux[1] trois[2] quatre[3]"},
        {"... !? « » — – /", ""},
        {"ok 😀 ok", "ok[0] ok[1]"},
        // Letters and digits together are one word.
        {"19e siècle, le G7", "19e[0] siècle/siecle[1] le[2] g7[3]"},
        {"10h30", "10h30[0]"},
        // UAX #29 keeps `.` between letters and `_` inside a word.
        {"www.orange.fr", "www.orange.fr[0]"},
        {"foo_bar", "foo_bar[0]"},
        {"Привет мир", "привет[0] мир[1]"},
        {"東京", "東京[0]"},
        // U+202F is a space in French typography, not part of a word
        // (UAX #29 classes it ExtendNumLet and would glue it on).
        {"bonjour\u202f! «\u202fnon\u202f»", "bonjour[0] non[1]"},
        {"le\u202fchat", "le[0] chat[1]"},
    };
    check_rows(analyse, rows);
}

TEST_CASE("analysis: invalid UTF-8, NUL bytes and control characters") {
    const Row rows[] = {
        // Each ill-formed sequence reads as U+FFFD, which separates words.
        {"ab\xFF"
         "cd",
         "ab[0] cd[1]"},
        {"\xC3", ""},
        {"caf\xC3", "caf[0]"},
        {"\x80\x80été\x80", "été/ete[0]"},
        // Latin-1 `été`: the letters between the bad bytes remain.
        {"\xE9t\xE9", "t[0]"},
        // Overlong `/`, a surrogate, a code point past U+10FFFF.
        {"x\xC0\xAFy\xED\xA0\x80z\xF4\x90\x80\x80w", "x[0] y[1] z[2] w[3]"},
        {"a\0b"sv, "a[0] b[1]"},
        {"\0\0\0"sv, ""},
        // Found by fuzz_analyzer: the elision leaves only a combining mark,
        // which folds to nothing.
        {"jusqu\u02BC\u0320", ""},
        {"\x01\x02mot\x7F\x1B"
         "fin",
         "mot[0] fin[1]"},
    };
    check_rows(analyse, rows);

    const Row repaired[] = {
        {"", ""},
        {"abc", "abc"},
        {"ab\xFF"
         "cd",
         "ab\uFFFDcd"},
        {"caf\xC3", "caf\uFFFD"},
        {"\xE9t\xE9", "\uFFFDt\uFFFD"},
        {"a\0b"sv, "a\0b"sv},
    };
    for (const auto& row : repaired) {
        CAPTURE(row.input);
        CHECK(lsearch::repair_utf8(row.input) == row.expected);
        CHECK(lsearch::is_valid_utf8(row.input) == (row.input == row.expected));
    }
}

TEST_CASE("analysis: NFKC, case folding and ligatures") {
    const Row rows[] = {
        {"ÉTATS états États", "états/etats[0] états/etats[1] états/etats[2]"},
        {"STRASSE Straße", "strasse[0] strasse[1]"},
        // Compatibility forms: the `ﬁ` and `ﬂ` ligatures, fullwidth letters.
        {"ﬁn ﬂeur", "fin[0] fleur[1]"},
        {"ＬＥ ＭＯＮＤＥ", "le[0] monde[1]"},
        // Decomposed accents are composed.
        {"e\u0301te\u0301", "été/ete[0]"},
        // NFKC turns these letters into a space and a mark: no space is kept.
        {"x\u037Ay", "xιy[0]"},
        {"\uFE70\u0628", "\u064B\u0628/\u0628[0]"},
        // A soft hyphen is ignorable: the word stays whole.
        {"infor\u00ADmatique", "informatique[0]"},
        // French ligatures, which NFKC keeps, are expanded.
        {"cœur Cœur CŒUR coeur", "coeur[0] coeur[1] coeur[2] coeur[3]"},
        {"Lætitia ex æquo", "laetitia[0] ex[1] aequo[2]"},
        {"Œuvre", "oeuvre[0]"},
    };
    check_rows(analyse, rows);
}

TEST_CASE("analysis: elisions") {
    const Row rows[] = {
        {"l’IA d'Amazon", "ia[0] amazon[1]"},
        {"l'avion l’avion lʼavion l‘avion L'Avion", "avion[0] avion[1] avion[2] avion[3] avion[4]"},
        {"d'Amazon d’Amazon dʼAmazon", "amazon[0] amazon[1] amazon[2]"},
        {"j'ai m’a nʼest s'est t’es cʼest", "ai[0] a[1] est[2] est[3] es[4] est[5]"},
        {"qu'il jusqu’ici lorsquʼon puisqu'elle quoiqu’il", "il[0] ici[1] on[2] elle[3] il[4]"},
        {"L'ÉTAT QU’IL Jusqu'à", "état/etat[0] il[1] à/a[2]"},
        // Not elisions: an apostrophe inside a word stays (normalised to ').
        {"aujourd’hui aujourd'hui aujourdʼhui Aujourd’hui",
         "aujourd'hui[0] aujourd'hui[1] aujourd'hui[2] aujourd'hui[3]"},
        {"presqu’île", "presqu'île/presqu'ile[0]"},
        {"prud'hommes", "prud'hommes[0]"},
        // Nothing follows the apostrophe, or a number does (UAX #29 splits).
        {"l'", "l[0]"},
        {"d'1,5 million", "d[0] 1,5[1] million[2]"},
    };
    check_rows(analyse, rows);

    // Every elided word with every apostrophe, lower and capitalised.
    constexpr std::array<std::string_view, 13> kElided{
        "l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu"};
    constexpr std::array<std::string_view, 4> kApostrophes{"'", "’", "ʼ", "‘"};
    for (std::string_view elided : kElided) {
        for (std::string_view apostrophe : kApostrophes) {
            std::string lower = std::string(elided).append(apostrophe).append("Avion");
            std::string upper = lower;
            upper[0] = static_cast<char>(upper[0] - 'a' + 'A');
            for (const std::string& text : {lower, upper}) {
                CAPTURE(text);
                CHECK(analyse(text) == "avion[0]");
                CHECK(spans(text) == "avion{Avion}");
            }
        }
    }
}

TEST_CASE("analysis: hyphenated compounds") {
    const Row rows[] = {
        // Hyphen-minus, U+2010 HYPHEN, U+2011 NON-BREAKING HYPHEN.
        {"start-up start‐up start‑up",
         "=startup[0] start[0] up[1] =startup[2] start[2] up[3] =startup[4] start[4] up[5]"},
        // So the phrase "grande start-up" matches (grande[1] start[2]).
        {"la grande start-up", "la[0] grande[1] =startup[2] start[2] up[3]"},
        {"peut-être", "=peutêtre/peutetre[0] peut[0] être/etre[1]"},
        {"arc-en-ciel", "=arcenciel[0] arc[0] en[1] ciel[2]"},
        {"l'après-midi", "=aprèsmidi/apresmidi[0] après/apres[0] midi[1]"},
        {"T-shirt", "=tshirt[0] t[0] shirt[1]"},
        // A word and a number join; two numbers are a range.
        {"Covid-19", "=covid19[0] covid[0] 19[1]"},
        {"2022-2023", "2022[0] 2023[1]"},
        // Inverted pronouns and the euphonic t are not joined.
        {"dit-elle a-t-il", "dit[0] elle[1] a[2] t[3] il[4]"},
        {"écrit‑elle va-t-on", "écrit/ecrit[0] elle[1] va[2] t[3] on[4]"},
        // Spaced hyphens, dashes and double hyphens separate.
        {"Paris - Lyon Paris–Lyon a--b", "paris[0] lyon[1] paris[2] lyon[3] a[4] b[5]"},
        // Eight parts at most; a longer chain is words only.
        {"a-b-c-d-e-f-g-h", "=abcdefgh[0] a[0] b[1] c[2] d[3] e[4] f[5] g[6] h[7]"},
        {"a-b-c-d-e-f-g-h-i", "a[0] b[1] c[2] d[3] e[4] f[5] g[6] h[7] i[8]"},
    };
    check_rows(analyse, rows);

    const auto tokens = tokens_of("arc-en-ciel");
    REQUIRE(tokens.size() == 4);
    CHECK(tokens[0].kind == lsearch::TokenKind::Compound);
    CHECK(tokens[0].parts == 3);
    CHECK(tokens[1].kind == lsearch::TokenKind::Word);
}

TEST_CASE("analysis: numbers") {
    const Row rows[] = {
        {"14.000 14 000 14\u00a0000 14\u202f000 14000",
         "14000[0] 14000[1] 14000[2] 14000[3] 14000[4]"},
        {"1.234.567 1 234 567", "1234567[0] 1234567[1]"},
        {"1,56 million", "1,56[0] million[1]"},
        {"14 000,50 euros", "14000,50[0] euros[1]"},
        {"3.14 12.5", "3.14[0] 12.5[1]"},
        {"14  000", "14[0] 000[1]"},
        // Years and dates stay apart from their neighbours.
        {"en 2024 2025", "en[0] 2024[1] 2025[2]"},
        {"le 28 octobre 2025", "le[0] 28[1] octobre[2] 2025[3]"},
        {"du 1er au 28 2025", "du[0] 1er[1] au[2] 28[3] 2025[4]"},
        {"28/10/2025", "28[0] 10[1] 2025[2]"},
        {"en 2024 200 000 personnes", "en[0] 2024[1] 200000[2] personnes[3]"},
        // U+202F between groups and after a number (regressions: UAX #29
        // made `14 000 euros` one word and `2024 2025` one number).
        // Letters and digits are a word, lower-cased (regression: ICU calls
        // `G7` a number, and it stayed `G7`); fullwidth digits are NFKC'd.
        {"G7 A380 COVID19 CAC40", "g7[0] a380[1] covid19[2] cac40[3]"},
        {"Ａ１ １４", "a1[0] 14[1]"},
        {"14\u202f000\u202feuros", "14000[0] euros[1]"},
        {"2024\u202f2025", "2024[0] 2025[1]"},
    };
    check_rows(analyse, rows);

    const auto tokens = tokens_of("14 000 euros G7");
    REQUIRE(tokens.size() == 3);
    CHECK(tokens[0].kind == lsearch::TokenKind::Number);
    CHECK(tokens[1].kind == lsearch::TokenKind::Word);
    CHECK(tokens[2].kind == lsearch::TokenKind::Word);
}

TEST_CASE("analysis: stop words are flagged, not dropped") {
    const Row rows[] = {
        {"Le chat et la souris", "le et la"},
        {"Le", "le"},
        {"l'État est là", "est là"},
        {"C'est été ETAIT", "est été etait"},
        {"qu'il a-t-il", "il a t il"},
        {"start-up 14 000 de", "de"},
        {"chat souris", ""},
    };
    check_rows(stopwords, rows);
}

TEST_CASE("analysis: stems of the accented and the folded form") {
    const Row rows[] = {
        {"pêche péché peche", "pêch/pech pech pech"},
        {"États élections", "état/etat élect/elect"},
        {"hôpitaux", "hôpital/hopital"},
        // Snowball removes the accent of après itself, then stems apres further.
        {"après", "apres/apre"},
        {"français française", "franc français/francais"},
        {"14 000 maisons", "- maison"},
        {"start-up", "=startup start up"},
        {"cœur", "coeur"},
    };
    check_rows(stems, rows);

    // How many stem terms a query word shares with a document word: two when
    // the accents agree, so the exact spelling ranks first; at least one
    // when they differ or are missing.
    struct Match {
        std::string_view query;
        std::string_view document;
        std::size_t shared;
    };
    const Match matches[] = {
        {"pêche", "pêche", 2},  {"pêche", "péché", 1},        {"peche", "pêche", 1},
        {"peche", "péché", 1},  {"hopitaux", "hôpital", 1},   {"Etats", "états", 1},
        {"états", "ÉTATS", 2},  {"élection", "elections", 1}, {"apres", "après", 1},
        {"pêche", "maison", 0},
    };
    for (const auto& match : matches) {
        CAPTURE(match.query);
        CAPTURE(match.document);
        const auto query = stem_terms(match.query);
        const auto document = stem_terms(match.document);
        std::size_t shared = 0;
        for (const auto& term : query)
            shared += document.count(term);
        CHECK(shared == match.shared);
    }
}

TEST_CASE("analysis: byte offsets into the original text") {
    const Row rows[] = {
        {"l’IA", "ia{IA}"},
        {"d'Amazon qu’Amazon", "amazon{Amazon} amazon{Amazon}"},
        {"L'ÉTAT", "état{ÉTAT}"},
        {"start‑up", "=startup{start‑up} start{start} up{up}"},
        {"  peut-être ", "=peutêtre{peut-être} peut{peut} être{être}"},
        {"14 000 euros", "14000{14 000} euros{euros}"},
        {"14\u202f000", "14000{14\u202f000}"},
        {"ab\xFF"
         "cd",
         "ab{ab} cd{cd}"},
        {"\xFF\xFEl'été", "été{été}"},
        {"ﬁn", "fin{ﬁn}"},
        {"aujourd’hui", "aujourd'hui{aujourd’hui}"},
        {"infor\u00ADmatique", "informatique{infor\u00ADmatique}"},
    };
    check_rows(spans, rows);
}

TEST_CASE("analysis: positions continue across calls") {
    std::vector<lsearch::Token> tokens;
    CHECK(analyzer().analyze("la start-up", tokens, 10) == 13);
    CHECK(analyzer().analyze("chat", tokens, 15) == 16);
    CHECK(lsearch::describe(tokens) == "la[10] =startup[11] start[11] up[12] chat[15]");
    CHECK(analyzer().analyze("", tokens, 20) == 20);
    CHECK(tokens.size() == 5);
}

TEST_CASE("analysis: keys of whole values") {
    const Row rows[] = {
        {"Époch  TIMES", "epoch times"},
        {"L'Oréal", "oreal"},
        {"Coca-Cola", "coca cola"},
        {"", ""},
    };
    for (const auto& row : rows) {
        CAPTURE(row.input);
        CHECK(analyzer().key(row.input) == row.expected);
    }
}

TEST_CASE("analysis: a word's bytes alone give the forms of its token") {
    // Every word and number of these texts, looked up alone by its bytes
    // (what a snippet does with the stored word table), has the forms the
    // whole text's analysis gives it; a compound's joined form is not a
    // word of the text and is left out.
    const std::string_view texts[] = {
        "L’État et l'Europe : les États-Unis, aujourd’hui, jusqu’à Bruxelles.",
        "La pêche, le péché ; CŒUR, cœur, Œuvre ; ÉLÈVES élevés ; Ａ１ １４.",
        "14.000 14 000 14\u00a0000 14\u202f000 14000 1,56 million 14 000,50 3.14 2024 2025.",
        "G7 A380 COVID19 CAC40 10h30 1er 28/10/2025 n°5 50% 2e.",
        "start-up, start‑up, vice-présidente, dit-il, peut-être, arc-en-ciel.",
        "qu'il, lorsqu’elle, d'Orange, s'est, c'était, l’IA, l'2025.",
        "Ŝtrange ſ ß İstanbul ΣΊΣΥΦΟΣ Москва 東京 e\u0301te\u0301.",
    };
    for (const std::string_view text : texts) {
        for (const lsearch::Token& token : tokens_of(text)) {
            if (token.kind == lsearch::TokenKind::Compound) continue;
            const std::string_view bytes = text.substr(token.begin, token.end - token.begin);
            CAPTURE(bytes);
            const lsearch::WordForms word = analyzer().word(bytes);
            CHECK(word.term == token.term);
            CHECK(word.folded == token.folded);
            CHECK(word.stem == token.stem);
            CHECK(word.folded_stem == token.folded_stem);
            CHECK(word.kind == token.kind);
            CHECK(word.stopword == token.stopword);
        }
    }
    // Bytes that make no token.
    CHECK(analyzer().word("").empty());
    CHECK(analyzer().word("\u0301").empty());
    // A number keeps its forms until the next call.
    const lsearch::WordForms number = analyzer().word("14\u202f000");
    CHECK(number.kind == lsearch::TokenKind::Number);
    CHECK(number.folded == "14000");
    CHECK(number.stem.empty());
}

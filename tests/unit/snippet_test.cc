// Snippets (detail::make_snippet) and the query builder (detail::build_query)
// that feeds them: which passage is shown, where it is cut, what is
// highlighted. Query words are turned into QueryTerms exactly as the searcher
// does: parse_query, then build_query with the shared Analyzer.
#include <doctest/doctest.h>

#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "lsearch/common/analyzer.h"
#include "lsearch/common/gazetteer.h"
#include "lsearch/common/schema.h"
#include "lsearch/common/stored.h"
#include "lsearch/common/synonyms.h"
#include "lsearch/indexer.h"
#include "query_ast.h"
#include "query_builder.h"
#include "snippet.h"

using namespace std::literals;
namespace fs = std::filesystem;

namespace {

lsearch::Analyzer& analyzer() {
    static lsearch::Analyzer instance;
    return instance;
}

// A few companies of data/companies.tsv, enough for company: rows.
const lsearch::Gazetteer& gazetteer() {
    static const lsearch::Gazetteer instance = lsearch::Gazetteer::parse(
        "Amazon\tAmazon.com\nAWS\tAmazon Web Services\nMeta\tMeta Platforms|Facebook\n"
        "Société Générale\tSocGen\n",
        "test gazetteer", analyzer());
    return instance;
}

// No synonyms: these rows are about the analysis of the query's own words.
lsearch::detail::BuiltQuery build(std::string_view query) {
    static const lsearch::Synonyms none;
    return lsearch::detail::build_query(lsearch::detail::parse_query(query).root, analyzer(),
                                        gazetteer(), none);
}

// The snippet's text with each highlight in brackets: "la [start‑up] nantaise".
std::string marked(const lsearch::Snippet& snippet) {
    std::string out;
    std::size_t at = 0;
    for (const auto& h : snippet.highlights) {
        if (h.begin < at || h.end < h.begin || h.end > snippet.text.size()) return "BAD HIGHLIGHTS";
        out += snippet.text.substr(at, h.begin - at);
        out += '[';
        out += snippet.text.substr(h.begin, h.end - h.begin);
        out += ']';
        at = h.end;
    }
    return out + snippet.text.substr(at);
}

// `text` indexed by the real indexer as the body of an article whose title
// holds query words of the rows (whose positions a snippet must skip); one
// index per distinct text, kept for the process.
const Xapian::Database& index_of(std::string_view text) {
    // Removed at exit, after the databases (declared after it) are closed.
    static const struct Base {
        fs::path dir =
            fs::temp_directory_path() / ("lsearch-snippet-test-" + std::to_string(getpid()));
        ~Base() { fs::remove_all(dir); }
    } base;
    static std::map<std::string, Xapian::Database, std::less<>> indexes;
    if (auto it = indexes.find(text); it != indexes.end()) return it->second;
    const fs::path dir = base.dir / std::to_string(indexes.size());
    {
        lsearch::IndexerOptions options;
        options.db_path = dir.string();
        lsearch::Indexer indexer(options);
        lsearch::Article article;
        article.id = "doc";
        article.title = "Dette, pêche, thon, Amazon, l’IA et start-up à Bruxelles";
        article.body = std::string(text);
        indexer.add(article);
        indexer.publish();
    }
    Xapian::Database db(dir.string());
    return indexes.emplace(std::string(text), std::move(db)).first->second;
}

// The snippet of `text` for `query`, made both ways (the text analysed, and
// from the index's positions and stored word table); the two must agree.
// `from_index` false: from the text only.
lsearch::Snippet snippet_of(std::string_view query, std::string_view text, std::size_t length,
                            bool from_index = true) {
    const auto built = build(query);
    auto snippet = lsearch::detail::make_snippet(text, built.terms, analyzer(), length);
    if (text.empty() || !from_index) return snippet;  // an article needs a body
    const Xapian::Database& db = index_of(text);
    const Xapian::docid did = *db.postlist_begin("Qdoc");
    const std::string data = db.get_document(did).get_value(lsearch::schema::kBodySlot);
    const lsearch::StoredBody body = lsearch::from_stored_body(data);
    CHECK(body.text == text);
    const auto indexed =
        lsearch::detail::make_snippet(body, built.terms, analyzer(), length);
    CHECK(indexed.text == snippet.text);
    CHECK(marked(indexed) == marked(snippet));
    return snippet;
}

bool is_continuation(const std::string& text, std::size_t at) {
    return at < text.size() && (static_cast<unsigned char>(text[at]) & 0xC0U) == 0x80U;
}

bool is_ascii_space(char c) {
    return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f';
}

// `text` with every run of ASCII whitespace as one space, trimmed.
std::string collapsed(std::string_view text) {
    std::string out;
    bool space = false;
    for (const char c : text) {
        if (is_ascii_space(c)) {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += c;
    }
    return out;
}

constexpr std::string_view kEllipsis = "…";

// What every snippet promises, whatever the text; empty when all hold.
// `whole_words`: the text has no word so long that it must be cut.
std::string broken_promise(std::string_view text, const lsearch::Snippet& snippet,
                           bool whole_words) {
    const std::string& s = snippet.text;
    std::size_t previous_end = 0;
    for (const auto& h : snippet.highlights) {
        if (h.begin >= h.end || h.end > s.size()) return "empty or out-of-range highlight";
        if (h.begin < previous_end) return "overlapping or unordered highlights";
        if (lsearch::is_valid_utf8(text) &&
            (is_continuation(s, h.begin) || is_continuation(s, h.end))) {
            return "highlight inside a UTF-8 sequence";
        }
        if (is_ascii_space(s[h.begin]) || is_ascii_space(s[h.end - 1])) {
            return "highlight with surrounding space";
        }
        previous_end = h.end;
    }
    if (text.empty()) return s.empty() ? "" : "text for an empty input";
    if (s.empty()) return "empty snippet for a non-empty text";
    if (lsearch::is_valid_utf8(text) && !lsearch::is_valid_utf8(s)) return "invalid UTF-8";
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != ' ' && is_ascii_space(s[i])) return "whitespace other than a space";
        if (s[i] == ' ' && i + 1 < s.size() && s[i + 1] == ' ') return "two spaces in a row";
    }
    // The passage, without its ellipses, is a piece of the text cut between
    // words (a sentence end is between words too).
    std::string_view body = s;
    const bool cut_before = body.starts_with(std::string(kEllipsis) + " ");
    const bool cut_after = body.ends_with(" " + std::string(kEllipsis));
    if (cut_before) body.remove_prefix(kEllipsis.size() + 1);
    if (cut_after) body.remove_suffix(kEllipsis.size() + 1);
    const std::string all = collapsed(text);
    if (body.empty() && !all.empty()) return "empty passage";
    const std::size_t at = all.find(body);
    if (at == std::string::npos) return "passage not found in the text";
    if (cut_before != (at > 0)) return "ellipsis at the start does not match a cut";
    if (cut_after != (at + body.size() < all.size()))
        return "ellipsis at the end does not match a cut";
    if (whole_words) {
        if (at > 0 && all[at - 1] != ' ') return "cut inside a word at the start";
        if (at + body.size() < all.size() && all[at + body.size()] != ' ') {
            return "cut inside a word at the end";
        }
    }
    return {};
}

struct Row {
    std::string_view query;
    std::string_view text;
    std::string_view expected;  ///< marked() of the snippet
};

void check_rows(const std::vector<Row>& rows, std::size_t length) {
    for (const auto& row : rows) {
        CAPTURE(row.query);
        CAPTURE(row.text);
        const auto snippet = snippet_of(row.query, row.text, length);
        CHECK(marked(snippet) == row.expected);
        CHECK(broken_promise(row.text, snippet, true) == "");
    }
}

// A long text of ordinary words and sentences, no match in the first half.
std::string long_text() {
    std::string text;
    for (int i = 0; i < 40; ++i) {
        text += "Le conseil municipal a voté le budget de l’année prochaine sans débat. ";
    }
    text += "Les pêcheurs du port réclament une aide, car la pêche au thon rouge recule. ";
    for (int i = 0; i < 40; ++i) {
        text += "La séance a été levée tard dans la soirée après de longues discussions. ";
    }
    return text;
}

}  // namespace

TEST_CASE("snippet: every form of a query word is highlighted, and only query words") {
    check_rows(
        {
            // Stemmed: the singular finds the plural.
            {"licenciement", "Les licenciements continuent.", "Les [licenciements] continuent."},
            // Folded both ways.
            {"États", "Les etats membres.", "Les [etats] membres."},
            {"etats", "Les États membres.", "Les [États] membres."},
            // Case.
            {"amazon", "AMAZON recrute.", "[AMAZON] recrute."},
            // Elided: the highlight covers the word, not the article.
            {"IA", "Depuis l’an dernier, l’IA analyse les capteurs.",
             "Depuis l’an dernier, l’[IA] analyse les capteurs."},
            {"l'IA", "Il parie sur l'IA.", "Il parie sur l'[IA]."},
            // Hyphenated: with U+2011, with -, and the joined word.
            {"startup", "La start‑up nantaise grandit.", "La [start‑up] nantaise grandit."},
            {"start-up", "Une startup et une start-up.", "Une [startup] et une [start-up]."},
            {"etats-unis", "Il part aux États‑Unis demain.", "Il part aux [États‑Unis] demain."},
            {"vice-présidente", "Elle devient vice-présidente.", "Elle devient [vice-présidente]."},
            // Ligature.
            {"coeur", "Au cœur de la Beauce.", "Au [cœur] de la Beauce."},
            {"cœur", "Au coeur du métier.", "Au [coeur] du métier."},
            // Numbers, whatever the thousands separator.
            {"14000", "Il supprime 14\u00a0000 postes.", "Il supprime [14\u00a0000] postes."},
            {"14 000", "Soit 14.000 postes et 14\u202f000 emplois.",
             "Soit [14.000] postes et [14\u202f000] emplois."},
            {"1,56 milliard", "Une perte de 1,56 milliard d’euros.",
             "Une perte de [1,56] [milliard] d’euros."},
            // A prefix: words starting with it, not others.
            {"licenci*", "Un licencié, des licenciements, une licence.",
             "Un [licencié], des [licenciements], une licence."},
            // A phrase: each of its words.
            {"\"plan social\"", "Un plan social déguisé.", "Un [plan] [social] déguisé."},
            // Accents: pêche and péché share their folded form.
            {"pêche", "La pêche et le péché.", "La [pêche] et le [péché]."},
            // A word whose accented form has the query's stem, though its
            // folded form does not (`abandonnee` stems to `abandonne`).
            {"abandon", "Une usine abandonnée, abandonnee.", "Une usine [abandonnée], abandonnee."},
            // Capitals and accents on the first letter.
            {"etat", "ÉTAT d'urgence, Etat, état.", "[ÉTAT] d'urgence, [Etat], [état]."},
            // Stop words of the query are dropped, so not highlighted.
            {"la dette de l'État", "La dette de l’État.", "La [dette] de l’[État]."},
            // Words not in the query, and excluded words, are not highlighted.
            {"Amazon", "Amazon et Google.", "[Amazon] et Google."},
            {"Amazon -AWS", "Amazon et AWS.", "[Amazon] et AWS."},
            {"title:dette", "La dette publique.", "La [dette] publique."},
            {"(Renault OR Stellantis) usine", "Renault et Stellantis ferment une usine.",
             "[Renault] et [Stellantis] ferment une [usine]."},
        },
        200);
}

TEST_CASE("snippet: whitespace runs become one space") {
    check_rows(
        {
            {"dette", "La  dette\n\n de \t l’État\r\n", "La [dette] de l’État"},
            {"dette", "  \n dette  ", "[dette]"},
        },
        200);
}

TEST_CASE("snippet: no match shows the beginning of the text") {
    check_rows(
        {
            {"hydrogène", "Premier paragraphe sans rapport.", "Premier paragraphe sans rapport."},
            {"", "Une requête vide montre le début.", "Une requête vide montre le début."},
            {"-dette", "Seul un mot exclu : la dette.", "Seul un mot exclu : la dette."},
        },
        200);
    // Cut at the sentence end within reach...
    check_rows({{"hydrogène",
                 "Premier paragraphe sans rapport avec la requête. Deuxième phrase tout aussi "
                 "neutre, qui continue encore un peu.",
                 "Premier paragraphe sans rapport avec la requête. …"}},
               60);
    // ... else after a word.
    check_rows({{"zzz", "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda",
                 "alpha beta gamma delta epsilon …"}},
               30);
}

TEST_CASE("snippet: the passage covers the most distinct query words") {
    const std::string text =
        "Le port de Saint-Malo accueille des navires. La pêche y reste importante. Les quotas "
        "de pêche au thon rouge sont discutés à Bruxelles cette semaine.";
    // The second sentence has `pêche` only, the third both words: the
    // passage has both, and then as many matches as fit.
    check_rows({{"pêche thon", text,
                 "… La [pêche] y reste importante. Les quotas de [pêche] au [thon] rouge sont "
                 "discutés …"}},
               80);
    check_rows({{"thon pêche", text, "… Les quotas de [pêche] au [thon] rouge sont discutés …"}},
               50);
    // Far into a long text.
    const std::string long_one = long_text();
    const auto snippet = snippet_of("pêche thon", long_one, 200);
    CHECK(marked(snippet) ==
          "… Les pêcheurs du port réclament une aide, car la [pêche] au [thon] rouge recule. La "
          "séance a été levée tard dans la soirée après de longues discussions. …");
    CHECK(broken_promise(long_one, snippet, true) == "");
}

TEST_CASE("snippet: about the requested length, cut between words, `…` where cut") {
    const std::string text = long_text();
    for (const std::string& query : {"pêche"s, "zzz"s, "voté"s, "discussions"s, "thon séance"s}) {
        for (const std::size_t length : {40U, 100U, 200U, 300U}) {
            CAPTURE(query);
            CAPTURE(length);
            const auto snippet = snippet_of(query, text, length);
            CHECK(broken_promise(text, snippet, true) == "");
            // Without the ellipses, between two thirds of the length and the
            // length plus a word or two.
            std::size_t size = snippet.text.size();
            if (snippet.text.starts_with("…")) size -= kEllipsis.size() + 1;
            if (snippet.text.ends_with("…")) size -= kEllipsis.size() + 1;
            CHECK(size >= length * 2 / 3);
            CHECK(size <= length + 30);
            if (query != "zzz") CHECK(!snippet.highlights.empty());
        }
    }
}

TEST_CASE("snippet: cuts never split a word") {
    check_rows(
        {
            // The window starts 1 byte before `IA`, inside `l’`, and ends
            // right before the final `.`.
            {"IA Bruxelles", "Selon l’IA, la ville de Bruxelles.",
             "… l’[IA], la ville de [Bruxelles]."},
        },
        27);
    check_rows(
        {
            // A `.` inside a number or a name is no sentence end.
            {"Amazon", "Amazon supprime 14.000 postes de cadres dans le monde.",
             "[Amazon] supprime …"},
        },
        20);
    check_rows({{"site", "Le site Amazon.com recrute des saisonniers.", "Le [site] Amazon.com …"}},
               15);
}

TEST_CASE("snippet: empty text, no length, very long words, invalid UTF-8") {
    SUBCASE("empty text or zero length") {
        const auto empty = snippet_of("dette", "", 200);
        CHECK(empty.text.empty());
        CHECK(empty.highlights.empty());
        const auto none = snippet_of("dette", "La dette.", 0);
        CHECK(none.text.empty());
        CHECK(none.highlights.empty());
    }
    SUBCASE("a word longer than the snippet") {
        const std::string x(500, 'x'), y(500, 'y');
        // Words on both sides of the match are too long to show: the cut is
        // at the match.
        std::string text = x + " dette " + y;
        auto snippet = snippet_of("dette", text, 200);
        CHECK(marked(snippet) == "… [dette] …");
        CHECK(broken_promise(text, snippet, true) == "");
        // Nothing but one long word: cut inside it, at a character boundary.
        std::string accents;
        for (int i = 0; i < 300; ++i)
            accents += "é";
        for (const std::string& word : {x + y, accents, "a" + accents}) {
            CAPTURE(word.size());
            snippet = snippet_of("dette", word, 200);
            CHECK(broken_promise(word, snippet, false) == "");
            CHECK(snippet.text.size() <= 200 + kEllipsis.size() + 1);
            CHECK(snippet.text.size() >= 100);
        }
        // A matching word longer than the snippet is shown and highlighted
        // whole. (From the text only: a word over Xapian's term limit is not
        // in the index, so no query finds it there and a hit's snippet,
        // made from the index, does not highlight it.)
        text = "Le mot " + x + " est long.";
        snippet = snippet_of("xxx*", text, 200, false);
        CHECK(marked(snippet) == "… [" + x + "] …");
    }
    SUBCASE("invalid UTF-8 does not crash and matches stay exact") {
        const std::string rows[] = {
            "La dette \xff\xfe publique",
            "\xc3 dette \xe2\x80",
            "dette\x80\x80\x80 \xed\xa0\x80 dette",
            std::string(1000, '\x80'),
            std::string(300, '\x80') + " dette " + std::string(300, '\xbf'),
            "\xf0\x9f\x98 dette. " + std::string(400, '\xe9'),
        };
        for (const auto& text : rows) {
            CAPTURE(text.size());
            const auto snippet = snippet_of("dette", text, 200);
            CHECK(broken_promise(text, snippet, false) == "");
            for (const auto& h : snippet.highlights) {
                CHECK(snippet.text.substr(h.begin, h.end - h.begin) == "dette");
            }
            CHECK(snippet.text.size() <= 200 + 2 * (kEllipsis.size() + 1));
        }
    }
}

namespace {

struct QueryRow {
    std::string_view query;
    std::string_view strict;   ///< Xapian's description of the strict query
    std::string_view relaxed;  ///< ... of the relaxed one, "" when there is none
};

}  // namespace

TEST_CASE("query builder: the Xapian queries") {
    const QueryRow rows[] = {
        // A word: its two stems (accented, folded); one when they are the same.
        {"pêche", "Query((0.5 * (Zpêch SYNONYM Zpech) AND_MAYBE 0.5 * XApêche))", ""},
        {"licenciements", "Query(Zlicenci)", ""},
        // Stop words dropped.
        {"la dette de l'État",
         "Query((Zdet AND (0.5 * (Zétat SYNONYM Zetat) AND_MAYBE 0.5 * XAétat)))",
         "Query((Zdet OR (0.5 * (Zétat SYNONYM Zetat) AND_MAYBE 0.5 * XAétat)))"},
        // Only stop words: kept.
        {"la", "Query(la)", ""},
        // A phrase on the positional terms: a word's folded stem, a stop
        // word as written; compounds by their parts.
        {"\"plan social\"", "Query((Zplan PHRASE 2 Zsocial))", ""},
        {"\"Les États‑Unis\"", "Query((les PHRASE 3 Zetat PHRASE 3 Zunis))", ""},
        // Numbers: one folded term, no stems.
        {"14 000", "Query(14000)", ""},
        // A compound: the joined word or its parts as a phrase.
        {"start-up", "Query((Zstartup OR (Zstart PHRASE 2 Zup)))", ""},
        // Fields.
        {"title:dette", "Query(ZSdet)", ""},
        {"company:Facebook", "Query(XCmeta)", ""},
        {"company:\"amazon web services\"", "Query(XCaws)", ""},
        {"company:Inconnue", "Query(XCinconnue)", ""},
        {"source:\"Le Monde\"", "Query(XSle monde)", ""},
        {"year:2024", "Query(Y2024)", ""},
        {"year:2023..2025", "Query((Y2023 OR Y2024 OR Y2025))", ""},
        {"year:1900..2100", "Query(VALUE_RANGE 1 1900 2100)", ""},
        {"dette year:2024", "Query((Zdet FILTER Y2024))", ""},
        // Exclusion, OR, prefix.
        {"Amazon -AWS", "Query((Zamazon AND_NOT Zaw))", ""},
        // Only exclusions, or nothing: every document, scored 0 as a filter.
        {"-AWS", "Query((0 * <alldocuments> AND_NOT Zaw))", ""},
        {"", "Query(0 * <alldocuments>)", ""},
        {" \t", "Query(0 * <alldocuments>)", ""},
        {"((((", "Query()", ""},
        // Required: in the relaxed query too, the others adding weight.
        {"AWS +France", "Query((Zaw AND Zfranc))", "Query((Zfranc AND_MAYBE Zaw))"},
        {"+AWS +France dette", "Query((Zdet AND Zaw AND Zfranc))",
         "Query(((Zaw AND Zfranc) AND_MAYBE Zdet))"},
        {"+\"plan social\" dette", "Query((Zdet AND (Zplan PHRASE 2 Zsocial)))",
         "Query(((Zplan PHRASE 2 Zsocial) AND_MAYBE Zdet))"},
        {"dette +year:2024", "Query((Zdet FILTER Y2024))", ""},
        // AND binds tighter than OR, and stays AND when relaxed.
        {"AWS AND France OR dette", "Query(((Zaw AND Zfranc) OR Zdet))", ""},
        {"AWS AND France usine", "Query(((Zaw AND Zfranc) AND Zusin))",
         "Query(((Zaw AND Zfranc) OR Zusin))"},
        // Without the searcher's expansion: numbers and stop words, and stems,
        // that start with the prefix.
        {"licenci*", "Query((WILDCARD SYNONYM licenci SYNONYM WILDCARD SYNONYM Zlicenci))", ""},
        // Strict and relaxed.
        {"AWS France", "Query((Zaw AND Zfranc))", "Query((Zaw OR Zfranc))"},
    };
    for (const auto& row : rows) {
        CAPTURE(row.query);
        const auto built = build(row.query);
        CHECK(built.strict.get_description() == row.strict);
        CHECK((built.relaxed.empty() ? "" : built.relaxed.get_description()) == row.relaxed);
    }
    // OR binds tighter than the implicit AND.
    const auto built = build("(Renault OR Stellantis) usine");
    CHECK(built.strict.get_description().find("((Zrenault OR Zstellant) AND Zusin)") !=
          std::string::npos);
    CHECK(built.relaxed.get_description().find("((Zrenault OR Zstellant) OR Zusin)") !=
          std::string::npos);
}

TEST_CASE("query builder: questions are recognised by their grammar") {
    struct QuestionRow {
        std::string_view query;
        bool question;
    };
    const QuestionRow rows[] = {
        // Question words, wherever they stand, with or without accents.
        {"Combien de personnes travaillent au ministère des sports", true},
        {"Quel montant en 2019", true},
        {"en quelle année", true},
        {"Ou Krauss voit elle le jour", false},  // `ou` is "or", and no hyphen before `elle`
        {"Où Krauss voit-elle le jour", true},
        {"Pourquoi le nouveau bâtiment a été construit", true},
        // Inverted subjects: `a-t-il`, `ont-ils`, `est-elle`; `est-ce`.
        {"Les auteurs de la BD ont-ils travaillé seuls", true},
        {"Quand la ville a-t-elle été fondée", true},
        {"Est-ce que la Ligue du Nord existe encore", true},
        // `qui` or `que` opening the query.
        {"qui a adapté Deux Anglaises au cinéma", true},
        {"Qu'a fait Truffaut en 1962", true},
        {"les entreprises qui licencient", false},
        // A question mark.
        {"AWS France ?", true},
        // Keyword queries and compounds are not questions.
        {"AWS France", false},
        {"licenciements chez Amazon", false},
        {"président-directeur général", false},
        {"\"quel avenir\"", false},  // a phrase is looked for as written
        {"title:comment", false},
    };
    for (const auto& row : rows) {
        CAPTURE(row.query);
        CHECK(build(row.query).question == row.question);
    }
}

TEST_CASE("query builder: a word the index does not know looks for its correction too") {
    static const lsearch::Synonyms none;
    // The searcher's correction reads the index; here, a fixed table.
    auto correct = [](const lsearch::Token& token) -> std::string {
        if (token.folded == "sutlan") return "sultan";
        if (token.folded == "byzanse") return "byzance";
        return "";
    };
    const auto built = lsearch::detail::build_query(
        lsearch::detail::parse_query("Quel sutlan prend Byzanse ?").root, analyzer(), gazetteer(),
        none, {}, correct);
    CHECK(built.relaxed.get_description() ==
          "Query(((Zsutlan OR Zsultan) OR Zprend OR (Zbyzans OR Zbyzanc)))");
    // Proximity looks for the word or its correction at one place.
    CHECK(built.proximity.get_description() ==
          "Query(0.25 * (((Zsutlan OR Zsultan) NEAR 4 Zprend) OR (Zprend NEAR 4 (Zbyzans OR "
          "Zbyzanc))))");
    // The correction is highlighted as the word's own.
    CHECK(built.terms.units == 3);
    CHECK(built.terms.folded.at("sultan") == built.terms.folded.at("sutlan"));
    // Without a correction, the word alone.
    const auto plain = build("Quel sutlan prend Byzanse ?");
    CHECK(plain.relaxed.get_description().find("sultan") == std::string::npos);
}

TEST_CASE("query builder: the words a snippet looks for") {
    struct TermsRow {
        std::string_view query;
        unsigned units;
        std::string_view folded;  ///< space-separated, sorted
    };
    const TermsRow rows[] = {
        {"AWS France", 2, "aws france"},
        {"la dette de l'État", 2, "dette etat"},  // stop words dropped
        {"Amazon -AWS", 1, "amazon"},             // excluded words are not looked for
        {"company:Amazon year:2024", 0, ""},      // nor filters
        {"start-up", 1, "start startup up"},      // one unit for the compound
        {"\"plan social\" 14.000", 3, "14000 plan social"},
    };
    for (const auto& row : rows) {
        CAPTURE(row.query);
        const auto built = build(row.query);
        CHECK(built.terms.units == row.units);
        std::vector<std::string> folded;
        for (const auto& [term, unit] : built.terms.folded)
            folded.push_back(term);
        std::sort(folded.begin(), folded.end());
        std::string joined;
        for (const auto& term : folded)
            joined += (joined.empty() ? "" : " ") + term;
        CHECK(joined == row.folded);
    }
}

TEST_CASE("query builder: the words proximity looks for") {
    struct PositionalRow {
        std::string_view query;
        std::string_view words;      ///< one `|`-separated group of terms per word
        std::string_view proximity;  ///< the OP_NEAR bonus of date order
    };
    const PositionalRow rows[] = {
        // Plain words by their positional terms (folded stems); stop words dropped.
        {"la dette de l'État", "Zdet Zetat", "Query(0.25 * (Zdet NEAR 4 Zetat))"},
        // One word: no proximity.
        {"licenciements", "Zlicenci", ""},
        // The one-word alternatives of an OR stand in one place.
        {"(recyclage OR réemploi) lithium", "Zrecyclag|Zreemploi Zlithium",
         "Query(0.25 * ((Zrecyclag OR Zreemploi) NEAR 4 Zlithium))"},
        // Phrases, compounds, fields, excluded words and prefixes are not words here.
        {"\"plan social\" start-up title:dette -AWS licenci*", "", ""},
        // Numbers are, as written.
        {"Krauss en 1998", "Zkrauss 1998", "Query(0.25 * (Zkrauss NEAR 4 1998))"},
        {"AWS France usine", "Zaw Zfranc Zusin",
         "Query(0.25 * ((Zaw NEAR 4 Zfranc) OR (Zfranc NEAR 4 Zusin)))"},
    };
    for (const auto& row : rows) {
        CAPTURE(row.query);
        const auto built = build(row.query);
        std::string words;
        for (const auto& terms : built.positional) {
            if (!words.empty()) words += ' ';
            for (std::size_t i = 0; i < terms.size(); ++i)
                words += (i > 0 ? "|" : "") + terms[i];
        }
        CHECK(words == row.words);
        CHECK((built.proximity.empty() ? "" : built.proximity.get_description()) == row.proximity);
    }
}

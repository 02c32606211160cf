#include <doctest/doctest.h>

#include <cstddef>
#include <iterator>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "lsearch/common/analyzer.h"
#include "lsearch/common/error.h"
#include "query_ast.h"

using namespace std::literals;
using lsearch::QuerySyntaxError;
using lsearch::detail::describe;
using lsearch::detail::parse_query;
using lsearch::detail::QueryNode;

namespace {

struct Row {
    std::string_view query;
    const char* expected;
};

struct WarningRow {
    std::string_view query;
    const char* tree;     ///< What the repaired query reads as.
    const char* warning;  ///< A substring of one of the warnings.
};

struct ErrorRow {
    std::string query;
    std::size_t position;
    const char* message;  ///< A substring of what().
};

std::string tree_of(std::string_view query) {
    return describe(parse_query(query).root);
}

std::string warnings_of(std::string_view query) {
    std::string all;
    for (const auto& warning : parse_query(query).warnings)
        all += warning + "\n";
    return all;
}

/// Node positions in pre-order (children, then required, then excluded ones).
void positions(const QueryNode& node, std::string& out) {
    if (!out.empty()) out += ' ';
    out += std::to_string(node.position);
    for (const auto& child : node.children)
        positions(child, out);
    for (const auto& child : node.required)
        positions(child, out);
    for (const auto& child : node.excluded)
        positions(child, out);
}

/// What the builder relies on; empty when the tree keeps every promise.
std::string broken_promise(const QueryNode& node, std::size_t query_size, bool is_root) {
    using Kind = QueryNode::Kind;
    if (query_size > 0 && node.position >= query_size) return "position past the end";
    if (is_root && node.kind != Kind::All) return "root is not All";
    if (node.kind != Kind::All && !node.excluded.empty()) return "excluded outside All";
    if (node.kind != Kind::All && !node.required.empty()) return "required outside All";
    switch (node.kind) {
        case Kind::All:
            break;
        case Kind::Any:
            if (node.children.size() < 2) return "OR with fewer than two children";
            break;
        case Kind::Words:
        case Kind::Phrase:
        case Kind::Prefix:
            if (node.text.empty()) return "empty text";
            if (!node.children.empty()) return "text node with children";
            break;
        case Kind::Field: {
            if (node.children.size() != 1) return "field without exactly one child";
            const Kind value = node.children.front().kind;
            if (value != Kind::Words && value != Kind::Phrase && value != Kind::Prefix) {
                return "field value of a wrong kind";
            }
            if (node.field != "title" && node.field != "company" && node.field != "source") {
                return "unknown field name";
            }
            break;
        }
        case Kind::Years:
            if (node.year_from < 1 || node.year_from > node.year_to || node.year_to > 9999) {
                return "bad year range";
            }
            break;
        case Kind::Everything:
            if (is_root || !node.children.empty()) return "misplaced EVERYTHING";
            break;
    }
    for (const auto& child : node.children) {
        if (auto problem = broken_promise(child, query_size, false); !problem.empty()) {
            return problem;
        }
    }
    for (const auto& child : node.required) {
        if (auto problem = broken_promise(child, query_size, false); !problem.empty()) {
            return problem;
        }
    }
    for (const auto& child : node.excluded) {
        if (auto problem = broken_promise(child, query_size, false); !problem.empty()) {
            return problem;
        }
    }
    return {};
}

/// Parses `query`; returns a problem, or empty when it parsed soundly or was
/// refused with QuerySyntaxError at a position inside the query. Any other
/// exception escapes and fails the test.
std::string parse_or_refuse(std::string_view query) {
    try {
        const auto parsed = parse_query(query);
        auto problem = broken_promise(parsed.root, query.size(), true);
        if (problem.empty() && describe(parsed.root).empty()) problem = "empty describe";
        return problem;
    } catch (const QuerySyntaxError& error) {
        if (error.position() > query.size()) return "error position past the end";
        return {};
    }
}

}  // namespace

TEST_CASE("query parser: words") {
    const Row rows[] = {
        // Nothing typed browses every document.
        {"", "AND(EVERYTHING)"},
        {"   ", "AND(EVERYTHING)"},
        {"\u00a0\t\u3000", "AND(EVERYTHING)"},
        {"AWS", R"(AND(WORDS"AWS"))"},
        {"AWS France 14 000", R"(AND(WORDS"AWS France 14 000"))"},
        {"  AWS   France  ", R"(AND(WORDS"AWS   France"))"},
        {"l'IA l’IA lʼIA", R"(AND(WORDS"l'IA l’IA lʼIA"))"},
        {"start-up 14-15 aujourd’hui", R"(AND(WORDS"start-up 14-15 aujourd’hui"))"},
        {"start‑up", R"(AND(WORDS"start‑up"))"},  // U+2011 NON-BREAKING HYPHEN
        {"14\u00a0000 et 14\u202f000", "AND(WORDS\"14\u00a0000 et 14\u202f000\")"},
        {"\u00a0AWS\u2003France\u3000", "AND(WORDS\"AWS\u2003France\")"},
        {"a\tb\nc", R"(AND(WORDS"a\x09b\x0ac"))"},
        {"a\0b"sv, R"(AND(WORDS"a\x00b"))"},
        {"\x01\x7f"
         "a",
         R"(AND(WORDS"a"))"},
        {"or and Or oR", R"(AND(WORDS"or and Or oR"))"},
        {"ORACLE ORs", R"(AND(WORDS"ORACLE ORs"))"},
        {"http://x", R"(AND(WORDS"http://x"))"},
        {"foo:bar 12:30", R"(AND(WORDS"foo:bar 12:30"))"},
        {"titles:AWS", R"(AND(WORDS"titles:AWS"))"},
        {"title :AWS", R"(AND(WORDS"title :AWS"))"},
        {"\xff\xfe abc", "AND(WORDS\"\xff\xfe abc\")"},
        {"C++ & co.", R"(AND(WORDS"C++ & co."))"},
    };
    for (const auto& row : rows) {
        CAPTURE(row.query);
        CHECK(tree_of(row.query) == row.expected);
    }
}

TEST_CASE("query parser: phrases") {
    const Row rows[] = {
        {R"("exact phrase")", R"(AND(PHRASE"exact phrase"))"},
        {"«\u00a0grande start-up\u00a0»", R"(AND(PHRASE"grande start-up"))"},
        {"« cloud souverain »", R"(AND(PHRASE"cloud souverain"))"},
        {"“AWS France”", R"(AND(PHRASE"AWS France"))"},
        {R"("  spaced  out  ")", R"(AND(PHRASE"spaced  out"))"},
        {R"(AWS "cloud souverain" France)",
         R"(AND(WORDS"AWS" PHRASE"cloud souverain" WORDS"France"))"},
        {R"("a b"c)", R"(AND(PHRASE"a b" WORDS"c"))"},
        {R"(«a "b" c»)", R"(AND(PHRASE"a \"b\" c"))"},
        {R"("l’IA" "OR")", R"(AND(PHRASE"l’IA" PHRASE"OR"))"},
        {R"("a (b) -c*")", R"(AND(PHRASE"a (b) -c*"))"},
        {R"("AWS")", R"(AND(PHRASE"AWS"))"},
    };
    for (const auto& row : rows) {
        CAPTURE(row.query);
        CHECK(tree_of(row.query) == row.expected);
    }
}

TEST_CASE("query parser: exclusions") {
    const Row rows[] = {
        {"AWS -Amazon", R"(AND(WORDS"AWS" -WORDS"Amazon"))"},
        {"-Amazon AWS France", R"(AND(WORDS"AWS France" -WORDS"Amazon"))"},
        {"a -b c", R"(AND(WORDS"a" WORDS"c" -WORDS"b"))"},
        {R"(AWS -"grande start-up")", R"(AND(WORDS"AWS" -PHRASE"grande start-up"))"},
        {"AWS -«cloud»", R"(AND(WORDS"AWS" -PHRASE"cloud"))"},
        {"AWS -(Amazon OR Google)", R"(AND(WORDS"AWS" -OR(WORDS"Amazon" WORDS"Google")))"},
        {"AWS -(a b)", R"(AND(WORDS"AWS" -WORDS"a b"))"},
        {"AWS -title:cloud", R"(AND(WORDS"AWS" -FIELD:title(WORDS"cloud")))"},
        {"AWS -company:\"Goldman Sachs\"",
         R"(AND(WORDS"AWS" -FIELD:company(WORDS"Goldman Sachs")))"},
        {"AWS -year:2024", R"(AND(WORDS"AWS" -YEARS(2024..2024)))"},
        {"AWS -licenci*", R"(AND(WORDS"AWS" -PREFIX"licenci"))"},
        {"-a", R"(AND(-WORDS"a"))"},
        {"-a -b", R"(AND(-WORDS"a" -WORDS"b"))"},
        {"(-a)", R"(AND(-WORDS"a"))"},
        {"x (-a)", R"(AND(WORDS"x" AND(-WORDS"a")))"},
        {"x (y -a)", R"(AND(WORDS"x" AND(WORDS"y" -WORDS"a")))"},
        {"--a", R"(AND(-WORDS"a"))"},
        {"a\u00a0-b", R"(AND(WORDS"a" -WORDS"b"))"},
        {"(-a", R"(AND(-WORDS"a"))"},
        {"-OR", R"(AND(-WORDS"OR"))"},
        // `-` inside or after a word, or after `)`: a word character.
        {"start-up 14-15 a-", R"(AND(WORDS"start-up 14-15 a-"))"},
        {"(a)-b", R"(AND(WORDS"a" WORDS"-b"))"},
    };
    for (const auto& row : rows) {
        CAPTURE(row.query);
        CHECK(tree_of(row.query) == row.expected);
    }
}

TEST_CASE("query parser: OR and groups") {
    const Row rows[] = {
        {"a OR b", R"(AND(OR(WORDS"a" WORDS"b")))"},
        {"a b OR c d", R"(AND(WORDS"a" OR(WORDS"b" WORDS"c") WORDS"d"))"},
        {"a OR b OR c", R"(AND(OR(WORDS"a" WORDS"b" WORDS"c")))"},
        {"a OR b c OR d", R"(AND(OR(WORDS"a" WORDS"b") OR(WORDS"c" WORDS"d")))"},
        {"AWS France OR Amazon", R"(AND(WORDS"AWS" OR(WORDS"France" WORDS"Amazon")))"},
        {R"("cloud souverain" OR AWS)", R"(AND(OR(PHRASE"cloud souverain" WORDS"AWS")))"},
        {R"("x"OR"y")", R"(AND(OR(PHRASE"x" PHRASE"y")))"},
        {"a OR(b c)", R"(AND(OR(WORDS"a" WORDS"b c")))"},
        {"(a OR b) OR c", R"(AND(OR(WORDS"a" WORDS"b" WORDS"c")))"},
        {"(a b) OR c", R"(AND(OR(WORDS"a b" WORDS"c")))"},
        {"cloud* OR AWS", R"(AND(OR(PREFIX"cloud" WORDS"AWS")))"},
        {"title:AWS OR company:Amazon",
         R"(AND(OR(FIELD:title(WORDS"AWS") FIELD:company(WORDS"Amazon"))))"},
        {"a or b", R"(AND(WORDS"a or b"))"},
        {"(AWS OR Amazon) France", R"(AND(OR(WORDS"AWS" WORDS"Amazon") WORDS"France"))"},
        {"(a b)", R"(AND(WORDS"a b"))"},
        {"((a))", R"(AND(WORDS"a"))"},
        {"(a -b)", R"(AND(WORDS"a" -WORDS"b"))"},
        {R"(a (b "c") d)", R"(AND(WORDS"a" AND(WORDS"b" PHRASE"c") WORDS"d"))"},
        {"a (b) c", R"(AND(WORDS"a" WORDS"b" WORDS"c"))"},
        {"a () b", R"(AND(WORDS"a" WORDS"b"))"},
        {"((()))", "AND()"},
        {"(licenci*)", R"(AND(PREFIX"licenci"))"},
        {"a (b (c OR d))", R"(AND(WORDS"a" AND(WORDS"b" OR(WORDS"c" WORDS"d"))))"},
    };
    for (const auto& row : rows) {
        CAPTURE(row.query);
        CHECK(tree_of(row.query) == row.expected);
    }
}

TEST_CASE("query parser: required operands and AND") {
    const Row rows[] = {
        {"+AWS", R"(AND(+WORDS"AWS"))"},
        {"grève +SNCF RATP", R"(AND(WORDS"grève" WORDS"RATP" +WORDS"SNCF"))"},
        {R"(AWS +"cloud souverain")", R"(AND(WORDS"AWS" +PHRASE"cloud souverain"))"},
        {"AWS +company:Amazon", R"(AND(WORDS"AWS" +FIELD:company(WORDS"Amazon")))"},
        {"AWS +(a OR b)", R"(AND(WORDS"AWS" +OR(WORDS"a" WORDS"b")))"},
        {"AWS +licenci*", R"(AND(WORDS"AWS" +PREFIX"licenci"))"},
        {"++a", R"(AND(+WORDS"a"))"},
        {"+a -b c", R"(AND(WORDS"c" +WORDS"a" -WORDS"b"))"},
        {"(+a b)", R"(AND(WORDS"b" +WORDS"a"))"},
        // `+` inside or after a word is a word character.
        {"C++ a+b", R"(AND(WORDS"C++ a+b"))"},
        {"+OR +AND", R"(AND(+WORDS"OR" +WORDS"AND"))"},
        // AND binds tighter than OR, OR tighter than juxtaposition.
        {"a AND b", R"(AND(+WORDS"a" +WORDS"b"))"},
        {"a AND b AND c", R"(AND(+WORDS"a" +WORDS"b" +WORDS"c"))"},
        {"a AND b OR c", R"(AND(OR(AND(+WORDS"a" +WORDS"b") WORDS"c")))"},
        {"a OR b AND c", R"(AND(OR(WORDS"a" AND(+WORDS"b" +WORDS"c"))))"},
        {"x a AND b y", R"(AND(WORDS"x" AND(+WORDS"a" +WORDS"b") WORDS"y"))"},
        {"(a AND b) AND c", R"(AND(+WORDS"a" +WORDS"b" +WORDS"c"))"},
        {"(a b) AND c", R"(AND(+WORDS"a b" +WORDS"c"))"},
        {R"("x y" AND title:z)", R"(AND(+PHRASE"x y" +FIELD:title(WORDS"z")))"},
        {"and And aNd", R"(AND(WORDS"and And aNd"))"},
        {"ANDROID", R"(AND(WORDS"ANDROID"))"},
    };
    for (const auto& row : rows) {
        CAPTURE(row.query);
        CHECK(tree_of(row.query) == row.expected);
    }
}

TEST_CASE("query parser: unknown fields are read as words with a warning") {
    const WarningRow rows[] = {
        {"auteur:Dupont", R"(AND(WORDS"auteur:Dupont"))",
         "unknown field \"auteur:\" at position 0: searched as plain words (the fields are "
         "title:, company:, source:, year:"},
        {"grève lieu:Paris", R"(AND(WORDS"grève lieu:Paris"))",
         "unknown field \"lieu:\" at position 7"},
        {"URL:orange", R"(AND(WORDS"URL:orange"))", "unknown field \"URL:\" at position 0"},
        {"-catégorie:sport", R"(AND(-WORDS"catégorie:sport"))",
         "unknown field \"catégorie:\" at position 1"},
        {R"(lieu:"Paris")", R"(AND(WORDS"lieu:" PHRASE"Paris"))", "unknown field \"lieu:\""},
    };
    for (const auto& row : rows) {
        CAPTURE(row.query);
        CHECK(tree_of(row.query) == row.tree);
        CHECK(warnings_of(row.query).find(row.warning) != std::string::npos);
    }
    // Colons of ordinary text are no field.
    for (const auto query :
         {"14:30"sv, "réunion à 9:00"sv, "https://www.orange.fr/x"sv, "Note: rien"sv,
          "Note : rien"sv, "std::string"sv, "C:\\Windows"sv, "a:"sv, "l’IA:x"sv, "12h:30"sv,
          R"("auteur:Dupont")"sv, "title:a:b"sv}) {
        CAPTURE(query);
        CHECK(warnings_of(query).find("unknown field") == std::string::npos);
    }
}

TEST_CASE("query parser: prefixes and fields") {
    const Row rows[] = {
        {"licenci*", R"(AND(PREFIX"licenci"))"},
        {"AWS licenci* France", R"(AND(WORDS"AWS" PREFIX"licenci" WORDS"France"))"},
        {"licenci**", R"(AND(PREFIX"licenci"))"},
        {"l’intel*", R"(AND(PREFIX"l’intel"))"},
        {"title:licenciements", R"(AND(FIELD:title(WORDS"licenciements")))"},
        {"Title:AWS", R"(AND(FIELD:title(WORDS"AWS")))"},
        {"TITLE:AWS", R"(AND(FIELD:title(WORDS"AWS")))"},
        {"title:l'IA", R"(AND(FIELD:title(WORDS"l'IA")))"},
        {"title:a:b", R"(AND(FIELD:title(WORDS"a:b")))"},
        {"title:OR", R"(AND(FIELD:title(WORDS"OR")))"},
        {R"(title:"grande start-up")", R"(AND(FIELD:title(PHRASE"grande start-up")))"},
        {"title:«cloud souverain»", R"(AND(FIELD:title(PHRASE"cloud souverain")))"},
        {"title:licenci*", R"(AND(FIELD:title(PREFIX"licenci")))"},
        {"(title:AWS)", R"(AND(FIELD:title(WORDS"AWS")))"},
        {"title:AWS France", R"(AND(FIELD:title(WORDS"AWS") WORDS"France"))"},
        {"company:AWS", R"(AND(FIELD:company(WORDS"AWS")))"},
        {R"(company:"Goldman Sachs")", R"(AND(FIELD:company(WORDS"Goldman Sachs")))"},
        {"Company:“Goldman Sachs”", R"(AND(FIELD:company(WORDS"Goldman Sachs")))"},
        {"company:Goo*", R"(AND(FIELD:company(PREFIX"Goo")))"},
        {R"(source:"Epoch Times")", R"(AND(FIELD:source(WORDS"Epoch Times")))"},
        {"SOURCE:Reuters AWS", R"(AND(FIELD:source(WORDS"Reuters") WORDS"AWS"))"},
        {"AWS company:Amazon France",
         R"(AND(WORDS"AWS" FIELD:company(WORDS"Amazon") WORDS"France"))"},
        {"year:2024", "AND(YEARS(2024..2024))"},
        {"Year:2023..2025", "AND(YEARS(2023..2025))"},
        {"year:2023..2023", "AND(YEARS(2023..2023))"},
        {"year:2025..2023", "AND(YEARS(2023..2025))"},
        {"year:2023..", "AND(YEARS(2023..9999))"},
        {"year:..2020", "AND(YEARS(1..2020))"},
        {R"(year:"2024")", "AND(YEARS(2024..2024))"},
        {"AWS year:2024 France", R"(AND(WORDS"AWS" YEARS(2024..2024) WORDS"France"))"},
        {"year:2024 OR year:2025", "AND(OR(YEARS(2024..2024) YEARS(2025..2025)))"},
    };
    for (const auto& row : rows) {
        CAPTURE(row.query);
        CHECK(tree_of(row.query) == row.expected);
    }
}

TEST_CASE("query parser: node positions") {
    const Row rows[] = {
        {"AWS France", "0 0"},
        // All@0: x@0, Any@3 (a@3 b@8), Field@18 (e@24), Years@26; excluded Phrase@12.
        {R"(x (a OR b) -"c d" title:e year:2024)", "0 0 3 3 8 18 24 26 12"},
        {R"(company:"Goldman Sachs")", "0 0 8"},
        {R"(a (b "c"))", "0 0 2 3 5"},
        {"  -x  y*", "0 6 3"},
        // All@0: x@0, All@5 (a@5 b@11); required y@3.
        {"x +y a AND b", "0 0 5 5 11 3"},
    };
    for (const auto& row : rows) {
        CAPTURE(row.query);
        std::string out;
        positions(parse_query(row.query).root, out);
        CHECK(out == row.expected);
    }
}

TEST_CASE("query parser: tolerant repairs warn") {
    const WarningRow rows[] = {
        {R"("unbalanced)", R"(AND(PHRASE"unbalanced"))",
         "unbalanced quote at position 0: read to the end"},
        {R"(AWS "cloud souverain)", R"(AND(WORDS"AWS" PHRASE"cloud souverain"))",
         "unbalanced quote at position 4"},
        {"«cloud", R"(AND(PHRASE"cloud"))", "unbalanced quote at position 0"},
        {"“a\" b", R"(AND(PHRASE"a\" b"))", "unbalanced quote at position 0"},
        {R"(title:"AWS)", R"(AND(FIELD:title(PHRASE"AWS")))", "unbalanced quote at position 6"},
        {R"(")", "AND()", "unbalanced quote at position 0"},
        {R"("")", "AND()", "empty phrase at position 0: ignored"},
        {"« »", "AND()", "empty phrase at position 0"},
        {"a » b", R"(AND(WORDS"a" WORDS"b"))",
         "closing quote at position 2 without an opening one: ignored"},
        {"(AWS OR Amazon", R"(AND(OR(WORDS"AWS" WORDS"Amazon")))",
         "unbalanced '(' at position 0: closed at the end"},
        {"AWS (", R"(AND(WORDS"AWS"))", "unbalanced '(' at position 4"},
        {"((((", "AND()", "unbalanced '(' at position 3"},
        {"AWS)", R"(AND(WORDS"AWS"))", "unmatched ')' at position 3: ignored"},
        {")))", "AND()", "unmatched ')' at position 2"},
        {"-", "AND()", "'-' at position 0 has nothing after it: ignored"},
        {"- -", "AND()", "'-' at position 2 has nothing after it"},
        {"AWS -", R"(AND(WORDS"AWS"))", "'-' at position 4"},
        {"AWS - Amazon", R"(AND(WORDS"AWS" WORDS"Amazon"))", "'-' at position 4"},
        {"AWS -- Amazon", R"(AND(WORDS"AWS" WORDS"Amazon"))", "'-' at position 4"},
        {"(a -)", R"(AND(WORDS"a"))", "'-' at position 3"},
        {"-()", "AND()", "'-' at position 0 has nothing after it"},
        {"-*", "AND()", "'-' at position 0 has nothing after it"},
        {R"(-"")", "AND()", "'-' at position 0 has nothing after it"},
        {"-title:", "AND()", "'-' at position 0 has nothing after it"},
        {"+", "AND()", "'+' at position 0 has nothing after it: ignored"},
        {"1 + 1", R"(AND(WORDS"1" WORDS"1"))", "'+' at position 2 has nothing after it"},
        {"+*", "AND()", "'+' at position 0 has nothing after it"},
        {"+title:", "AND()", "'+' at position 0 has nothing after it"},
        {"AND", "AND()", "AND at position 0 has nothing on its left: ignored"},
        {"AND a", R"(AND(WORDS"a"))", "AND at position 0 has nothing on its left"},
        {"a AND", R"(AND(WORDS"a"))", "AND at position 2 has nothing on its right: ignored"},
        {"a AND AND b", R"(AND(+WORDS"a" +WORDS"b"))",
         "AND at position 6 repeats the AND before it: ignored"},
        {"a AND -b", R"(AND(WORDS"a" -WORDS"b"))", "AND at position 2 has nothing on its right"},
        {"a OR AND b", R"(AND(WORDS"a" WORDS"b"))", "AND at position 5 has nothing on its left"},
        {"OR", "AND()", "OR at position 0 has nothing on its left: ignored"},
        {"OR OR", "AND()", "OR at position 3 has nothing on its left"},
        {"OR AWS", R"(AND(WORDS"AWS"))", "OR at position 0 has nothing on its left"},
        {"AWS OR", R"(AND(WORDS"AWS"))", "OR at position 4 has nothing on its right: ignored"},
        {"AWS OR OR Amazon", R"(AND(OR(WORDS"AWS" WORDS"Amazon")))",
         "OR at position 7 repeats the OR before it: ignored"},
        {"a -b OR c", R"(AND(WORDS"a" WORDS"c" -WORDS"b"))",
         "OR at position 5 has nothing on its left"},
        {"a OR -b", R"(AND(WORDS"a" -WORDS"b"))", "OR at position 2 has nothing on its right"},
        {"() OR a", R"(AND(WORDS"a"))", "OR at position 3 has nothing on its left"},
        {"() OR ()", "AND()", "OR at position 3 has nothing on either side"},
        {"(OR)", "AND()", "OR at position 1 has nothing on its left"},
        {"*", "AND()", "'*' at position 0 has no word before it: ignored"},
        {"**", "AND()", "'*' at position 0 has no word before it"},
        {"AWS * France", R"(AND(WORDS"AWS" WORDS"France"))", "'*' at position 4 has no word"},
        {"a*b", R"(AND(WORDS"a*b"))", "'*' at position 1 is not at the end of a word: ignored"},
        {"*cloud", R"(AND(WORDS"*cloud"))", "'*' at position 0 is not at the end of a word"},
        {":", "AND()", "':' at position 0 has no field name before it: ignored"},
        {"AWS ::", R"(AND(WORDS"AWS"))", "':' at position 4 has no field name"},
        {"title:", "AND()", "title: at position 0 has no value: ignored"},
        {"title: AWS", R"(AND(WORDS"AWS"))", "title: at position 0 has no value"},
        {"Source:", "AND()", "source: at position 0 has no value"},
        {R"(company:"")", "AND()", "company: at position 0 has no value"},
        {"title:*", "AND()", "title: at position 0 has no value"},
        {"title:(a b)", R"(AND(WORDS"a b"))", "title: at position 0 has no value"},
    };
    for (const auto& row : rows) {
        CAPTURE(row.query);
        CHECK(tree_of(row.query) == row.tree);
        CHECK(warnings_of(row.query).find(row.warning) != std::string::npos);
    }
}

TEST_CASE("query parser: clean queries have no warnings") {
    for (const auto query : {"AWS France 14 000"sv, R"((AWS OR Amazon) -"Goldman Sachs")"sv,
                             "+grève SNCF AND RATP OR métro"sv,
                             "title:licenci* year:2023..2025 company:AWS"sv, "-a"sv, "()"sv}) {
        CAPTURE(query);
        CHECK(parse_query(query).warnings.empty());
    }
}

TEST_CASE("query parser: warnings come in query order") {
    const auto warnings = parse_query(R"(OR a * ) "b)").warnings;
    REQUIRE(warnings.size() == 4);
    CHECK(warnings[0].find("position 0") != std::string::npos);
    CHECK(warnings[1].find("position 5") != std::string::npos);
    CHECK(warnings[2].find("position 7") != std::string::npos);
    CHECK(warnings[3].find("position 9") != std::string::npos);
}

TEST_CASE("query parser: errors") {
    constexpr const char* kYearHint = "year: expects a year like 2024 or a range like 2023..2025";
    const ErrorRow rows[] = {
        {"year:abc", 5, R"(invalid value "abc" for field year)"},
        {"year:abc", 5, kYearHint},
        {"year:20x5", 5, R"("20x5")"},
        {"AWS year:24", 9, R"("24")"},
        {"year:20245", 5, R"("20245")"},
        {"year:2023...2025", 5, R"("2023...2025")"},
        {"year:2023-2025", 5, kYearHint},
        {"year:..", 5, R"("..")"},
        {"year:2024*", 5, R"("2024*")"},
        {"YEAR:x", 5, R"(invalid value "x" for field year)"},
        {"year:0000", 5, R"("0000")"},
        {"year:\xff\xfe", 5, "\"\xef\xbf\xbd\xef\xbf\xbd\""},  // Messages are valid UTF-8.
        {"year:" + std::string(100, '9'), 5, "\"9999999999999999999999999999999999999999...\""},
        {"-year:abc", 6, R"("abc")"},
        {"(year:abc)", 6, R"("abc")"},
        {"year:", 5, "missing value for field year"},
        {"year:", 5, kYearHint},
        {"year: 2024", 5, "missing value for field year"},
        {"year:(2024)", 5, "missing value for field year"},
        {R"(year:"")", 5, "missing value for field year"},
        {R"(year:"abc")", 5, R"("abc")"},
        {std::string(4097, 'a'), 4096, "the limit is 4096"},
        {std::string(20000, 'a'), 4096, "shorten the query"},
        {std::string(33, '('), 32, "nested more than 32"},
        {"x " + std::string(40, '(') + "a", 34, "nested more than 32"},
        {std::string(4000, '('), 32, "nested more than 32"},
        {std::string(20, '(') + "-" + std::string(20, '('), 33, "nested more than 32"},
    };
    for (const auto& row : rows) {
        CAPTURE(row.query.substr(0, 60));
        try {
            parse_query(row.query);
            FAIL_CHECK("no QuerySyntaxError");
        } catch (const QuerySyntaxError& error) {
            CHECK(error.position() == row.position);
            CHECK(std::string(error.what()).find(row.message) != std::string::npos);
            CHECK(std::string(error.what()).find("position " + std::to_string(row.position)) !=
                  std::string::npos);
            CHECK(lsearch::is_valid_utf8(error.what()));
        }
    }
}

TEST_CASE("query parser: limits that are still accepted") {
    CHECK(tree_of(std::string(32, '(')) == "AND()");
    CHECK(tree_of(std::string(32, '(') + "a" + std::string(32, ')')) == R"(AND(WORDS"a"))");
    CHECK(tree_of(std::string(4096, 'a')) == "AND(WORDS\"" + std::string(4096, 'a') + "\")");
    // Sibling groups do not add up: only nesting counts.
    std::string siblings;
    for (int i = 0; i < 600; ++i)
        siblings += "(a)";
    CHECK_NOTHROW(parse_query(siblings));
}

TEST_CASE("query parser: malformed input never crashes") {
    const std::string malformed[] = {
        R"("unbalanced)",
        "year:abc",
        "((((",
        ")))",
        "-",
        "- -",
        "OR",
        "OR OR",
        "*",
        ":",
        R"(")",
        R"("")",
        "«",
        "»",
        "“",
        "”",
        "\xc2",
        "\xe2\x80",
        "title:\xe2\x80",
        "\xc2\xab\xc2",
        std::string(20000, 'x'),
        std::string(20000, '('),
        std::string(4096, '('),
        std::string(4096, ')'),
        std::string(4096, '-'),
        std::string(4096, '"'),
        std::string(4096, '*'),
        std::string(4096, ':'),
        std::string("a\0b\0\0(", 7),
    };
    for (const auto& query : malformed) {
        CAPTURE(query.substr(0, 40));
        CHECK(parse_or_refuse(query).empty());
    }
}

TEST_CASE("query parser: random byte strings parse or are refused") {
    // Pieces of syntax make the random strings reach past the lexer.
    const std::string_view pieces[] = {
        "(", ")",      "\"",     "-",  "*",     ":",      "OR",       " ",    "  ",     "a",
        "b", "1",      "2024",   "..", "year:", "title:", "company:", "«",    "»",      "“",
        "”", "\u00a0", "\u202f", "l’", "-(",    "\0"sv,   "\xe2\x80", "\xc2", "source:"};
    std::mt19937 random(20240611);
    std::uniform_int_distribution<int> length_of(0, 200);
    std::uniform_int_distribution<int> byte(0, 255);
    std::uniform_int_distribution<std::size_t> piece(0, std::size(pieces) - 1);
    std::bernoulli_distribution use_piece(0.5);

    int problems = 0;
    std::string first_problem;
    for (int i = 0; i < 10000; ++i) {
        const auto length = static_cast<std::size_t>(length_of(random));
        std::string query;
        while (query.size() < length) {
            if (use_piece(random)) {
                query += pieces[piece(random)];
            } else {
                query += static_cast<char>(byte(random));
            }
        }
        query.resize(length);
        if (const auto problem = parse_or_refuse(query); !problem.empty()) {
            if (problems++ == 0) first_problem = problem + " in: " + query;
        }
    }
    CAPTURE(first_problem);
    CHECK(problems == 0);
}

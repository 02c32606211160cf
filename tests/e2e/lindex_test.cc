// End to end for lindex (issue 4): the real lindex and lsearch binaries on
// temporary collections and on the fixtures under tests/data/input/. Expected
// values come from the fixtures, not from the program's output.
#include <sys/file.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <set>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "cli.h"

using namespace lsearch::test;
using nlohmann::json;
namespace fs = std::filesystem;

// Lists of ids print as ["a", "b"] in failed checks.
namespace doctest {
template <>
struct StringMaker<std::vector<std::string>> {
    static String convert(const std::vector<std::string>& ids) {
        return nlohmann::json(ids).dump().c_str();
    }
};
}  // namespace doctest

namespace {

const fs::path kInputs = kSourceDir / "tests" / "data" / "input";

using Ids = std::vector<std::string>;

Ids sorted(Ids ids) {
    std::sort(ids.begin(), ids.end());
    return ids;
}

Ids without(Ids ids, const std::string& id) {
    ids.erase(std::remove(ids.begin(), ids.end(), id), ids.end());
    return ids;
}

Ids with(Ids ids, const std::string& id) {
    ids.push_back(id);
    return sorted(std::move(ids));
}

// The summary line's counts, as lindex prints them.
std::string counts(int added, int updated, int unchanged, int removed, int rejected) {
    return std::to_string(added) + " added, " + std::to_string(updated) + " updated, " +
           std::to_string(unchanged) + " unchanged, " + std::to_string(removed) + " removed, " +
           std::to_string(rejected) + " rejected in ";
}

// An index in a temporary directory, and the tools run on it.
struct Index {
    TempDir dir;
    fs::path db = dir / "index";

    Result lindex(std::vector<std::string> args, const std::string& input = "",
                  const fs::path& cwd = kSourceDir) const {
        args.insert(args.begin(), {"--db", db.string()});
        return run(kLindex, args, input, cwd);
    }

    // lsearch --format json QUERY: the response, after checking the exit status.
    json search(const std::string& query, int expected_status = 0) const {
        const Result result =
            run(kLsearch, {"--db", db.string(), "--format", "json", "--limit", "1000", query});
        CAPTURE(query);
        CAPTURE(result.err);
        CHECK(result.status == expected_status);
        if (result.status == 2) return json::object({{"total", -1}, {"results", json::array()}});
        return json::parse(result.out);
    }

    // The ids lsearch finds for `query`, sorted (empty when none).
    [[nodiscard]] Ids found(const std::string& query) const {
        const Result result =
            run(kLsearch, {"--db", db.string(), "--format", "json", "--limit", "1000", query});
        CAPTURE(query);
        CAPTURE(result.err);
        CHECK((result.status == 0 || result.status == 1));
        if (result.status > 1) return {"<error>"};
        const json response = json::parse(result.out);
        Ids ids;
        for (const auto& hit : response.at("results")) {
            ids.push_back(hit.at("id").get<std::string>());
        }
        return sorted(std::move(ids));
    }

    [[nodiscard]] long count() const { return document_count(db); }
    [[nodiscard]] Ids ids() const { return index_ids(db); }
};

std::uint64_t facet_count(const json& response, const std::string& facet,
                          const std::string& value) {
    for (const auto& entry : response.at("facets").at(facet)) {
        if (entry.at("value") == value) return entry.at("count").get<std::uint64_t>();
    }
    return 0;
}

const json& hit(const json& response, const std::string& id) {
    for (const auto& entry : response.at("results")) {
        if (entry.at("id") == id) return entry;
    }
    static const json none = json::object({{"id", ""}, {"companies", json::array()}});
    FAIL_CHECK("no result with id " << id);
    return none;
}

std::string record(const std::string& id, const std::string& body, const std::string& extra = "") {
    return json({{"id", id}, {"body", body}}).dump().insert(1, extra.empty() ? "" : extra + ",") +
           "\n";
}

// A small collection: three article files and a JSON Lines feed of three
// records, each with a word no other document has.
//   coll/a.md        front matter, id alpha     zeppelin
//   coll/b.md        no front matter, id b      dirigeable
//   coll/sub/c.txt   id sub/c                   montgolfière
//   coll/feed.jsonl  r1 sous-marin, r2 paquebot, r3 frégate
struct Collection {
    TempDir dir;
    fs::path root = dir / "coll";
    Ids ids = {"alpha", "b", "r1", "r2", "r3", "sub/c"};

    Collection() {
        write_file(root / "a.md",
                   "---\nid: alpha\ntitle: Alpha\ndate: 2024-03\n---\nLe zeppelin survole la "
                   "ville.\n");
        write_file(root / "b.md", "Bêta\n\nLe dirigeable atterrit au port.\n");
        write_file(root / "sub" / "c.txt", "Gamma\n\nUne montgolfière décolle.\n");
        write_file(root / "feed.jsonl", feed({"r1", "r2", "r3"}));
    }

    static std::string feed(const std::vector<std::string>& ids) {
        static const std::map<std::string, std::string> bodies = {{"r1", "Le sous-marin plonge."},
                                                                  {"r2", "Le paquebot appareille."},
                                                                  {"r3", "La frégate patrouille."}};
        std::string content;
        for (const auto& id : ids)
            content += record(id, bodies.at(id));
        return content;
    }
};

// A word made of letters only, unique to `n`.
std::string word_for(int n) {
    std::string word = "zq";
    do {
        word += static_cast<char>('a' + n % 26);
        n /= 26;
    } while (n > 0);
    return word;
}

// `files` JSON Lines files of `per_file` records under `dir`, ids k-0, k-1...,
// each body about 40 words, some naming companies, one word unique to it.
Ids generate_feeds(const fs::path& dir, int files, int per_file, unsigned seed = 42) {
    static const std::vector<std::string> words = {
        "le",        "marché",    "des",          "entreprises",  "investit", "dans",
        "cloud",     "et",        "intelligence", "artificielle", "clients",  "français",
        "résultats", "trimestre", "hausse",       "baisse",       "salariés", "usine",
        "Amazon",    "Microsoft", "Google",       "Renault",      "Airbus",   "annonce"};
    std::mt19937 random(seed);
    Ids ids;
    int n = 0;
    for (int f = 0; f < files; ++f) {
        std::string content;
        for (int r = 0; r < per_file; ++r, ++n) {
            std::string body;
            for (int w = 0; w < 40; ++w)
                body += words[random() % words.size()] + " ";
            body += word_for(n) + ".";
            const std::string id = "k-" + std::to_string(n);
            const std::string year = std::to_string(2020 + random() % 6);
            content += record(id, body, "\"date\":\"" + year + "\"");
            ids.push_back(id);
        }
        write_file(dir / ("part-" + std::to_string(f) + ".jsonl"), content);
    }
    return sorted(std::move(ids));
}

}  // namespace

// ---------------------------------------------------------------------------
// 1. Incremental runs.

TEST_CASE("e2e: lindex incremental runs add, update, remove and leave alone") {
    Collection c;
    Index index;
    const std::string coll = c.root.string();

    Result result = index.lindex({coll});
    CAPTURE(result.err);
    CHECK(result.status == 0);
    CHECK(contains(result.out, counts(6, 0, 0, 0, 0)));
    CHECK(contains(result.out, "; 6 documents in " + index.db.string()));
    CHECK(index.ids() == c.ids);

    // Nothing changed.
    result = index.lindex({coll});
    CHECK(result.status == 0);
    CHECK(contains(result.out, counts(0, 0, 6, 0, 0)));

    // One body changes: updated, the new word found, the old one not.
    write_file(c.root / "b.md", "Bêta\n\nLe planeur atterrit au port.\n");
    result = index.lindex({coll});
    CHECK(result.status == 0);
    CHECK(contains(result.out, counts(0, 1, 5, 0, 0)));
    CHECK(index.found("planeur") == Ids{"b"});
    CHECK(index.found("dirigeable").empty());
    CHECK(index.count() == 6);

    // A new file.
    write_file(c.root / "d.md", "Delta\n\nUn hydravion amerrit.\n");
    result = index.lindex({coll});
    CHECK(contains(result.out, counts(1, 0, 6, 0, 0)));
    CHECK(index.found("hydravion") == Ids{"d"});

    // A file deleted: its document goes.
    fs::remove(c.root / "sub" / "c.txt");
    result = index.lindex({coll});
    CHECK(result.status == 0);
    CHECK(contains(result.out, counts(0, 0, 6, 1, 0)));
    CHECK(index.found("montgolfière").empty());
    CHECK(index.count() == 6);

    // A record removed from the feed: its document goes.
    write_file(c.root / "feed.jsonl", Collection::feed({"r1", "r3"}));
    result = index.lindex({coll});
    CHECK(contains(result.out, counts(0, 0, 5, 1, 0)));
    CHECK(index.found("paquebot").empty());
    CHECK(index.ids() == Ids{"alpha", "b", "d", "r1", "r3"});

    // A file renamed: a new id (from its path) replaces the old one.
    fs::rename(c.root / "d.md", c.root / "e.md");
    result = index.lindex({coll});
    CHECK(contains(result.out, counts(1, 0, 4, 1, 0)));
    CHECK(index.found("hydravion") == Ids{"e"});

    // A file that turns binary is rejected, and its document is kept.
    const std::string alpha = read_file(c.root / "a.md");
    write_file(c.root / "a.md", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16));
    result = index.lindex({coll});
    CAPTURE(result.err);
    CHECK(result.status == 1);
    CHECK(contains(result.out, counts(0, 0, 4, 0, 1)));
    CHECK(contains(result.err, (c.root / "a.md").string() + ": binary file"));
    CHECK(index.found("zeppelin") == Ids{"alpha"});
    CHECK(index.count() == 5);

    // Repaired as it was: nothing to do.
    write_file(c.root / "a.md", alpha);
    result = index.lindex({coll});
    CHECK(result.status == 0);
    CHECK(contains(result.out, counts(0, 0, 5, 0, 0)));

    // A feed with a bad line: its good records are indexed, but none of its
    // documents is removed (a record that did not parse may be one of them).
    write_file(c.root / "feed.jsonl", Collection::feed({"r1"}) + "{\"id\": \"r3\", \"body\": \n");
    result = index.lindex({coll});
    CHECK(result.status == 1);
    CHECK(contains(result.out, counts(0, 0, 4, 0, 1)));
    CHECK(contains(result.err, "feed.jsonl:2: "));
    CHECK(index.found("frégate") == Ids{"r3"});
    // Fixed: now r3 has gone for good.
    write_file(c.root / "feed.jsonl", Collection::feed({"r1"}));
    result = index.lindex({coll});
    CHECK(result.status == 0);
    CHECK(contains(result.out, counts(0, 0, 4, 1, 0)));
    CHECK(index.found("frégate").empty());

    // The whole feed deleted: its records go with it.
    fs::remove(c.root / "feed.jsonl");
    result = index.lindex({coll});
    CHECK(contains(result.out, counts(0, 0, 3, 1, 0)));
    CHECK(index.ids() == Ids{"alpha", "b", "e"});
}

TEST_CASE("e2e: lindex incremental runs only remove under the directories given") {
    Collection c;
    Index index;
    REQUIRE(index.lindex({c.root.string()}).status == 0);
    // Updating one subdirectory, or one file, leaves the rest alone.
    write_file(c.root / "sub" / "c2.txt", "Epsilon\n\nUn planeur.\n");
    Result result = index.lindex({(c.root / "sub").string()});
    // Under sub/, the ids are relative to sub/: c and c2. sub/c.txt now
    // gives the document c, so sub/c, which came from it, has gone.
    CHECK(result.status == 0);
    CHECK(contains(result.out, counts(2, 0, 0, 1, 0)));
    CHECK(index.ids() == Ids{"alpha", "b", "c", "c2", "r1", "r2", "r3"});
    result = index.lindex({(c.root / "b.md").string()});
    CHECK(contains(result.out, counts(0, 0, 1, 0, 0)));
    CHECK(index.count() == 7);
}

TEST_CASE("e2e: lindex keeps the documents of a directory it cannot read") {
    // Permissions do not stop root: run lindex as nobody then.
    const bool root = ::geteuid() == 0;
    if (root && !fs::exists("/usr/bin/setpriv")) {
        MESSAGE("skipped: running as root without setpriv");
        return;
    }
    Collection c;
    Index index;
    fs::permissions(c.dir.path(), fs::perms::all, fs::perm_options::add);
    fs::permissions(index.dir.path(), fs::perms::all, fs::perm_options::add);
    fs::permissions(c.root, fs::perms::all, fs::perm_options::add);
    auto lindex = [&] {
        std::vector<std::string> args = {"--db", index.db.string(), c.root.string()};
        if (!root) return run(kLindex, args);
        args.insert(args.begin(),
                    {"--reuid=65534", "--regid=65534", "--clear-groups", kLindex.string()});
        return run("/usr/bin/setpriv", args);
    };
    Result result = lindex();
    if (result.status == 126 || result.status == 127) {
        MESSAGE("skipped: nobody cannot run " << kLindex.string());
        return;
    }
    REQUIRE(result.status == 0);
    REQUIRE(index.count() == 6);

    fs::permissions(c.root / "sub", fs::perms::none);
    result = lindex();
    fs::permissions(c.root / "sub", fs::perms::owner_all);
    CAPTURE(result.out);
    CHECK(result.status == 1);
    CHECK(contains(result.err, (c.root / "sub").string()));
    CHECK(contains(result.out, counts(0, 0, 5, 0, 1)));  // the directory counts as rejected
    CHECK(index.ids() == c.ids);
}

// ---------------------------------------------------------------------------
// 2. --full.

TEST_CASE("e2e: lindex --full rebuilds aside and swaps under a running lsearch") {
    Collection c;
    Index index;
    const std::string coll = c.root.string();
    REQUIRE(index.lindex({coll}).status == 0);
    const fs::path first_generation = current_generation(index.db);
    CHECK(!first_generation.empty());

    // A searcher kept open, fed queries through a pipe.
    Process searcher(kLsearch, {"--db", index.db.string(), "--batch"});
    auto ask = [&](const std::string& query) {
        REQUIRE(searcher.write(query + "\n"));
        const auto line = searcher.read_line();
        REQUIRE(line.has_value());
        const json response = json::parse(*line);
        CAPTURE(*line);
        CHECK(!response.contains("error"));
        Ids ids;
        for (const auto& entry : response.at("results"))
            ids.push_back(entry.at("id"));
        return sorted(std::move(ids));
    };
    CHECK(ask("zeppelin") == Ids{"alpha"});
    CHECK(ask("hydravion").empty());

    // The same inputs: the same documents, in a new generation.
    Result result = index.lindex({"--full", coll});
    CAPTURE(result.err);
    CHECK(result.status == 0);
    CHECK(contains(result.out, "6 added"));
    CHECK(contains(result.out, "; 6 documents in "));
    CHECK(index.ids() == c.ids);
    const fs::path second_generation = current_generation(index.db);
    CHECK(second_generation != first_generation);
    CHECK(ask("zeppelin") == Ids{"alpha"});

    // A file deleted, one added: the rebuild has exactly what is there now,
    // and the searcher's next query sees it.
    fs::remove(c.root / "a.md");
    write_file(c.root / "d.md", "Delta\n\nUn hydravion amerrit.\n");
    result = index.lindex({"--full", coll});
    CHECK(result.status == 0);
    CHECK(contains(result.out, "6 added"));
    CHECK(index.ids() == with(without(c.ids, "alpha"), "d"));
    CHECK(current_generation(index.db) != second_generation);
    CHECK(ask("zeppelin").empty());
    CHECK(ask("hydravion") == Ids{"d"});
    CHECK(ask("dirigeable") == Ids{"b"});

    // A rebuild that cannot read one of its INPUTs (a typo) would lose its
    // documents: the index is left as it was.
    const fs::path third_generation = current_generation(index.db);
    result = index.lindex({"--full", coll, (c.dir / "typo").string()});
    CHECK(result.status == 2);
    CHECK(contains(result.err, (c.dir / "typo").string()));
    CHECK(current_generation(index.db) == third_generation);
    CHECK(index.ids() == with(without(c.ids, "alpha"), "d"));
    CHECK(ask("hydravion") == Ids{"d"});

    // An incremental run after a rebuild finds everything in place; what it
    // adds, the searcher sees too.
    result = index.lindex({coll});
    CHECK(contains(result.out, counts(0, 0, 6, 0, 0)));
    write_file(c.root / "e.md", "Epsilon\n\nUn planeur.\n");
    result = index.lindex({coll});
    CHECK(contains(result.out, counts(1, 0, 6, 0, 0)));
    CHECK(ask("planeur") == Ids{"e"});

    searcher.close_input();
    CHECK(searcher.wait() == 0);
    CHECK(searcher.err().empty());
}

// ---------------------------------------------------------------------------
// 3. Ids.

TEST_CASE("e2e: lindex ids: front matter, else the path under the INPUT directory") {
    const fs::path articles = kInputs / "articles";
    // Front-matter ids: amazon-front-matter, bom, crlf, untitled; from the path:
    // latin1, plain, nested/deep/page. .hidden.md and ignored.html are not read.
    const Ids expected = {"amazon-front-matter", "bom",   "crlf",    "latin1",
                          "nested/deep/page",    "plain", "untitled"};
    Index index;
    Result result = index.lindex({"tests/data/input/articles"});
    CAPTURE(result.err);
    CHECK(result.status == 0);
    CHECK(index.ids() == expected);

    SUBCASE("re-indexing never duplicates, however the directory is named") {
        for (const std::string& input :
             {std::string("tests/data/input/articles"), std::string("tests/data/input/articles/"),
              std::string("./tests/data/input/../input/articles"), articles.string()}) {
            CAPTURE(input);
            result = index.lindex({input});
            CHECK(result.status == 0);
            CHECK(contains(result.out, counts(0, 0, 7, 0, 0)));
            CHECK(index.count() == 7);
        }
        // The same directory twice in one run: each file is read once.
        result = index.lindex({articles.string(), "tests/data/input/articles"});
        CHECK(result.status == 0);
        CHECK(contains(result.out, counts(0, 0, 7, 0, 0)));
        CHECK(index.count() == 7);
        CHECK(index.ids() == expected);
    }
    SUBCASE("relative to the INPUT given") {
        Index nested;
        CHECK(nested.lindex({(articles / "nested").string()}).status == 0);
        CHECK(nested.ids() == Ids{"deep/page"});
        Index file;
        CHECK(file.lindex({(articles / "plain.txt").string()}).status == 0);
        CHECK(file.ids() == Ids{"plain"});
    }
}

TEST_CASE("e2e: lindex rejects a second document with an id already read") {
    // Two inputs claiming one id: the first read wins, the second is reported,
    // whatever the number of threads, and a re-run changes nothing.
    TempDir dir;
    write_file(dir / "in" / "a.md", "---\nid: same\ntitle: A\n---\nLe zeppelin.\n");
    write_file(dir / "in" / "b.md", "---\nid: same\ntitle: B\n---\nLe dirigeable.\n");
    write_file(dir / "in" / "c.jsonl",
               record("other", "Le planeur.") + record("other", "Le paquebot."));
    for (const std::string jobs : {"1", "4"}) {
        CAPTURE(jobs);
        Index index;
        Result result = index.lindex({"--jobs", jobs, (dir / "in").string()});
        CAPTURE(result.err);
        CHECK(result.status == 1);
        CHECK(contains(result.out, counts(2, 0, 0, 0, 2)));
        CHECK(contains(result.err, "b.md: duplicate id 'same'"));
        CHECK(contains(result.err, "c.jsonl:2: duplicate id 'other'"));
        CHECK(index.found("zeppelin") == Ids{"same"});
        CHECK(index.found("planeur") == Ids{"other"});
        result = index.lindex({"--jobs", jobs, (dir / "in").string()});
        CHECK(contains(result.out, counts(0, 0, 2, 0, 2)));
        CHECK(index.found("zeppelin") == Ids{"same"});
    }
}

// ---------------------------------------------------------------------------
// 4. Companies.

TEST_CASE("e2e: lindex detects companies with the gazetteer") {
    TempDir dir;
    const fs::path in = dir / "in";
    write_file(in / "c1.md", "Un\n\nCe trimestre, les résultats d’Amazon progressent.\n");
    write_file(in / "c2.md", "Deux\n\nAMAZON RECRUTE encore ce trimestre.\n");
    write_file(in / "c3.md", "Trois\n\nAmazon Web Services ouvre une région ce trimestre.\n");
    write_file(in / "c4.md",
               "---\ntitle: Quatre\ncompanies: Tesla\n---\nCe trimestre, Amazon et Tesla livrent "
               "moins.\n");
    write_file(in / "c5.md",
               "---\ntitle: Cinq\ncompanies: amazon web services, Zorglub\n---\nUn trimestre sans "
               "surprise.\n");
    write_file(in / "feed.jsonl",
               record("c6", "Ce trimestre, Microsoft et Amazon.", "\"companies\":[\"Nvidia\"]"));
    Index index;
    Result result = index.lindex({in.string()});
    CAPTURE(result.err);
    REQUIRE(result.status == 0);

    const json all = index.search("trimestre");
    CHECK(all.at("total") == 6);
    CHECK(hit(all, "c1").at("companies") == json::array({"Amazon"}));
    CHECK(hit(all, "c2").at("companies") == json::array({"Amazon"}));
    // The longest alias wins: AWS, not Amazon.
    CHECK(hit(all, "c3").at("companies") == json::array({"AWS"}));
    // Front matter (and a feed's array) replaces detection; aliases resolve.
    CHECK(hit(all, "c4").at("companies") == json::array({"Tesla"}));
    CHECK(hit(all, "c5").at("companies") == json::array({"AWS", "Zorglub"}));
    CHECK(hit(all, "c6").at("companies") == json::array({"Nvidia"}));
    CHECK(facet_count(all, "company", "Amazon") == 2);
    CHECK(facet_count(all, "company", "AWS") == 2);
    CHECK(index.found("company:Amazon") == Ids{"c1", "c2"});
    CHECK(index.found("company:\"Amazon Web Services\"") == Ids{"c3", "c5"});
    CHECK(index.found("company:Zorglub") == Ids{"c5"});

    SUBCASE("--companies: another gazetteer") {
        write_file(dir / "mine.tsv", "# test\nZorglub Industries\tZorglub|ZI\n");
        write_file(in / "c7.md", "Sept\n\nZorglub rachète une usine ce trimestre, dit Amazon.\n");
        Index other;
        result = other.lindex({"--companies", (dir / "mine.tsv").string(), in.string()});
        CAPTURE(result.err);
        CHECK(result.status == 0);
        const json response = other.search("trimestre");
        CHECK(hit(response, "c7").at("companies") == json::array({"Zorglub Industries"}));
        CHECK(hit(response, "c1").at("companies") == json::array());
        CHECK(hit(response, "c5").at("companies") ==
              json::array({"amazon web services", "Zorglub Industries"}));
        CHECK(other.found("company:ZI") == Ids{"c5", "c7"});
    }
    SUBCASE("a gazetteer giving one alias to two companies: exit 2, naming file and line") {
        const fs::path bad = dir / "bad.tsv";
        write_file(bad, "# comment\nAlpha\tAlef|Bêta\nGamma\tbeta\n");
        Index other;
        result = other.lindex({"--companies", bad.string(), in.string()});
        CHECK(result.status == 2);
        CHECK(contains(result.err, bad.string() + ":3"));
        CHECK(contains(result.err, "Alpha"));
        CHECK(!fs::exists(other.db / "XAPIANDB"));
    }
    SUBCASE("a missing gazetteer: exit 2") {
        Index other;
        result = other.lindex({"--companies", (dir / "none.tsv").string(), in.string()});
        CHECK(result.status == 2);
        CHECK(contains(result.err, (dir / "none.tsv").string()));
    }
}

// ---------------------------------------------------------------------------
// 5. Facet metadata.

TEST_CASE("e2e: lindex stores year, source and companies for exact facets") {
    TempDir dir;
    const fs::path in = dir / "in";
    write_file(
        in / "f1.md",
        "---\ntitle: Un\ndate: 2025-10-28\nsource: Le Monde\n---\nAmazon, Microsoft et Google ce "
        "trimestre.\n");
    write_file(in / "f2.md",
               "---\ntitle: Deux\ndate: 2025-10\nsource: Le Monde\n---\nMicrosoft puis Amazon, ce "
               "trimestre.\n");
    write_file(in / "f3.md",
               "---\ntitle: Trois\ndate: 2024\nsource: Les Échos\n---\nGoogle ce trimestre.\n");
    write_file(in / "f4.md", "Sans date\n\nAmazon, Amazon et encore AMAZON ce trimestre.\n");
    write_file(in / "f.jsonl",
               record("f5", "Un trimestre de semi-conducteurs.",
                      "\"date\":\"2023-01-05\",\"source\":\"Les Échos\",\"companies\":[\"Nvidia\","
                      "\"Apple\",\"Intel\",\"IBM\"]"));
    Index index;
    Result result = index.lindex({in.string()});
    CAPTURE(result.err);
    REQUIRE(result.status == 0);

    const json all = index.search("trimestre");
    CHECK(all.at("total") == 5);
    CHECK(facet_count(all, "year", "2025") == 2);
    CHECK(facet_count(all, "year", "2024") == 1);
    CHECK(facet_count(all, "year", "2023") == 1);
    CHECK(all.at("facets").at("year").size() == 3);
    CHECK(facet_count(all, "source", "Le Monde") == 2);
    CHECK(facet_count(all, "source", "Les Échos") == 2);
    CHECK(all.at("facets").at("source").size() == 2);
    // f1 names three companies: it counts once for each; f4 names Amazon
    // three times: once.
    CHECK(facet_count(all, "company", "Amazon") == 3);
    CHECK(facet_count(all, "company", "Microsoft") == 2);
    CHECK(facet_count(all, "company", "Google") == 2);
    for (const std::string name : {"Nvidia", "Apple", "Intel", "IBM"}) {
        CHECK(facet_count(all, "company", name) == 1);
    }
    CHECK(hit(all, "f1").at("date") == "2025-10-28");
    CHECK(hit(all, "f2").at("date") == "2025-10");
    CHECK(hit(all, "f3").at("date") == "2024");
    CHECK(hit(all, "f4").at("date") == "");
    CHECK(hit(all, "f3").at("source") == "Les Échos");

    CHECK(index.found("year:2025") == Ids{"f1", "f2"});
    CHECK(index.found("year:2023..2024") == Ids{"f3", "f5"});
    CHECK(index.found("source:\"Les Échos\"") == Ids{"f3", "f5"});
    CHECK(index.found("source:\"les echos\"") == Ids{"f3", "f5"});
    // Facets of a filtered query count within it.
    const json monde = index.search("source:\"Le Monde\"");
    CHECK(facet_count(monde, "company", "Amazon") == 2);
    CHECK(facet_count(monde, "company", "Google") == 1);
}

// ---------------------------------------------------------------------------
// 6. Bad input.

TEST_CASE("e2e: lindex reports each bad input with its file and indexes the rest") {
    TempDir dir;
    const fs::path in = dir / "in";
    fs::create_directories(in);
    fs::copy(kInputs / "bad", in / "bad", fs::copy_options::recursive);
    fs::copy(kInputs / "feeds" / "feed.jsonl", in / "feed.jsonl");
    fs::copy(kInputs / "articles" / "latin1.txt", in / "latin1.txt");
    write_file(in / "good.md", "---\nid: good\ntitle: Bon\n---\nUn article sans défaut.\n");
    // Rejected: 7 files under bad/, lines 2, 3, 4 and 7 (not UTF-8) of
    // feed.jsonl. Indexed: good, latin1 (converted from Latin-1), feed-1, 5.
    Index index;
    const Result result = index.lindex({in.string()});
    CAPTURE(result.err);
    CHECK(result.status == 1);
    CHECK(contains(result.out, counts(4, 0, 0, 0, 11)));
    CHECK(index.ids() == Ids{"5", "feed-1", "good", "latin1"});

    const std::string bad = (in / "bad").string() + "/";
    const std::string feed = (in / "feed.jsonl").string();
    for (const std::string& expected : {
             bad + "unterminated.md: unterminated front matter",
             feed + ":2: invalid JSON",
             feed + ":3: missing 'body'",
             feed + ":4: 'body' must be a string",
             feed + ":7: not UTF-8 (byte 0xE9 at byte 30 of the line)",
             bad + "binary.md: binary file",
             bad + "empty.md: empty file",
             bad + "whitespace.txt: empty file",
             bad + "unknown-key.md: line 3: unknown key 'auteur'",
             bad + "no-body.md: no text",
             bad + "bad-date.md: line 3: invalid date",
         }) {
        CHECK_MESSAGE(contains(result.err, "lindex: " + expected), expected);
    }
    // Nothing about the inputs that were fine.
    for (const std::string& fine :
         {feed + ":1:", feed + ":5:", feed + ":6:", (in / "good.md").string() + ":"}) {
        CHECK_MESSAGE(!contains(result.err, fine), fine);
    }

    // The Latin-1 file was converted: its accented words are found.
    const json latin1 = index.search("enregistré");
    REQUIRE(latin1.at("total") == 1);
    CHECK(latin1.at("results")[0].at("title") == "Café crème");
    CHECK(contains(latin1.at("results")[0].at("snippet").at("text"), "enregistré en Latin-1"));
    CHECK(index.found("mal").empty());
    CHECK(index.found("identifiant") == Ids{"5"});

    SUBCASE("an INPUT that does not exist is reported, the others indexed") {
        Index other;
        const Result missing =
            other.lindex({(dir / "nowhere").string(), (in / "good.md").string()});
        CHECK(missing.status == 1);
        CHECK(contains(missing.err, (dir / "nowhere").string()));
        CHECK(other.ids() == Ids{"good"});
    }
    SUBCASE("a truncated .jsonl.gz: the records before the damage are indexed") {
        Index other;
        const Result truncated =
            other.lindex({(kInputs / "feeds" / "truncated.jsonl.gz").string()});
        // gzip -dc gives 25 whole lines, then the 26th cut short.
        CHECK(truncated.status == 1);
        CHECK(contains(truncated.err, "truncated.jsonl.gz:26: truncated gzip"));
        CHECK(other.count() == 25);
    }
}

// ---------------------------------------------------------------------------
// 7. Standard input.

TEST_CASE("e2e: lindex - reads JSON Lines on standard input") {
    Index index;
    Result result =
        index.lindex({"-"}, record("s1", "Le zeppelin du matin.") + "{oops\n" +
                                record("s2", "Un dirigeable le soir.", "\"date\":\"2021\""));
    CAPTURE(result.err);
    CHECK(result.status == 1);
    CHECK(contains(result.out, counts(2, 0, 0, 0, 1)));
    CHECK(contains(result.err, "<stdin>:2: invalid JSON"));
    CHECK(index.found("zeppelin") == Ids{"s1"});
    CHECK(index.found("year:2021") == Ids{"s2"});

    // Again, with s2 missing: standard input cannot tell what has gone, so
    // nothing is removed.
    result = index.lindex({"-"}, record("s1", "Le zeppelin du matin."));
    CHECK(result.status == 0);
    CHECK(contains(result.out, counts(0, 0, 1, 0, 0)));
    CHECK(index.count() == 2);

    // Empty standard input: reported.
    result = index.lindex({"-"}, "");
    CHECK(result.status == 1);
    CHECK(contains(result.err, "<stdin>"));
    CHECK(index.count() == 2);
}

// ---------------------------------------------------------------------------
// 8. One writer.

TEST_CASE("e2e: lindex refuses a second writer at once, naming the lock") {
    Collection c;
    Index index;
    REQUIRE(index.lindex({c.root.string()}).status == 0);
    const fs::path lock = index.db / "lindex.lock";
    REQUIRE(fs::exists(lock));

    auto second_writer_refused = [&] {
        const auto start = std::chrono::steady_clock::now();
        const Result second = index.lindex({c.root.string()});
        const auto elapsed = std::chrono::steady_clock::now() - start;
        CAPTURE(second.err);
        CHECK(second.status == 2);
        CHECK(contains(second.err, lock.string()));
        CHECK(second.out.empty());
        CHECK(elapsed < std::chrono::seconds(3));  // no waiting for the lock
    };

    SUBCASE("the lock taken by another process") {
        const int fd = ::open(lock.c_str(), O_RDWR | O_CLOEXEC);
        REQUIRE(fd >= 0);
        REQUIRE(::flock(fd, LOCK_EX | LOCK_NB) == 0);
        second_writer_refused();
        ::close(fd);
        CHECK(index.lindex({c.root.string()}).status == 0);
    }
    SUBCASE("a running lindex") {
        // The first writer reads standard input from a pipe, so it holds the
        // lock for as long as the test keeps the pipe open.
        Process first(kLindex, {"--db", index.db.string(), "-"});
        REQUIRE(first.write(record("w1", "Un premier planeur.")));
        // It has the lock when its pid is in the lock file.
        const std::string pid = std::to_string(first.pid()) + "\n";
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
        while (read_file(lock) != pid && first.running() &&
               std::chrono::steady_clock::now() < deadline) {
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        REQUIRE(read_file(lock) == pid);
        second_writer_refused();
        // lsearch answers meanwhile.
        CHECK(index.found("dirigeable") == Ids{"b"});
        // The first finishes unharmed.
        REQUIRE(first.write(record("w2", "Un second planeur.")));
        first.close_input();
        CHECK(first.wait() == 0);
        CAPTURE(first.err());
        CHECK(index.found("planeur") == Ids{"w1", "w2"});
        CHECK(index.count() == 8);
    }
}

// ---------------------------------------------------------------------------
// 9. kill -9.

namespace {

constexpr int kKillFiles = 6, kKillPerFile = 500, kKillTotal = kKillFiles * kKillPerFile;
constexpr int kKillCommitEvery = 300;

// Runs lindex on `input` into `index` and kills it (SIGKILL) after `delay`,
// or, when `delay` is zero, as soon as it has published its first commit;
// then checks that lsearch answers, that the database checks out, and that
// it holds what a commit left: at least `committed` documents (updated),
// and, when `exact`, a multiple of the commit interval (or all).
// Returns whether lindex was killed before it finished.
bool kill_and_check(const Index& index, const fs::path& input, const std::string& jobs,
                    std::chrono::milliseconds delay, bool exact, long& committed) {
    CAPTURE(jobs);
    CAPTURE(delay.count());
    Process writer(kLindex, {"--db", index.db.string(), "--commit-every",
                             std::to_string(kKillCommitEvery), "--jobs", jobs, input.string()});
    if (delay.count() == 0) {
        // The stub names a generation once the first commit is published.
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        while (current_generation(index.db).empty() && writer.running() &&
               std::chrono::steady_clock::now() < deadline) {
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
    } else {
        std::this_thread::sleep_for(delay / 2);
        // lsearch keeps answering while lindex writes (once there is an index).
        const Result during = run(kLsearch, {"--db", index.db.string(), "marché"});
        CHECK((during.status == 0 || during.status == 1 || committed == 0));
        std::this_thread::sleep_for(delay / 2);
    }
    writer.kill(SIGKILL);
    const bool killed = writer.wait() == -1;

    const Result search = run(kLsearch, {"--db", index.db.string(), "--format", "json", "marché"});
    CAPTURE(search.err);
    const fs::path generation = current_generation(index.db);
    if (generation.empty()) {
        // Killed before its first commit: no index yet, and lsearch says so.
        CHECK(committed == 0);
        CHECK(search.status == 2);
        CHECK(contains(search.err, "no index"));
        return killed;
    }
    CHECK((search.status == 0 || search.status == 1));
    std::string report;
    const bool checked = checks_out(generation, &report);
    CAPTURE(report);
    CHECK(checked);
    const long count = index.count();
    CHECK(count >= committed);
    CHECK(count <= kKillTotal);
    if (exact) CHECK((count % kKillCommitEvery == 0 || count == kKillTotal));
    committed = count;
    return killed;
}

}  // namespace

TEST_CASE("e2e: lindex killed at any moment leaves a readable index at its last commit") {
    TempDir dir;
    const fs::path in = dir / "in";
    const Ids all = generate_feeds(in, kKillFiles, kKillPerFile);
    std::mt19937 random(20251028);
    // Kill moments spread over the time a whole run takes here (a sanitized
    // build takes several times longer).
    const auto start = std::chrono::steady_clock::now();
    {
        Index scratch;
        REQUIRE(scratch
                    .lindex({"--commit-every", std::to_string(kKillCommitEvery), "--jobs", "1",
                             in.string()})
                    .status == 0);
    }
    const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - start);
    const auto whole = static_cast<unsigned long>(std::max<long>(100, elapsed.count()));
    auto moment = [&] {
        return std::chrono::milliseconds(whole / 12 + random() % (whole * 2 / 3));
    };
    int killed = 0;
    bool partial = false;  // a kill left some of the documents, not all

    // One writer thread, from an empty index: every commit covers the
    // documents in reading order up to it, so the count is a multiple of the
    // commit interval. The first kill comes right after the first commit
    // (10 commits in all), so it surely leaves part of the documents; then
    // random moments, then two threads.
    Index index;
    long committed = 0;
    for (int round = 0; round < 3; ++round) {
        CAPTURE(round);
        const auto delay = round == 0 ? std::chrono::milliseconds(0) : moment();
        killed += kill_and_check(index, in, "1", delay, true, committed) ? 1 : 0;
        if (round == 0) partial = committed > 0 && committed < kKillTotal;
    }
    for (int round = 3; round < 5; ++round) {
        CAPTURE(round);
        killed += kill_and_check(index, in, "2", moment(), false, committed) ? 1 : 0;
    }
    // A new index built by several writers (shards merged at each commit).
    Index bulk;
    long bulk_committed = 0;
    killed += kill_and_check(bulk, in, "2", moment(), true, bulk_committed) ? 1 : 0;
    // Else the test did not test anything: lindex finished first, or
    // nothing was committed before the kill.
    CHECK(killed >= 1);
    CHECK(partial);

    // The next run completes the work.
    for (auto [target, done] : {std::pair{&index, committed}, std::pair{&bulk, bulk_committed}}) {
        const Result result = target->lindex({"--jobs", "2", in.string()});
        CAPTURE(result.err);
        CHECK(result.status == 0);
        CHECK(contains(result.out, std::to_string(kKillTotal - done) + " added, 0 updated, " +
                                       std::to_string(done) + " unchanged, 0 removed"));
        CHECK(target->count() == kKillTotal);
        CHECK(target->ids() == all);
        CHECK(target->search("year:2020..2025").at("total") == kKillTotal);
        // One database (a killed first build's segments merged), and no
        // other generation left beside it.
        CHECK(fs::exists(current_generation(target->db) / "iamglass"));
        std::vector<std::string> generations;
        for (const auto& entry : fs::directory_iterator(target->db)) {
            if (entry.path().filename().string().starts_with("gen-")) {
                generations.push_back(entry.path().filename().string());
            }
        }
        CHECK(generations == std::vector{current_generation(target->db).filename().string()});
    }

    // A --full killed half-way leaves searchers the index as it was. It reads
    // standard input from a pipe, so it is surely still running when killed.
    const fs::path generation = current_generation(index.db);
    {
        Process writer(kLindex,
                       {"--db", index.db.string(), "--commit-every", "100", "--full", "-"});
        std::string records;
        for (int i = 0; i < 1000; ++i) {
            records += record("full-" + std::to_string(i), "Un document de la reconstruction.");
        }
        CHECK(writer.write(records));
        std::this_thread::sleep_for(std::chrono::milliseconds(300 + random() % 500));
        CHECK(writer.running());
        writer.kill(SIGKILL);
        CHECK(writer.wait() == -1);
    }
    CHECK(current_generation(index.db) == generation);
    CHECK(index.count() == kKillTotal);
    CHECK(index.found("reconstruction").empty());
    CHECK(run("xapian-check", {generation.string()}).status == 0);
    // The next --full completes.
    fs::remove(in / "part-5.jsonl");
    const Result result = index.lindex({"--full", in.string()});
    CHECK(result.status == 0);
    CHECK(index.count() == kKillTotal - kKillPerFile);
    CHECK(current_generation(index.db) != generation);
    CHECK(run("xapian-check", {current_generation(index.db).string()}).status == 0);
}

// ---------------------------------------------------------------------------
// 10. --quiet.

TEST_CASE("e2e: lindex --quiet prints errors only") {
    Collection c;
    Index index;
    Result result = index.lindex({"--quiet", c.root.string()});
    CHECK(result.status == 0);
    CHECK(result.out.empty());
    CHECK(result.err.empty());
    CHECK(index.count() == 6);

    write_file(c.root / "bad.md", "---\nid: bad\n");
    result = index.lindex({"-q", c.root.string()});
    CHECK(result.status == 1);
    CHECK(result.out.empty());
    CHECK(contains(result.err, "bad.md: unterminated front matter"));

    // Without --quiet and off a terminal: the summary only, no progress bar.
    result = index.lindex({c.root.string()});
    CHECK(!contains(result.err, "\r"));
    CHECK(!contains(result.err, "\033["));
    CHECK(std::count(result.out.begin(), result.out.end(), '\n') == 1);
}

TEST_CASE("e2e: lindex on a terminal shows progress, cleared at the end") {
    // script(1) (util-linux) runs lindex on a pseudo-terminal.
    if (!fs::exists("/usr/bin/script")) {
        MESSAGE("skipped: no /usr/bin/script");
        return;
    }
    TempDir dir;
    generate_feeds(dir / "in", 3, 200);
    Index index;
    auto on_terminal = [&](const std::string& options) {
        const std::string command = quote(kLindex.string()) + " --db " + quote(index.db.string()) +
                                    " " + options + " " + quote((dir / "in").string());
        return run("/usr/bin/script", {"-qec", command, "/dev/null"});
    };
    Result result = on_terminal("");
    CHECK(result.status == 0);
    CHECK(contains(result.out, "docs/s"));
    // The bar is erased before the summary, which starts a line of its own.
    CHECK(contains(result.out, "\r\033[Klindex: " + counts(600, 0, 0, 0, 0)));
    result = on_terminal("--quiet");
    CHECK(result.status == 0);
    CHECK(result.out.empty());
}

// ---------------------------------------------------------------------------
// 11. Usage errors.

TEST_CASE("e2e: lindex usage errors exit 2 and touch nothing") {
    Index index;
    const std::string input = (kInputs / "articles").string();
    const std::vector<std::vector<std::string>> cases = {
        {},
        {"--jobs", "0", input},
        {"--jobs", "-1", input},
        {"--jobs", "abc", input},
        {"--commit-every", "0", input},
        {"--no-such-option", input},
        {"--db"},
    };
    for (const auto& args : cases) {
        std::string line;
        for (const auto& arg : args)
            line += arg + " ";
        CAPTURE(line);
        const Result result = index.lindex(args);
        CHECK(result.status == 2);
        CHECK(contains(result.err, "lindex: "));
        CHECK(result.out.empty());
        CHECK(!fs::exists(index.db));
    }
    const Result help = run(kLindex, {"--help"});
    CHECK(help.status == 0);
    for (const std::string option : {"--db", "--companies", "--full", "--jobs", "--quiet"}) {
        CHECK(contains(help.out, option));
    }
}

TEST_CASE("e2e: lindex chooses the index like lsearch, and fails clearly on a bad one") {
    TempDir dir;
    const std::string input = (kInputs / "articles").string();
    SUBCASE("LSEARCH_DB") {
        const Result result = run(kLindex, {"-q", input}, "", kSourceDir,
                                  "LSEARCH_DB=" + quote((dir / "env-index").string()));
        CHECK(result.status == 0);
        CHECK(document_count(dir / "env-index") == 7);
    }
    SUBCASE("XDG_DATA_HOME") {
        const Result result = run(kLindex, {"-q", input}, "", kSourceDir,
                                  "XDG_DATA_HOME=" + quote((dir / "xdg").string()));
        CHECK(result.status == 0);
        CHECK(document_count(dir / "xdg" / "lsearch" / "index") == 7);
    }
    SUBCASE("--db names a file: exit 2, naming it") {
        write_file(dir / "file", "x");
        const Result result = run(kLindex, {"--db", (dir / "file").string(), input});
        CHECK(result.status == 2);
        CHECK(contains(result.err, (dir / "file").string()));
    }
    SUBCASE("--db names a directory that is not an index: exit 2, untouched") {
        write_file(dir / "notes" / "todo.txt", "x");
        write_file(dir / "notes" / "XAPIANDB", "garbage\n");
        const Result result = run(kLindex, {"--db", (dir / "notes").string(), input});
        CHECK(result.status == 2);
        CHECK(contains(result.err, (dir / "notes").string()));
        CHECK(read_file(dir / "notes" / "XAPIANDB") == "garbage\n");
    }
}

// ---------------------------------------------------------------------------
// 12. --jobs.

TEST_CASE("e2e: lindex --jobs 1 and --jobs 4 build the same index") {
    TempDir dir;
    generate_feeds(dir / "gen", 2, 150, 7);
    const std::vector<std::string> inputs = {"data/articles", "tests/data/input/articles",
                                             (dir / "gen").string()};
    Index one, four;
    std::vector<std::string> args = {"--jobs", "1"};
    args.insert(args.end(), inputs.begin(), inputs.end());
    Result result = one.lindex(args);
    CAPTURE(result.err);
    REQUIRE(result.status == 0);
    args[1] = "4";
    result = four.lindex(args);
    REQUIRE(result.status == 0);

    CHECK(one.count() == 5 + 7 + 300);
    CHECK(one.ids() == four.ids());
    for (const std::string query :
         {"Amazon", "marché", "AWS France", "\"intelligence artificielle\"", "company:Renault",
          "year:2022", "licenci*", "zqa", "Amazon -AWS"}) {
        CAPTURE(query);
        const json a = one.search(query), b = four.search(query);
        CHECK(a.at("total") == b.at("total"));
        CHECK(a.at("facets") == b.at("facets"));
        std::map<std::string, json> by_id_a, by_id_b;
        // Ranks may differ between equal scores (documents were added in
        // another order); everything else may not.
        for (auto entry : a.at("results")) {
            entry.erase("rank");
            by_id_a[entry.at("id")] = entry;
        }
        for (auto entry : b.at("results")) {
            entry.erase("rank");
            by_id_b[entry.at("id")] = entry;
        }
        CHECK(by_id_a == by_id_b);
    }
}

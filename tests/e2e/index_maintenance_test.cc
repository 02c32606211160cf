// End to end: what lindex says about the index it writes (the gazetteer and
// synonyms it used), and keeping an index right over time (moved inputs,
// --remove, --stats). Expected values come from the fixtures written here
// and from data/, counted by hand.
#include <algorithm>
#include <sstream>

#include <doctest/doctest.h>

#include "cli.h"

using namespace lsearch::test;
namespace fs = std::filesystem;

namespace {

// What lindex's summary line says of the gazetteer and synonyms: its end,
// from "gazetteer" ("" when there is none).
std::string tables(const std::string& output) {
    std::istringstream lines(output);
    for (std::string line; std::getline(lines, line);) {
        if (!line.starts_with("lindex: ")) continue;
        if (const auto at = line.find("; gazetteer "); at != std::string::npos) {
            return line.substr(at + 2);
        }
    }
    return "";
}

// Runs lindex on the index at `db`, in `cwd`.
Result lindex(const fs::path& db, std::vector<std::string> args, const fs::path& cwd) {
    args.insert(args.begin(), {"--db", db.string()});
    return run(kLindex, args, "", cwd);
}

// The ids lsearch finds for `query` in the index at `db`, sorted, space-separated.
std::string found(const fs::path& db, const std::string& query) {
    const Result result = run(kLsearch, {"--db", db.string(), "--format", "json", "--limit", "1000",
                                         "--no-facets", query});
    std::vector<std::string> ids;
    std::size_t at = 0;
    const std::string key = "\"id\":\"";
    while ((at = result.out.find(key, at)) != std::string::npos) {
        at += key.size();
        ids.push_back(result.out.substr(at, result.out.find('"', at) - at));
    }
    std::sort(ids.begin(), ids.end());
    std::string text;
    for (const auto& id : ids)
        text += (text.empty() ? "" : " ") + id;
    return text;
}

const std::string kArticle =
    "---\nid: {id}\ntitle: Un centre de données\ndate: 2024-05\n---\nAmazon Web Services ouvre un "
    "centre de données.\n";

std::string article(const std::string& id) {
    std::string text = kArticle;
    text.replace(text.find("{id}"), 4, id);
    return text;
}

}  // namespace

TEST_CASE("lindex says which gazetteer and synonyms it used, or none") {
    TempDir dir;
    const fs::path db = dir / "index";
    write_file(dir / "in" / "a.md", article("a"));
    write_file(dir / "gazetteer.tsv", "Amazon\tAWS|Amazon Web Services\nZorglub\n");
    write_file(dir / "cwd" / "README", "no data/ here\n");
    const fs::path elsewhere = dir / "cwd";

    SUBCASE("the source tree's data/ files, from the source directory") {
        const Result result = lindex(db, {(dir / "in").string()}, kSourceDir);
        CHECK(result.status == 0);
        // data/companies.tsv has 59 companies, data/synonyms.tsv 3 groups.
        CHECK(tables(result.out) ==
              "gazetteer data/companies.tsv (59 companies); synonyms data/synonyms.tsv "
              "(3 groups)");
        // data/companies.tsv: "Amazon Web Services" is AWS, not Amazon.
        CHECK(found(db, "company:AWS") == "a");
    }
    SUBCASE("none found: none, and company: finds nothing, as the line says") {
        const Result result = lindex(db, {(dir / "in").string()}, elsewhere);
        CHECK(result.status == 0);
        CHECK(tables(result.out) == "gazetteer none; synonyms none");
        CHECK(found(db, "company:AWS") == "");
    }
    SUBCASE("a gazetteer given, then kept from the index by a run without one") {
        const std::string gazetteer = (dir / "gazetteer.tsv").string();
        Result result = lindex(db, {"--companies", gazetteer, (dir / "in").string()}, elsewhere);
        CHECK(result.status == 0);
        CHECK(tables(result.out) == "gazetteer " + gazetteer + " (2 companies); synonyms none");
        write_file(dir / "in" / "b.md", article("b"));
        result = lindex(db, {(dir / "in").string()}, elsewhere);
        CHECK(result.status == 0);
        CHECK(tables(result.out) ==
              "gazetteer kept from the index (" + gazetteer + ", 2 companies); synonyms none");
        CHECK(found(db, "company:AWS") == "a b");
        // So does a rebuild, with one writer or several.
        for (const char* jobs : {"1", "2"}) {
            result = lindex(db, {"--full", "--jobs", jobs, (dir / "in").string()}, elsewhere);
            CHECK(result.status == 0);
            CHECK(tables(result.out) ==
                  "gazetteer kept from the index (" + gazetteer + ", 2 companies); synonyms none");
            CHECK(found(db, "company:AWS") == "a b");
        }
    }
    SUBCASE("--quiet prints neither line") {
        const Result result = lindex(db, {"--quiet", (dir / "in").string()}, kSourceDir);
        CHECK(result.status == 0);
        CHECK(result.out == "");
    }
}

namespace {

// A JSON Lines record.
std::string record(const std::string& id, const std::string& date, const std::string& source,
                   const std::string& body = "Un article sur les hydroliennes.") {
    return R"({"id": ")" + id + R"(", "date": ")" + date + R"(", "source": ")" + source +
           R"(", "body": ")" + body + "\"}\n";
}

// The summary line's counts, as lindex prints them.
std::string counts(int added, int updated, int unchanged, int removed, int rejected) {
    return std::to_string(added) + " added, " + std::to_string(updated) + " updated, " +
           std::to_string(unchanged) + " unchanged, " + std::to_string(removed) + " removed, " +
           std::to_string(rejected) + " rejected in ";
}

std::string ids(const fs::path& db) {
    std::string text;
    for (const auto& id : index_ids(db))
        text += (text.empty() ? "" : " ") + id;
    return text;
}

// The "inputs:" lines of lindex --stats.
std::string inputs(const fs::path& db, const fs::path& cwd) {
    const Result result = run(kLindex, {"--db", db.string(), "--stats"}, "", cwd);
    const auto at = result.out.find("inputs:\n");
    return at == std::string::npos ? "(no inputs: " + result.out + result.err + ")"
                                   : result.out.substr(at + 8);
}

}  // namespace

TEST_CASE("lindex: a moved or renamed input is not indexed again, and what left it is removed") {
    TempDir dir;
    const fs::path db = dir / "index";
    const fs::path cwd = dir / "cwd";
    fs::create_directories(cwd);
    const std::string r1 = record("r1", "2019-03-01", "Le Monde");
    const std::string r2 = record("r2", "2020-01-02", "Le Monde");
    const std::string r3 = record("r3", "2020-05-05", "");
    const fs::path feed = dir / "in" / "feed.jsonl";
    write_file(feed, r1 + r2 + r3);
    Result result = lindex(db, {feed.string()}, cwd);
    REQUIRE(result.status == 0);
    CHECK(contains(result.out, counts(3, 0, 0, 0, 0)));

    SUBCASE("renamed, with a record gone: the others unchanged, the gone one removed") {
        const fs::path renamed = dir / "in" / "renamed.jsonl";
        fs::remove(feed);
        write_file(renamed, r1 + r2);
        result = lindex(db, {renamed.string()}, cwd);
        CHECK(result.status == 0);
        CHECK(contains(result.out, counts(0, 0, 2, 1, 0)));
        CHECK(ids(db) == "r1 r2");
        CHECK(inputs(db, cwd) == "  2\t" + renamed.string() + "\n");
        // And it stays so: a record gone from the new name goes too.
        write_file(renamed, r2);
        result = lindex(db, {renamed.string()}, cwd);
        CHECK(contains(result.out, counts(0, 0, 1, 1, 0)));
        CHECK(ids(db) == "r2");
    }
    SUBCASE("moved to another directory, a record changed: updated, the others unchanged") {
        const fs::path moved = dir / "elsewhere" / "feed.jsonl";
        fs::remove(feed);
        write_file(moved, record("r1", "2019-03-01", "Le Monde", "Un autre texte.") + r2);
        result = lindex(db, {moved.string()}, cwd);
        CHECK(result.status == 0);
        CHECK(contains(result.out, counts(0, 1, 1, 1, 0)));
        CHECK(ids(db) == "r1 r2");
        CHECK(inputs(db, cwd) == "  2\t" + moved.string() + "\n");
    }
    SUBCASE("renamed inside a directory INPUT: the same") {
        fs::remove(feed);
        write_file(dir / "in" / "renamed.jsonl", r3 + r1);
        result = lindex(db, {(dir / "in").string()}, cwd);
        CHECK(result.status == 0);
        CHECK(contains(result.out, counts(0, 0, 2, 1, 0)));
        CHECK(ids(db) == "r1 r3");
    }
    SUBCASE("copied, the original still there: re-attributed, nothing removed") {
        const fs::path copy = dir / "copy.jsonl";
        write_file(copy, r1 + r2);
        result = lindex(db, {copy.string()}, cwd);
        CHECK(result.status == 0);
        CHECK(contains(result.out, counts(0, 0, 2, 0, 0)));
        CHECK(ids(db) == "r1 r2 r3");
        CHECK(inputs(db, cwd) == "  2\t" + copy.string() + "\n  1\t" + feed.string() + "\n");
    }
    SUBCASE("renamed, with a record of the new file rejected: nothing of the old one removed") {
        const fs::path renamed = dir / "in" / "renamed.jsonl";
        fs::remove(feed);
        write_file(renamed, r1 + "{\"id\": \"r3\"}\n");
        result = lindex(db, {renamed.string()}, cwd);
        CHECK(result.status == 1);
        CHECK(contains(result.out, counts(0, 0, 1, 0, 1)));
        CHECK(ids(db) == "r1 r2 r3");
    }
}

TEST_CASE("lindex --remove removes documents by id, and names the ids it does not know") {
    TempDir dir;
    const fs::path db = dir / "index";
    const fs::path feed = dir / "feed.jsonl";
    write_file(feed,
               record("r1", "2019", "A") + record("r2", "2019", "A") + record("r3", "2019", "A"));
    REQUIRE(lindex(db, {feed.string()}, dir.path()).status == 0);

    Result result = lindex(db, {"--remove", "r1", "r3"}, dir.path());
    CHECK(result.status == 0);
    CHECK(contains(result.out, "lindex: 2 removed, 0 not found in "));
    CHECK(contains(result.out, "; 1 documents in " + db.string()));
    CHECK(result.err == "");
    CHECK(ids(db) == "r2");

    result = lindex(db, {"--remove", "r2", "inconnu"}, dir.path());
    CHECK(result.status == 1);
    CHECK(contains(result.out, "lindex: 1 removed, 1 not found in "));
    CHECK(result.err == "lindex: no document with id 'inconnu' in " + db.string() + "\n");
    CHECK(ids(db) == "");

    // An input that still holds them adds them again.
    result = lindex(db, {feed.string()}, dir.path());
    CHECK(contains(result.out, counts(3, 0, 0, 0, 0)));

    SUBCASE("no index there: an error, and none is created") {
        const fs::path missing = dir / "missing";
        result = lindex(missing, {"--remove", "r1"}, dir.path());
        CHECK(result.status == 2);
        CHECK(contains(result.err, "no index at " + missing.string()));
        CHECK(!fs::exists(missing));
    }
    SUBCASE("usage errors") {
        CHECK(lindex(db, {"--remove"}, dir.path()).status == 2);
        CHECK(lindex(db, {"--remove", "--full", "r1"}, dir.path()).status == 2);
        CHECK(lindex(db, {"--stats", "r1"}, dir.path()).status == 2);
    }
}

TEST_CASE("lindex --stats prints what the index holds") {
    TempDir dir;
    const fs::path db = dir / "index";
    const fs::path feed = dir / "in" / "feed.jsonl";
    const fs::path gazetteer = dir / "gazetteer.tsv";
    write_file(gazetteer, "Amazon\tAWS\nZorglub\n");
    write_file(feed, record("r1", "2019-03-01", "Le Monde") +
                         record("r2", "2020-01-02", "Le Monde") + record("r3", "2020-05-05", "") +
                         record("r4", "", "Le \\u001b[2JMonde"));
    REQUIRE(lindex(db, {"--companies", gazetteer.string(), feed.string()}, dir.path()).status == 0);
    REQUIRE(
        run(kLindex, {"--db", db.string(), "-"}, record("s1", "2019", "AFP"), dir.path()).status ==
        0);
    const Result result = run(kLindex, {"--db", db.string(), "--stats"}, "", dir.path());
    CHECK(result.status == 0);
    CHECK(result.err == "");
    CHECK(result.out == "index: " + db.string() +
                            "\n"
                            "documents: 5\n"
                            "shards: 1\n"
                            "gazetteer: " +
                            gazetteer.string() +
                            " (2 companies)\n"
                            "synonyms: none\n"
                            "sources:\n"
                            "  1\t(none)\n"
                            "  1\tAFP\n"
                            // In byte order: ESC (0x1b) before 'M'.
                            "  1\tLe \\x1b[2JMonde\n"
                            "  2\tLe Monde\n"
                            "years:\n"
                            "  1\t(none)\n"
                            "  2\t2019\n"
                            "  2\t2020\n"
                            "inputs:\n"
                            "  1\t(none)\n"
                            "  4\t" +
                            feed.string() + "\n");

    SUBCASE("no index there: an error") {
        const Result missing =
            run(kLindex, {"--db", (dir / "nothing").string(), "--stats"}, "", dir.path());
        CHECK(missing.status == 2);
        CHECK(contains(missing.err, "no index at " + (dir / "nothing").string()));
    }
}

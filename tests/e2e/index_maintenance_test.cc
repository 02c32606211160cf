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
    const Result result = run(kLsearch, {"--db", db.string(), "--format", "json", "--limit",
                                         "1000", "--no-facets", query});
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
        CHECK(tables(result.out) ==
              "gazetteer none; synonyms none");
        CHECK(found(db, "company:AWS") == "");
    }
    SUBCASE("a gazetteer given, then kept from the index by a run without one") {
        const std::string gazetteer = (dir / "gazetteer.tsv").string();
        Result result = lindex(db, {"--companies", gazetteer, (dir / "in").string()}, elsewhere);
        CHECK(result.status == 0);
        CHECK(tables(result.out) ==
              "gazetteer " + gazetteer + " (2 companies); synonyms none");
        write_file(dir / "in" / "b.md", article("b"));
        result = lindex(db, {(dir / "in").string()}, elsewhere);
        CHECK(result.status == 0);
        CHECK(tables(result.out) ==
              "gazetteer kept from the index (" + gazetteer +
                  ", 2 companies); synonyms none");
        CHECK(found(db, "company:AWS") == "a b");
        // So does a rebuild, with one writer or several.
        for (const char* jobs : {"1", "2"}) {
            result = lindex(db, {"--full", "--jobs", jobs, (dir / "in").string()}, elsewhere);
            CHECK(result.status == 0);
            CHECK(tables(result.out) ==
                  "gazetteer kept from the index (" + gazetteer +
                      ", 2 companies); synonyms none");
            CHECK(found(db, "company:AWS") == "a b");
        }
    }
    SUBCASE("--quiet prints neither line") {
        const Result result = lindex(db, {"--quiet", (dir / "in").string()}, kSourceDir);
        CHECK(result.status == 0);
        CHECK(result.out == "");
    }
}

// End to end for lindex's inputs (issue 20, "nothing is silently dropped"):
// encodings, dates, symbolic links, --full with a rejected article and the
// size limit, through the real lindex and lsearch binaries. Expected values
// come from the inputs written here, not from the program's output.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "cli.h"

using namespace lsearch::test;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

using Ids = std::vector<std::string>;

std::string counts(int added, int updated, int unchanged, int removed, int rejected) {
    return std::to_string(added) + " added, " + std::to_string(updated) + " updated, " +
           std::to_string(unchanged) + " unchanged, " + std::to_string(removed) + " removed, " +
           std::to_string(rejected) + " rejected in ";
}

struct Index {
    TempDir dir;
    fs::path db = dir / "index";

    Result lindex(std::vector<std::string> args, const std::string& input = "") const {
        args.insert(args.begin(), {"--db", db.string()});
        return run(kLindex, args, input, kSourceDir);
    }

    // lsearch --format json QUERY, the exit status checked.
    json search(const std::string& query) const {
        const Result result =
            run(kLsearch, {"--db", db.string(), "--format", "json", "--limit", "100", query});
        CAPTURE(query);
        CAPTURE(result.err);
        REQUIRE((result.status == 0 || result.status == 1));
        return json::parse(result.out);
    }

    // The ids lsearch finds for `query`, sorted.
    [[nodiscard]] Ids found(const std::string& query) const {
        Ids ids;
        const json response = search(query);
        for (const auto& hit : response.at("results"))
            ids.push_back(hit.at("id"));
        std::sort(ids.begin(), ids.end());
        return ids;
    }

    [[nodiscard]] Ids ids() const { return index_ids(db); }
};

std::string record(const json& fields) {
    return fields.dump() + "\n";
}

}  // namespace

// ---------------------------------------------------------------------------
// Encodings.

TEST_CASE(
    "e2e: lindex converts a Latin-1 or Windows-1252 article and rejects what it cannot decode") {
    TempDir dir;
    const fs::path in = dir / "in";
    // "Café crème", then a paragraph with é, è, à, ê, ç, œ, ’ and … in Windows-1252.
    write_file(in / "cp1252.md",
               "Caf\xE9 cr\xE8me\n\nLe d\xE9"
               "ficit de l\x92\xC9tat a \xE9t\xE9 r\xE9v\xE9l\xE9 "
               "\xE0 l\x92\xE9t\xE9. D\xE9j\xE0, les \xE9l\xE8ves pr\xE9"
               "f\xE8rent la cr\xE8me "
               "br\xFBl\xE9"
               "e aux \x9C"
               "ufs : \xAB c\x92"
               "est tr\xE8s bon \xBB, "
               "disent-ils\x85 La fa\xE7"
               "ade est belle.\n");
    // UTF-16 with a byte order mark.
    write_file(in / "utf16.txt", std::string("\xFF\xFE", 2) + std::string("T\0i\0t\0r\0e\0\n\0\n\0"
                                                                          "\xE9\0t\0\xE9\0\n\0",
                                                                          22));
    // Too short to tell: rejected, with what to do.
    write_file(in / "short.md", "Caf\xE9\n\nCr\xE8me\n");
    // UTF-8 with one Latin-1 byte: rejected, naming the line.
    write_file(in / "mixed.md", "Titre\n\nD\xC3\xA9j\xC3\xA0 vu, tr\xC3\xA8s vu.\nCaf\xE9 ici.\n");
    // JSON Lines: UTF-8 by definition; a line that is not is rejected.
    write_file(in / "feed.jsonl",
               record({{"id", "ok"}, {"body", "Une tartiflette savoyarde."}}) +
                   "{\"id\": \"latin\", \"body\": \"Une raclette \xE0 Gen\xE8ve.\"}\n");
    write_file(in / "utf16.jsonl", std::string("\xFF\xFE{\0}\0\n\0", 8));

    Index index;
    const Result result = index.lindex({in.string()});
    CAPTURE(result.err);
    CHECK(result.status == 1);
    CHECK(contains(result.out, counts(3, 0, 0, 0, 4)));
    CHECK(index.ids() == Ids{"cp1252", "ok", "utf16"});
    CHECK(contains(result.err, (in / "short.md").string() +
                                   ": not UTF-8 (byte 0xE9 at line 1, byte 4), and its encoding "
                                   "cannot be told with confidence"));
    CHECK(contains(result.err, "convert it to UTF-8, e.g. `iconv -f windows-1252 -t utf-8`"));
    CHECK(contains(result.err, (in / "mixed.md").string() +
                                   ": not valid UTF-8: byte 0xE9 at line 4, byte 4 is not UTF-8"));
    CHECK(contains(result.err, (in / "feed.jsonl").string() +
                                   ":2: not UTF-8 (byte 0xE0 at byte 39 "
                                   "of the line); JSON Lines must be UTF-8"));
    CHECK(contains(result.err, (in / "utf16.jsonl").string() +
                                   ": UTF-16 text (byte order mark); JSON Lines must be UTF-8"));

    // The converted text is found by its words, accents and all, and shown as written.
    CHECK(index.found("crème") == Ids{"cp1252"});
    CHECK(index.found("État") == Ids{"cp1252"});
    CHECK(index.found("œufs") == Ids{"cp1252"});
    CHECK(index.found("façade") == Ids{"cp1252"});
    CHECK(index.found("été") == Ids{"cp1252", "utf16"});
    const json hit = index.search("façade").at("results").at(0);
    CHECK(hit.at("title") == "Café crème");
    const std::string snippet = hit.at("snippet").at("text");
    CHECK(contains(snippet, "façade"));
    CHECK(!contains(snippet, "\xEF\xBF\xBD"));  // never U+FFFD
    CHECK(index.search("raclette").at("total") == 0);
}

// ---------------------------------------------------------------------------
// Dates.

TEST_CASE("e2e: lindex reads timestamps and written dates, and stores the day") {
    const std::string feed =
        record({{"id", "iso"}, {"body", "Zeppelin"}, {"date", "2020-07-02T10:00:00Z"}}) +
        record(
            {{"id", "offset"}, {"body", "Dirigeable"}, {"date", "2020-07-02T23:30:00.5-05:00"}}) +
        record({{"id", "rfc"},
                {"body", "Montgolfière"},
                {"date", "Thu, 02 Jul 2020 10:00:00 +0200"}}) +
        record({{"id", "fr"}, {"body", "Paquebot"}, {"date", "1er août 2019"}}) +
        record({{"id", "slash"}, {"body", "Frégate"}, {"date", "31/12/2018"}}) +
        record({{"id", "bad"}, {"body", "Planeur"}, {"date", "31/02/2020"}}) +
        record({{"id", "word"}, {"body", "Chaloupe"}, {"date", "hier"}});
    Index index;
    const Result result = index.lindex({"-"}, feed);
    CAPTURE(result.err);
    CHECK(result.status == 1);
    CHECK(contains(result.out, counts(5, 0, 0, 0, 2)));
    CHECK(contains(result.err,
                   "<stdin>:6: invalid 'date' '31/02/2020' (accepted: 2025, 2025-10, "
                   "2025-10-28, 2020-07-02T10:00:00Z"));
    CHECK(contains(result.err, "<stdin>:7: invalid 'date' 'hier' (accepted: "));

    // The day as written, in its own zone: 2020-07-02 for all three.
    CHECK(index.found("year:2020") == Ids{"iso", "offset", "rfc"});
    CHECK(index.found("year:2019") == Ids{"fr"});
    CHECK(index.found("year:2018") == Ids{"slash"});
    const auto date_of = [&](const std::string& query) {
        return index.search(query).at("results").at(0).at("date").get<std::string>();
    };
    CHECK(date_of("zeppelin") == "2020-07-02");
    CHECK(date_of("dirigeable") == "2020-07-02");
    CHECK(date_of("montgolfière") == "2020-07-02");
    CHECK(date_of("paquebot") == "2019-08-01");
    CHECK(date_of("frégate") == "2018-12-31");
}

// ---------------------------------------------------------------------------
// Symbolic links.

TEST_CASE("e2e: lindex follows symbolic links and reports the dangling and looping ones") {
    TempDir dir;
    const fs::path in = dir / "in";
    write_file(in / "a.md", "Alpha\n\nUn zeppelin.\n");
    write_file(dir / "elsewhere" / "b.md", "Bravo\n\nUn dirigeable.\n");
    fs::create_directory_symlink(dir / "elsewhere", in / "linked");  // followed
    fs::create_directory_symlink(in, in / "loop");                   // back to in/: once
    fs::create_symlink(dir / "gone.md", in / "dangling.md");         // reported

    Index index;
    Result result = index.lindex({in.string()});
    CAPTURE(result.err);
    CHECK(result.status == 1);
    CHECK(contains(result.out, counts(2, 0, 0, 0, 2)));
    CHECK(index.ids() == Ids{"a", "linked/b"});
    CHECK(contains(result.err, "lindex: " + (in / "dangling.md").string() +
                                   ": dangling symbolic link to " + (dir / "gone.md").string() +
                                   " (its target does not exist)"));
    CHECK(contains(result.err, "lindex: " + (in / "loop").string() +
                                   ": symbolic link loop: leads back to " + in.string()));

    // The dangling link may name a disk not mounted: nothing is removed
    // under the INPUT while it is there, not even what has really gone.
    fs::remove(in / "a.md");
    result = index.lindex({in.string()});
    CHECK(result.status == 1);
    CHECK(contains(result.out, counts(0, 0, 1, 0, 2)));
    CHECK(index.ids() == Ids{"a", "linked/b"});
    // Without it, the loop alone hides no file: a.md's document goes.
    fs::remove(in / "dangling.md");
    result = index.lindex({in.string()});
    CHECK(result.status == 1);
    CHECK(contains(result.out, counts(0, 0, 1, 1, 1)));
    CHECK(index.ids() == Ids{"linked/b"});
}

// ---------------------------------------------------------------------------
// --full and rejected articles.

TEST_CASE("e2e: lindex --full keeps the indexed version of an article it now rejects") {
    TempDir dir;
    const fs::path in = dir / "in";
    write_file(in / "a.md", "---\nid: alpha\n---\nAlpha\n\nUn zeppelin.\n");
    write_file(in / "b.md", "---\nid: bravo\n---\nBravo\n\nUn dirigeable.\n");
    write_file(in / "feed.jsonl", record({{"id", "r1"}, {"body", "Un sous-marin."}}) +
                                      record({{"id", "r2"}, {"body", "Un paquebot."}}));
    for (const char* jobs : {"1", "2"}) {
        CAPTURE(jobs);
        Index index;
        REQUIRE(index.lindex({in.string()}).status == 0);
        write_file(in / "b.md", "---\nid: bravo\nauteur: X\n---\nBravo\n\nUn dirigeable.\n");
        write_file(in / "feed.jsonl",
                   record({{"id", "r1"}, {"body", "Un sous-marin."}}) + "{\"id\": \"r2\", \n");
        const Result result = index.lindex({"--full", "--jobs", jobs, in.string()});
        CAPTURE(result.err);
        CHECK(result.status == 1);
        CHECK(contains(result.out, counts(2, 0, 0, 0, 2)));
        CHECK(contains(result.err, (in / "b.md").string() + ": line 3: unknown key 'auteur'"));
        CHECK(contains(result.err, (in / "b.md").string() +
                                       ": kept the indexed version of 1 document it rejected"));
        CHECK(contains(result.err, (in / "feed.jsonl").string() +
                                       ": kept the indexed version of 1 document it rejected"));
        CHECK(index.ids() == Ids{"alpha", "bravo", "r1", "r2"});
        CHECK(index.found("dirigeable") == Ids{"bravo"});
        CHECK(index.found("paquebot") == Ids{"r2"});
        // Its "did you mean" words came along.
        CHECK(index.search("dirigeabel").at("suggestion") == "dirigeable");

        // Fixed, it is indexed again; its record fixed and gone, it goes.
        write_file(in / "b.md", "---\nid: bravo\n---\nBravo\n\nUn dirigeable rouge.\n");
        write_file(in / "feed.jsonl", record({{"id", "r1"}, {"body", "Un sous-marin."}}));
        const Result fixed = index.lindex({"--full", "--jobs", jobs, in.string()});
        CHECK(fixed.status == 0);
        CHECK(index.ids() == Ids{"alpha", "bravo", "r1"});
        CHECK(index.found("rouge") == Ids{"bravo"});
        write_file(in / "b.md", "---\nid: bravo\n---\nBravo\n\nUn dirigeable.\n");
        write_file(in / "feed.jsonl", record({{"id", "r1"}, {"body", "Un sous-marin."}}) +
                                          record({{"id", "r2"}, {"body", "Un paquebot."}}));
    }
}

// ---------------------------------------------------------------------------
// The size limit.

TEST_CASE("e2e: lindex refuses articles over the size limit without reading them whole") {
    TempDir dir;
    const fs::path in = dir / "in";
    write_file(in / "small.md", "Petit\n\nUn article court.\n");
    // Just over the default limit of 10 MiB, made of words.
    std::string big = "Grand\n\n";
    while (big.size() <= (std::size_t{10} << 20))
        big += "Un article beaucoup trop long. ";
    write_file(in / "big.md", big);
    write_file(in / "feed.jsonl", record({{"id", "r1"}, {"body", "Un sous-marin."}}) +
                                      record({{"id", "huge"}, {"body", big}}) +
                                      record({{"id", "r3"}, {"body", "Un paquebot."}}));
    const std::string size = std::to_string(big.size());

    Index index;
    Result result = index.lindex({in.string()});
    CAPTURE(result.err);
    CHECK(result.status == 1);
    CHECK(contains(result.out, counts(3, 0, 0, 0, 2)));
    CHECK(index.ids() == Ids{"r1", "r3", "small"});
    CHECK(contains(result.err, (in / "big.md").string() + ": article file of " + size +
                                   " bytes (10.0 MiB), over the limit of 10485760 bytes (10.0 "
                                   "MiB): not indexed (raise the limit with --max-article-size"));
    CHECK(contains(result.err, (in / "feed.jsonl").string() + ":2: record of "));

    // Raised, they are indexed.
    result = index.lindex({"--max-article-size", "11M", in.string()});
    CHECK(result.status == 0);
    CHECK(contains(result.out, counts(2, 0, 3, 0, 0)));
    CHECK(index.found("beaucoup") == Ids{"big", "huge"});

    // Lowered, on standard input too; the line numbers after stay right.
    Index other;
    result = other.lindex({"--max-article-size", "1k", "-"},
                          record({{"id", "r1"}, {"body", std::string(2000, 'x')}}) +
                              record({{"id", "r2"}, {"body", "Un paquebot."}}));
    CHECK(result.status == 1);
    CHECK(contains(result.err,
                   "<stdin>:1: record of 2021 bytes (0.0 MiB), over the limit of 1024 "
                   "bytes (0.0 MiB)"));
    CHECK(other.ids() == Ids{"r2"});

    for (const char* bad : {"0", "ten", "10X", "-1", "99999999999G"}) {
        CAPTURE(bad);
        const Result usage = other.lindex({"--max-article-size", bad, in.string()});
        CHECK(usage.status == 2);
        CHECK(contains(usage.err, "--max-article-size must be a size in bytes"));
    }
}

TEST_CASE("e2e: lindex refuses a huge article file in bounded memory") {
    // A sparse file of 2 GiB: refused by its size ("of N bytes": read, it
    // would be "of more than"), never read. Under a 1 GiB address-space
    // limit, reading it whole could not even be tried.
    TempDir dir;
    const fs::path in = dir / "in";
    write_file(in / "small.md", "Petit\n\nUn article court.\n");
    {
        std::ofstream out(in / "huge.md", std::ios::binary);
        out << "Titre\n\n";
        out.seekp((std::streamoff{1} << 31) - 1);
        out.put('x');
        REQUIRE(out.good());
    }
    Index index;
#ifdef __SANITIZE_ADDRESS__
    // AddressSanitizer reserves terabytes of address space at start.
    const std::string limit;
#else
    const std::string limit = "ulimit -v 1048576 && ";
#endif
    const Result result =
        run("/bin/sh", {"-c", limit + "exec " + quote(kLindex.string()) + " --db " +
                                  quote(index.db.string()) + " --jobs 1 " + quote(in.string())});
    CAPTURE(result.err);
    CHECK(result.status == 1);
    CHECK(contains(result.err, (in / "huge.md").string() + ": article file of 2147483648 bytes"));
    CHECK(index.ids() == Ids{"small"});
}

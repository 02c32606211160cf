// A first build by several writers (indexer/src/bulk.h): each commit is
// published whole, as the shards' sealed segments listed by one generation,
// and the segments are compacted once, by publish(); a build stopped after a
// commit keeps that commit, and the next writer merges its segments.
#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <xapian.h>

#include "lsearch/common/article.h"
#include "lsearch/common/schema.h"
#include "lsearch/common/stored.h"
#include "lsearch/common/terms.h"
#include "lsearch/indexer.h"

namespace fs = std::filesystem;

namespace {

using Ids = std::vector<std::string>;

struct TempIndex {
    fs::path path =
        fs::temp_directory_path() / ("lsearch-first-build-test-" + std::to_string(getpid()));
    TempIndex() { fs::remove_all(path); }
    ~TempIndex() { fs::remove_all(path); }
};

lsearch::IndexerOptions options_for(const TempIndex& index) {
    lsearch::IndexerOptions options;
    options.db_path = index.path.string();
    options.writers = 2;
    options.batch = 1;  // the shards commit after every document, unpublished
    return options;
}

void add(lsearch::Indexer& indexer, const std::string& id, const std::string& body) {
    lsearch::Article article;
    article.id = id;
    article.body = body;
    indexer.add(article);
}

// The generation PATH/XAPIANDB names.
fs::path generation(const TempIndex& index) {
    std::ifstream stub(index.path / "XAPIANDB");
    std::string backend, name;
    stub >> backend >> name;
    return index.path / name;
}

// Whether the current generation lists segments rather than being one database.
bool segmented(const TempIndex& index) {
    return fs::exists(generation(index) / "part-0");
}

// The ids of the documents a reader finds with `term`, or all of them, sorted,
// each as often as it is found. A word is found through its stem: `Zlivr` for
// `livre` (lsearch/common/terms.h).
Ids ids(const TempIndex& index, const std::string& term = "") {
    const Xapian::Database db(index.path.string());
    Ids found;
    for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) {
        auto terms = db.termlist_begin(*it);
        terms.skip_to("Q");
        if (terms != db.termlist_end(*it)) found.push_back((*terms).substr(1));
    }
    std::sort(found.begin(), found.end());
    return found;
}

// The generations in the index directory.
std::vector<std::string> generations(const TempIndex& index) {
    std::vector<std::string> found;
    for (const auto& entry : fs::directory_iterator(index.path)) {
        const std::string name = entry.path().filename().string();
        if (name.starts_with("gen-")) found.push_back(name);
    }
    return found;
}

}  // namespace

TEST_CASE("first build: each commit seen whole, a replacement once, one database at the end") {
    TempIndex index;
    lsearch::Indexer indexer(options_for(index));
    for (const char* id : {"a0", "a1", "a2", "a3"})
        add(indexer, id, "Le marché du livre.");
    indexer.commit();
    CHECK(ids(index) == Ids{"a0", "a1", "a2", "a3"});
    CHECK(segmented(index));
    const fs::path first = generation(index);

    // Written (and committed by the shards, one document at a time) but not
    // committed by the indexer: unseen.
    add(indexer, "a4", "Le marché du vin.");
    add(indexer, "a5", "Le marché du vin.");
    CHECK(ids(index) == Ids{"a0", "a1", "a2", "a3"});
    indexer.commit();
    CHECK(ids(index) == Ids{"a0", "a1", "a2", "a3", "a4", "a5"});
    CHECK(ids(index, "Zvin") == Ids{"a4", "a5"});
    CHECK(segmented(index));
    CHECK(generation(index) != first);

    // A document of a sealed segment replaced: found once, in its new version.
    add(indexer, "a1", "Le marché de la pomme.");
    indexer.commit();
    CHECK(ids(index) == Ids{"a0", "a1", "a2", "a3", "a4", "a5"});
    CHECK(ids(index, "Zpomm") == Ids{"a1"});
    CHECK(ids(index, "Zlivr") == Ids{"a0", "a2", "a3"});

    add(indexer, "a6", "Le marché du livre.");
    indexer.commit();
    CHECK(segmented(index));
    CHECK(ids(index, "Zlivr") == Ids{"a0", "a2", "a3", "a6"});
    indexer.publish();
    CHECK_FALSE(segmented(index));
    CHECK(fs::exists(generation(index) / "iamglass"));
    CHECK(ids(index) == Ids{"a0", "a1", "a2", "a3", "a4", "a5", "a6"});
    CHECK(ids(index, "Zpomm") == Ids{"a1"});
    // The generations the commits published are gone.
    CHECK(generations(index) == std::vector{generation(index).filename().string()});
}

TEST_CASE("first build: a document of a merged segment replaced is found once") {
    TempIndex index;
    lsearch::Indexer indexer(options_for(index));
    add(indexer, "c0", "Le marché du livre.");
    add(indexer, "c1", "Le marché du livre.");
    indexer.commit();
    add(indexer, "c2", "Le marché du vin.");
    // c0's segment is sealed: this commit merges the segments into one,
    // c2's with them.
    add(indexer, "c0", "Le marché de la pomme.");
    indexer.commit();
    CHECK_FALSE(segmented(index));
    // c2 is in the merged segment: its new version must replace it there too.
    add(indexer, "c2", "Le marché du pain.");
    indexer.commit();
    CHECK(ids(index) == Ids{"c0", "c1", "c2"});
    CHECK(ids(index, "Zvin").empty());
    CHECK(ids(index, "Zpain") == Ids{"c2"});
    indexer.publish();
    CHECK(ids(index) == Ids{"c0", "c1", "c2"});
    CHECK(ids(index, "Zpain") == Ids{"c2"});
}

TEST_CASE("first build stopped after a commit: the commit is kept and merged by the next writer") {
    TempIndex index;
    const pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        // Commits two documents, writes a third, and stops dead: no
        // destructor, no publish().
        lsearch::Indexer indexer(options_for(index));
        add(indexer, "b0", "Le marché du livre.");
        add(indexer, "b1", "Le marché du livre.");
        indexer.commit();
        add(indexer, "b2", "Le marché du vin.");
        _exit(0);
    }
    int status = 0;
    REQUIRE(waitpid(child, &status, 0) == child);
    REQUIRE(WIFEXITED(status));
    CHECK(ids(index) == Ids{"b0", "b1"});
    CHECK(segmented(index));

    lsearch::Indexer indexer(options_for(index));
    CHECK_FALSE(segmented(index));
    CHECK(ids(index) == Ids{"b0", "b1"});
    CHECK(indexer.document_count() == 2);
    add(indexer, "b2", "Le marché du vin.");
    indexer.publish();
    CHECK(ids(index) == Ids{"b0", "b1", "b2"});
    CHECK(ids(index, "Zvin") == Ids{"b2"});
}

// No semicolon in a test's name: CTest would cut the name there, and run a
// filter that matches no test (tests/CMakeLists.txt refuses them).
TEST_CASE("a rebuild removes the previous generation, and a reader that has it open reads on") {
    TempIndex index;
    {
        lsearch::Indexer indexer(options_for(index));
        add(indexer, "c0", "Le vieux marché couvert.");
        add(indexer, "c1", "Le marché du vin.");
        indexer.publish();
    }
    const fs::path old = generation(index);
    const Xapian::Database reader(index.path.string());

    {
        lsearch::IndexerOptions options = options_for(index);
        options.rebuild = true;
        lsearch::Indexer indexer(options);
        add(indexer, "c2", "La maison neuve.");
        indexer.publish();
    }
    CHECK_FALSE(fs::exists(old));
    CHECK(generations(index) == std::vector{generation(index).filename().string()});
    CHECK(ids(index) == Ids{"c2"});

    // Its files are open: documents, positions (a phrase), the stored text
    // and the spelling table read as before the removal.
    CHECK(reader.get_doccount() == 2);
    Xapian::Enquire enquire(reader);
    // The terms holding the positions of "vieux marché" (terms.h).
    lsearch::Analyzer analyzer;
    std::vector<Xapian::Query> words;
    for (const auto& token : analyzer.analyze("vieux marché"))
        words.emplace_back(lsearch::terms::positional(token, ""));
    REQUIRE(words.size() == 2);
    enquire.set_query(Xapian::Query(Xapian::Query::OP_PHRASE, words.begin(), words.end()));
    const Xapian::MSet found = enquire.get_mset(0, 10);
    REQUIRE(found.size() == 1);
    const std::string stored = found.begin().get_document().get_value(lsearch::schema::kBodySlot);
    CHECK(lsearch::from_stored_body(stored).text.find("couvert") != std::string::npos);
    CHECK(reader.get_spelling_suggestion("marcha") == "marché");
}

// The terms of one article, as lsearch/common/terms.h lays them out, worked
// out by hand: title "Pêche" at position 0, body from position 0 + 1 + 100
// (the gap between title and body). Snowball stems `pêche` and `pêches` to
// `pêch`, their folded forms to `pech`.
TEST_CASE("an article's terms: stems hold the positions, stop words and numbers as written") {
    TempIndex index;
    {
        lsearch::IndexerOptions options = options_for(index);
        options.writers = 1;
        lsearch::Indexer indexer(options);
        lsearch::Article article;
        article.id = "p";
        article.title = "Pêche";
        article.body = "Les pêches de 2024.";
        indexer.add(article);
        indexer.publish();
    }
    const Xapian::Database db(index.path.string());
    REQUIRE(db.get_doccount() == 1);
    const Xapian::docid docid = *db.postlist_begin("");
    std::vector<std::string> found;
    for (auto term = db.termlist_begin(docid); term != db.termlist_end(docid); ++term) {
        // Filters (id, year, ...) are not the words' terms.
        if (std::string_view(*term).find_first_of("QYMDF") == 0 ||
            (*term).starts_with("XC") || (*term).starts_with("XS") ||
            (*term).starts_with("XF")) {
            continue;
        }
        std::string row = *term + " " + std::to_string(term.get_wdf());
        for (auto pos = term.positionlist_begin(); pos != term.positionlist_end(); ++pos)
            row += " @" + std::to_string(*pos);
        found.push_back(row);
    }
    const std::vector<std::string> expected{
        "2024 1 @104",         // a number: as written, with its position
        "XApêche 3",           // the title's accented word, in the body field (wdf 3)
        "XApêches 1",          // the body's
        "ZSpech 1 @0",         // title field: the folded stem holds the position
        "ZSpêch 1",            // ... the accented stem does not
        "Zpech 4 @0 @102",     // body field: the title's word (wdf 3) and the body's
        "Zpêch 4",
        "de 1 @103",           // stop words: as written, with their positions
        "les 1 @101",
    };
    CHECK(found == expected);
}

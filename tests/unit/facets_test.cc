// The facet columns of the count pass (detail::FacetColumns): the same counts
// as Xapian's ValueCountMatchSpy, in the searched database's numbering over
// several databases; and which stubs read over the network.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <unistd.h>

#include <xapian.h>

#include "facets.h"
#include "lsearch/common/schema.h"

namespace fs = std::filesystem;
using lsearch::detail::FacetColumns;
using lsearch::detail::FacetCounts;

namespace {

struct Doc {
    const char* term;
    const char* year;
    const char* source;
    std::vector<std::string> companies;
};

Xapian::WritableDatabase database_of(const std::vector<Doc>& docs) {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    for (const Doc& doc : docs) {
        Xapian::Document document;
        document.add_term(doc.term);
        if (*doc.year != 0) document.add_value(lsearch::schema::kYearSlot, doc.year);
        if (*doc.source != 0) document.add_value(lsearch::schema::kSourceSlot, doc.source);
        for (std::size_t i = 0; i < doc.companies.size(); ++i)
            document.add_value(static_cast<Xapian::valueno>(lsearch::schema::kFirstCompanySlot + i),
                               doc.companies[i]);
        db.add_document(document);
    }
    return db;
}

std::string describe(const FacetCounts& counts) {
    std::string out;
    for (const auto& [value, count] : counts)
        out += (out.empty() ? "" : ",") + value + " " + std::to_string(count);
    return out;
}

// The counts of `term`'s matches by one spy per slot, as the searcher counts
// over remote shards.
std::vector<std::string> by_spies(const Xapian::Database& db, const std::string& term,
                                  unsigned company_slots) {
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query(term));
    std::vector<std::unique_ptr<Xapian::ValueCountMatchSpy>> spies;
    std::vector<Xapian::valueno> slots = {lsearch::schema::kYearSlot,
                                          lsearch::schema::kSourceSlot};
    for (unsigned i = 0; i < company_slots; ++i)
        slots.push_back(lsearch::schema::kFirstCompanySlot + i);
    for (auto slot : slots) {
        spies.push_back(std::make_unique<Xapian::ValueCountMatchSpy>(slot));
        enquire.add_matchspy(spies.back().get());
    }
    enquire.get_mset(0, 0, db.get_doccount());
    FacetCounts counts[3];
    for (std::size_t i = 0; i < spies.size(); ++i) {
        for (auto it = spies[i]->values_begin(); it != spies[i]->values_end(); ++it)
            counts[std::min<std::size_t>(i, 2)][*it] += it.get_termfreq();
    }
    return {describe(counts[0]), describe(counts[1]), describe(counts[2])};
}

// The same counts from the columns, over the matches' document numbers.
std::vector<std::string> by_columns(const Xapian::Database& db, const FacetColumns& columns,
                                    const std::string& term) {
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query(term));
    const Xapian::MSet matches = enquire.get_mset(0, db.get_doccount());
    FacetColumns::Tally tally(columns);
    for (auto it = matches.begin(); it != matches.end(); ++it)
        tally.add(*it);
    return {describe(tally.years()), describe(tally.sources()), describe(tally.companies())};
}

}  // namespace

TEST_CASE("facet columns: the matches' years, sources and companies, as the spies count them") {
    // Two databases searched as one: document k of the first is number
    // 2k - 1 of the whole, of the second 2k. Documents with no year, no
    // source, several companies, and one company in two documents' different
    // slots.
    const auto first = database_of({
        {"x", "2023", "Le Monde", {"AWS", "Amazon"}},
        {"x", "2024", "", {}},
        {"y", "2024", "Le Monde", {"OVHcloud"}},
    });
    const auto second = database_of({
        {"x", "", "Les Echos", {"Amazon", "AWS", "OVHcloud"}},
        {"y", "2023", "Les Echos", {"AWS"}},
    });
    Xapian::Database db(first);
    db.add_database(second);
    const FacetColumns columns = FacetColumns::load(db, 3);
    CHECK(columns.last_docid() == 5);

    // x: the first database's 1 and 2, the second's 1 (whole numbers 1, 3, 2).
    const std::vector<std::string> x = {"2023 1,2024 1", "Le Monde 1,Les Echos 1",
                                        "AWS 2,Amazon 2,OVHcloud 1"};
    CHECK(by_columns(db, columns, "x") == x);
    CHECK(by_spies(db, "x", 3) == x);
    // y: the first database's 3 and the second's 2 (whole numbers 5 and 4).
    const std::vector<std::string> y = {"2023 1,2024 1", "Le Monde 1,Les Echos 1",
                                        "AWS 1,OVHcloud 1"};
    CHECK(by_columns(db, columns, "y") == y);
    CHECK(by_spies(db, "y", 3) == y);
    // Nothing matched, nothing counted.
    CHECK(by_columns(db, columns, "z") == std::vector<std::string>{"", "", ""});

    SUBCASE("over one database, a match spy counts into the tally") {
        const Xapian::Database one(first);
        const FacetColumns columns_of_one = FacetColumns::load(one, 3);
        FacetColumns::Tally tally(columns_of_one);
        lsearch::detail::TallySpy spy;
        spy.tally = &tally;
        Xapian::Enquire enquire(one);
        enquire.set_query(Xapian::Query("x"));
        enquire.add_matchspy(&spy);
        enquire.get_mset(0, 0, one.get_doccount());
        CHECK(tally.added() == 2);
        CHECK(describe(tally.years()) == "2023 1,2024 1");
        CHECK(describe(tally.sources()) == "Le Monde 1");
        CHECK(describe(tally.companies()) == "AWS 1,Amazon 1");
        CHECK(by_spies(one, "x", 3) ==
              std::vector<std::string>{"2023 1,2024 1", "Le Monde 1", "AWS 1,Amazon 1"});
    }
    SUBCASE("company slots past those read are not counted, as with as many spies") {
        const FacetColumns two = FacetColumns::load(db, 2);
        const std::vector<std::string> counted = {"2023 1,2024 1", "Le Monde 1,Les Echos 1",
                                                  "AWS 2,Amazon 2"};
        CHECK(by_columns(db, two, "x") == counted);
        CHECK(by_spies(db, "x", 2) == counted);
    }
    SUBCASE("a document added after the columns were read is not counted") {
        // Read from the first database (documents 1 to 3), asked for 4.
        const FacetColumns older = FacetColumns::load(first, 3);
        FacetColumns::Tally tally(older);
        tally.add(2);
        tally.add(4);
        CHECK(describe(tally.years()) == "2024 1");
        CHECK(tally.sources().empty());
    }
}

TEST_CASE("facet columns: which indexes are read over the network") {
    const fs::path dir =
        fs::temp_directory_path() / ("lsearch-facets-test-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir / "index" / "gen-1");
    auto write = [](const fs::path& path, const std::string& text) {
        std::ofstream(path) << text;
    };
    // An lsearch index: a stub naming a generation, which is a database
    // directory (no stub of its own).
    write(dir / "index" / "XAPIANDB", "auto gen-1\n");
    CHECK_FALSE(lsearch::detail::reads_remote((dir / "index").string()));
    // Local shards in a stub file, and a comment.
    write(dir / "local.stub", "# remote shard0:7001 was moved\nauto index\nglass index/gen-1\n");
    CHECK_FALSE(lsearch::detail::reads_remote((dir / "local.stub").string()));
    // A remote shard, listed first or last.
    write(dir / "mixed.stub", "auto index\nremote 127.0.0.1:7001\n");
    CHECK(lsearch::detail::reads_remote((dir / "mixed.stub").string()));
    // A remote shard two stubs down: an index whose generation is a stub.
    fs::create_directories(dir / "deep" / "gen-2");
    write(dir / "deep" / "XAPIANDB", "auto gen-2\n");
    write(dir / "deep" / "gen-2" / "XAPIANDB", "auto ../../index\nremote host:7002\n");
    CHECK(lsearch::detail::reads_remote((dir / "deep").string()));
    // Nothing there: not remote (opening it reports the error).
    CHECK_FALSE(lsearch::detail::reads_remote((dir / "missing").string()));
    fs::remove_all(dir);
}

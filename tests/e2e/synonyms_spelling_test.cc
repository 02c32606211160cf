// End to end: synonyms stored by lindex expand lsearch's queries both ways,
// and "did you mean" suggests words from the index's own vocabulary.
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <set>

#include "cli.h"

using namespace lsearch::test;
using nlohmann::json;

namespace {

struct Collection {
    TempDir dir;
    std::string db = (dir / "index").string();
    Result indexing;

    Collection() {
        const auto articles = dir / "articles";
        // Front matter, so that the one line is the body, not the title.
        auto article = [&](const std::string& id, const std::string& body) {
            write_file(articles / (id + ".md"), "---\nid: " + id + "\ntitle:\n---\n" + body + "\n");
        };
        article("a1", "La région cloud d’Amazon Web Services ouvre à Paris.");
        article("a2", "AWS recrute des ingénieurs à Lyon.");
        article("a3", "L’intelligence artificielle transforme la banque.");
        article("a4", "L’IA générative arrive chez les assureurs.");
        article("a5", "Le président-directeur général démissionne.");
        article("a6", "Le PDG annonce des licenciements.");
        write_file(dir / "synonyms.tsv",
                   "# test synonyms\n"
                   "AWS\tAmazon Web Services\n"
                   "IA\tintelligence artificielle\n"
                   "PDG\tprésident-directeur général\n");
        indexing = run(kLindex, {"--db", db, "--synonyms", (dir / "synonyms.tsv").string(),
                                 (dir / "articles").string()});
    }

    json search(const std::string& query, int expected_status = 0) {
        const Result result = run(kLsearch, {"--db", db, "--format", "json", query});
        CAPTURE(query);
        CAPTURE(result.err);
        CHECK(result.status == expected_status);
        return json::parse(result.out);
    }

    std::set<std::string> found(const std::string& query) {
        std::set<std::string> ids;
        const json response = search(query);
        for (const auto& hit : response.at("results"))
            ids.insert(hit.at("id"));
        return ids;
    }
};

}  // namespace

TEST_CASE("e2e: synonyms find each other, both ways") {
    Collection collection;
    REQUIRE(collection.indexing.status == 0);
    const std::set<std::string> aws{"a1", "a2"}, ia{"a3", "a4"}, pdg{"a5", "a6"};
    CHECK(collection.found("AWS") == aws);
    CHECK(collection.found("Amazon Web Services") == aws);
    CHECK(collection.found("IA") == ia);
    CHECK(collection.found("intelligence artificielle") == ia);
    CHECK(collection.found("PDG") == pdg);
    CHECK(collection.found("président-directeur général") == pdg);
    // A synonym is a unit of the query like a word: both must match.
    CHECK(collection.found("AWS Lyon") == std::set<std::string>{"a2"});
}

TEST_CASE("e2e: did you mean, from the index's vocabulary") {
    Collection collection;
    REQUIRE(collection.indexing.status == 0);
    const json response = collection.search("licenciemnts", 1);
    CHECK(response.at("total") == 0);
    CHECK(response.at("suggestion") == "licenciements");
    // Known words are left alone, a capital is kept.
    CHECK(collection.search("PDG Licenciemnts", 0).at("suggestion") == "PDG Licenciements");
    CHECK(collection.search("banque").at("suggestion") == "");
    const Result text = run(kLsearch, {"--db", collection.db, "ingenieurz"});
    CHECK(text.status == 1);
    CHECK(contains(text.out, "Did you mean: ingénieurs?"));
}

TEST_CASE("e2e: a question's unknown words also look for the index's closest word") {
    Collection collection;
    REQUIRE(collection.indexing.status == 0);
    // `ingenieurz` and `travaillent` are in no article; a question looks for
    // `ingénieurs` too (`travaillent` has no close word), and still says
    // what it meant.
    const json question = collection.search("Où travaillent les ingenieurz ?");
    CHECK(question.at("results").size() == 1);
    CHECK(question.at("results").at(0).at("id") == "a2");
    CHECK(question.at("suggestion") == "Où travaillent les ingénieurs ?");
    // Known words are searched as they are.
    CHECK(collection.found("Quelle banque pour les licenciements ?") ==
          std::set<std::string>{"a3", "a6"});
    // Keywords keep their exact meaning: no article has both words, and the
    // articles with some of them are those with `Paris`, not `ingénieurs`.
    const json keywords = collection.search("ingenieurz Paris");
    CHECK(keywords.at("relaxed") == true);
    CHECK(keywords.at("results").size() == 1);
    CHECK(keywords.at("results").at(0).at("id") == "a1");
}

TEST_CASE("e2e: lsearch says did you mean before the results") {
    Collection collection;
    REQUIRE(collection.indexing.status == 0);
    // `PDG` finds a5 and a6, `Licenciemnts` nothing: results, and a suggestion
    // that the reader must see before them, not under the facets.
    const json response = collection.search("PDG Licenciemnts");
    REQUIRE(response.at("suggestion") == "PDG Licenciements");
    const Result text = run(kLsearch, {"--db", collection.db, "PDG Licenciemnts"});
    CHECK(text.status == 0);
    CAPTURE(text.out);
    CHECK(text.out.starts_with("Did you mean: PDG Licenciements?\n"));
    CHECK(contains(text.out, "\n\n1. "));
    CHECK(text.out.find("Did you mean") < text.out.find("\n1. "));
    CHECK(text.out.find("Did you mean", 1) == std::string::npos);  // said once
}

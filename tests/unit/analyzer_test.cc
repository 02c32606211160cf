#include <doctest/doctest.h>

#include "lsearch/common/analyzer.h"

namespace {

struct Row {
    const char* input;
    const char* expected;
};

std::string analyse(const char* text) {
    lsearch::Analyzer analyzer;
    return lsearch::describe(analyzer.analyze(text));
}

}  // namespace

TEST_CASE("analysis rows") {
    const Row rows[] = {
        {"", ""},
        {"Amazon", "amazon[0]"},
        {"ÉTATS états", "états/etats[0] états/etats[1]"},
        {"cœur Cœur", "coeur[0] coeur[1]"},
        {"l’IA d'Amazon", "ia[0] amazon[1]"},
        {"aujourd’hui", "aujourd'hui[0]"},
        {"start‑up", "=startup[0] start[0] up[1]"},
        {"14.000 14 000 14\u00a0000 14\u202f000 14000",
         "14000[0] 14000[1] 14000[2] 14000[3] 14000[4]"},
        {"1,56 million", "1,56[0] million[1]"},
        {"en 2024 2025", "en[0] 2024[1] 2025[2]"},
        {"écrit‑elle", "écrit/ecrit[0] elle[1]"},
    };
    for (const auto& row : rows) {
        CAPTURE(row.input);
        CHECK(analyse(row.input) == row.expected);
    }
}

// libFuzzer target: arbitrary bytes into the French analyser. Fails (aborts)
// when a token stream breaks an invariant of common/src/analysis/invariants.h
// (offsets inside the text, positions in order, non-empty terms without
// spaces, compounds whole), when analysing twice gives different tokens, or
// when invalid UTF-8 gives other terms than its repair (U+FFFD) would.
// See fuzz/README.md.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "invariants.h"
#include "lsearch/common/analyzer.h"

namespace {

[[noreturn]] void fail(const std::string& what) {
    std::fprintf(stderr, "fuzz_analyzer: %s\n", what.c_str());
    std::abort();
}

// The terms and positions only: offsets differ between a text and its repair.
std::string terms(const std::vector<lsearch::Token>& tokens) {
    return lsearch::describe(tokens);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    // One analyser for all inputs, as an indexing thread keeps one: its
    // caches carry over, and must not change what it produces.
    static lsearch::Analyzer analyzer;
    const std::string_view text(reinterpret_cast<const char*>(data), size);

    std::vector<lsearch::Token> tokens;
    const std::uint32_t first_position = 7;
    const std::uint32_t next = analyzer.analyze(text, tokens, first_position);
    if (const std::string broken =
            lsearch::detail::check_invariants(text, tokens, first_position, next);
        !broken.empty()) {
        fail(broken);
    }

    std::vector<lsearch::Token> again;
    analyzer.analyze(text, again, first_position);
    if (terms(again) != terms(tokens)) fail("a second analysis differs (caches)");
    // A fresh analyser costs more than most inputs: one input in 16, the
    // first always, so that a crash file alone reproduces.
    static unsigned runs = 0;
    if (runs++ % 16 == 0) {
        std::vector<lsearch::Token> fresh;
        lsearch::Analyzer().analyze(text, fresh, first_position);
        if (terms(fresh) != terms(tokens)) fail("a fresh analyser differs (caches)");
    }

    if (!lsearch::is_valid_utf8(text)) {
        std::vector<lsearch::Token> repaired;
        analyzer.analyze(lsearch::repair_utf8(text), repaired, first_position);
        if (terms(repaired) != terms(tokens)) {
            fail("invalid UTF-8 gives other terms than its repair: " + terms(tokens) + " vs " +
                 terms(repaired));
        }
    }

    (void)analyzer.key(text);
    return 0;
}

#include <array>

#include "stages.h"

namespace lsearch::detail {

bool is_hyphen(std::string_view between) {
    // HYPHEN-MINUS, HYPHEN (U+2010), NON-BREAKING HYPHEN (U+2011).
    return between == "-" || between == "\xE2\x80\x90" || between == "\xE2\x80\x91";
}

bool is_clitic(std::string_view term) {
    // Inverted subject pronouns and the euphonic t: `dit-elle`, `a-t-il`.
    static constexpr std::array<std::string_view, 10> kClitics{"je",   "tu",   "il",  "elle",  "on",
                                                               "nous", "vous", "ils", "elles", "t"};
    for (std::string_view clitic : kClitics) {
        if (term == clitic) return true;
    }
    return false;
}

}  // namespace lsearch::detail

#include <array>

#include "stages.h"

namespace lsearch::detail {

bool is_hyphen(std::string_view between) {
    // HYPHEN-MINUS, HYPHEN (U+2010), NON-BREAKING HYPHEN (U+2011).
    return between == "-" || between == "\xE2\x80\x90" || between == "\xE2\x80\x91";
}

bool joins(TokenKind left, TokenKind right) {
    // `covid-19` and `A-380` are compounds (`covid19` finds them); `2022-2023`
    // and `14-18` are ranges, and a date `28-10-2025` is three numbers.
    return !(left == TokenKind::Number && right == TokenKind::Number);
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

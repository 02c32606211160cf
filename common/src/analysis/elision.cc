#include <array>
#include <cctype>

#include "stages.h"

namespace lsearch::detail {
namespace {

// French elided words, lower case, without their apostrophe.
constexpr std::array<std::string_view, 13> kElided{
    "l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu"};

// The apostrophes a writer may use: ', ’ (U+2019), ʼ (U+02BC), and ‘ (U+2018),
// which autocorrection sometimes puts in their place and UAX #29 keeps inside
// a word like the others.
std::size_t apostrophe_length(std::string_view s) {
    if (s.starts_with('\'')) return 1;
    if (s.starts_with("\xE2\x80\x99") || s.starts_with("\xE2\x80\x98")) return 3;
    if (s.starts_with("\xCA\xBC")) return 2;
    return 0;
}

bool is_elided(std::string_view prefix) {
    if (prefix.empty() || prefix.size() > 6) return false;
    std::string lower;
    for (char c : prefix) {
        if (!std::isalpha(static_cast<unsigned char>(c))) return false;
        lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    for (std::string_view elided : kElided) {
        if (lower == elided) return true;
    }
    return false;
}

}  // namespace

std::size_t elision_length(std::string_view word) {
    for (std::size_t i = 1; i < word.size() && i <= 6; ++i) {
        // Most words have no apostrophe: look at one byte before the rest
        // (every apostrophe starts with ', 0xE2 or 0xCA).
        const char c = word[i];
        if (c != '\'' && c != '\xE2' && c != '\xCA') continue;
        const std::size_t len = apostrophe_length(word.substr(i));
        if (len == 0) continue;
        // Only when a word follows: `l'` alone is left to the stop list.
        if (is_elided(word.substr(0, i)) && i + len < word.size()) return i + len;
        return 0;
    }
    return 0;
}

}  // namespace lsearch::detail

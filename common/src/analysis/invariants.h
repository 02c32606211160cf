// What every token stream must satisfy, whatever the input bytes: checked on
// every unit-test row and by the fuzz target (fuzz/fuzz_analyzer.cc).
// Internal and header-only, so that tests and fuzzers need no extra library.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "lsearch/common/analyzer.h"

namespace lsearch::detail {

/// The first broken invariant of `tokens`, the result of analysing `text`
/// with positions from `first_position` (`next_position` is what analyze()
/// returned), or an empty string when all hold.
inline std::string check_invariants(std::string_view text, const std::vector<Token>& tokens,
                                    std::uint32_t first_position, std::uint32_t next_position) {
    const bool valid_text = is_valid_utf8(text);
    std::uint32_t previous = first_position;
    std::size_t parts_left = 0;       // parts of the last compound still to come
    std::uint32_t part_position = 0;  // position the next part must have
    const Token* compound = nullptr;  // the last compound's joined form
    std::string joined;               // its parts' terms so far
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const Token& t = tokens[i];
        const std::string where = "token " + std::to_string(i) + " (" + t.term + "): ";
        if (t.begin >= t.end) return where + "empty or reversed byte range";
        if (t.end > text.size()) return where + "end past the text";
        if (valid_text && (static_cast<unsigned char>(text[t.begin]) & 0xC0) == 0x80) {
            return where + "begins inside a UTF-8 sequence";
        }
        if (valid_text && t.end < text.size() &&
            (static_cast<unsigned char>(text[t.end]) & 0xC0) == 0x80) {
            return where + "ends inside a UTF-8 sequence";
        }
        if (t.term.empty() || t.folded.empty()) return where + "empty term";
        if (!is_valid_utf8(t.term) || !is_valid_utf8(t.folded)) return where + "invalid UTF-8";
        for (const std::string* s : {&t.term, &t.folded, &t.stem, &t.folded_stem}) {
            for (char c : *s) {
                if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7F) {
                    return where + "space or control character in a term";
                }
            }
        }
        if (t.kind == TokenKind::Number ? !t.stem.empty() || !t.folded_stem.empty()
                                        : t.stem.empty() || t.folded_stem.empty()) {
            return where + "stems missing on a word or present on a number";
        }
        if (t.position < previous) return where + "position goes backwards";
        previous = t.position;
        if (parts_left > 0) {
            if (t.kind == TokenKind::Compound) return where + "compound inside a compound";
            if (t.position != part_position) return where + "parts not at consecutive positions";
            if (t.begin < compound->begin || t.end > compound->end) {
                return where + "part outside its compound";
            }
            joined += t.term;
            if (--parts_left == 0 && joined != compound->term) {
                return where + "joined form is not its parts joined";
            }
            ++part_position;
        } else if (t.kind == TokenKind::Compound) {
            if (t.parts < 2) return where + "compound with fewer than two parts";
            parts_left = t.parts;
            part_position = t.position;
            compound = &t;
            joined.clear();
        }
    }
    if (parts_left > 0) return "last compound misses parts";
    if (!tokens.empty() && next_position <= tokens.back().position) {
        return "returned position not past the last token";
    }
    if (tokens.empty() && next_position != first_position) return "position moved without tokens";
    return {};
}

}  // namespace lsearch::detail

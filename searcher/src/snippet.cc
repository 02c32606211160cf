#include "snippet.h"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace lsearch::detail {
namespace {

constexpr std::size_t kMaxMatches = 4096;
constexpr std::string_view kEllipsis = "\xE2\x80\xA6";  // …

struct Match {
    std::size_t begin;
    std::size_t end;
    unsigned unit;
};

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f'; }

// The unit a token matches, or -1: its folded form, either stem, or a prefix.
long unit_of(const Token& token, const QueryTerms& terms) {
    if (auto it = terms.folded.find(token.folded); it != terms.folded.end()) return it->second;
    if (token.kind != TokenKind::Number) {
        if (auto it = terms.stems.find(token.stem); it != terms.stems.end()) return it->second;
        if (auto it = terms.stems.find(token.folded_stem); it != terms.stems.end()) {
            return it->second;
        }
    }
    for (const auto& [prefix, unit] : terms.prefixes) {
        if (token.folded.starts_with(prefix)) return unit;
    }
    return -1;
}

// Moves `at` back to the start of a UTF-8 character.
std::size_t char_boundary(std::string_view text, std::size_t at) {
    while (at > 0 && at < text.size() && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80) {
        --at;
    }
    return at;
}

bool ends_sentence(std::string_view text, std::size_t i) {
    const char c = text[i];
    return c == '.' || c == '!' || c == '?' || c == '\n';
}

// The window [start, end) around the span [first, last) of matches.
std::pair<std::size_t, std::size_t> choose_window(std::string_view text, std::size_t first,
                                                  std::size_t last, std::size_t length) {
    const std::size_t span = last - first;
    const std::size_t slack = length > span ? length - span : 0;
    std::size_t start = first > slack / 2 ? first - slack / 2 : 0;
    // Prefer to begin at a sentence start between `start` and the first match.
    bool sentence_start = start == 0;
    for (std::size_t i = first; i > start && !sentence_start; --i) {
        if (ends_sentence(text, i - 1) && (i == text.size() || is_space(text[i]) || text[i - 1] == '\n')) {
            start = i;
            sentence_start = true;
        }
    }
    if (!sentence_start) {
        // Begin at a word: after the next space, if that is before the match.
        std::size_t i = start;
        while (i < first && !is_space(text[i])) ++i;
        start = i < first ? i : char_boundary(text, start);
    }
    while (start < first && is_space(text[start])) ++start;

    std::size_t end = std::min(text.size(), std::max(start + length, last));
    if (end < text.size()) {
        // End at a sentence end after the last match, else at a word end.
        std::size_t cut = end;
        // A sentence end, unless it would leave too short a passage.
        const std::size_t shortest = start + length * 2 / 3;
        for (std::size_t i = end; i > last && i > shortest; --i) {
            if (ends_sentence(text, i - 1) && text[i - 1] != '\n') {
                cut = i;
                break;
            }
        }
        if (cut == end) {
            std::size_t i = end;
            while (i > last && !is_space(text[i])) --i;
            cut = i > last ? i : char_boundary(text, end);
        }
        end = cut;
    }
    return {start, end};
}

}  // namespace

Snippet make_snippet(std::string_view text, const QueryTerms& terms, Analyzer& analyzer,
                     std::size_t length) {
    Snippet snippet;
    if (length == 0 || text.empty()) return snippet;

    std::vector<Match> matches;
    if (!terms.empty()) {
        for (const Token& token : analyzer.analyze(text)) {
            const long unit = unit_of(token, terms);
            if (unit < 0) continue;
            matches.push_back({token.begin, token.end, static_cast<unsigned>(unit)});
            if (matches.size() >= kMaxMatches) break;
        }
    }
    std::sort(matches.begin(), matches.end(),
              [](const Match& a, const Match& b) { return a.begin < b.begin; });

    // The window of matches covering the most distinct units, then the most
    // matches, then the earliest.
    std::size_t best_first = 0, best_last = 0, best_distinct = 0, best_count = 0;
    std::vector<unsigned> seen(terms.units + 1, 0);
    for (std::size_t i = 0; i < matches.size(); ++i) {
        std::fill(seen.begin(), seen.end(), 0U);
        std::size_t distinct = 0;
        for (std::size_t j = i; j < matches.size(); ++j) {
            if (matches[j].end - matches[i].begin > length) break;
            if (seen[matches[j].unit]++ == 0) ++distinct;
            const std::size_t count = j - i + 1;
            if (distinct > best_distinct || (distinct == best_distinct && count > best_count)) {
                best_distinct = distinct;
                best_count = count;
                best_first = i;
                best_last = j;
            }
        }
    }

    std::size_t start = 0, end = 0;
    if (matches.empty()) {
        std::tie(start, end) = choose_window(text, 0, 0, length);
    } else {
        std::tie(start, end) =
            choose_window(text, matches[best_first].begin, matches[best_last].end, length);
    }

    // Copy the window, one space for each run of whitespace, and move the
    // highlights along.
    if (start > 0) snippet.text += kEllipsis, snippet.text += ' ';
    std::size_t next_match = 0;
    while (next_match < matches.size() && matches[next_match].begin < start) ++next_match;
    bool in_space = false;
    std::size_t highlight_end = 0;  // source offset where the open highlight ends
    for (std::size_t i = start; i < end; ++i) {
        while (next_match < matches.size() && matches[next_match].begin == i) {
            const Match& match = matches[next_match++];
            if (match.end > end) continue;
            if (!snippet.highlights.empty() && i < highlight_end) {
                highlight_end = std::max(highlight_end, match.end);  // overlapping: extend
            } else {
                if (in_space) snippet.text += ' ', in_space = false;
                snippet.highlights.push_back({snippet.text.size(), 0});
                highlight_end = match.end;
            }
        }
        if (is_space(text[i])) {
            in_space = true;
        } else {
            if (in_space) snippet.text += ' ';
            in_space = false;
            snippet.text += text[i];
        }
        if (!snippet.highlights.empty() && i + 1 == highlight_end) {
            snippet.highlights.back().end = snippet.text.size();
        }
    }
    if (end < text.size()) snippet.text += ' ', snippet.text += kEllipsis;
    // A highlight left open (cannot happen with whole tokens) is closed.
    for (auto& highlight : snippet.highlights) {
        if (highlight.end < highlight.begin) highlight.end = highlight.begin;
    }
    return snippet;
}

}  // namespace lsearch::detail

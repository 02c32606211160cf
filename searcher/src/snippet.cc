#include "snippet.h"

#include <algorithm>
#include <array>
#include <bitset>
#include <cstdint>
#include <vector>


namespace lsearch::detail {
namespace {

constexpr std::size_t kMaxMatches = 4096;
// How far past the window a cut may move to keep a word whole; a longer word
// is cut at the nearest match instead (or, with no match, inside it).
constexpr std::size_t kLongWord = 40;
constexpr std::string_view kEllipsis = "\xE2\x80\xA6";  // …

struct Match {
    std::size_t begin;
    std::size_t end;
    unsigned unit;
};

bool is_space(char c) {
    return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f';
}

// The unit of the query's first `prefix*` that a folded word starts with, or -1.
long prefix_unit(std::string_view folded, const QueryTerms& terms) {
    for (const auto& [prefix, unit] : terms.prefixes) {
        if (folded.starts_with(prefix)) return unit;
    }
    return -1;
}

// The unit a token matches, or -1: its folded form, either stem, or a prefix.
long unit_of(std::string_view folded, std::string_view stem, std::string_view folded_stem,
             TokenKind kind, const QueryTerms& terms) {
    if (auto it = terms.folded.find(std::string(folded)); it != terms.folded.end())
        return it->second;
    if (kind != TokenKind::Number) {
        if (auto it = terms.stems.find(std::string(stem)); it != terms.stems.end())
            return it->second;
        if (auto it = terms.stems.find(std::string(folded_stem)); it != terms.stems.end()) {
            return it->second;
        }
    }
    return prefix_unit(folded, terms);
}

long unit_of(const Token& token, const QueryTerms& terms) {
    return unit_of(token.folded, token.stem, token.folded_stem, token.kind, terms);
}

// How a word of a text may start to match the query: its first two bytes,
// lower-cased, as those of the query's folded forms, stems and prefixes. A
// word's folded form and stems start as the word does, lower-cased
// (Snowball French only changes a word's ending), so a word that starts
// with two ASCII letters or digits that no query form starts with cannot
// match, and is skipped without being looked up. Anything else (a first
// byte outside ASCII, as in `État`; a number's separator, as in `1 000`,
// whose folded form is `1000`) goes by the first byte alone, or is looked up.
class Starts {
  public:
    explicit Starts(const QueryTerms& terms) {
        for (const auto& [form, unit] : terms.folded)
            add(form);
        for (const auto& [stem, unit] : terms.stems)
            add(stem);
        for (const auto& [prefix, unit] : terms.prefixes)
            add(prefix);
    }

    [[nodiscard]] bool may_match(std::string_view word) const {
        if (word.empty()) return false;
        const auto first = static_cast<unsigned char>(word[0]);
        if (first >= 128) return true;
        const unsigned char a = lower(first);
        if (word.size() < 2 || !alnum(static_cast<unsigned char>(word[1])))
            return any_second_[a] || !firsts_only_[a].none();
        return any_second_[a] || firsts_only_[a][lower(static_cast<unsigned char>(word[1]))];
    }

  private:
    // ASCII only, without the C locale's table lookups (called for every
    // word of every hit).
    static unsigned char lower(unsigned char c) {
        return c >= 'A' && c <= 'Z' ? static_cast<unsigned char>(c - 'A' + 'a') : c;
    }
    static bool alnum(unsigned char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    void add(const std::string& form) {
        if (form.empty()) return;
        const auto first = static_cast<unsigned char>(form[0]);
        if (first >= 128) return;  // words starting outside ASCII are all looked up
        const unsigned char a = lower(first);
        if (form.size() < 2 || !alnum(static_cast<unsigned char>(form[1]))) {
            any_second_[a] = true;
        } else {
            firsts_only_[a][lower(static_cast<unsigned char>(form[1]))] = true;
        }
    }

    std::array<bool, 128> any_second_{};                 // a form of one byte, or not alnum after
    std::array<std::bitset<128>, 128> firsts_only_{};  // the forms' first two bytes
};

// Moves `at` back to the start of a UTF-8 character: at most 3 bytes, so
// that a run of stray continuation bytes (invalid UTF-8) is not skipped whole.
std::size_t char_boundary(std::string_view text, std::size_t at) {
    for (int back = 0; back < 3 && at > 0 && at < text.size() &&
                       (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80;
         ++back) {
        --at;
    }
    return at;
}

// Whether a sentence ends right after text[i]: `.`, `!` or `?` followed by
// whitespace or the end (not the `.` of `14.000` or `Amazon.com`), or a newline.
bool ends_sentence(std::string_view text, std::size_t i) {
    const char c = text[i];
    if (c == '\n') return true;
    return (c == '.' || c == '!' || c == '?') && (i + 1 == text.size() || is_space(text[i + 1]));
}

// Whether [from, to) holds something other than whitespace.
bool has_text(std::string_view text, std::size_t from, std::size_t to) {
    for (std::size_t i = from; i < to; ++i) {
        if (!is_space(text[i])) return true;
    }
    return false;
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
        if (ends_sentence(text, i - 1)) {
            start = i;
            sentence_start = true;
        }
    }
    if (!sentence_start) {
        // Begin at a word: after the next space, if that is before the match;
        // else `start` is inside the word that holds the match (`l’IA`):
        // begin at that word, or at the match when the word is too long.
        std::size_t i = start;
        while (i < first && !is_space(text[i]))
            ++i;
        if (i < first) {
            start = i;
        } else {
            i = start;
            while (i > 0 && start - i < kLongWord && !is_space(text[i - 1]))
                --i;
            start = i == 0 || is_space(text[i - 1]) ? i : first;
        }
    }
    while (start < first && is_space(text[start]))
        ++start;

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
            // After a word: the last space before `end`; else `end` is inside
            // the word after the last match: end after that word, or at the
            // match when the word is too long; with no match, inside it.
            std::size_t i = end;
            while (i > last && !is_space(text[i]))
                --i;
            if (i > last) {
                cut = i;
            } else {
                i = end;
                while (i < text.size() && i - end < kLongWord && !is_space(text[i]))
                    ++i;
                if (i == text.size() || is_space(text[i])) {
                    cut = i;
                } else {
                    cut = last > start ? last : char_boundary(text, end);
                }
            }
        }
        end = cut;
    }
    return {start, end};
}

// The snippet of `text` around `matches` (any order): the window of
// matches covering the most distinct units, cut, with the matches in it
// highlighted.
Snippet snippet_of(std::string_view text, std::vector<Match>& matches, unsigned units,
                   std::size_t length) {
    Snippet snippet;
    // By offset; of matches that begin together (a compound and its first
    // part), the longer first, as the analyser gives them.
    std::sort(matches.begin(), matches.end(), [](const Match& a, const Match& b) {
        return a.begin != b.begin ? a.begin < b.begin : a.end > b.end;
    });
    if (matches.size() > kMaxMatches) matches.resize(kMaxMatches);

    // The window of matches covering the most distinct units, then the most
    // matches, then the earliest.
    std::size_t best_first = 0, best_last = 0, best_distinct = 0, best_count = 0;
    std::vector<unsigned> seen(units + 1, 0);
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
    // `…` only where text was left out, not just whitespace.
    if (has_text(text, 0, start)) snippet.text += kEllipsis, snippet.text += ' ';
    std::size_t next_match = 0;
    while (next_match < matches.size() && matches[next_match].begin < start)
        ++next_match;
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
    if (has_text(text, end, text.size())) snippet.text += ' ', snippet.text += kEllipsis;
    // A highlight left open (cannot happen with whole tokens) is closed.
    for (auto& highlight : snippet.highlights) {
        if (highlight.end < highlight.begin) highlight.end = highlight.begin;
    }
    return snippet;
}

}  // namespace

Snippet make_snippet(std::string_view text, const QueryTerms& terms, Analyzer& analyzer,
                     std::size_t length) {
    if (length == 0 || text.empty()) return {};
    std::vector<Match> matches;
    if (!terms.empty()) {
        for (const Token& token : analyzer.analyze(text)) {
            const long unit = unit_of(token, terms);
            if (unit < 0) continue;
            matches.push_back({token.begin, token.end, static_cast<unsigned>(unit)});
            if (matches.size() >= kMaxMatches) break;
        }
    }
    return snippet_of(text, matches, terms.units, length);
}

Snippet make_snippet(const StoredBody& body, const QueryTerms& terms, Analyzer& analyzer,
                     std::size_t length) {
    if (length == 0 || body.text.empty()) return {};
    std::vector<Match> matches;
    if (!terms.empty()) {
        const Starts starts(terms);
        const std::string_view text = body.text;
        auto bytes = [&](const WordSpan& span) {
            return text.substr(span.begin, span.end - span.begin);
        };
        for (std::size_t i = 0; i < body.spans.size() && matches.size() < kMaxMatches; ++i) {
            const WordSpan& span = body.spans[i];
            if (!starts.may_match(bytes(span))) continue;  // nor the compound it starts
            if (span.parts != 0 && i + span.parts <= body.spans.size()) {
                // The joined form of the compound starting here, as the
                // analyser joins it: its parts' forms end to end, stemmed.
                std::string term, folded;
                for (std::size_t k = i; k < i + span.parts; ++k) {
                    const WordForms part = analyzer.word(bytes(body.spans[k]));
                    term += part.term;
                    folded += part.folded;
                }
                const auto [stem, folded_stem] = analyzer.joined_stems(term, folded);
                const long unit = unit_of(folded, stem, folded_stem, TokenKind::Compound, terms);
                if (unit >= 0) {
                    matches.push_back({span.begin, body.spans[i + span.parts - 1].end,
                                       static_cast<unsigned>(unit)});
                }
            }
            const WordForms word = analyzer.word(bytes(span));
            if (word.empty()) continue;
            const long unit = unit_of(word.folded, word.stem, word.folded_stem, word.kind, terms);
            if (unit >= 0) matches.push_back({span.begin, span.end, static_cast<unsigned>(unit)});
        }
    }
    return snippet_of(body.text, matches, terms.units, length);
}

}  // namespace lsearch::detail

#include "snippet.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "lsearch/common/schema.h"

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
long prefix_unit(const std::string& folded, const QueryTerms& terms) {
    for (const auto& [prefix, unit] : terms.prefixes) {
        if (folded.starts_with(prefix)) return unit;
    }
    return -1;
}

// The unit a token matches, or -1: its folded form, either stem, or a prefix.
long unit_of(const Token& token, const QueryTerms& terms) {
    if (auto it = terms.folded.find(token.folded); it != terms.folded.end()) return it->second;
    if (token.kind != TokenKind::Number) {
        if (auto it = terms.stems.find(token.stem); it != terms.stems.end()) return it->second;
        if (auto it = terms.stems.find(token.folded_stem); it != terms.stems.end()) {
            return it->second;
        }
    }
    return prefix_unit(token.folded, terms);
}

// The first bytes of the query's stems. Snowball French only changes a
// word's ending (its regions start after the first letter), so a word whose
// first byte is none of these has none of the query's stems: most of a
// document's words are skipped without stemming them.
using StemStarts = std::array<bool, 256>;

StemStarts stem_starts_of(const QueryTerms& terms) {
    StemStarts starts{};
    for (const auto& [stem, unit] : terms.stems) {
        if (!stem.empty()) starts[static_cast<unsigned char>(stem[0])] = true;
    }
    return starts;
}

bool may_stem_to(const std::string& word, const StemStarts& starts) {
    return !word.empty() && starts[static_cast<unsigned char>(word[0])];
}

// The unit a positional term of a document (a folded form) matches, or -1,
// as unit_of() matches its tokens: `by_accented_stem` holds the folded forms
// whose accented spelling in the document has a query stem.
long unit_of_term(const std::string& folded, const QueryTerms& terms,
                  const std::unordered_map<std::string, unsigned>& by_accented_stem,
                  const StemStarts& stem_starts, Analyzer& analyzer) {
    if (auto it = terms.folded.find(folded); it != terms.folded.end()) return it->second;
    if (auto it = by_accented_stem.find(folded); it != by_accented_stem.end()) return it->second;
    // (A number's stem is itself, which no query stem equals: the stems of a
    // query's numbers are empty.)
    if (may_stem_to(folded, stem_starts)) {
        if (auto it = terms.stems.find(analyzer.stem(folded)); it != terms.stems.end()) {
            return it->second;
        }
    }
    return prefix_unit(folded, terms);
}

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

Snippet make_snippet(const Xapian::Database& db, Xapian::docid did, const StoredBody& body,
                     const QueryTerms& terms, Analyzer& analyzer, std::size_t length) {
    if (length == 0 || body.text.empty()) return {};
    std::vector<Match> matches;
    if (!terms.empty()) {
        // The document's positional terms (its folded forms, unprefixed),
        // each matched as unit_of() matches a token of that form; the stem
        // of the accented form comes from the document's accented terms
        // (XA<term>, one per accented spelling of a word).
        const StemStarts stem_starts = stem_starts_of(terms);
        std::vector<std::string> folded;
        std::unordered_map<std::string, unsigned> by_accented_stem;
        for (auto it = db.termlist_begin(did); it != db.termlist_end(did); ++it) {
            const std::string& term = *it;
            if (term.empty()) continue;
            if (term.starts_with(schema::kAccentPrefix)) {
                const std::string accented = term.substr(schema::kAccentPrefix.size());
                if (!may_stem_to(accented, stem_starts)) continue;
                if (auto found = terms.stems.find(analyzer.stem(accented));
                    found != terms.stems.end()) {
                    by_accented_stem.emplace(analyzer.key(accented), found->second);
                }
            } else if (term[0] < 'A' || term[0] > 'Z') {
                folded.push_back(term);
            }
        }
        for (const std::string& term : folded) {
            const long unit = unit_of_term(term, terms, by_accented_stem, stem_starts, analyzer);
            if (unit < 0) continue;
            for (auto pos = db.positionlist_begin(did, term); pos != db.positionlist_end(did, term);
                 ++pos) {
                if (*pos < body.first_position) continue;  // a word of the title
                const std::size_t index = *pos - body.first_position;
                if (index >= body.spans.size()) continue;
                const WordSpan& span = body.spans[index];
                // At a compound's first position, the joined form or the part.
                const bool joined = span.parts != 0 && term.size() == span.joined_size;
                const std::uint32_t end =
                    joined ? body.spans[index + span.parts - 1].end : span.end;
                matches.push_back({span.begin, end, static_cast<unsigned>(unit)});
            }
        }
    }
    return snippet_of(body.text, matches, terms.units, length);
}

}  // namespace lsearch::detail

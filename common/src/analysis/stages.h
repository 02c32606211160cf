// The stages of the analysis pipeline, one file each, composed in
// analyzer.cc. Internal: not installed, not part of the API.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "lsearch/common/analyzer.h"

#include <unicode/uversion.h>

U_NAMESPACE_BEGIN
class BreakIterator;
U_NAMESPACE_END
namespace Xapian {
class Stem;
}

namespace lsearch::detail {

/// A word as segmented, before any normalisation: a byte range of the text.
struct Span {
    std::uint32_t begin;
    std::uint32_t end;
    bool numeric;  ///< A number: digits, maybe `.`/`,` between them (numbers.cc).
};

// tokenize.cc: ICU word boundaries (UAX #29) over UTF-8; only word-like
// segments (letters, numbers, ideographs, kana) are kept. U+202F separates
// words (UAX #29 would join them).
class Segmenter {
  public:
    Segmenter();
    ~Segmenter();
    Segmenter(const Segmenter&) = delete;
    Segmenter& operator=(const Segmenter&) = delete;
    void segment(std::string_view text, std::vector<Span>& out);

  private:
    std::unique_ptr<icu::BreakIterator> breaker_;
    std::string respaced_;  // `text` with U+202F made U+2009, when it has any
};

// numbers.cc: which spans are numbers (digits with `.` or `,` inside, not
// `G7`, which ICU calls a number), and French thousands groups: `14 000`
// (space, U+00A0 or U+202F between groups) becomes one span. number_term()
// drops the separators (`14.000` -> `14000`) and keeps decimals (`1,56`).
void merge_number_groups(std::string_view text, std::vector<Span>& spans);
std::string number_term(std::string_view raw);
/// Whether `raw`, the bytes of one token, are a number's: what
/// merge_number_groups() leaves numeric (digits with `.` or `,` inside, or
/// thousands groups joined by a space).
bool is_number(std::string_view raw);

// elision.cc: length in bytes of a leading French elision (`l'`, `qu’`,
// `jusqu’`...) including its apostrophe, or 0.
std::size_t elision_length(std::string_view word);

// normalize.cc: NFKC, case folding, ligatures (œ -> oe, æ -> ae) and
// apostrophes (’ ʼ ‘ -> ').
std::string normalize(std::string_view word);

// accents.cc: canonical decomposition, combining marks removed.
std::string fold_accents(std::string_view term);

// compounds.cc: whether the bytes between two words are one hyphen
// (-, U+2010, U+2011), whether two tokens of these kinds joined by a hyphen
// make a compound (not two numbers: `2022-2023`), and whether a part ends a
// compound that should not be joined (an inverted pronoun: `dit-elle`, `a-t-il`).
bool is_hyphen(std::string_view between);
bool joins(TokenKind left, TokenKind right);
bool is_clitic(std::string_view term);

// stopwords.cc: the Snowball French stop list, accented or folded.
bool is_stopword(std::string_view term);

// stem.cc: Snowball French through Xapian, with a cache.
class Stemmer {
  public:
    Stemmer();
    ~Stemmer();
    Stemmer(const Stemmer&) = delete;
    Stemmer& operator=(const Stemmer&) = delete;
    const std::string& stem(const std::string& word);

  private:
    std::unique_ptr<Xapian::Stem> stemmer_;
    std::unordered_map<std::string, std::string> cache_;
};

}  // namespace lsearch::detail

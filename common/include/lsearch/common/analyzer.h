// The French analysis pipeline, shared by the indexer (documents) and the
// searcher (queries and snippets), so that a word is always analysed the same
// way on both sides. See docs/ANALYSIS.md for the stages and their reasons.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lsearch {

/// What a token stands for.
enum class TokenKind : std::uint8_t {
    Word,      ///< A word (letters, possibly with digits).
    Number,    ///< A number, thousands separators removed: `14.000` -> `14000`.
    Compound,  ///< The joined form of a hyphenated compound (`start-up` -> `startup`);
               ///< its `parts` following tokens are the compound's parts.
};

/// One analysed token. Offsets always point into the analysed text, so that
/// snippets can highlight the words as they were written.
struct Token {
    std::string term;    ///< NFKC, case-folded, ligatures expanded, elision removed; accents kept.
    std::string folded;  ///< `term` without accents (`état` -> `etat`).
    std::string stem;    ///< Snowball French stem of `term`; empty for numbers.
    std::string folded_stem;  ///< Snowball French stem of `folded`; empty for numbers.
    std::uint32_t position =
        0;                    ///< Word position; a compound's joined form shares its first part's.
    std::uint32_t begin = 0;  ///< Byte offset of the first byte in the text.
    std::uint32_t end = 0;    ///< Byte offset one past the last byte.
    TokenKind kind = TokenKind::Word;
    std::uint8_t parts = 0;  ///< For TokenKind::Compound: how many part tokens follow.
    bool stopword = false;   ///< In the Snowball French stop list.
};

/// What the bytes of one word become: the forms of its Token. Views into the
/// analyser, valid until its next call.
struct WordForms {
    std::string_view term;
    std::string_view folded;
    std::string_view stem;         ///< Empty for a number.
    std::string_view folded_stem;  ///< Empty for a number.
    TokenKind kind = TokenKind::Word;
    bool stopword = false;

    [[nodiscard]] bool empty() const { return folded.empty(); }
};

/// The French analyser: ICU word segmentation, Unicode normalisation, elision,
/// numbers, compounds, accent folding, stop words, Snowball stemming.
///
/// Not thread-safe (it keeps caches): use one Analyzer per thread. Cheap to
/// move; construction loads ICU data once per process.
class Analyzer {
  public:
    /// Bumped whenever the terms produced for some text change; recorded in
    /// the index, which the searcher refuses when it differs.
    static constexpr int kVersion = 2;

    Analyzer();
    ~Analyzer();
    Analyzer(Analyzer&&) noexcept;
    Analyzer& operator=(Analyzer&&) noexcept;
    Analyzer(const Analyzer&) = delete;
    Analyzer& operator=(const Analyzer&) = delete;

    /// Appends the tokens of `text` to `out`, positions starting at
    /// `first_position`. Invalid UTF-8 is read as U+FFFD; offsets then still
    /// refer to `text`. Returns the position after the last token.
    std::uint32_t analyze(std::string_view text, std::vector<Token>& out,
                          std::uint32_t first_position = 0);

    /// The tokens of `text`, positions from 0.
    std::vector<Token> analyze(std::string_view text);

    /// The search key of a whole value such as a company or source name:
    /// its folded terms joined by single spaces (`"Époch  TIMES"` -> `"epoch times"`).
    std::string key(std::string_view text);

    /// The forms analyze() gives the word or number whose bytes are exactly
    /// `bytes`: a Token's text[begin, end), which for a word starts after
    /// its elision (a compound's parts come one at a time). No segmentation:
    /// a word seen before costs one hash lookup. Empty forms when the bytes
    /// make no token. Valid until the next call on this analyser.
    WordForms word(std::string_view bytes);

    /// The Snowball French stem of `word` (an analysed term, such as a
    /// Token's `folded`), as the analyser stems its tokens. Cached.
    const std::string& stem(const std::string& word);

    /// The stems of a hyphenated compound's joined form, from its term and
    /// folded form (its parts' terms, and their folded forms, end to end:
    /// `startup`): {stem, folded stem}, as analyze() gives them to the
    /// compound's token. The one place that rule is written, for analyze()
    /// and for the searcher's snippets, which join the parts of a stored body.
    std::pair<std::string, std::string> joined_stems(const std::string& term,
                                                     const std::string& folded);

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// A compact, human-readable form of a token stream for tests and debugging:
/// `term[position]` separated by spaces, `folded` shown after a `/` when it
/// differs, a compound's joined form as `=joined[position]`.
/// For example "l’État start-up" -> "état/etat[0] =startup[1] start[1] up[2]".
std::string describe(const std::vector<Token>& tokens);

/// The offset of the first byte of `text` that is not part of a valid
/// UTF-8 sequence, or std::string_view::npos.
std::size_t first_invalid_utf8(std::string_view text);

/// Whether `text` is valid UTF-8.
bool is_valid_utf8(std::string_view text);

/// `text` with every ill-formed UTF-8 sequence replaced by U+FFFD.
std::string repair_utf8(std::string_view text);

}  // namespace lsearch

// The query parser: query text -> QueryNode tree (query_ast.h).
//
// It reads syntax only; words stay raw text for the Analyzer (query_builder.cc).
// Two passes: a lexer cuts the bytes into tokens (words, `OR`, `AND`, `-`,
// `+`, `(`, `)` and ready-made operands: phrases, prefixes, fields, years),
// then a recursive-descent parser, bounded by kMaxDepth, builds the tree.
//
// Grammar, loosest binding first:
//
//   query       := sequence                       root All
//   sequence    := { '-' operand | '+' operand | disjunction }
//                  implicit AND; `-x` goes to `excluded`, `+x` to `required`
//   disjunction := conjunction { 'OR' conjunction }  OR binds tighter than the implicit AND
//   conjunction := operand { 'AND' operand }      AND binds tighter than OR, as in
//                  Xapian's QueryParser: `a AND b OR c` is `(a AND b) OR c`;
//                  its operands go to an All's `required`
//   operand     := word | prefix | phrase | field | '(' sequence ')'
//
// The implicit AND of a sequence is what a query read as "any word" relaxes
// (query_builder.h); `required` (`+x`, the operands of `AND`) never is.
//
// Lexical rules:
// - Separators: ASCII whitespace, every control character (NUL included),
//   C1 controls, and the Unicode spaces U+00A0, U+1680, U+2000..U+200B,
//   U+2028, U+2029, U+202F, U+205F, U+3000, U+FEFF. Other bytes, invalid
//   UTF-8 included, belong to words: the Analyzer repairs encoding.
// - Syntax characters end a word: `(` `)` and the quotes `"`, `«` `»`, `“` `”`.
//   Apostrophes, hyphens and `:` are word characters (`l’IA`, `start-up`, `12:30`).
// - A word is a maximal run of other bytes. Consecutive plain words with only
//   separators between them make one Words node whose text is the raw query
//   from the first to the last (`AWS France 14 000`); anything else between
//   them (an operator, a stray `*`, a phrase) starts a new node.
// - `OR` and `AND`, exactly, as a word of its own and not right after a `-`
//   or `+`, are operators; `or`, `And` and `-OR` are words. An operator
//   without an operand on one side, or repeated, is ignored with a warning.
// - Phrases: `"..."`, `«...»`, `“...”` (each opener closes only with its own
//   closer), text trimmed of separators. Unbalanced: read to the end, with a
//   warning. Empty: ignored, with a warning. A stray `»` or `”` is ignored.
// - `-` at the start of a term (start of the query, after a separator or `(`)
//   excludes the operand right after it (a word, phrase, group or field;
//   `-a OR b` excludes `a` and ignores the OR). Several dashes count as one.
//   A `-` with nothing after it is ignored with a warning. Elsewhere `-` is
//   a word character (`start-up`, `14-15`). `+` likewise requires the
//   operand after it (`+grève`, `+"cloud souverain"`, `+company:AWS`);
//   elsewhere it is a word character (`C++`).
// - A word ending in `*` (one or more) is a Prefix of the word before them;
//   a word of stars only is ignored, and a `*` elsewhere in a word is left
//   in the text (the Analyzer drops it), both with a warning.
// - `name:value` where `name` (any case) is in schema::kFields: the value is
//   the rest of the word, or a quoted phrase right after the colon. Text
//   fields take Words, Prefix or Phrase; Keyword fields take Words or Prefix,
//   a quoted value being Words (a whole name). `year:` takes YYYY, YYYY..YYYY,
//   YYYY.. or ..YYYY, quoted or not, with four-digit years from 0001 (open
//   bounds are 1 and 9999, reversed ranges swapped); anything else, nothing
//   included, throws QuerySyntaxError at the value. Other fields with no value are
//   ignored with a warning. An unknown name is plain text (`http://x`), with
//   a warning that lists the fields when the word reads as a field
//   (looks_like_field(): `auteur:Dupont`, `lieu:Paris`, not `14:30`, `Note:`
//   or `https://x`). Not refused: French text has colons.
// - A word made only of `:` is ignored with a warning.
//
// Tree shape: a group with one child and no required or excluded operand is
// replaced by the child; an empty group vanishes; an OR operand that is
// itself an OR is spliced into it, and so is an AND operand that is an AND; the root is always All (a root whose only content is an
// All group becomes that group; the root of an empty query, or one of
// separators only, holds one Everything). Positions are where each node's syntax
// starts: a Words at its first word, a Phrase at its opening quote, a Field
// or Years at the field name, a group at its `(`, an Any at its first operand.
// Warnings are sorted by position.

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "lsearch/common/analyzer.h"
#include "lsearch/common/error.h"
#include "lsearch/common/schema.h"
#include "query_ast.h"

namespace lsearch::detail {
namespace {

constexpr int kOpenYearFrom = 1;
constexpr int kOpenYearTo = 9999;
constexpr std::string_view kYearHint = "year: expects a year like 2024 or a range like 2023..2025";

unsigned byte_at(std::string_view text, std::size_t at) {
    return at < text.size() ? static_cast<unsigned char>(text[at]) : 0U;
}

/// Byte length of the separator starting at `at`, or 0.
std::size_t separator_length(std::string_view text, std::size_t at) {
    const unsigned b0 = byte_at(text, at);
    if (b0 <= 0x20 || b0 == 0x7F) return 1;  // ASCII whitespace and controls, NUL.
    const unsigned b1 = byte_at(text, at + 1);
    const unsigned b2 = byte_at(text, at + 2);
    if (b0 == 0xC2 && ((b1 >= 0x80 && b1 <= 0x9F) || b1 == 0xA0)) return 2;  // C1, U+00A0
    if (b0 == 0xE1 && b1 == 0x9A && b2 == 0x80) return 3;                    // U+1680
    if (b0 == 0xE2 && b1 == 0x80 &&
        ((b2 >= 0x80 && b2 <= 0x8B) || b2 == 0xA8 || b2 == 0xA9 || b2 == 0xAF)) {
        return 3;  // U+2000..U+200B, U+2028, U+2029, U+202F
    }
    if (b0 == 0xE2 && b1 == 0x81 && b2 == 0x9F) return 3;  // U+205F
    if (b0 == 0xE3 && b1 == 0x80 && b2 == 0x80) return 3;  // U+3000
    if (b0 == 0xEF && b1 == 0xBB && b2 == 0xBF) return 3;  // U+FEFF
    return 0;
}

constexpr std::string_view kGuillemetOpen = "\xC2\xAB";   // «
constexpr std::string_view kGuillemetClose = "\xC2\xBB";  // »
constexpr std::string_view kCurlyOpen = "\xE2\x80\x9C";   // “
constexpr std::string_view kCurlyClose = "\xE2\x80\x9D";  // ”

bool starts_with_at(std::string_view text, std::size_t at, std::string_view what) {
    return text.substr(at, what.size()) == what;
}

/// The closer matching a quote opener at `at`, or an empty view.
std::string_view quote_closer(std::string_view text, std::size_t at) {
    if (byte_at(text, at) == '"') return "\"";
    if (starts_with_at(text, at, kGuillemetOpen)) return kGuillemetClose;
    if (starts_with_at(text, at, kCurlyOpen)) return kCurlyClose;
    return {};
}

/// Byte length of a closing quote (`»`, `”`) at `at`, or 0.
std::size_t stray_closer_length(std::string_view text, std::size_t at) {
    if (starts_with_at(text, at, kGuillemetClose)) return kGuillemetClose.size();
    if (starts_with_at(text, at, kCurlyClose)) return kCurlyClose.size();
    return 0;
}

/// Whether a word ends at `at`: end of text, separator or syntax character.
bool word_ends_at(std::string_view text, std::size_t at) {
    if (at >= text.size()) return true;
    const unsigned b = byte_at(text, at);
    return b == '(' || b == ')' || separator_length(text, at) > 0 ||
           !quote_closer(text, at).empty() || stray_closer_length(text, at) > 0;
}

bool only_separators(std::string_view text) {
    for (std::size_t at = 0; at < text.size();) {
        const std::size_t length = separator_length(text, at);
        if (length == 0) return false;
        at += length;
    }
    return true;
}

std::string at_position(std::size_t position) {
    return " at position " + std::to_string(position);
}

/// `value` for an error message: valid UTF-8 (messages end up in JSON) and
/// at most 40 bytes, cut before a UTF-8 continuation byte.
std::string printable(std::string_view value) {
    constexpr std::size_t kMax = 40;
    if (value.size() <= kMax) return repair_utf8(value);
    std::size_t cut = kMax;
    while (cut > 0 && (byte_at(value, cut) & 0xC0U) == 0x80U) {
        --cut;
    }
    return repair_utf8(value.substr(0, cut)) + "...";
}

/// A year of four digits, 0001 to 9999.
std::optional<int> parse_year(std::string_view text) {
    if (text.size() != 4) return std::nullopt;
    int year = 0;
    for (const char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        year = year * 10 + (c - '0');
    }
    if (year < kOpenYearFrom) return std::nullopt;
    return year;
}

/// `YYYY`, `YYYY..YYYY`, `YYYY..`, `..YYYY` as an ordered (from, to) pair.
std::optional<std::pair<int, int>> parse_years(std::string_view text) {
    const std::size_t dots = text.find("..");
    if (dots == std::string_view::npos) {
        const auto year = parse_year(text);
        if (!year) return std::nullopt;
        return std::pair{*year, *year};
    }
    const std::string_view left = text.substr(0, dots);
    const std::string_view right = text.substr(dots + 2);
    if (left.empty() && right.empty()) return std::nullopt;
    const auto from = left.empty() ? std::optional<int>(kOpenYearFrom) : parse_year(left);
    const auto to = right.empty() ? std::optional<int>(kOpenYearTo) : parse_year(right);
    if (!from || !to) return std::nullopt;
    return std::pair{std::min(*from, *to), std::max(*from, *to)};
}

std::string sign_name(unsigned sign) {
    return sign == '-' ? "'-'" : "'+'";
}

/// Whether `byte` starts a letter of a field name: ASCII, or a Latin-1
/// letter in UTF-8 (`é` is C3 A9), so that `catégorie:x` reads as a field.
bool name_letter_at(std::string_view text, std::size_t at) {
    const unsigned b = byte_at(text, at);
    if ((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z')) return true;
    const unsigned next = byte_at(text, at + 1);
    // U+00C0..U+00FF, without × (C3 97) and ÷ (C3 B7).
    return b == 0xC3 && next >= 0x80 && next <= 0xBF && next != 0x97 && next != 0xB7;
}

/// Whether `word` reads as `name:value` with a name that is no field: a
/// name of letters (and `_`) glued to a value that starts like a word.
/// Not a time (`14:30`), a URL (`https://x`), a C++ name (`std::string`), a
/// drive (`C:\`) or a label before its text (`Note: ...`, `Note :`).
/// `quoted`: a quote follows the word (`lieu:"Paris"`).
bool looks_like_field(std::string_view word, bool quoted) {
    const std::size_t colon = word.find(':');
    if (colon == 0 || colon == word.npos) return false;
    if (colon + 1 == word.size() && !quoted) return false;
    for (std::size_t at = 0; at < colon;) {
        if (name_letter_at(word, at)) {
            at += byte_at(word, at) < 0x80 ? std::size_t{1} : std::size_t{2};
        } else if (word[at] == '_' && at > 0) {
            ++at;
        } else {
            return false;
        }
    }
    if (colon + 1 == word.size()) return true;
    const unsigned value = byte_at(word, colon + 1);
    return value != '/' && value != '\\' && value != ':';
}

/// The fields of schema::kFields as a query writes them: `title:, company:, ...`.
std::string field_names() {
    std::string names;
    for (const auto& field : schema::kFields) {
        if (!names.empty()) names += ", ";
        names += std::string(field.name) + ":";
    }
    return names;
}

QueryNode make_text_node(QueryNode::Kind kind, std::string_view text, std::size_t position) {
    QueryNode node;
    node.kind = kind;
    node.text = std::string(text);
    node.position = position;
    return node;
}

struct Warning {
    std::size_t position;
    std::string message;
};

struct Token {
    enum class Kind { Word, Or, And, Minus, Plus, Open, Close, Operand };
    Kind kind;
    std::size_t start;
    std::size_t end;  ///< One past the token's last byte.
    QueryNode node;   ///< Operand only.
};

class Lexer {
  public:
    Lexer(std::string_view query, std::vector<Warning>& warnings)
        : query_(query), warnings_(warnings) {}

    std::vector<Token> run() {
        std::size_t at = 0;
        bool term_start = true;
        while (at < query_.size()) {
            if (const std::size_t length = separator_length(query_, at); length > 0) {
                at += length;
                term_start = true;
                continue;
            }
            const unsigned b = byte_at(query_, at);
            if (b == '(') {
                push(Token::Kind::Open, at, at + 1);
                ++at;
                term_start = true;
            } else if (b == ')') {
                push(Token::Kind::Close, at, at + 1);
                ++at;
                term_start = false;
            } else if (!quote_closer(query_, at).empty()) {
                const std::size_t start = at;
                auto phrase = lex_phrase(at);
                if (phrase.text.empty()) {
                    warn(start, "empty phrase" + at_position(start) + ": ignored");
                    dropped_term();
                } else {
                    push_operand(start, at, std::move(phrase));
                }
                term_start = false;
            } else if (const std::size_t length = stray_closer_length(query_, at); length > 0) {
                warn(at, "closing quote" + at_position(at) + " without an opening one: ignored");
                dropped_term();
                at += length;
                term_start = false;
            } else if ((b == '-' || b == '+') && term_start) {
                const std::size_t start = at;
                while (byte_at(query_, at) == b)
                    ++at;
                if (at >= query_.size() || separator_length(query_, at) > 0 ||
                    byte_at(query_, at) == ')' || stray_closer_length(query_, at) > 0) {
                    warn(start, sign_name(b) + at_position(start) + " has nothing after it: ignored");
                } else {
                    push(b == '-' ? Token::Kind::Minus : Token::Kind::Plus, start, at);
                    after_sign_ = true;
                }
                term_start = false;
            } else {
                lex_word(at);
                term_start = false;
            }
        }
        return std::move(tokens_);
    }

  private:
    void warn(std::size_t position, std::string message) {
        warnings_.push_back({position, std::move(message)});
    }

    void push(Token::Kind kind, std::size_t start, std::size_t end) {
        tokens_.push_back({kind, start, end, {}});
        after_sign_ = false;
    }

    void push_operand(std::size_t start, std::size_t end, QueryNode node) {
        tokens_.push_back({Token::Kind::Operand, start, end, std::move(node)});
        after_sign_ = false;
    }

    /// A term turned out to be empty: a `-` or `+` right before it excludes
    /// or requires nothing.
    void dropped_term() {
        if (after_sign_ && !tokens_.empty() &&
            (tokens_.back().kind == Token::Kind::Minus ||
             tokens_.back().kind == Token::Kind::Plus)) {
            const std::size_t start = tokens_.back().start;
            warn(start, sign_name(tokens_.back().kind == Token::Kind::Minus ? '-' : '+') +
                            at_position(start) + " has nothing after it: ignored");
            tokens_.pop_back();
        }
        after_sign_ = false;
    }

    /// Reads the phrase whose opening quote is at `at`; leaves `at` after it.
    /// The node's text is empty for an empty phrase.
    QueryNode lex_phrase(std::size_t& at) {
        const std::size_t start = at;
        const std::string_view closer = quote_closer(query_, at);
        // Each opener is as long as its closer.
        const std::size_t inner_start = at + closer.size();
        std::size_t inner_end = query_.find(closer, inner_start);
        if (inner_end == std::string_view::npos) {
            warn(start, "unbalanced quote" + at_position(start) + ": read to the end");
            inner_end = query_.size();
            at = query_.size();
        } else {
            at = inner_end + closer.size();
        }
        // Trim separators, NBSP inside « » included.
        std::size_t first = inner_start;
        std::size_t last = inner_start;
        bool seen = false;
        for (std::size_t i = inner_start; i < inner_end;) {
            const std::size_t length = separator_length(query_.substr(0, inner_end), i);
            if (length > 0) {
                i += length;
                continue;
            }
            if (!seen) first = i;
            seen = true;
            last = ++i;
        }
        return make_text_node(QueryNode::Kind::Phrase,
                              seen ? query_.substr(first, last - first) : std::string_view{},
                              start);
    }

    /// Reads the word starting at `at` (a field, OR, a prefix or a plain word).
    void lex_word(std::size_t& at) {
        const std::size_t start = at;
        while (!word_ends_at(query_, at))
            ++at;
        const std::string_view word = query_.substr(start, at - start);

        if (const std::size_t colon = word.find(':'); colon != 0 && colon != word.npos) {
            std::string name(word.substr(0, colon));
            for (char& c : name) {
                if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
            }
            if (const schema::Field* field = schema::find_field(name)) {
                lex_field(*field, start, start + colon + 1, at);
                return;
            }
        }
        if ((word == "OR" || word == "AND") && !after_sign_) {
            push(word == "OR" ? Token::Kind::Or : Token::Kind::And, start, at);
            return;
        }
        if (looks_like_field(word, !quote_closer(query_, at).empty())) {
            const std::string_view name = word.substr(0, word.find(':'));
            warn(start, "unknown field \"" + printable(name) + ":\"" + at_position(start) +
                            ": searched as plain words (the fields are " + field_names() +
                            "; quote the text to search it as written)");
        }
        if (word.find_first_not_of(':') == word.npos) {
            warn(start, "':'" + at_position(start) + " has no field name before it: ignored");
            dropped_term();
            return;
        }
        if (auto node = word_node(word, start)) {
            if (node->kind == QueryNode::Kind::Words) {
                push(Token::Kind::Word, start, at);
            } else {
                push_operand(start, at, std::move(*node));
            }
        } else {
            dropped_term();
        }
    }

    /// A word as Words or Prefix, or nothing for a word of stars only.
    std::optional<QueryNode> word_node(std::string_view word, std::size_t start) {
        const std::size_t stem_end = word.find_last_not_of('*') + 1;  // npos + 1 == 0
        if (stem_end == 0) {
            warn(start, "'*'" + at_position(start) + " has no word before it: ignored");
            return std::nullopt;
        }
        const std::string_view stem = word.substr(0, stem_end);
        if (const std::size_t star = stem.find('*'); star != stem.npos) {
            warn(start + star,
                 "'*'" + at_position(start + star) + " is not at the end of a word: ignored");
        }
        return make_text_node(
            stem_end < word.size() ? QueryNode::Kind::Prefix : QueryNode::Kind::Words, stem, start);
    }

    /// Reads the value of `field`, named at `start`, from `value_start`; the
    /// word containing the name ends at `at` (left after the value).
    void lex_field(const schema::Field& field, std::size_t start, std::size_t value_start,
                   std::size_t& at) {
        const std::string name(field.name);
        std::optional<QueryNode> value;
        if (value_start < at) {
            const std::string_view word = query_.substr(value_start, at - value_start);
            if (field.kind == schema::FieldKind::Year) {
                push_operand(start, at, years_node(word, start, value_start));
                return;
            }
            value = word_node(word, value_start);
        } else if (!quote_closer(query_, at).empty()) {
            QueryNode phrase = lex_phrase(at);
            if (field.kind == schema::FieldKind::Year) {
                push_operand(start, at, years_node(phrase.text, start, value_start));
                return;
            }
            if (!phrase.text.empty()) {
                if (field.kind == schema::FieldKind::Keyword) phrase.kind = QueryNode::Kind::Words;
                value = std::move(phrase);
            }
        } else if (field.kind == schema::FieldKind::Year) {
            push_operand(start, at, years_node({}, start, value_start));
            return;
        }
        if (!value) {
            warn(start, name + ":" + at_position(start) + " has no value: ignored");
            dropped_term();
            return;
        }
        QueryNode node;
        node.kind = QueryNode::Kind::Field;
        node.field = name;
        node.position = start;
        node.children.push_back(std::move(*value));
        push_operand(start, at, std::move(node));
    }

    /// The Years node for `value`, or QuerySyntaxError at `value_start`.
    static QueryNode years_node(std::string_view value, std::size_t start,
                                std::size_t value_start) {
        const auto years = parse_years(value);
        if (!years) {
            throw QuerySyntaxError(
                (value.empty() ? std::string("missing value for field year")
                               : "invalid value \"" + printable(value) + "\" for field year") +
                    " (" + std::string(kYearHint) + ")",
                value_start);
        }
        QueryNode node;
        node.kind = QueryNode::Kind::Years;
        node.year_from = years->first;
        node.year_to = years->second;
        node.position = start;
        return node;
    }

    std::string_view query_;
    std::vector<Warning>& warnings_;
    std::vector<Token> tokens_;
    bool after_sign_ = false;  ///< The last token is a `-` or `+` glued to what comes next.
};

class Parser {
  public:
    Parser(std::string_view query, std::vector<Token> tokens, std::vector<Warning>& warnings)
        : query_(query), tokens_(std::move(tokens)), warnings_(warnings) {}

    QueryNode parse() {
        QueryNode root = parse_sequence(0, 0, false);
        // `(a -b)` alone: the group is the query.
        if (root.children.size() == 1 && root.excluded.empty() && root.required.empty() &&
            root.children.front().kind == QueryNode::Kind::All) {
            QueryNode group = std::move(root.children.front());
            group.position = 0;
            return group;
        }
        return root;
    }

  private:
    void warn(std::size_t position, std::string message) {
        warnings_.push_back({position, std::move(message)});
    }

    [[nodiscard]] bool at(Token::Kind kind) const {
        return next_ < tokens_.size() && tokens_[next_].kind == kind;
    }

    [[nodiscard]] bool at_operand() const {
        return at(Token::Kind::Word) || at(Token::Kind::Operand) || at(Token::Kind::Open);
    }

    /// Items up to the end or, in a group, its `)`. `depth` counts open groups.
    QueryNode parse_sequence(int depth, std::size_t start, bool group) {
        QueryNode all;
        all.kind = QueryNode::Kind::All;
        all.position = start;
        bool run_open = false;  // children.back() is a Words run a next word may extend.
        std::size_t run_end = 0;
        while (true) {
            if (next_ >= tokens_.size()) {
                if (group) {
                    warn(start, "unbalanced '('" + at_position(start) + ": closed at the end");
                }
                break;
            }
            const Token& token = tokens_[next_];
            if (token.kind == Token::Kind::Close) {
                ++next_;
                if (group) break;
                warn(token.start, "unmatched ')'" + at_position(token.start) + ": ignored");
                run_open = false;
                continue;
            }
            if (token.kind == Token::Kind::Or || token.kind == Token::Kind::And) {
                ++next_;
                warn(token.start, operator_name(token.kind) + at_position(token.start) +
                                      " has nothing on its left: ignored");
                run_open = false;
                continue;
            }
            if (token.kind == Token::Kind::Minus || token.kind == Token::Kind::Plus) {
                const bool minus = token.kind == Token::Kind::Minus;
                const std::size_t sign = token.start;
                ++next_;
                if (auto operand = parse_operand(depth)) {
                    (minus ? all.excluded : all.required).push_back(std::move(*operand));
                } else {
                    warn(sign, sign_name(minus ? '-' : '+') + at_position(sign) +
                                   " has nothing after it: ignored");
                }
                run_open = false;
                continue;
            }
            bool single_word = false;
            std::size_t word_end = 0;
            auto item = parse_disjunction(depth, single_word, word_end);
            if (!item) {
                run_open = false;
                continue;
            }
            if (single_word && run_open &&
                only_separators(query_.substr(run_end, item->position - run_end))) {
                QueryNode& run = all.children.back();
                run.text = std::string(query_.substr(run.position, word_end - run.position));
            } else {
                all.children.push_back(std::move(*item));
            }
            run_open = single_word;
            run_end = word_end;
        }
        return all;
    }

    static std::string operator_name(Token::Kind kind) {
        return kind == Token::Kind::Or ? "OR" : "AND";
    }

    /// conjunction { OR conjunction }. `single_word` tells whether the
    /// result is one plain word (which may extend a run), ending at `word_end`.
    std::optional<QueryNode> parse_disjunction(int depth, bool& single_word,
                                               std::size_t& word_end) {
        const bool first_is_word = at(Token::Kind::Word);
        word_end = tokens_[next_].end;
        bool saw_operator = false;
        auto operands = parse_chain(Token::Kind::Or, saw_operator, [&] {
            bool and_seen = false;
            auto conjunction = parse_chain(Token::Kind::And, and_seen,
                                           [&] { return parse_operand(depth); });
            saw_operator = saw_operator || and_seen;
            return joined(QueryNode::Kind::All, std::move(conjunction));
        });
        single_word = first_is_word && !saw_operator && operands.size() == 1;
        return joined(QueryNode::Kind::Any, std::move(operands));
    }

    /// operand { `op` operand }, where `operand()` reads one operand: the
    /// operands read. An operator without an operand on a side, or repeated,
    /// is ignored with a warning. `saw_op` tells whether there was one.
    template <typename Operand>
    std::vector<QueryNode> parse_chain(Token::Kind op, bool& saw_op, const Operand& operand) {
        std::vector<QueryNode> operands;
        if (auto first = operand()) operands.push_back(std::move(*first));
        const std::string name = operator_name(op);
        while (at(op)) {
            const std::size_t op_start = tokens_[next_].start;
            ++next_;
            saw_op = true;
            while (at(op)) {
                const std::size_t again = tokens_[next_].start;
                warn(again, name + at_position(again) + " repeats the " + name +
                                " before it: ignored");
                ++next_;
            }
            const bool has_left = !operands.empty();
            std::optional<QueryNode> right;
            if (at_operand()) right = operand();
            if (!has_left || !right) {
                const char* side = !has_left && !right ? "on either side"
                                   : !has_left         ? "on its left"
                                                       : "on its right";
                warn(op_start, name + at_position(op_start) + " has nothing " + side + ": ignored");
            }
            if (right) operands.push_back(std::move(*right));
        }
        return operands;
    }

    /// `operands` as one node: nothing, the one operand, or an Any (`OR`)
    /// or an All of required operands (`AND`). An operand of the same kind
    /// is spliced into it: `(a OR b) OR c` is `a OR b OR c`.
    static std::optional<QueryNode> joined(QueryNode::Kind kind, std::vector<QueryNode> operands) {
        if (operands.empty()) return std::nullopt;
        if (operands.size() == 1) return std::move(operands.front());
        QueryNode node;
        node.kind = kind;
        node.position = operands.front().position;
        auto& into = kind == QueryNode::Kind::Any ? node.children : node.required;
        for (auto& operand : operands) {
            const bool same =
                kind == QueryNode::Kind::Any
                    ? operand.kind == QueryNode::Kind::Any
                    : operand.kind == QueryNode::Kind::All && operand.children.empty() &&
                          operand.excluded.empty();
            auto& spliced = kind == QueryNode::Kind::Any ? operand.children : operand.required;
            if (same) {
                for (auto& child : spliced)
                    into.push_back(std::move(child));
            } else {
                into.push_back(std::move(operand));
            }
        }
        return node;
    }

    /// One operand, or nothing (an empty group, or no operand here).
    std::optional<QueryNode> parse_operand(int depth) {
        if (next_ >= tokens_.size()) return std::nullopt;
        Token& token = tokens_[next_];
        switch (token.kind) {
            case Token::Kind::Word:
                ++next_;
                return make_text_node(QueryNode::Kind::Words,
                                      query_.substr(token.start, token.end - token.start),
                                      token.start);
            case Token::Kind::Operand:
                ++next_;
                return std::move(token.node);
            case Token::Kind::Open: {
                ++next_;
                if (depth >= kMaxDepth) {
                    throw QuerySyntaxError("parentheses nested more than " +
                                               std::to_string(kMaxDepth) + " deep; remove some",
                                           token.start);
                }
                QueryNode group = parse_sequence(depth + 1, token.start, true);
                if (group.children.empty() && group.excluded.empty() && group.required.empty()) {
                    return std::nullopt;
                }
                if (group.children.size() == 1 && group.excluded.empty() &&
                    group.required.empty()) {
                    return std::move(group.children.front());
                }
                return group;
            }
            case Token::Kind::Or:
            case Token::Kind::And:
            case Token::Kind::Minus:
            case Token::Kind::Plus:
            case Token::Kind::Close:
                break;
        }
        return std::nullopt;
    }

    std::string_view query_;
    std::vector<Token> tokens_;
    std::vector<Warning>& warnings_;
    std::size_t next_ = 0;
};

void append_quoted(std::string_view text, std::string& out) {
    constexpr std::string_view kHex = "0123456789abcdef";
    out += '"';
    for (const char c : text) {
        const unsigned b = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (b < 0x20 || b == 0x7F) {
            out += "\\x";
            out += kHex[b >> 4U];
            out += kHex[b & 0xFU];
        } else {
            out += c;
        }
    }
    out += '"';
}

void describe_into(const QueryNode& node, std::string& out) {
    const auto list = [&out](const QueryNode& parent) {
        const char* separator = "";
        for (const auto& child : parent.children) {
            out += separator;
            describe_into(child, out);
            separator = " ";
        }
        for (const auto& child : parent.required) {
            out += separator;
            out += '+';
            describe_into(child, out);
            separator = " ";
        }
        for (const auto& child : parent.excluded) {
            out += separator;
            out += '-';
            describe_into(child, out);
            separator = " ";
        }
        out += ')';
    };
    switch (node.kind) {
        case QueryNode::Kind::All:
            out += "AND(";
            list(node);
            break;
        case QueryNode::Kind::Any:
            out += "OR(";
            list(node);
            break;
        case QueryNode::Kind::Words:
            out += "WORDS";
            append_quoted(node.text, out);
            break;
        case QueryNode::Kind::Phrase:
            out += "PHRASE";
            append_quoted(node.text, out);
            break;
        case QueryNode::Kind::Prefix:
            out += "PREFIX";
            append_quoted(node.text, out);
            break;
        case QueryNode::Kind::Field:
            out += "FIELD:" + node.field + "(";
            list(node);
            break;
        case QueryNode::Kind::Years:
            out += "YEARS(" + std::to_string(node.year_from) + ".." + std::to_string(node.year_to) +
                   ")";
            break;
        case QueryNode::Kind::Everything:
            out += "EVERYTHING";
            break;
    }
}

}  // namespace

ParsedQuery parse_query(std::string_view query) {
    if (query.size() > kMaxQueryBytes) {
        throw QuerySyntaxError("query too long: " + std::to_string(query.size()) +
                                   " bytes, the limit is " + std::to_string(kMaxQueryBytes) +
                                   "; shorten the query",
                               kMaxQueryBytes);
    }
    std::vector<Warning> warnings;
    std::vector<Token> tokens = Lexer(query, warnings).run();
    ParsedQuery parsed;
    parsed.root = Parser(query, std::move(tokens), warnings).parse();
    // Nothing typed browses every document. A query whose syntax was all
    // ignored (`((((`, `-`) matches nothing instead: it meant something,
    // and its warning says what went wrong.
    if (only_separators(query)) {
        QueryNode everything;
        everything.kind = QueryNode::Kind::Everything;
        parsed.root.children.push_back(std::move(everything));
    }
    std::stable_sort(warnings.begin(), warnings.end(),
                     [](const Warning& a, const Warning& b) { return a.position < b.position; });
    for (auto& warning : warnings)
        parsed.warnings.push_back(std::move(warning.message));
    return parsed;
}

// Rendering: `AND(` children, then required ones prefixed with `+`, then
// excluded ones prefixed with `-`, separated by
// one space, `)`; `OR(...)`; `WORDS"..."`, `PHRASE"..."`, `PREFIX"..."` with
// `"` and `\` backslash-escaped and control bytes as `\xNN`;
// `FIELD:name(child)`; `YEARS(from..to)`, both bounds always shown; `EVERYTHING`.
std::string describe(const QueryNode& node) {
    std::string out;
    describe_into(node, out);
    return out;
}

}  // namespace lsearch::detail

#include "query_builder.h"

#include <algorithm>
#include <string_view>
#include <utility>

#include "lsearch/common/error.h"
#include "lsearch/common/schema.h"
#include "lsearch/common/terms.h"

namespace lsearch::detail {
namespace {

// Expansion of `prefix*`: the most frequent matching terms.
constexpr Xapian::termcount kMaxWildcardExpansion = 100;
// Year ranges wider than this use the value slot instead of year terms.
constexpr int kMaxYearTerms = 100;
// The proximity bonus of date order (relevance order reranks instead,
// rerank.h): consecutive query words within this many positions earn it, at
// this fraction of their weight (docs/RELEVANCE.md).
constexpr Xapian::termcount kNearWindow = 4;
constexpr double kNearWeight = 0.25;
// The share of an accented query word's weight that only its exact
// accented form earns (docs/RELEVANCE.md).
constexpr double kAccentShare = 0.5;

// Words that ask rather than describe: dropped from queries like stop words
// (`Combien de personnes travaillent au ministère ?`), though indexed.
bool is_question_word(std::string_view folded) {
    static constexpr std::string_view kQuestionWords[] = {
        "quel",  "quelle", "quels",  "quelles",  "combien",  "comment",   "pourquoi",
        "quand", "quoi",   "lequel", "laquelle", "lesquels", "lesquelles"};
    return std::find(std::begin(kQuestionWords), std::end(kQuestionWords), folded) !=
           std::end(kQuestionWords);
}

// Whether `text` (analysed into `tokens`) is worded as a question, by French
// grammar: a question mark, a question word (`combien`, `où`), an inverted
// subject (`a-t-il`, `sont-ils`), `est-ce`, or `qui`, `que`, `qu’` opening
// the query (when `opening`).
bool is_question(std::string_view text, const std::vector<Token>& tokens, bool opening) {
    if (text.find('?') != std::string_view::npos) return true;
    static constexpr std::string_view kInvertedSubjects[] = {"il",    "elle", "ils",
                                                             "elles", "on",   "t"};
    static constexpr std::string_view kHyphens[] = {"-", "\u2010", "\u2011"};
    static constexpr std::string_view kOpenings[] = {"qui", "que"};
    auto among = [](const auto& list, std::string_view s) {
        return std::find(std::begin(list), std::end(list), s) != std::end(list);
    };
    if (opening && !tokens.empty()) {
        if (among(kOpenings, tokens.front().folded)) return true;
        // `Qu’a-t-il fait` begins with an elision, which is not a token.
        std::string_view before = text.substr(0, tokens.front().begin);
        while (!before.empty() && before.front() == ' ')
            before.remove_prefix(1);
        if (before.size() > 2 && (before[0] == 'q' || before[0] == 'Q') &&
            (before[1] == 'u' || before[1] == 'U')) {
            return true;
        }
    }
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const Token& token = tokens[i];
        if (is_question_word(token.folded) || token.term == "où") return true;
        if (token.kind == TokenKind::Compound && token.folded == "estce") return true;
        if (i > 0 && among(kInvertedSubjects, token.folded) && tokens[i - 1].end <= token.begin &&
            among(kHyphens, text.substr(tokens[i - 1].end, token.begin - tokens[i - 1].end))) {
            return true;
        }
    }
    return false;
}

// Every document, each scored 0 as a filter alone is: relevance order is
// then the order of ids (Xapian's MatchAll alone would score a document by
// its length).
Xapian::Query every_document() {
    return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query::MatchAll, 0);
}

struct Part {
    Xapian::Query query;
    bool filter = false;  // a boolean restriction: applied with OP_FILTER, not scored
    [[nodiscard]] bool empty() const { return query.empty(); }
};

class Builder {
  public:
    Builder(Analyzer& analyzer, const Gazetteer& gazetteer, const Synonyms& synonyms,
            const std::function<std::string(const Token&)>& correct, bool relaxed,
            BuiltQuery* record)
        : analyzer_(analyzer),
          gazetteer_(gazetteer),
          synonyms_(synonyms),
          relaxed_(relaxed),
          correct_(correct),
          record_(record) {}

    WildcardExpander expand;

    Part translate(const QueryNode& node, std::string_view prefix, bool positive) {
        using Kind = QueryNode::Kind;
        switch (node.kind) {
            case Kind::All:
                return all(node, prefix, positive);
            case Kind::Any:
                return any(node, prefix, positive);
            case Kind::Words:
                return {words(node.text, prefix, positive), false};
            case Kind::Phrase:
                return {phrase(node.text, prefix, positive), false};
            case Kind::Prefix:
                return {wildcard(node.text, prefix, positive), false};
            case Kind::Field:
                return field(node, positive);
            case Kind::Years:
                return {years(node), true};
            case Kind::Everything:
                return {every_document(), true};
        }
        return {};
    }

    // The query's plain words, each as the positional terms it matches (the
    // one-word alternatives of an OR as one word), for proximity.
    std::vector<std::vector<std::string>> positional;

  private:
    Part all(const QueryNode& node, std::string_view prefix, bool positive) {
        std::vector<Xapian::Query> scored, required, filters, excluded;
        for (const auto& child : node.children) {
            Part part = translate(child, prefix, positive);
            if (part.empty()) continue;
            (part.filter ? filters : scored).push_back(std::move(part.query));
        }
        // `+word` and the operands of `AND` must match however the rest of
        // the query is read: translated as in the strict query, every word
        // of them required.
        {
            const bool relaxed = std::exchange(relaxed_, false);
            for (const auto& child : node.required) {
                Part part = translate(child, prefix, positive);
                if (part.empty()) continue;
                (part.filter ? filters : required).push_back(std::move(part.query));
            }
            relaxed_ = relaxed;
        }
        for (const auto& child : node.excluded) {
            Part part = translate(child, prefix, false);
            if (!part.empty()) excluded.push_back(std::move(part.query));
        }
        Part result;
        if (!relaxed_) {
            scored.insert(scored.end(), required.begin(), required.end());
            required.clear();
        }
        if (!scored.empty()) {
            result.query = Xapian::Query(relaxed_ ? Xapian::Query::OP_OR : Xapian::Query::OP_AND,
                                         scored.begin(), scored.end());
        }
        if (!required.empty()) {
            // Relaxed: the required parts select, the others add weight.
            Xapian::Query must(Xapian::Query::OP_AND, required.begin(), required.end());
            result.query = result.empty()
                               ? must
                               : Xapian::Query(Xapian::Query::OP_AND_MAYBE, must, result.query);
        }
        if (!filters.empty()) {
            Xapian::Query filter(Xapian::Query::OP_AND, filters.begin(), filters.end());
            if (result.empty()) {
                result = {filter, true};
            } else {
                result.query = Xapian::Query(Xapian::Query::OP_FILTER, result.query, filter);
            }
        }
        if (!excluded.empty()) {
            if (result.empty()) result = {every_document(), true};
            result.query = Xapian::Query(
                Xapian::Query::OP_AND_NOT, result.query,
                Xapian::Query(Xapian::Query::OP_OR, excluded.begin(), excluded.end()));
        }
        return result;
    }

    Part any(const QueryNode& node, std::string_view prefix, bool positive) {
        std::vector<Xapian::Query> queries;
        bool all_filters = true;
        // For the proximity bonus, the alternatives of an OR stand in one
        // place (`(recyclage OR réemploi) lithium`), when each is one word.
        std::vector<std::string> alternatives;
        bool one_word_each = true;
        for (const auto& child : node.children) {
            const std::size_t before = positional.size();
            Part part = translate(child, prefix, positive);
            if (positional.size() == before + 1) {
                alternatives.insert(alternatives.end(), positional.back().begin(),
                                    positional.back().end());
            } else {
                one_word_each = false;
            }
            positional.resize(before);
            if (part.empty()) continue;
            all_filters = all_filters && part.filter;
            queries.push_back(std::move(part.query));
        }
        if (one_word_each && !alternatives.empty()) positional.push_back(std::move(alternatives));
        if (queries.empty()) return {};
        return {Xapian::Query(Xapian::Query::OP_OR, queries.begin(), queries.end()), all_filters};
    }

    // A word matches through either of its stems. A word typed with accents
    // also scores its exact accented form, so exact matches rank first
    // (`pêche` before `péché`; `peche` finds both alike).
    Xapian::Query word(const Token& token, std::string_view prefix) {
        const std::string folded = std::string(prefix) + token.folded;
        if (token.kind == TokenKind::Number || token.stopword) return Xapian::Query(folded);
        const std::string stem_prefix = std::string(schema::kStemPrefix) + std::string(prefix);
        Xapian::Query stems(stem_prefix + token.stem);
        if (token.stem != token.folded_stem) {
            stems = Xapian::Query(Xapian::Query::OP_SYNONYM, stems,
                                  Xapian::Query(stem_prefix + token.folded_stem));
        }
        if (!prefix.empty() || token.term == token.folded) return stems;
        // The word keeps its weight where it is written with these accents,
        // and loses kAccentShare of it where it is not: an accented query
        // word weighs no more than another, but exact matches rank first.
        return Xapian::Query(
            Xapian::Query::OP_AND_MAYBE,
            Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, stems, 1 - kAccentShare),
            Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                          Xapian::Query(std::string(schema::kAccentPrefix) + token.term),
                          kAccentShare));
    }

    unsigned new_unit(bool positive) { return positive && record_ ? record_->terms.units++ : 0; }

    void note(const Token& token, unsigned unit, bool positive) {
        if (!positive || record_ == nullptr) return;
        record_->terms.folded.emplace(token.folded, unit);
        if (token.kind == TokenKind::Number) return;
        record_->terms.stems.emplace(token.stem, unit);
        record_->terms.stems.emplace(token.folded_stem, unit);
    }

    // Plain words: each must match (any, when relaxed). Stop words are
    // dropped unless the words are nothing but stop words.
    Xapian::Query words(const std::string& text, std::string_view prefix, bool positive) {
        const std::vector<Token> tokens = analyzer_.analyze(text);
        if (record_ != nullptr && positive && prefix.empty() &&
            is_question(text, tokens, record_->terms.units == 0)) {
            record_->question = true;
        }
        // Stop words and question words are dropped, and so is a compound
        // made of them (`est-ce`), unless nothing else is left.
        std::vector<bool> dropped(tokens.size(), false);
        bool only_stopwords = true;
        std::vector<std::string> folded;  // of the non-compound tokens, for synonyms
        for (std::size_t i = tokens.size(); i-- > 0;) {
            const Token& token = tokens[i];
            if (token.kind == TokenKind::Compound) {
                dropped[i] = true;
                for (std::size_t k = 1; k <= token.parts && i + k < tokens.size(); ++k) {
                    dropped[i] = dropped[i] && dropped[i + k];
                }
                continue;
            }
            dropped[i] = token.stopword || is_question_word(token.folded);
            if (!dropped[i]) only_stopwords = false;
        }
        for (const Token& token : tokens) {
            if (token.kind != TokenKind::Compound) folded.push_back(token.folded);
        }
        std::vector<Xapian::Query> units;
        std::size_t word_index = 0;  // index in `folded` of tokens[i]
        std::vector<const Synonyms::Expression*> others;
        for (std::size_t i = 0; i < tokens.size(); ++i) {
            const Token& token = tokens[i];
            // `IA` or `intelligence artificielle`: either, when they are synonyms.
            if (const std::size_t n = synonyms_.match(folded, word_index, others); n > 0) {
                if (const std::size_t end = span_end(tokens, i, n); end != 0) {
                    const unsigned unit = new_unit(positive);
                    std::vector<Xapian::Query> as_typed;
                    for (std::size_t k = i; k < end; ++k) {
                        if (tokens[k].kind == TokenKind::Compound) continue;
                        note(tokens[k], unit, positive);
                        if (!tokens[k].stopword || n == 1) {
                            as_typed.push_back(word(tokens[k], prefix));
                        }
                    }
                    std::vector<Xapian::Query> alternatives{
                        Xapian::Query(Xapian::Query::OP_AND, as_typed.begin(), as_typed.end())};
                    for (const auto* expression : others) {
                        alternatives.push_back(synonym(*expression, prefix, unit, positive));
                    }
                    units.emplace_back(Xapian::Query::OP_OR, alternatives.begin(),
                                       alternatives.end());
                    i = end - 1;
                    word_index += n;
                    continue;
                }
            }
            if (token.kind == TokenKind::Compound && dropped[i] && !only_stopwords) {
                i += token.parts;
                word_index += token.parts;
                continue;
            }
            if (token.kind == TokenKind::Compound) {
                // `start-up`: the joined word, or the parts as a phrase.
                const unsigned unit = new_unit(positive);
                note(token, unit, positive);
                std::vector<Xapian::Query> parts;
                for (std::size_t k = 1; k <= token.parts && i + k < tokens.size(); ++k) {
                    note(tokens[i + k], unit, positive);
                    parts.emplace_back(terms::positional(tokens[i + k], prefix));
                }
                units.emplace_back(
                    Xapian::Query::OP_OR, word(token, prefix),
                    Xapian::Query(Xapian::Query::OP_PHRASE, parts.begin(), parts.end(),
                                  static_cast<Xapian::termcount>(parts.size())));
                i += token.parts;
                word_index += token.parts;
                continue;
            }
            ++word_index;
            if (dropped[i] && !only_stopwords) continue;
            const unsigned unit = new_unit(positive);
            note(token, unit, positive);
            Xapian::Query query = word(token, prefix);
            std::vector<std::string> near{terms::positional(token, prefix)};
            // A word the index does not know (`sutlan`): the word it knows
            // in its place too (`sultan`).
            if (correct_ && prefix.empty() && token.kind == TokenKind::Word && !token.stopword) {
                const std::vector<Token> better = analyzer_.analyze(correct_(token));
                if (better.size() == 1 && better.front().kind == TokenKind::Word) {
                    note(better.front(), unit, positive);
                    query =
                        Xapian::Query(Xapian::Query::OP_OR, query, word(better.front(), prefix));
                    near.push_back(terms::positional(better.front(), prefix));
                }
            }
            units.push_back(std::move(query));
            if (positive && prefix.empty() && !token.stopword) {
                positional.push_back(std::move(near));
                if (record_ != nullptr) {
                    record_->words.push_back(
                        {text.substr(token.begin, token.end - token.begin),
                         terms::positional(token, "")});
                }
            }
        }
        if (units.empty()) return {};
        return Xapian::Query(relaxed_ ? Xapian::Query::OP_OR : Xapian::Query::OP_AND, units.begin(),
                             units.end());
    }

    // The end of the tokens from `first` that hold exactly `n` words (compound
    // parts count as words, a compound's joined form does not), or 0 when
    // those words would split a compound.
    static std::size_t span_end(const std::vector<Token>& tokens, std::size_t first,
                                std::size_t n) {
        std::size_t words = 0;
        std::size_t k = first;
        while (k < tokens.size() && words < n) {
            if (tokens[k].kind == TokenKind::Compound) {
                if (words + tokens[k].parts > n) return 0;
                words += tokens[k].parts;
                k += std::size_t{tokens[k].parts} + 1;
            } else {
                ++words;
                ++k;
            }
        }
        return words == n ? k : 0;
    }

    // A synonym: one word through its stems, several as a phrase.
    Xapian::Query synonym(const Synonyms::Expression& expression, std::string_view prefix,
                          unsigned unit, bool positive) {
        std::string text;
        for (const auto& word_text : expression)
            text += word_text + " ";
        std::vector<Token> tokens = analyzer_.analyze(text);
        std::erase_if(tokens, [](const Token& t) { return t.kind == TokenKind::Compound; });
        // Snippets highlight words one by one: a phrase's words would light up
        // everywhere (every `Amazon` for `Amazon Web Services`), so only a
        // one-word synonym is highlighted.
        if (tokens.size() == 1) {
            note(tokens.front(), unit, positive);
            return word(tokens.front(), prefix);
        }
        std::vector<Xapian::Query> terms;
        for (const Token& token : tokens)
            terms.emplace_back(terms::positional(token, prefix));
        return Xapian::Query(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(),
                             static_cast<Xapian::termcount>(terms.size()));
    }

    // A phrase, on the positional terms (terms.h: accents do not matter, and
    // inflections match); compounds by their parts, which sit at consecutive
    // positions.
    Xapian::Query phrase(const std::string& text, std::string_view prefix, bool positive) {
        std::vector<Xapian::Query> terms;
        const std::vector<Token> tokens = analyzer_.analyze(text);
        const bool only_stopwords = std::all_of(tokens.begin(), tokens.end(), [](const Token& t) {
            return t.stopword || t.kind == TokenKind::Compound;
        });
        for (const Token& token : tokens) {
            if (token.kind == TokenKind::Compound) continue;
            // A phrase's stop words are matched, but highlighting every `de`
            // of a text would mislead.
            if (!token.stopword || only_stopwords) note(token, new_unit(positive), positive);
            terms.emplace_back(terms::positional(token, prefix));
        }
        if (terms.size() <= 1) return terms.empty() ? Xapian::Query() : terms.front();
        return Xapian::Query(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(),
                             static_cast<Xapian::termcount>(terms.size()));
    }

    Xapian::Query expanded(const std::string& field, const std::string& folded,
                           bool words) const {
        if (expand) return expand(field, folded, words, kMaxWildcardExpansion);
        const auto wildcard = [](const std::string& pattern) {
            return Xapian::Query(Xapian::Query::OP_WILDCARD, pattern, kMaxWildcardExpansion,
                                 Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
        };
        if (!words) return wildcard(field + folded);
        return Xapian::Query(Xapian::Query::OP_SYNONYM, wildcard(field + folded),
                             wildcard(std::string(schema::kStemPrefix) + field + folded));
    }

    Xapian::Query wildcard(const std::string& text, std::string_view prefix, bool positive) {
        std::vector<Token> tokens = analyzer_.analyze(text);
        while (!tokens.empty() && tokens.back().kind == TokenKind::Compound)
            tokens.pop_back();
        if (tokens.empty()) return {};
        // `l'intel*`: the last word is the prefix; words before it must match.
        const Token last = tokens.back();
        tokens.pop_back();
        std::vector<Xapian::Query> queries;
        for (const Token& token : tokens) {
            if (token.kind == TokenKind::Compound) continue;
            note(token, new_unit(positive), positive);
            queries.push_back(word(token, prefix));
        }
        const unsigned unit = new_unit(positive);
        if (positive && record_ != nullptr) record_->terms.prefixes.emplace_back(last.folded, unit);
        queries.push_back(expanded(std::string(prefix), last.folded, true));
        if (queries.size() == 1) return queries.front();
        return Xapian::Query(Xapian::Query::OP_AND, queries.begin(), queries.end());
    }

    Part field(const QueryNode& node, bool positive) {
        const schema::Field* field = schema::find_field(node.field);
        if (field == nullptr || node.children.empty()) return {};
        const QueryNode& value = node.children.front();
        switch (field->kind) {
            case schema::FieldKind::Text:
                return translate(value, field->prefix, positive);
            case schema::FieldKind::Year:
                return {years(value), true};
            case schema::FieldKind::Keyword:
                break;
        }
        if (value.kind == QueryNode::Kind::Prefix) {
            const std::string key = analyzer_.key(value.text);
            if (key.empty()) return {};
            return {expanded(std::string(field->prefix), key, false), true};
        }
        std::string name = value.text;
        if (field->prefix == schema::kCompanyPrefix) name = gazetteer_.canonical(name, analyzer_);
        const std::string key = analyzer_.key(name);
        if (key.empty()) {
            throw QuerySyntaxError(std::string(node.field) + ": needs a name", node.position);
        }
        return {Xapian::Query(std::string(field->prefix) + key), true};
    }

    static Xapian::Query years(const QueryNode& node) {
        auto year_term = [](int year) {
            return std::string(schema::kYearPrefix) + std::to_string(year);
        };
        if (node.year_to - node.year_from <= kMaxYearTerms) {
            std::vector<Xapian::Query> terms;
            for (int year = node.year_from; year <= node.year_to; ++year) {
                terms.emplace_back(year_term(year));
            }
            return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
        }
        char from[16], to[16];
        std::snprintf(from, sizeof from, "%04d", node.year_from);
        std::snprintf(to, sizeof to, "%04d", node.year_to);
        return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, schema::kYearSlot, from, to);
    }

    Analyzer& analyzer_;
    const Gazetteer& gazetteer_;
    const Synonyms& synonyms_;
    bool relaxed_;
    const std::function<std::string(const Token&)>& correct_;
    BuiltQuery* record_;
};

// The proximity bonus: each pair of consecutive query words found within
// kNearWindow positions of each other earns part of their weight. It never
// changes what matches. Pairs rather than all the words at once: a long
// question's words are rarely all close together (docs/RELEVANCE.md).
Xapian::Query proximity_bonus(const std::vector<std::vector<std::string>>& words) {
    if (words.size() < 2) return {};
    auto positional = [](const std::vector<std::string>& terms) {
        return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
    };
    std::vector<Xapian::Query> pairs;
    for (std::size_t i = 0; i + 1 < words.size(); ++i) {
        const Xapian::Query pair[] = {positional(words[i]), positional(words[i + 1])};
        pairs.emplace_back(Xapian::Query::OP_NEAR, std::begin(pair), std::end(pair), kNearWindow);
    }
    return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                         Xapian::Query(Xapian::Query::OP_OR, pairs.begin(), pairs.end()),
                         kNearWeight);
}

}  // namespace

BuiltQuery build_query(const QueryNode& root, Analyzer& analyzer, const Gazetteer& gazetteer,
                       const Synonyms& synonyms, const WildcardExpander& expand,
                       const std::function<std::string(const Token&)>& correct) {
    BuiltQuery built;
    Builder strict(analyzer, gazetteer, synonyms, correct, false, &built);
    strict.expand = expand;
    built.strict = strict.translate(root, "", true).query;
    built.positional = std::move(strict.positional);
    built.proximity = proximity_bonus(built.positional);
    Builder relaxed(analyzer, gazetteer, synonyms, correct, true, nullptr);
    relaxed.expand = expand;
    Xapian::Query any = relaxed.translate(root, "", true).query;
    if (any.serialise() != built.strict.serialise()) built.relaxed = std::move(any);
    return built;
}

}  // namespace lsearch::detail

// The pipeline: segment -> numbers -> elision -> normalise -> fold ->
// compounds -> stop words -> stems. Each stage lives in its own file.
#include <unordered_map>

#include "lsearch/common/analyzer.h"
#include "stages.h"

namespace lsearch {

namespace {

// Compounds longer than this are indexed as separate words only.
constexpr std::size_t kMaxCompoundParts = 8;
// Bounded caches: a corpus's vocabulary is mostly seen again and again.
constexpr std::size_t kWordCacheLimit = 1 << 18;

}  // namespace

struct Analyzer::Impl {
    detail::Segmenter segmenter;
    detail::Stemmer stemmer;
    std::vector<detail::Span> spans;
    // Raw word bytes (after elision) -> {normalised term, folded term}.
    std::unordered_map<std::string, std::pair<std::string, std::string>> words;

    const std::pair<std::string, std::string>& normalize(std::string_view raw) {
        std::string key(raw);
        auto it = words.find(key);
        if (it != words.end()) return it->second;
        if (words.size() >= kWordCacheLimit) words.clear();
        std::string term = detail::normalize(raw);
        std::string folded = detail::fold_accents(term);
        return words.emplace(std::move(key), std::make_pair(std::move(term), std::move(folded)))
            .first->second;
    }

    void stem(Token& token) {
        if (token.kind == TokenKind::Number) return;
        token.stem = stemmer.stem(token.term);
        token.folded_stem = token.folded == token.term ? token.stem : stemmer.stem(token.folded);
    }
};

Analyzer::Analyzer() : impl_(std::make_unique<Impl>()) {}
Analyzer::~Analyzer() = default;
Analyzer::Analyzer(Analyzer&&) noexcept = default;
Analyzer& Analyzer::operator=(Analyzer&&) noexcept = default;

std::uint32_t Analyzer::analyze(std::string_view text, std::vector<Token>& out,
                                std::uint32_t first_position) {
    auto& spans = impl_->spans;
    spans.clear();
    impl_->segmenter.segment(text, spans);
    detail::merge_number_groups(text, spans);

    // Words, normalised, before compounds are found.
    const std::size_t first_token = out.size();
    for (const auto& span : spans) {
        std::string_view raw = text.substr(span.begin, span.end - span.begin);
        Token token;
        token.end = span.end;
        if (span.numeric) {
            token.kind = TokenKind::Number;
            token.begin = span.begin;
            token.term = detail::number_term(raw);
            token.folded = token.term;
        } else {
            const std::size_t elided = detail::elision_length(raw);
            token.begin = span.begin + static_cast<std::uint32_t>(elided);
            const auto& [term, folded] = impl_->normalize(raw.substr(elided));
            if (term.empty()) continue;  // only ignorable characters
            token.term = term;
            token.folded = folded;
        }
        out.push_back(std::move(token));
    }

    // Positions, and the joined form of hyphenated compounds in front of
    // their parts: `start-up` -> =startup[p] start[p] up[p+1].
    std::vector<Token> words(
        std::make_move_iterator(out.begin() + static_cast<std::ptrdiff_t>(first_token)),
        std::make_move_iterator(out.end()));
    out.resize(first_token);
    std::uint32_t position = first_position;
    for (std::size_t i = 0; i < words.size();) {
        std::size_t chain_end = i;  // last word linked to word i by hyphens
        while (chain_end + 1 < words.size() &&
               detail::joins(words[chain_end].kind, words[chain_end + 1].kind) &&
               detail::is_hyphen(text.substr(words[chain_end].end,
                                             words[chain_end + 1].begin - words[chain_end].end))) {
            ++chain_end;
        }
        std::size_t last = chain_end;  // last part of the compound starting at i
        while (last > i && detail::is_clitic(words[last].term))
            --last;
        if (last - i + 1 > kMaxCompoundParts) last = i;
        if (last > i) {
            Token joined;
            joined.kind = TokenKind::Compound;
            joined.parts = static_cast<std::uint8_t>(last - i + 1);
            joined.begin = words[i].begin;
            joined.end = words[last].end;
            joined.position = position;
            for (std::size_t k = i; k <= last; ++k) {
                joined.term += words[k].term;
                joined.folded += words[k].folded;
            }
            impl_->stem(joined);
            out.push_back(std::move(joined));
        }
        for (std::size_t k = i; k <= chain_end; ++k) {
            Token& word = words[k];
            word.position = position++;
            word.stopword = word.kind == TokenKind::Word &&
                            (detail::is_stopword(word.term) || detail::is_stopword(word.folded));
            impl_->stem(word);
            out.push_back(std::move(word));
        }
        i = chain_end + 1;
    }
    return position;
}

std::vector<Token> Analyzer::analyze(std::string_view text) {
    std::vector<Token> tokens;
    analyze(text, tokens);
    return tokens;
}

std::string Analyzer::key(std::string_view text) {
    std::string key;
    for (const Token& token : analyze(text)) {
        if (token.kind == TokenKind::Compound) continue;
        if (!key.empty()) key += ' ';
        key += token.folded;
    }
    return key;
}

std::string describe(const std::vector<Token>& tokens) {
    std::string out;
    for (const Token& token : tokens) {
        if (!out.empty()) out += ' ';
        if (token.kind == TokenKind::Compound) out += '=';
        out += token.term;
        if (token.folded != token.term) {
            out += '/';
            out += token.folded;
        }
        out += '[';
        out += std::to_string(token.position);
        out += ']';
    }
    return out;
}

}  // namespace lsearch

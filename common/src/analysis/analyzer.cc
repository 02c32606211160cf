// The pipeline: segment -> numbers -> elision -> normalise -> fold ->
// compounds -> stop words -> stems. Each stage lives in its own file; this
// one composes them and caches what a word's bytes determine.
#include <algorithm>
#include <cstdint>
#include <functional>
#include <tuple>
#include <vector>

#include "lsearch/common/analyzer.h"

#include "stages.h"

namespace lsearch {

namespace {

// Compounds longer than this are indexed as separate words only.
constexpr std::size_t kMaxCompoundParts = 8;
// Bounded cache: a corpus's vocabulary is mostly seen again and again.
constexpr std::size_t kWordCacheLimit = 1 << 18;

// Everything the bytes of a word (after its elision) determine.
struct Word {
    std::string term;
    std::string folded;
    std::string stem;
    std::string folded_stem;
    bool stopword = false;
};

// Raw word bytes -> Word: open addressing, linear probing. A slot holds
// 32 bits of the word's hash and where its entry is, so that a lookup reads
// the slot, then the entry; std::unordered_map read the bucket, the node
// before the bucket's first and the node, each a cache miss once the
// vocabulary outgrows the caches (the lookup was 7% of lindex's CPU).
class WordCache {
  public:
    const Word* find(std::string_view raw, std::size_t hash) const {
        if (slots_.empty()) return nullptr;
        const auto tag = static_cast<std::uint32_t>(hash >> 32);
        for (std::size_t i = hash & mask_;; i = (i + 1) & mask_) {
            const Slot& slot = slots_[i];
            if (slot.index == 0) return nullptr;
            if (slot.tag == tag) {
                const auto& entry = entries_[slot.index - 1];
                if (entry.first == raw) return &entry.second;
            }
        }
    }

    // `raw` must not be in the cache.
    const Word& insert(std::string_view raw, std::size_t hash, Word word) {
        if (2 * (entries_.size() + 1) > slots_.size()) grow();
        entries_.emplace_back(std::string(raw), std::move(word));
        place(hash, static_cast<std::uint32_t>(entries_.size()));
        return entries_.back().second;
    }

    [[nodiscard]] std::size_t size() const { return entries_.size(); }

    void clear() {
        entries_.clear();
        std::fill(slots_.begin(), slots_.end(), Slot{});
    }

  private:
    struct Slot {
        std::uint32_t tag = 0;
        std::uint32_t index = 0;  // into entries_, plus one; 0: empty
    };

    void place(std::size_t hash, std::uint32_t index) {
        std::size_t i = hash & mask_;
        while (slots_[i].index != 0)
            i = (i + 1) & mask_;
        slots_[i] = Slot{static_cast<std::uint32_t>(hash >> 32), index};
    }

    void grow() {
        slots_.assign(std::max<std::size_t>(1024, 2 * slots_.size()), Slot{});
        mask_ = slots_.size() - 1;
        for (std::size_t k = 0; k < entries_.size(); ++k)
            place(std::hash<std::string_view>{}(entries_[k].first),
                  static_cast<std::uint32_t>(k + 1));
    }

    std::vector<Slot> slots_;  // a power of two, at most half full
    std::size_t mask_ = 0;
    std::vector<std::pair<std::string, Word>> entries_;
};

}  // namespace

struct Analyzer::Impl {
    detail::Segmenter segmenter;
    detail::Stemmer stemmer;
    std::vector<detail::Span> spans;
    std::vector<Token> words;  // this call's words, before compounds
    std::string number;        // the last number word() read
    // Raw word bytes -> what they become. Profiling showed the per-word
    // normalisation, stemming and stop-list lookups to cost as much as ICU's
    // segmentation; a word seen before now costs one hash lookup.
    WordCache cache;

    const Word& word(std::string_view raw) {
        const std::size_t hash = std::hash<std::string_view>{}(raw);
        if (const Word* known = cache.find(raw, hash)) return *known;
        if (cache.size() >= kWordCacheLimit) cache.clear();
        Word word;
        word.term = detail::normalize(raw);
        if (!word.term.empty()) word.folded = detail::fold_accents(word.term);
        // Only ignorable characters, or only combining marks once an
        // elision took their base letter (`jusqu’\u0320`): no word.
        if (word.folded.empty()) {
            word.term.clear();
        } else {
            word.stem = stemmer.stem(word.term);
            word.folded_stem = word.folded == word.term ? word.stem : stemmer.stem(word.folded);
            word.stopword = detail::is_stopword(word.term) || detail::is_stopword(word.folded);
        }
        return cache.insert(raw, hash, std::move(word));
    }
};

Analyzer::Analyzer() : impl_(std::make_unique<Impl>()) {}
Analyzer::~Analyzer() = default;
Analyzer::Analyzer(Analyzer&&) noexcept = default;
Analyzer& Analyzer::operator=(Analyzer&&) noexcept = default;

const std::string& Analyzer::stem(const std::string& word) { return impl_->stemmer.stem(word); }

std::pair<std::string, std::string> Analyzer::joined_stems(const std::string& term,
                                                           const std::string& folded) {
    std::string stem = impl_->stemmer.stem(term);
    std::string folded_stem = folded == term ? stem : impl_->stemmer.stem(folded);
    return {std::move(stem), std::move(folded_stem)};
}

WordForms Analyzer::word(std::string_view bytes) {
    WordForms forms;
    if (detail::is_number(bytes)) {
        impl_->number = detail::number_term(bytes);
        forms.kind = TokenKind::Number;
        forms.term = forms.folded = impl_->number;
        return forms;
    }
    const Word& word = impl_->word(bytes);
    if (word.term.empty()) return forms;
    forms.term = word.term;
    forms.folded = word.folded;
    forms.stem = word.stem;
    forms.folded_stem = word.folded_stem;
    forms.stopword = word.stopword;
    return forms;
}

std::uint32_t Analyzer::analyze(std::string_view text, std::vector<Token>& out,
                                std::uint32_t first_position) {
    auto& spans = impl_->spans;
    spans.clear();
    impl_->segmenter.segment(text, spans);
    detail::merge_number_groups(text, spans);

    // Words, normalised, before compounds are found.
    auto& words = impl_->words;
    words.clear();
    for (const auto& span : spans) {
        std::string_view raw = text.substr(span.begin, span.end - span.begin);
        Token& token = words.emplace_back();
        token.end = span.end;
        if (span.numeric) {
            token.kind = TokenKind::Number;
            token.begin = span.begin;
            token.term = detail::number_term(raw);
            token.folded = token.term;
        } else {
            const std::size_t elided = detail::elision_length(raw);
            token.begin = span.begin + static_cast<std::uint32_t>(elided);
            const Word& word = impl_->word(raw.substr(elided));
            if (word.term.empty()) {  // nothing left to search for
                words.pop_back();
                continue;
            }
            token.term = word.term;
            token.folded = word.folded;
            token.stem = word.stem;
            token.folded_stem = word.folded_stem;
            token.stopword = word.stopword;
        }
    }

    // Positions, and the joined form of hyphenated compounds in front of
    // their parts: `start-up` -> =startup[p] start[p] up[p+1].
    out.reserve(out.size() + words.size());
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
            Token& joined = out.emplace_back();
            joined.kind = TokenKind::Compound;
            joined.parts = static_cast<std::uint8_t>(last - i + 1);
            joined.begin = words[i].begin;
            joined.end = words[last].end;
            joined.position = position;
            for (std::size_t k = i; k <= last; ++k) {
                joined.term += words[k].term;
                joined.folded += words[k].folded;
            }
            std::tie(joined.stem, joined.folded_stem) = joined_stems(joined.term, joined.folded);
        }
        for (std::size_t k = i; k <= chain_end; ++k) {
            words[k].position = position++;
            out.push_back(std::move(words[k]));
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

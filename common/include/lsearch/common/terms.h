// The terms a token is indexed as: the one place where the indexer (which
// writes them) and the searcher (which looks them up) agree on it.
#pragma once

#include <string>
#include <string_view>

#include "lsearch/common/analyzer.h"
#include "lsearch/common/schema.h"

namespace lsearch::terms {

/// Whether `token` is matched through its stems. Numbers and stop words are
/// not: they are matched as written, accents folded.
inline bool stemmed(const Token& token) {
    return token.kind != TokenKind::Number && !token.stopword && !token.folded_stem.empty();
}

/// The term that holds `token`'s positions in the field `prefix` ("" for the
/// body, schema::kTitlePrefix for the title): a stemmed word's folded stem
/// (`Z<folded stem>`, `ZS<folded stem>`), else the folded form itself. A
/// phrase or a proximity is matched on these terms, so it matches the words'
/// inflections and ignores accents (`"élection présidentielle"` finds
/// `élections présidentielles`).
inline std::string positional(const Token& token, std::string_view prefix) {
    std::string term;
    if (stemmed(token)) {
        term.reserve(schema::kStemPrefix.size() + prefix.size() + token.folded_stem.size());
        term.append(schema::kStemPrefix).append(prefix).append(token.folded_stem);
    } else {
        term.reserve(prefix.size() + token.folded.size());
        term.append(prefix).append(token.folded);
    }
    return term;
}

}  // namespace lsearch::terms

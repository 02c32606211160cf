#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include "lsearch/common/error.h"
#include "stages.h"

namespace lsearch::detail {
namespace {

bool is_ascii(std::string_view s) {
    for (char c : s) {
        if (static_cast<unsigned char>(c) >= 0x80) return false;
    }
    return true;
}

const icu::Normalizer2& nfkc_casefold() {
    static const icu::Normalizer2* instance = [] {
        UErrorCode status = U_ZERO_ERROR;
        const icu::Normalizer2* n = icu::Normalizer2::getNFKCCasefoldInstance(status);
        if (U_FAILURE(status) || n == nullptr) {
            throw Error(std::string("ICU NFKC_Casefold unavailable: ") + u_errorName(status));
        }
        return n;
    }();
    return *instance;
}

}  // namespace

std::string normalize(std::string_view word) {
    if (is_ascii(word)) {
        std::string out(word);
        for (char& c : out) {
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        }
        return out;
    }
    // fromUTF8 reads ill-formed sequences as U+FFFD.
    const icu::UnicodeString source = icu::UnicodeString::fromUTF8(
        icu::StringPiece(word.data(), static_cast<int32_t>(word.size())));
    UErrorCode status = U_ZERO_ERROR;
    icu::UnicodeString folded = nfkc_casefold().normalize(source, status);
    if (U_FAILURE(status)) throw Error(std::string("ICU normalize: ") + u_errorName(status));
    // NFKC keeps the French ligatures and typographic apostrophes; a reader
    // types `coeur` and `'`.
    folded.findAndReplace(icu::UnicodeString(static_cast<UChar32>(0x0153)),
                          icu::UnicodeString(u"oe"));
    folded.findAndReplace(icu::UnicodeString(static_cast<UChar32>(0x00E6)),
                          icu::UnicodeString(u"ae"));
    folded.findAndReplace(icu::UnicodeString(static_cast<UChar32>(0x2019)),
                          icu::UnicodeString(u"'"));
    folded.findAndReplace(icu::UnicodeString(static_cast<UChar32>(0x02BC)),
                          icu::UnicodeString(u"'"));
    folded.findAndReplace(icu::UnicodeString(static_cast<UChar32>(0x2018)),
                          icu::UnicodeString(u"'"));
    // NFKC maps a few letters that UAX #29 keeps inside words to a space and
    // a combining mark (U+037A GREEK YPOGEGRAMMENI, the Arabic presentation
    // forms U+FE70..U+FE7F): a term never holds a space.
    for (int32_t i = folded.length(); i-- > 0;) {
        if (u_isUWhiteSpace(folded.charAt(i))) folded.remove(i, 1);
    }
    std::string out;
    folded.toUTF8String(out);
    return out;
}

}  // namespace lsearch::detail

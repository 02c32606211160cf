#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include "lsearch/common/error.h"
#include "stages.h"

namespace lsearch::detail {

std::string fold_accents(std::string_view term) {
    bool ascii = true;
    for (char c : term) {
        if (static_cast<unsigned char>(c) >= 0x80) {
            ascii = false;
            break;
        }
    }
    if (ascii) return std::string(term);

    static const icu::Normalizer2* nfd = [] {
        UErrorCode status = U_ZERO_ERROR;
        const icu::Normalizer2* n = icu::Normalizer2::getNFDInstance(status);
        if (U_FAILURE(status) || n == nullptr) {
            throw Error(std::string("ICU NFD unavailable: ") + u_errorName(status));
        }
        return n;
    }();
    UErrorCode status = U_ZERO_ERROR;
    const icu::UnicodeString decomposed =
        nfd->normalize(icu::UnicodeString::fromUTF8(
                           icu::StringPiece(term.data(), static_cast<int32_t>(term.size()))),
                       status);
    if (U_FAILURE(status)) throw Error(std::string("ICU NFD: ") + u_errorName(status));
    icu::UnicodeString bare;
    for (int32_t i = 0; i < decomposed.length();) {
        const UChar32 c = decomposed.char32At(i);
        if (u_charType(c) != U_NON_SPACING_MARK) bare.append(c);
        i += U16_LENGTH(c);
    }
    std::string out;
    bare.toUTF8String(out);
    return out;
}

}  // namespace lsearch::detail

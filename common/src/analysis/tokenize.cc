#include <limits>

#include <unicode/brkiter.h>
#include <unicode/utext.h>

#include "lsearch/common/error.h"
#include "stages.h"

namespace lsearch::detail {
namespace {

constexpr std::string_view kNarrowNoBreakSpace = "\xE2\x80\xAF";  // U+202F
constexpr std::string_view kThinSpace = "\xE2\x80\x89";           // U+2009

}  // namespace

Segmenter::Segmenter() {
    UErrorCode status = U_ZERO_ERROR;
    breaker_.reset(icu::BreakIterator::createWordInstance(icu::Locale::getFrench(), status));
    if (U_FAILURE(status) || !breaker_) {
        throw Error(std::string("ICU word break iterator unavailable: ") + u_errorName(status) +
                    " (is the ICU data package installed?)");
    }
}

Segmenter::~Segmenter() = default;

void Segmenter::segment(std::string_view text, std::vector<Span>& out) {
    if (text.size() > static_cast<std::size_t>(std::numeric_limits<int32_t>::max())) {
        throw InvalidArgument("text too long to analyse (over 2 GiB)");
    }
    // UAX #29 classes U+202F NARROW NO-BREAK SPACE as ExtendNumLet (for
    // Mongolian), which glues it to the letters and digits around it: French
    // typography's `bonjour\u202f!` would give the word "bonjour " and
    // `2024\u202f2025` one number. Segment a copy where it is U+2009 THIN
    // SPACE, a plain space to UAX #29 and also three bytes long, so offsets
    // still point into `text` (numbers.cc reads the original separators).
    std::string_view segmented = text;
    if (text.find(kNarrowNoBreakSpace) != std::string_view::npos) {
        respaced_.assign(text);
        for (std::size_t at = respaced_.find(kNarrowNoBreakSpace); at != std::string::npos;
             at = respaced_.find(kNarrowNoBreakSpace, at + 3)) {
            respaced_.replace(at, 3, kThinSpace);
        }
        segmented = respaced_;
    }
    UErrorCode status = U_ZERO_ERROR;
    // ICU's UTF-8 UText reads ill-formed sequences as U+FFFD; indexes stay
    // byte offsets into `text`.
    UText* utext =
        utext_openUTF8(nullptr, segmented.data(), static_cast<int64_t>(segmented.size()), &status);
    if (U_FAILURE(status)) throw Error(std::string("ICU utext_openUTF8: ") + u_errorName(status));
    breaker_->setText(utext, status);
    if (U_FAILURE(status)) {
        utext_close(utext);
        throw Error(std::string("ICU BreakIterator::setText: ") + u_errorName(status));
    }
    int32_t begin = breaker_->first();
    for (int32_t end = breaker_->next(); end != icu::BreakIterator::DONE;
         begin = end, end = breaker_->next()) {
        const int32_t rule = breaker_->getRuleStatus();
        if (rule >= UBRK_WORD_NONE && rule < UBRK_WORD_NONE_LIMIT) continue;
        out.push_back({static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(end),
                       rule >= UBRK_WORD_NUMBER && rule < UBRK_WORD_NUMBER_LIMIT});
    }
    // The iterator keeps a pointer to the UText; detach before closing it.
    breaker_->setText(icu::UnicodeString());
    utext_close(utext);
}

}  // namespace lsearch::detail

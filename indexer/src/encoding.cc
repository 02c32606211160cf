// The encoding of an article file. See encoding.h.
#include "encoding.h"

#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <vector>

#include "lsearch/common/analyzer.h"
#include "lsearch/common/error.h"

namespace lsearch::detail {
namespace {

// The detector's guesses are scores out of 100. A short or ambiguous text
// gets low or close scores (`Café crème` alone: no Latin-1 guess at all;
// Latin-1 and Latin-2 tie on a few accented letters); a paragraph of French
// in Latin-1 or Windows-1252 scores 55 or more, twice the next guess.
constexpr int kMinConfidence = 30;
constexpr int kMinLead = 10;

constexpr std::string_view kConvert =
    "convert it to UTF-8, e.g. `iconv -f windows-1252 -t utf-8` for Windows or Latin-1 text";

std::string hex_byte(unsigned char c) {
    char buffer[8];
    std::snprintf(buffer, sizeof buffer, "0x%02X", c);
    return buffer;
}

// `bytes` decoded from `encoding` (an ICU converter name) into UTF-8, or
// throws: an invalid sequence stops the conversion, never becomes U+FFFD.
std::string convert(std::string_view bytes, const char* encoding, std::string_view how) {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<UConverter, decltype(&ucnv_close)> converter(ucnv_open(encoding, &status),
                                                                 &ucnv_close);
    if (U_FAILURE(status)) {
        throw InputError("text in " + std::string(encoding) + " (" + std::string(how) +
                         "), which ICU cannot convert; " + std::string(kConvert));
    }
    ucnv_setToUCallBack(converter.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr,
                        &status);
    std::vector<UChar> units(bytes.size() + 1);
    const char* source = bytes.data();
    UChar* target = units.data();
    ucnv_toUnicode(converter.get(), &target, units.data() + units.size(), &source,
                   bytes.data() + bytes.size(), nullptr, true, &status);
    if (U_FAILURE(status)) {
        const auto offset = static_cast<std::size_t>(source - bytes.data());
        throw InputError("invalid " + std::string(encoding) + " text (" + std::string(how) +
                         ") near byte " + std::to_string(offset + 1) + "; " +
                         std::string(kConvert));
    }
    std::string out;
    icu::UnicodeString(false, units.data(), static_cast<int32_t>(target - units.data()))
        .toUTF8String(out);
    return out;
}

bool is_utf16_or_32(std::string_view name) {
    return name.starts_with("UTF-16") || name.starts_with("UTF-32");
}

struct Guess {
    std::string name;
    int confidence = 0;
    int next = 0;  // the best confidence of another encoding
};

// The detector's guess, among UTF-16 and UTF-32 only (`wide`), or among the
// others: it also offers UTF-16 (at 10/100) for any text without NUL bytes.
Guess detect(std::string_view bytes, bool wide) {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<UCharsetDetector, decltype(&ucsdet_close)> detector(ucsdet_open(&status),
                                                                        &ucsdet_close);
    ucsdet_setText(detector.get(), bytes.data(), static_cast<int32_t>(bytes.size()), &status);
    int32_t count = 0;
    const UCharsetMatch** matches = ucsdet_detectAll(detector.get(), &count, &status);
    Guess guess;
    if (U_FAILURE(status)) return guess;
    for (int32_t i = 0; i < count; ++i) {  // best first
        const std::string name = ucsdet_getName(matches[i], &status);
        if (U_FAILURE(status)) return {};
        if (is_utf16_or_32(name) != wide) continue;
        if (guess.name.empty()) {
            guess.name = name;
            guess.confidence = ucsdet_getConfidence(matches[i], &status);
        } else if (name != guess.name) {
            guess.next = ucsdet_getConfidence(matches[i], &status);
            break;
        }
    }
    if (U_FAILURE(status)) return {};
    return guess;
}

}  // namespace

std::string position_of(std::string_view text, std::size_t offset) {
    const auto before = text.substr(0, offset);
    const auto line = std::count(before.begin(), before.end(), '\n') + 1;
    const auto line_start = before.rfind('\n');
    const auto column = line_start == std::string_view::npos ? offset + 1 : offset - line_start;
    return "line " + std::to_string(line) + ", byte " + std::to_string(column);
}

std::optional<std::string> to_utf8(std::string_view bytes) {
    int32_t signature = 0;
    UErrorCode status = U_ZERO_ERROR;
    if (const char* marked = ucnv_detectUnicodeSignature(
            bytes.data(), static_cast<int32_t>(std::min<std::size_t>(bytes.size(), 4)), &signature,
            &status);
        U_SUCCESS(status) && marked != nullptr && is_utf16_or_32(marked)) {
        return convert(bytes.substr(static_cast<std::size_t>(signature)), marked,
                       "byte order mark");
    }

    const auto invalid = first_invalid_utf8(bytes);
    const bool has_nul = bytes.find('\0') != std::string_view::npos;
    if (invalid == std::string_view::npos && !has_nul) return std::nullopt;

    if (has_nul) {
        // UTF-16 or UTF-32 without a mark, or binary, which the caller rejects.
        const Guess guess = detect(bytes, true);
        if (guess.confidence >= kMinConfidence && guess.confidence - guess.next >= kMinLead) {
            return convert(bytes, guess.name.c_str(), "detected");
        }
        return std::nullopt;
    }

    // Valid multi-byte sequences beside the invalid bytes, or the detector
    // taking the text for UTF-8: UTF-8 text with something else pasted in,
    // which no single encoding decodes.
    std::size_t valid = 0, bad = 0;
    const auto* s = reinterpret_cast<const uint8_t*>(bytes.data());
    const auto length = static_cast<int64_t>(bytes.size());
    for (int64_t i = 0; i < length;) {
        if (s[i] < 0x80) {
            ++i;
            continue;
        }
        UChar32 c;
        U8_NEXT(s, i, length, c);
        ++(c < 0 ? bad : valid);
    }
    const Guess guess = detect(bytes, false);
    if (valid > bad || guess.name == "UTF-8") {
        throw InputError("not valid UTF-8: byte " +
                         hex_byte(static_cast<unsigned char>(bytes[invalid])) + " at " +
                         position_of(bytes, invalid) +
                         " is not UTF-8, though the rest of the text is (a mix of encodings?); "
                         "replace the bytes that are not UTF-8");
    }

    const bool confident =
        guess.confidence >= kMinConfidence && guess.confidence - guess.next >= kMinLead;
    if (!confident) {
        std::string best;
        if (!guess.name.empty()) {
            best = " (ICU's best guess, " + guess.name + ", has confidence " +
                   std::to_string(guess.confidence) + "/100" +
                   (guess.next > 0 ? ", the next " + std::to_string(guess.next) : "") + ")";
        }
        throw InputError("not UTF-8 (byte " + hex_byte(static_cast<unsigned char>(bytes[invalid])) +
                         " at " + position_of(bytes, invalid) +
                         "), and its encoding cannot be told with confidence" + best + "; " +
                         std::string(kConvert));
    }
    return convert(bytes, guess.name.c_str(), "detected");
}

}  // namespace lsearch::detail

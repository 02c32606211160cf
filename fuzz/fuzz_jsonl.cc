// libFuzzer target: arbitrary bytes as one JSON Lines record, through
// lsearch::detail::parse_jsonl_record. Fails (aborts) when it throws anything
// but InputError, when an InputError does not start with the record's
// origin, or when an article breaks what input.h promises (input_checks.h).
// See fuzz/README.md.
#include <cstdint>
#include <string_view>

#include "input.h"
#include "input_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    constexpr const char* kTarget = "fuzz_jsonl";
    const std::string_view line(reinterpret_cast<const char*>(data), size);
    try {
        const lsearch::Article article = lsearch::detail::parse_jsonl_record(line, "feed.jsonl:7");
        lsearch::fuzz::check_article(kTarget, article);
    } catch (const lsearch::InputError& e) {
        lsearch::fuzz::check_error(kTarget, e, "feed.jsonl:7");
    } catch (const std::exception& e) {
        lsearch::fuzz::fail(kTarget, std::string("threw: ") + e.what());
    }
    return 0;
}

// libFuzzer target: arbitrary bytes as an article file, through the
// front-matter reader (lsearch::detail::parse_article_file). Fails (aborts)
// when it throws anything but InputError, when an InputError does not start
// with the file's name, or when an article breaks what input.h promises
// (input_checks.h). See fuzz/README.md.
#include <cstdint>
#include <string_view>

#include "input.h"
#include "input_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    constexpr const char* kTarget = "fuzz_article";
    const std::string_view content(reinterpret_cast<const char*>(data), size);
    try {
        const lsearch::Article article =
            lsearch::detail::parse_article_file(content, "default-id", "fuzz.md");
        lsearch::fuzz::check_article(kTarget, article);
    } catch (const lsearch::InputError& e) {
        lsearch::fuzz::check_error(kTarget, e, "fuzz.md");
    } catch (const std::exception& e) {
        lsearch::fuzz::fail(kTarget, std::string("threw: ") + e.what());
    }
    return 0;
}

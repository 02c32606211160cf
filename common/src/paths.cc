#include "lsearch/common/paths.h"

namespace lsearch {

std::string default_index_path(const char* lsearch_db, const char* xdg_data_home,
                               const char* home) {
    auto set = [](const char* value) { return value != nullptr && *value != '\0'; };
    if (set(lsearch_db)) return lsearch_db;
    if (set(xdg_data_home)) return std::string(xdg_data_home) + "/lsearch/index";
    if (set(home)) return std::string(home) + "/.local/share/lsearch/index";
    return "lsearch-index";
}

}  // namespace lsearch

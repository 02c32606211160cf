// Where the index lives when no path is given.
#pragma once

#include <string>

namespace lsearch {

/// The default index path, from the values of the environment variables
/// (nullptr or empty when unset): `$LSEARCH_DB`, else
/// `$XDG_DATA_HOME/lsearch/index`, else `$HOME/.local/share/lsearch/index`,
/// else `lsearch-index` in the current directory. The library never reads
/// the environment itself: the command-line tools pass these values in.
std::string default_index_path(const char* lsearch_db, const char* xdg_data_home,
                               const char* home);

}  // namespace lsearch

// Small measuring helpers shared by the benchmark programs.
#pragma once

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace lsearch::bench {

/// The median (the mean of the two middle values for an even count).
inline double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    const std::size_t n = values.size();
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

/// Bytes in the regular files under `directory`.
inline std::uint64_t directory_bytes(const std::filesystem::path& directory) {
    std::uint64_t bytes = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(directory)) {
        if (entry.is_regular_file()) bytes += entry.file_size();
    }
    return bytes;
}

/// The database an lsearch index's stub names (`PATH/XAPIANDB`: `auto gen-N`).
inline std::filesystem::path current_generation(const std::filesystem::path& index) {
    std::ifstream stub(index / "XAPIANDB");
    std::string backend, name;
    if (!(stub >> backend >> name)) throw std::runtime_error("no readable stub in " + index.string());
    return index / name;
}

/// The 1, 5 and 15-minute load averages, as /proc/loadavg gives them.
inline std::string load_average() {
    std::ifstream in("/proc/loadavg");
    std::string one, five, fifteen;
    in >> one >> five >> fifteen;
    return one + " " + five + " " + fifteen;
}

}  // namespace lsearch::bench

// Small measuring helpers shared by the benchmark programs.
#pragma once

#include <algorithm>
#include <cmath>
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

/// A benchmark query and the set it comes from (its file's stem: words,
/// phrases, filters...).
struct Query {
    std::string text;
    std::string set;
};

/// Every non-blank line not starting with '#' of the `*.txt` files of a
/// directory (or of one file), in file name order.
inline std::vector<Query> read_queries(const std::filesystem::path& where) {
    std::vector<std::filesystem::path> files;
    if (std::filesystem::is_directory(where)) {
        for (const auto& entry : std::filesystem::directory_iterator(where)) {
            if (entry.path().extension() == ".txt") files.push_back(entry.path());
        }
        std::sort(files.begin(), files.end());
    } else {
        files.push_back(where);
    }
    std::vector<Query> queries;
    for (const auto& file : files) {
        std::ifstream in(file);
        if (!in) throw std::runtime_error("cannot read queries from " + file.string());
        std::string line;
        while (std::getline(in, line)) {
            if (line.empty() || line.starts_with('#')) continue;
            queries.push_back({line, file.stem().string()});
        }
    }
    if (queries.empty()) throw std::runtime_error("no query in " + where.string());
    return queries;
}

/// The nearest-rank percentile `p` (0 to 100) of sorted values.
inline double percentile(const std::vector<double>& sorted, double p) {
    const auto rank =
        static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(sorted.size())));
    return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

}  // namespace lsearch::bench

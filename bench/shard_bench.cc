// shard_bench: what sharding costs and buys on one machine (docs/SCALING.md).
//
// Indexes a corpus with `lindex --shards N` for each N (timed: indexing
// throughput), serves every shard with its own `xapian-tcpsrv` on 127.0.0.1,
// and times each query of a query file through the searcher library on:
// the 1-database index opened locally (the baseline, measured in the same
// run), then N shards over loopback (the stub lists the local meta database
// and N `remote` shards). Configurations take turns within each repetition,
// so that the machine's load weighs on all alike. Prints p50/p95 latencies,
// their ratio to the baseline, index sizes and the load average.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <boost/program_options.hpp>

#include "lsearch/searcher.h"
#include "measure.h"

extern char** environ;

namespace fs = std::filesystem;
namespace po = boost::program_options;
using Clock = std::chrono::steady_clock;

namespace {

using lsearch::bench::current_generation;
using lsearch::bench::directory_bytes;
using lsearch::bench::load_average;
using lsearch::bench::median;
using lsearch::bench::percentile;
using lsearch::bench::Query;
using lsearch::bench::read_queries;

// Starts `argv` (looked up on PATH) in a process group of its own (on
// SIGTERM, xapian-tcpsrv signals its whole group); returns its pid.
pid_t spawn(const std::vector<std::string>& args) {
    std::vector<char*> argv;
    std::vector<std::string> copy = args;
    for (auto& arg : copy)
        argv.push_back(arg.data());
    argv.push_back(nullptr);
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&attributes, 0);
    pid_t pid = 0;
    const int failed = posix_spawnp(&pid, argv[0], nullptr, &attributes, argv.data(), environ);
    posix_spawnattr_destroy(&attributes);
    if (failed != 0) throw std::runtime_error("cannot start " + args.front());
    return pid;
}

int wait_for(pid_t pid) {
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

bool connects(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    ::close(fd);
    return ok;
}

// One xapian-tcpsrv per shard, killed at the end.
struct Servers {
    std::vector<pid_t> pids;
    ~Servers() {
        for (pid_t pid : pids) {
            ::kill(pid, SIGTERM);
            wait_for(pid);
        }
    }
    // Serves `database` on `port`; returns when it accepts connections.
    void serve(const fs::path& database, int port) {
        pids.push_back(spawn({"xapian-tcpsrv", "--quiet", "--port", std::to_string(port),
                              "--interface", "127.0.0.1", database.string()}));
        // Each probe costs the server a "Connection reset" line: probe until up.
        bool up = false;
        for (int i = 0; i < 200 && !(up = connects(port)); ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        if (!up) throw std::runtime_error("xapian-tcpsrv did not start on " + database.string());
    }
};

struct Config {
    std::string name;
    fs::path db;  // a directory or a stub file
    std::vector<std::vector<double>> ms;  // each query's times, one per pass
    std::set<std::size_t> uncorrected;    // queries it answered without spelling

    // Each query's median, sorted.
    std::vector<double> medians() const {
        std::vector<double> out;
        for (const auto& times : ms)
            out.push_back(median(times));
        std::sort(out.begin(), out.end());
        return out;
    }
};

}  // namespace

int main(int argc, char** argv) {
    std::string corpus, queries_path, work, lindex;
    std::vector<unsigned> shard_counts;
    int reps = 5;
    bool reuse = false;
    int base_port = 0;
    po::options_description options(
        "Usage: shard_bench [OPTIONS]\nIndexes a corpus as 1 and N shards, serves the shards "
        "with xapian-tcpsrv on 127.0.0.1 and times queries (docs/SCALING.md).\n\nOptions");
    options.add_options()("help,h", "print this help")(
        "corpus", po::value(&corpus)->default_value(LSEARCH_CORPUS_DIR "/orangesum.jsonl.gz"),
        "articles (JSON Lines)")(
        "queries",
        po::value(&queries_path)->default_value(LSEARCH_SOURCE_DIR "/bench/queries"),
        "a directory of *.txt query files, or one file: one query per line; # starts a comment")(
        "work", po::value(&work)->default_value("shard-bench"), "directory for the indexes")(
        "lindex", po::value(&lindex)->default_value(LSEARCH_LINDEX), "the lindex program")(
        "shards", po::value(&shard_counts)->multitoken()->default_value({1, 2, 4}, "1 2 4"),
        "shard counts to build and serve")("reps", po::value(&reps)->default_value(5),
                                           "timed passes over the queries")(
        "port", po::value(&base_port)->default_value(7400), "first TCP port for xapian-tcpsrv")(
        "reuse", po::bool_switch(&reuse),
        "keep the indexes a previous run left in --work (no indexing figures)");
    po::variables_map vm;
    try {
        po::store(po::parse_command_line(argc, argv, options), vm);
        po::notify(vm);
    } catch (const po::error& e) {
        std::cerr << "shard_bench: " << e.what() << '\n';
        return 2;
    }
    if (vm.count("help") != 0U) {
        std::cout << options << '\n';
        return 0;
    }
    if (std::find(shard_counts.begin(), shard_counts.end(), 1U) == shard_counts.end()) {
        shard_counts.insert(shard_counts.begin(), 1);  // the baseline
    }

    std::vector<Query> queries;
    try {
        queries = read_queries(queries_path);
    } catch (const std::exception& e) {
        std::cerr << "shard_bench: " << e.what() << '\n';
        return 2;
    }

    std::setvbuf(stdout, nullptr, _IOLBF, 0);  // each line as it comes
    try {
        std::cout << "load average before: " << load_average() << "\n\n";
        std::cout << "| shards | indexing s | articles/s | ratio to 1 | index MB "
                     "|\n|---|---|---|---|---|\n";
        double baseline_seconds = 0;
        for (unsigned shards : shard_counts) {
            const fs::path db = fs::path(work) / ("shards-" + std::to_string(shards));
            if (reuse && fs::exists(db / "XAPIANDB")) {
                std::printf("| %u | (reused) | | | %.0f |\n", shards,
                            static_cast<double>(directory_bytes(current_generation(db))) / 1e6);
                continue;
            }
            fs::remove_all(db);
            const auto start = Clock::now();
            const int status = wait_for(spawn({lindex, "--quiet", "--db", db.string(), "--shards",
                                               std::to_string(shards), corpus}));
            const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
            if (status != 0) throw std::runtime_error("lindex failed on " + db.string());
            if (shards == 1) baseline_seconds = seconds;
            const double documents =
                static_cast<double>(lsearch::Searcher(db.string()).document_count());
            std::printf("| %u | %.1f | %.0f | %.2f | %.0f |\n", shards, seconds,
                        documents / seconds,
                        baseline_seconds > 0 ? seconds / baseline_seconds : 0.0,
                        static_cast<double>(directory_bytes(current_generation(db))) / 1e6);
        }

        // The configurations: the local 1-database index, then each count
        // served over loopback.
        Servers servers;
        std::vector<Config> configs{
            {"1 local database (baseline)", fs::path(work) / "shards-1", {}, {}}};
        int port = base_port;
        for (unsigned shards : shard_counts) {
            const fs::path gen = current_generation(fs::path(work) / ("shards-" + std::to_string(shards)));
            std::string stub;
            if (shards == 1) {
                servers.serve(gen, port);
                stub = "remote 127.0.0.1:" + std::to_string(port++) + "\n";
            } else {
                stub = "auto " + fs::absolute(gen / "meta").string() + "\n";
                for (unsigned k = 0; k < shards; ++k) {
                    servers.serve(gen / ("shard-" + std::to_string(k)), port);
                    stub += "remote 127.0.0.1:" + std::to_string(port++) + "\n";
                }
            }
            const fs::path stub_path =
                fs::path(work) / ("remote-" + std::to_string(shards) + ".stub");
            std::ofstream(stub_path) << stub;
            configs.push_back({std::to_string(shards) + " remote shard" + (shards > 1 ? "s" : ""),
                               stub_path,
                               {},
                               {}});
        }

        std::vector<lsearch::Searcher> searchers;
        for (const auto& config : configs)
            searchers.emplace_back(config.db.string());
        std::vector<std::uint64_t> totals(queries.size());
        for (auto& config : configs)
            config.ms.resize(queries.size());
        for (int rep = -1; rep < reps; ++rep) {  // rep -1 warms the caches up, untimed
            for (std::size_t c = 0; c < configs.size(); ++c) {
                for (std::size_t q = 0; q < queries.size(); ++q) {
                    lsearch::SearchRequest request;
                    request.query = queries[q].text;
                    const auto start = Clock::now();
                    const lsearch::SearchResponse response = searchers[c].search(request);
                    const double ms =
                        std::chrono::duration<double, std::milli>(Clock::now() - start).count();
                    if (rep >= 0) configs[c].ms[q].push_back(ms);
                    // Every layout must find what the baseline finds, but
                    // one without a spelling table (a stub listing no local
                    // meta database) cannot correct a question's unknown
                    // words (docs/SCALING.md): those are counted apart.
                    const bool no_spelling = std::any_of(
                        response.warnings.begin(), response.warnings.end(),
                        [](const std::string& w) { return w.starts_with("no spelling"); });
                    if (c == 0) totals[q] = response.total;
                    if (no_spelling) {
                        if (rep < 0) configs[c].uncorrected.insert(q);
                    } else if (response.total != totals[q]) {
                        throw std::runtime_error(configs[c].name + " finds " +
                                                 std::to_string(response.total) + " for \"" +
                                                 queries[q].text + "\", the baseline " +
                                                 std::to_string(totals[q]));
                    }
                }
            }
        }
        // Each query's median over the passes, then nearest-rank percentiles
        // over the queries, as lsearch_bench computes them.
        const double base_p50 = percentile(configs[0].medians(), 50);
        std::printf("\n%zu queries x %d passes (limit 10, facets, snippets; percentiles of each "
                    "query's median)\n\n",
                    queries.size(), reps);
        std::printf("| configuration | p50 ms | p95 ms | p99 ms | p50 ratio to baseline "
                    "|\n|---|---|---|---|---|\n");
        for (const auto& config : configs) {
            const std::vector<double> sorted = config.medians();
            std::printf("| %s | %.2f | %.2f | %.2f | %.2f |\n", config.name.c_str(),
                        percentile(sorted, 50), percentile(sorted, 95), percentile(sorted, 99),
                        percentile(sorted, 50) / base_p50);
        }
        for (const auto& config : configs) {
            if (config.uncorrected.empty()) continue;
            std::printf("\n%s: %zu queries answered without spelling corrections (no local "
                        "meta database), so not checked against the baseline's totals:",
                        config.name.c_str(), config.uncorrected.size());
            for (std::size_t q : config.uncorrected)
                std::printf(" \"%s\"", queries[q].text.c_str());
            std::printf("\n");
        }
        std::cout << "\nload average after: " << load_average() << '\n';
    } catch (const std::exception& e) {
        std::cerr << "shard_bench: " << e.what() << '\n';
        return 2;
    }
    return 0;
}

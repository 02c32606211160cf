// lsearch_bench: lsearch against the Xapian baseline (baseline.h), in one
// run, on the same input (issue 6).
//
// For each scale (1x, 3x, 10x the input, repeated with new ids):
//   - writes the scaled input as one JSON Lines file;
//   - indexes it with the baseline and with the real `lindex` (--jobs N), each
//     in its own child process, interleaved when repeated: wall time, CPU time
//     (user + system) and peak RSS from wait4(); index size on disk, before
//     and after `xapian-compact`;
//   - opens both indexes in this process and times the query set
//     (bench/queries/*.txt): the baseline (QueryParser, top 10), lsearch with
//     snippets and facets, lsearch without; after a warm-up pass, --reps
//     repetitions with the systems interleaved in a rotating order; each
//     query's median, then p50/p95/p99 and the total over the queries, in
//     elapsed time and in the process's CPU time, all threads (which the
//     other jobs of a shared machine do not inflate).
// Prints one table per scale with lsearch / baseline ratios, the targets of
// issue 6 met or missed, and how each cost grows with the scale.
//
// Exit status: 0 when every run succeeded, 2 on an error (bad option,
// unreadable input, a child that failed, indexes with the wrong document
// count). No timing is ever an error: the figures are for people to read.
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <boost/program_options.hpp>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include "baseline.h"
#include "input.h"
#include "lsearch/searcher.h"
#include "measure.h"

namespace fs = std::filesystem;
namespace po = boost::program_options;

namespace {

using lsearch::bench::current_generation;
using lsearch::bench::directory_bytes;
using lsearch::bench::load_average;
using lsearch::bench::median;
using lsearch::bench::percentile;
using lsearch::bench::Query;
using lsearch::bench::read_queries;

constexpr std::size_t kTop = 10;  // hits asked for, as a results page

struct Options {
    std::vector<std::string> inputs;
    std::size_t articles = 0;  // 0: all
    std::vector<unsigned> scales{1, 3, 10};
    std::string queries = LSEARCH_BENCH_QUERIES;
    unsigned reps = 5;
    unsigned index_reps = 1;
    std::string work;
    std::string lindex = LSEARCH_BENCH_LINDEX;
    unsigned jobs = 2;
    std::string companies = LSEARCH_BENCH_SOURCE_DIR "/data/companies.tsv";
    std::string synonyms = LSEARCH_BENCH_SOURCE_DIR "/data/synonyms.tsv";
    std::vector<std::string> lindex_args;
    bool keep = false;
    bool queries_only = false;  // time the queries on the indexes a --keep run left
};

// ---------------------------------------------------------------- children

struct ChildRun {
    double wall = 0;       // seconds
    double cpu = 0;        // user + system seconds
    double peak_mb = 0;    // maximum resident set size, MiB
};

double seconds_of(const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
}

std::string command_line(const std::vector<std::string>& argv) {
    std::string line;
    for (const auto& arg : argv) line += (line.empty() ? "" : " ") + arg;
    return line;
}

// Runs argv[0] (searched in PATH) with its standard output discarded, and
// measures it. Throws when it cannot be started or does not exit with 0.
ChildRun run_child(const std::vector<std::string>& argv) {
    std::vector<char*> args;
    for (const auto& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
    args.push_back(nullptr);
    std::cout.flush();
    std::fflush(stdout);
    const auto start = std::chrono::steady_clock::now();
    const pid_t pid = ::fork();
    if (pid < 0) throw std::runtime_error("cannot fork: " + std::string(std::strerror(errno)));
    if (pid == 0) {
        // Only async-signal-safe calls between fork and exec.
        const int null = ::open("/dev/null", O_WRONLY);
        if (null < 0 || ::dup2(null, STDOUT_FILENO) < 0) ::_exit(127);
        ::execvp(args[0], args.data());
        static constexpr char kMessage[] = "lsearch_bench: cannot run a child program\n";
        [[maybe_unused]] const auto written = ::write(STDERR_FILENO, kMessage, sizeof kMessage - 1);
        ::_exit(127);
    }
    int status = 0;
    rusage usage{};
    while (::wait4(pid, &status, 0, &usage) < 0) {
        if (errno != EINTR) throw std::runtime_error("wait4: " + std::string(std::strerror(errno)));
    }
    ChildRun run;
    run.wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        throw std::runtime_error(
            command_line(argv) + ": " +
            (!WIFEXITED(status)         ? "killed by signal " + std::to_string(WTERMSIG(status))
             : WEXITSTATUS(status) == 127 ? std::string("cannot be run (not found or not executable)")
                                          : "exit status " + std::to_string(WEXITSTATUS(status))));
    }
    run.cpu = seconds_of(usage.ru_utime) + seconds_of(usage.ru_stime);
    run.peak_mb = static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB
    return run;
}

// The child side of the baseline: `lsearch_bench --baseline-index DB INPUT`.
int baseline_index(const std::string& db, const std::string& input) {
    lsearch::bench::BaselineIndexer indexer(db);
    const lsearch::detail::InputFile file{input, input, "",
                                          lsearch::detail::InputFile::Format::Jsonl};
    int status = 0;
    lsearch::detail::read_input(file, [&](lsearch::detail::InputItem&& item) {
        if (item.ok) {
            indexer.add(item.article);
        } else {
            std::cerr << "lsearch_bench: " << item.error << '\n';
            status = 2;
        }
    });
    indexer.commit();
    return status;
}

// ---------------------------------------------------------------- input

struct Corpus {
    std::vector<lsearch::Article> articles;
    std::uint64_t text_bytes = 0;  // title + body, what the issue calls "MB of text"
};

Corpus read_corpus(const Options& options) {
    Corpus corpus;
    bool bad = false;
    const auto files = lsearch::detail::expand_inputs(
        options.inputs, [&](const std::string& name, const std::string& reason) {
            std::cerr << "lsearch_bench: " << name << ": " << reason << '\n';
            bad = true;
        });
    for (const auto& file : files) {
        lsearch::detail::read_input(file, [&](lsearch::detail::InputItem&& item) {
            if (options.articles != 0 && corpus.articles.size() >= options.articles) return;
            if (!item.ok) {
                std::cerr << "lsearch_bench: " << item.error << " (skipped)\n";
                return;
            }
            corpus.text_bytes += item.article.title.size() + item.article.body.size();
            corpus.articles.push_back(std::move(item.article));
        });
    }
    if (bad) throw std::runtime_error("some inputs could not be read (see above)");
    if (corpus.articles.empty()) throw std::runtime_error("no article in the input");
    return corpus;
}

// The corpus `scale` times, as JSON Lines: copy r > 0 of an article has the
// id `<id>~r<r>`, so every document is new to both indexers.
void write_scaled(const Corpus& corpus, unsigned scale, const fs::path& path) {
    std::ofstream out(path, std::ios::binary);
    for (unsigned r = 0; r < scale; ++r) {
        for (const auto& article : corpus.articles) {
            nlohmann::json record = {{"id", r == 0 ? article.id
                                                   : article.id + "~r" + std::to_string(r)},
                                     {"body", article.body}};
            if (!article.title.empty()) record["title"] = article.title;
            if (!article.date.empty()) record["date"] = article.date;
            if (!article.source.empty()) record["source"] = article.source;
            if (!article.url.empty()) record["url"] = article.url;
            if (!article.companies.empty()) record["companies"] = article.companies;
            out << record.dump() << '\n';
        }
    }
    if (!out.flush()) throw std::runtime_error("cannot write " + path.string());
}

// ---------------------------------------------------------------- measures

// Percentiles of the queries' median times, and their sum, in milliseconds.
struct Latency {
    double p50 = 0, p95 = 0, p99 = 0, total = 0;
};

Latency latency(std::vector<double> times) {
    std::sort(times.begin(), times.end());
    Latency out;
    out.p50 = percentile(times, 50);
    out.p95 = percentile(times, 95);
    out.p99 = percentile(times, 99);
    for (double t : times) out.total += t;
    return out;
}

std::string utc_now() {
    const std::time_t now = std::time(nullptr);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%d %H:%M UTC", std::gmtime(&now));
    return text;
}

struct IndexFigures {
    ChildRun run;  // medians over --index-reps
    double mb = 0;         // the database searchers open
    double disk_mb = 0;    // everything the indexer left in its directory
    double compacted_mb = 0;
    std::uint64_t documents = 0;
};

struct QueryFigures {
    Latency wall;  // elapsed time, what a user waits
    Latency cpu;   // the process's CPU time: what the other jobs of a shared machine do not inflate
    std::size_t with_results = 0;
    std::size_t errors = 0;
    std::map<std::string, double> p50_by_set;
    std::vector<std::pair<double, std::string>> slowest;  // the kSlowest slowest, slowest first
};

constexpr std::size_t kSlowest = 5;

enum System { kBaseline, kFull, kPlain, kSystems };
constexpr const char* kSystemNames[kSystems] = {"xapian baseline", "lsearch +snippets+facets",
                                                "lsearch plain"};

struct ScaleFigures {
    unsigned scale = 1;
    std::uint64_t documents = 0;
    double text_mb = 0;
    IndexFigures index[2];  // kBaseline, and lsearch
    QueryFigures queries[kSystems];
    std::string load_before, load_after;
    bool indexed = true;  // false with --queries-only: no indexing figures
};

// The process's CPU time, all threads: the searcher counts on a thread of
// its own while the calling thread ranks the page.
double process_cpu_ms() {
    timespec now{};
    ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) * 1e3 + static_cast<double>(now.tv_nsec) / 1e6;
}

struct QueryTime {
    double wall_ms = 0;
    double cpu_ms = 0;
    bool found = false;  // at least one hit
};

// Runs one query on one system. Throws what the system throws for a query it
// refuses.
struct QueryRunner {
    lsearch::bench::BaselineSearcher& baseline;
    lsearch::Searcher& searcher;

    QueryTime run(System system, const std::string& query) {
        const double cpu_start = process_cpu_ms();
        const auto start = std::chrono::steady_clock::now();
        bool found = false;
        if (system == kBaseline) {
            found = baseline.search(query, kTop) > 0;
        } else {
            lsearch::SearchRequest request;
            request.query = query;
            request.limit = kTop;
            request.facets = system == kFull;
            request.snippet_length = system == kFull ? 200 : 0;
            found = !searcher.search(request).hits.empty();
        }
        const double wall =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count();
        return {wall, process_cpu_ms() - cpu_start, found};
    }
};

void measure_queries(const fs::path& baseline_db, const fs::path& lsearch_db,
                     const std::vector<Query>& queries, unsigned reps, ScaleFigures& figures) {
    lsearch::bench::BaselineSearcher baseline(baseline_db.string());
    lsearch::Searcher searcher(lsearch_db.string());
    QueryRunner runner{baseline, searcher};
    const std::size_t n = queries.size();
    // wall[system][query] and cpu[system][query] hold one time per repetition.
    using Times = std::vector<std::vector<std::vector<double>>>;
    Times wall(kSystems, std::vector<std::vector<double>>(n));
    Times cpu = wall;
    std::vector<std::vector<char>> found(kSystems, std::vector<char>(n, 0));
    std::vector<std::vector<char>> failed(kSystems, std::vector<char>(n, 0));
    // Pass 0 is the warm-up (caches, the index's pages), not counted.
    for (unsigned rep = 0; rep <= reps; ++rep) {
        for (std::size_t q = 0; q < n; ++q) {
            for (unsigned k = 0; k < kSystems; ++k) {
                const auto system = static_cast<System>((rep + q + k) % kSystems);
                if (failed[system][q] != 0) continue;
                try {
                    const QueryTime time = runner.run(system, queries[q].text);
                    if (rep > 0) {
                        wall[system][q].push_back(time.wall_ms);
                        cpu[system][q].push_back(time.cpu_ms);
                    }
                    found[system][q] = time.found ? 1 : 0;
                } catch (const std::exception& e) {
                    std::cerr << "lsearch_bench: " << kSystemNames[system] << ": query \""
                              << queries[q].text << "\": " << e.what() << '\n';
                    failed[system][q] = 1;
                }
            }
        }
    }
    for (unsigned s = 0; s < kSystems; ++s) {
        QueryFigures& out = figures.queries[s];
        std::vector<double> wall_medians, cpu_medians;
        std::map<std::string, std::vector<double>> by_set;
        for (std::size_t q = 0; q < n; ++q) {
            if (failed[s][q] != 0) {
                ++out.errors;
                continue;
            }
            const double m = median(wall[s][q]);
            wall_medians.push_back(m);
            cpu_medians.push_back(median(cpu[s][q]));
            out.slowest.emplace_back(m, queries[q].text);
            by_set[queries[q].set].push_back(m);
            out.with_results += static_cast<std::size_t>(found[s][q]);
        }
        if (wall_medians.empty()) continue;
        out.wall = latency(std::move(wall_medians));
        out.cpu = latency(std::move(cpu_medians));
        for (auto& [set, values] : by_set) out.p50_by_set[set] = median(values);
        std::sort(out.slowest.begin(), out.slowest.end(), std::greater<>());
        if (out.slowest.size() > kSlowest) out.slowest.resize(kSlowest);
    }
}

// ---------------------------------------------------------------- printing

std::string ratio(double lsearch, double baseline) {
    if (baseline <= 0) return "-";
    char text[32];
    std::snprintf(text, sizeof text, "%.2fx", lsearch / baseline);
    return text;
}

void print_indexing(const ScaleFigures& f);
void print_queries(const ScaleFigures& f);

void print_scale(const ScaleFigures& f) {
    std::printf("\n== %ux: %llu documents, %.1f MB of text (load average %s before, %s after) ==\n\n",
                f.scale, static_cast<unsigned long long>(f.documents), f.text_mb,
                f.load_before.c_str(), f.load_after.c_str());
    if (f.indexed) print_indexing(f);
    print_queries(f);
}

void print_indexing(const ScaleFigures& f) {
    const IndexFigures& x = f.index[0];
    const IndexFigures& l = f.index[1];
    std::printf("%-26s %14s %14s %14s\n", "indexing", "xapian", "lsearch", "lsearch/xapian");
    auto row = [](const char* name, double xv, double lv, const char* format) {
        char xs[32], ls[32];
        std::snprintf(xs, sizeof xs, format, xv);
        std::snprintf(ls, sizeof ls, format, lv);
        std::printf("%-26s %14s %14s %14s\n", name, xs, ls, ratio(lv, xv).c_str());
    };
    row("wall s", x.run.wall, l.run.wall, "%.2f");
    row("documents/s", static_cast<double>(f.documents) / x.run.wall,
        static_cast<double>(f.documents) / l.run.wall, "%.0f");
    row("MB/s", f.text_mb / x.run.wall, f.text_mb / l.run.wall, "%.2f");
    row("CPU s", x.run.cpu, l.run.cpu, "%.2f");
    row("peak RSS MiB", x.run.peak_mb, l.run.peak_mb, "%.1f");
    row("index MB", x.mb, l.mb, "%.1f");
    row("directory MB", x.disk_mb, l.disk_mb, "%.1f");
    row("compacted MB", x.compacted_mb, l.compacted_mb, "%.1f");
}

void print_queries(const ScaleFigures& f) {
    const QueryFigures* q = f.queries;
    std::printf("\n%-26s %14s %14s %10s %14s %10s\n", "queries (ms)", "xapian", "lsearch full",
                "ratio", "lsearch plain", "ratio");
    for (const auto clock : {&QueryFigures::wall, &QueryFigures::cpu}) {
        const std::string prefix = clock == &QueryFigures::wall ? "" : "CPU ";
        auto qrow = [&](const char* name, double Latency::*field) {
            const double xv = (q[kBaseline].*clock).*field;
            const double fv = (q[kFull].*clock).*field;
            const double pv = (q[kPlain].*clock).*field;
            std::printf("%-26s %14.3f %14.3f %10s %14.3f %10s\n", (prefix + name).c_str(), xv, fv,
                        ratio(fv, xv).c_str(), pv, ratio(pv, xv).c_str());
        };
        qrow("p50", &Latency::p50);
        qrow("p95", &Latency::p95);
        qrow("p99", &Latency::p99);
        qrow("total", &Latency::total);
    }
    for (const auto& [set, value] : q[kFull].p50_by_set) {
        const std::string name = "p50 " + set;
        const double xv = q[kBaseline].p50_by_set.contains(set) ? q[kBaseline].p50_by_set.at(set) : 0;
        const double pv = q[kPlain].p50_by_set.contains(set) ? q[kPlain].p50_by_set.at(set) : 0;
        std::printf("%-26s %14.3f %14.3f %10s %14.3f %10s\n", name.c_str(), xv, value,
                    ratio(value, xv).c_str(), pv, ratio(pv, xv).c_str());
    }
    std::printf("%-26s %14zu %14zu %10s %14zu\n", "queries with results", q[kBaseline].with_results,
                q[kFull].with_results, "", q[kPlain].with_results);
    std::printf("%-26s %14zu %14zu %10s %14zu\n", "queries refused", q[kBaseline].errors,
                q[kFull].errors, "", q[kPlain].errors);
    for (unsigned s : {kFull, kPlain}) {
        std::printf("\nslowest queries, %s (ms):", kSystemNames[s]);
        for (const auto& [ms, text] : q[s].slowest) std::printf(" %.2f \"%s\";", ms, text.c_str());
        std::printf("\n");
    }
}

// One target of issue 6: `value` against `limit`, lower is better unless
// `higher` is set.
void print_target(const std::string& what, double value, double limit, bool higher,
                  const char* unit) {
    const bool met = higher ? value >= limit : value <= limit;
    std::printf("  %-54s %9.3f%s  (target %s %.3g%s)  %s", what.c_str(), value, unit,
                higher ? ">=" : "<=", limit, unit, met ? "met" : "MISSED");
    if (!met) std::printf(" by %.2fx", higher ? limit / value : value / limit);
    std::printf("\n");
}

void print_targets(const std::vector<ScaleFigures>& all) {
    std::printf("\n== targets (issue 6) ==\n");
    for (const auto& f : all) {
        const std::string at = " at " + std::to_string(f.scale) + "x";
        const IndexFigures& x = f.index[0];
        const IndexFigures& l = f.index[1];
        if (f.indexed) {
        print_target("indexing throughput, lsearch/xapian" + at, x.run.wall / l.run.wall, 2.5, true,
                     "x");
        print_target("peak RSS, lsearch/xapian" + at, l.run.peak_mb / x.run.peak_mb, 1.0, false,
                     "x");
        print_target("index size, lsearch/xapian uncompacted" + at, l.mb / x.mb, 1.0, false, "x");
        }
        if (f.scale == 1) {
            for (const auto clock : {&QueryFigures::wall, &QueryFigures::cpu}) {
                const std::string what = clock == &QueryFigures::wall ? "" : " (CPU)";
                const auto& full = f.queries[kFull].*clock;
                print_target("query p50 with snippets+facets" + at + what, full.p50, 1.0, false,
                             " ms");
                print_target("query p99 with snippets+facets" + at + what, full.p99, 10.0, false,
                             " ms");
                print_target("query set total, plain lsearch/xapian" + at + what,
                             (f.queries[kPlain].*clock).total / (f.queries[kBaseline].*clock).total,
                             1.5, false, "x");
            }
        }
        if (f.scale == 10) {
            print_target("query p50 with snippets+facets" + at, f.queries[kFull].wall.p50, 5.0,
                         false, " ms");
            print_target("query p50 with snippets+facets" + at + " (CPU)", f.queries[kFull].cpu.p50,
                         5.0, false, " ms");
        }
    }
}

void print_scaling(const std::vector<ScaleFigures>& all) {
    if (all.size() < 2) return;
    const ScaleFigures& first = all.front();
    std::printf("\n== growth: each measure at Nx divided by its value at %ux ==\n\n%-34s",
                first.scale, "measure");
    for (const auto& f : all) std::printf(" %8ux", f.scale);
    std::printf("\n");
    auto row = [&](const std::string& name, const std::function<double(const ScaleFigures&)>& get) {
        std::printf("%-34s", name.c_str());
        for (const auto& f : all) std::printf(" %9.2f", get(first) > 0 ? get(f) / get(first) : 0.0);
        std::printf("\n");
    };
    row("documents", [](const ScaleFigures& f) { return static_cast<double>(f.documents); });
    const char* sides[2] = {"xapian", "lsearch"};
    for (int side = 0; side < 2 && first.indexed; ++side) {
        const std::string name = sides[side];
        row(name + " indexing wall", [side](const ScaleFigures& f) { return f.index[side].run.wall; });
        row(name + " indexing CPU", [side](const ScaleFigures& f) { return f.index[side].run.cpu; });
        row(name + " peak RSS", [side](const ScaleFigures& f) { return f.index[side].run.peak_mb; });
        row(name + " index size", [side](const ScaleFigures& f) { return f.index[side].mb; });
    }
    for (unsigned s = 0; s < kSystems; ++s) {
        const std::string name = kSystemNames[s];
        row(name + " p50", [s](const ScaleFigures& f) { return f.queries[s].wall.p50; });
        row(name + " p99", [s](const ScaleFigures& f) { return f.queries[s].wall.p99; });
        row(name + " CPU p50", [s](const ScaleFigures& f) { return f.queries[s].cpu.p50; });
    }
}

// ---------------------------------------------------------------- the run

std::uint64_t xapian_documents(const fs::path& db) {
    return Xapian::Database(db.string()).get_doccount();
}

ScaleFigures run_scale(const Options& options, const Corpus& corpus,
                       const std::vector<Query>& queries, unsigned scale, const fs::path& self) {
    ScaleFigures figures;
    figures.scale = scale;
    figures.documents = corpus.articles.size() * scale;
    figures.text_mb = static_cast<double>(corpus.text_bytes) * scale / 1e6;
    const fs::path dir = fs::path(options.work) / ("scale-" + std::to_string(scale));
    if (options.queries_only) {
        const fs::path dbs[2] = {dir / "xapian", dir / "lsearch"};
        for (const auto& db : dbs) {
            if (!fs::exists(db)) {
                throw std::runtime_error("--queries-only: no index at " + db.string() +
                                         "; run once with --work " + options.work + " --keep");
            }
        }
        figures.indexed = false;
        figures.load_before = load_average();
        std::fprintf(stderr, "lsearch_bench: %ux: %zu queries, %u repetitions\n", scale,
                     queries.size(), options.reps);
        measure_queries(dbs[0], dbs[1], queries, options.reps, figures);
        figures.load_after = load_average();
        return figures;
    }
    fs::remove_all(dir);
    fs::create_directories(dir);
    const fs::path input = dir / "input.jsonl";
    std::fprintf(stderr, "lsearch_bench: %ux: writing %s\n", scale, input.c_str());
    write_scaled(corpus, scale, input);

    const fs::path dbs[2] = {dir / "xapian", dir / "lsearch"};
    std::vector<std::string> commands[2];
    commands[0] = {self.string(), "--baseline-index", dbs[0].string(), input.string()};
    commands[1] = {options.lindex, "--db", dbs[1].string(), "--jobs", std::to_string(options.jobs),
                   "--quiet", "--companies", options.companies, "--synonyms", options.synonyms};
    for (const auto& arg : options.lindex_args) commands[1].push_back(arg);
    commands[1].push_back(input.string());

    figures.load_before = load_average();
    std::vector<ChildRun> runs[2];
    for (unsigned rep = 0; rep < options.index_reps; ++rep) {
        for (unsigned k = 0; k < 2; ++k) {
            const unsigned side = (rep + k) % 2;  // interleaved: who goes first alternates
            fs::remove_all(dbs[side]);
            std::fprintf(stderr, "lsearch_bench: %ux: %s\n", scale,
                         command_line(commands[side]).c_str());
            runs[side].push_back(run_child(commands[side]));
        }
    }
    for (int side = 0; side < 2; ++side) {
        IndexFigures& out = figures.index[side];
        std::vector<double> wall, cpu, peak;
        for (const auto& run : runs[side]) {
            wall.push_back(run.wall);
            cpu.push_back(run.cpu);
            peak.push_back(run.peak_mb);
        }
        out.run = {median(wall), median(cpu), median(peak)};
        // lindex's directory also holds the previous generation and its
        // scratch shards until its next run: counted apart.
        const fs::path database = side == 0 ? dbs[0] : current_generation(dbs[1]);
        out.mb = static_cast<double>(directory_bytes(database)) / 1e6;
        out.disk_mb = static_cast<double>(directory_bytes(dbs[side])) / 1e6;
        const fs::path compacted = dir / (side == 0 ? "xapian.compact" : "lsearch.compact");
        fs::remove_all(compacted);
        run_child({"xapian-compact", database.string(), compacted.string()});
        out.compacted_mb = static_cast<double>(directory_bytes(compacted)) / 1e6;
        out.documents = xapian_documents(side == 0 ? dbs[0] : dbs[1]);
        fs::remove_all(compacted);
        if (out.documents != figures.documents) {
            throw std::runtime_error((side == 0 ? dbs[0] : dbs[1]).string() + " holds " +
                                     std::to_string(out.documents) + " documents, not " +
                                     std::to_string(figures.documents));
        }
    }

    std::fprintf(stderr, "lsearch_bench: %ux: %zu queries, %u repetitions\n", scale,
                 queries.size(), options.reps);
    measure_queries(dbs[0], dbs[1], queries, options.reps, figures);
    figures.load_after = load_average();
    if (!options.keep) fs::remove_all(dir);
    return figures;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc == 4 && std::string_view(argv[1]) == "--baseline-index") {
        try {
            return baseline_index(argv[2], argv[3]);
        } catch (const std::exception& e) {
            std::cerr << "lsearch_bench: baseline: " << e.what() << '\n';
            return 2;
        }
    }

    Options options;
    std::string scales = "1,3,10";
    po::options_description described(
        "Usage: lsearch_bench [OPTIONS] INPUT...\n"
        "Indexing and query latency of lsearch beside the Xapian baseline, in one run.\n"
        "INPUT: what lindex reads (JSON Lines, .jsonl.gz, article directories).\n\nOptions");
    described.add_options()("help,h", "print this help")(
        "articles", po::value(&options.articles),
        "use the first N articles of the input (default: all)")(
        "scales", po::value(&scales)->default_value(scales),
        "comma-separated multiples of the input to measure")(
        "queries", po::value(&options.queries)->default_value(options.queries),
        "query set: a directory of *.txt files or one file, one query per line")(
        "reps", po::value(&options.reps)->default_value(options.reps),
        "timed repetitions of the query set (after one warm-up pass)")(
        "index-reps", po::value(&options.index_reps)->default_value(options.index_reps),
        "indexing runs per side (medians)")(
        "jobs", po::value(&options.jobs)->default_value(options.jobs), "lindex --jobs")(
        "lindex", po::value(&options.lindex)->default_value(options.lindex), "the lindex binary")(
        "lindex-arg", po::value(&options.lindex_args),
        "one more argument for lindex (repeatable), e.g. --lindex-arg=--commit-every=5000")(
        "companies", po::value(&options.companies)->default_value(options.companies),
        "lindex --companies")(
        "synonyms", po::value(&options.synonyms)->default_value(options.synonyms),
        "lindex --synonyms")(
        "work", po::value(&options.work),
        "directory for the inputs and indexes (default: a temporary one, removed)")(
        "keep", po::bool_switch(&options.keep), "keep the inputs and indexes in the work directory")(
        "queries-only", po::bool_switch(&options.queries_only),
        "time the queries only, on the indexes an earlier run with the same --work and --keep "
        "left (after a change to the searcher)");
    po::options_description hidden;
    hidden.add_options()("input", po::value(&options.inputs));
    po::options_description all;
    all.add(described).add(hidden);
    po::positional_options_description positional;
    positional.add("input", -1);
    try {
        po::variables_map vm;
        po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(),
                  vm);
        if (vm.count("help") != 0U) {
            std::cout << described << '\n';
            return 0;
        }
        po::notify(vm);
        if (options.inputs.empty()) throw po::error("no INPUT given");
        options.scales.clear();
        std::istringstream list(scales);
        for (std::string item; std::getline(list, item, ',');) {
            std::size_t used = 0;
            unsigned long value = 0;
            try {
                value = std::stoul(item, &used);
            } catch (const std::exception&) {
                used = 0;
            }
            if (used != item.size() || value == 0 || value > 1000) {
                throw po::error("--scales: '" + item + "' is not a multiple from 1 to 1000");
            }
            options.scales.push_back(static_cast<unsigned>(value));
        }
        if (options.reps == 0 || options.index_reps == 0) throw po::error("repetitions must be >= 1");
        if (options.queries_only && options.work.empty())
            throw po::error("--queries-only needs the --work directory of a --keep run");
    } catch (const po::error& e) {
        std::cerr << "lsearch_bench: " << e.what() << " (see --help)\n";
        return 2;
    }

    const bool temporary = options.work.empty();
    try {
        if (temporary) {
            options.work =
                (fs::temp_directory_path() / ("lsearch-bench-" + std::to_string(::getpid()))).string();
        }
        fs::create_directories(options.work);
        const fs::path self = fs::canonical("/proc/self/exe");
        const Corpus corpus = read_corpus(options);
        const auto queries = read_queries(options.queries);
        std::printf("lsearch_bench, %s, %u cores, load average %s at start\n", utc_now().c_str(),
                    std::thread::hardware_concurrency(), load_average().c_str());
        std::printf("input: %zu articles, %.1f MB of title+body text; scales:", corpus.articles.size(),
                    static_cast<double>(corpus.text_bytes) / 1e6);
        for (unsigned s : options.scales) std::printf(" %ux", s);
        std::printf("\nlindex --jobs %u%s%s; %zu queries, top %zu, median of %u repetitions after a "
                    "warm-up\n",
                    options.jobs, options.lindex_args.empty() ? "" : " ",
                    command_line(options.lindex_args).c_str(), queries.size(), kTop, options.reps);
        std::printf("ratios: lsearch / xapian (for documents/s and MB/s higher is better, "
                    "for the rest lower)\n");
        std::vector<ScaleFigures> figures;
        for (unsigned scale : options.scales) {
            figures.push_back(run_scale(options, corpus, queries, scale, self));
            print_scale(figures.back());
            std::fflush(stdout);
        }
        print_targets(figures);
        print_scaling(figures);
        if (temporary) fs::remove_all(options.work);
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "lsearch_bench: " << e.what() << '\n';
        if (temporary && !options.keep) {
            std::error_code ignored;
            fs::remove_all(options.work, ignored);
        }
        return 2;
    }
}

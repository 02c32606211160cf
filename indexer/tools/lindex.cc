// lindex: builds and updates an lsearch index from article files and JSON
// Lines feeds. Options are parsed here and handed to the indexing library;
// exit codes are decided in main() only: 0 everything indexed, 1 some input
// rejected, 2 usage error or fatal failure.
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <iostream>
#include <iterator>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include <boost/program_options.hpp>

#include "channel.h"
#include "input.h"
#include "lsearch/common/paths.h"
#include "lsearch/indexer.h"

namespace fs = std::filesystem;
namespace po = boost::program_options;

namespace {

constexpr std::size_t kCommitEvery = 10000;  // documents between commits, by default
constexpr long kMaxJobs = 1024;

struct Options {
    std::string db;
    std::string companies;
    std::string synonyms;
    // The installed data files, for an index without tables of its own.
    std::string default_companies;
    std::string default_synonyms;
    unsigned jobs = 1;
    unsigned shards = 0;  // 0: the index's own count
    std::size_t commit_every = kCommitEvery;
    std::uint64_t max_article_size = lsearch::detail::kDefaultMaxArticleBytes;
    bool quiet = false;
    bool full = false;
    bool remove = false;  // inputs are ids to remove
    bool stats = false;
    std::vector<std::string> inputs;
};

struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// The data files `cmake --install` puts in DATADIR/lsearch: looked up from
// the executable's place (PREFIX/bin/lindex -> PREFIX/share/lsearch), so
// that an install moved or made with --prefix finds its own, then in the
// DATADIR it was configured for. "" when neither has the file.
std::string installed_data_file(const std::string& name) {
    std::vector<fs::path> directories;
    std::error_code error;
    const fs::path self = fs::read_symlink("/proc/self/exe", error);
    if (!error) directories.push_back(self.parent_path() / LSEARCH_BIN_TO_DATADIR);
    directories.emplace_back(LSEARCH_INSTALL_DATADIR);
    for (const auto& directory : directories) {
        const fs::path file = (directory / name).lexically_normal();
        if (fs::is_regular_file(file, error)) return file.string();
    }
    return "";
}

// A size in bytes, with an optional binary suffix as ripgrep's --max-filesize:
// `10M` is 10 MiB. Nothing when it is not one, or is 0.
std::optional<std::uint64_t> parse_size(const std::string& text) {
    std::uint64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || value == 0) return std::nullopt;
    const std::string_view suffix(end, static_cast<std::size_t>(text.data() + text.size() - end));
    unsigned shift = 0;
    if (suffix == "K" || suffix == "k") {
        shift = 10;
    } else if (suffix == "M" || suffix == "m") {
        shift = 20;
    } else if (suffix == "G" || suffix == "g") {
        shift = 30;
    } else if (!suffix.empty()) {
        return std::nullopt;
    }
    if (value > (std::uint64_t{1} << (62 - shift))) return std::nullopt;
    return value << shift;
}

std::optional<Options> parse_options(int argc, char** argv) {
    Options options;
    po::options_description visible(
        "Usage: lindex [OPTIONS] INPUT...\n"
        "       lindex [--db PATH] --remove ID...\n"
        "       lindex [--db PATH] --stats\n"
        "Builds or updates an lsearch index. INPUT is a directory (read recursively:\n"
        "*.md, *.txt, *.jsonl, *.jsonl.gz), one such file, or - for JSON Lines on\n"
        "standard input. Re-running adds new documents, replaces changed ones, removes\n"
        "those whose file has gone and leaves the others untouched.\n\nOptions");
    const long cores = std::max(1L, static_cast<long>(std::thread::hardware_concurrency()));
    long jobs = 1;
    long commit_every = 1;
    long shards = 0;
    std::string max_article_size;
    visible.add_options()("help,h", "print this help and exit")(
        "db", po::value<std::string>(&options.db),
        "index directory (default: $LSEARCH_DB, else $XDG_DATA_HOME/lsearch/index, "
        "else ~/.local/share/lsearch/index)")(
        "companies", po::value<std::string>(&options.companies),
        "company gazetteer, TSV: name<TAB>alias|alias (default: data/companies.tsv "
        "when it exists in the current directory, else the index's own, else the "
        "installed share/lsearch/companies.tsv)")(
        "synonyms", po::value<std::string>(&options.synonyms),
        "synonyms, TSV: expression<TAB>synonym|synonym (default: data/synonyms.tsv "
        "when it exists in the current directory, else the index's own, else the "
        "installed share/lsearch/synonyms.tsv)")(
        "full", po::bool_switch(&options.full),
        "rebuild the whole index aside, then swap it in atomically (searchers "
        "keep the old index until then)")(
        // Read as signed: Boost reads "-1" as a huge unsigned value.
        "jobs,j", po::value<long>(&jobs)->default_value(cores),
        "analysis threads; a new index is also written by this many threads")(
        "shards", po::value<long>(&shards),
        "spread the documents over N databases, written in parallel and searched as "
        "one, which xapian-tcpsrv can serve from other hosts (docs/SCALING.md); "
        "default: the index's count, 1 for a new index; changing it needs --full")(
        "commit-every",
        po::value<long>(&commit_every)->default_value(static_cast<long>(kCommitEvery)),
        "documents between commits (tuning: a crash loses "
        "at most that many; each commit syncs to disk)")(
        "remove", po::bool_switch(&options.remove),
        "remove the documents with the ids given instead of INPUTs (exit status 1 when "
        "one is not in the index)")(
        "stats", po::bool_switch(&options.stats),
        "print what the index holds: documents, per source, per year, per input file, "
        "and its gazetteer and synonyms")(
        "max-article-size", po::value<std::string>(&max_article_size),
        "refuse an article file or JSON Lines record over SIZE bytes, with a suffix K, M or G "
        "(default: 10M; indexing takes some 50 bytes of memory per byte of text)")(
        "quiet,q", po::bool_switch(&options.quiet), "print errors only");
    po::options_description hidden;
    hidden.add_options()("input", po::value<std::vector<std::string>>(&options.inputs));
    po::options_description all;
    all.add(visible).add(hidden);
    po::positional_options_description positional;
    positional.add("input", -1);

    po::variables_map vm;
    try {
        po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(),
                  vm);
        po::notify(vm);
    } catch (const po::error& e) {
        throw UsageError(e.what());
    }
    if (vm.count("help") != 0U) {
        std::cout << visible << "\nExit status: 0 all indexed, 1 some input rejected, 2 error.\n";
        return std::nullopt;
    }
    if (options.stats) {
        if (options.remove || options.full || !options.inputs.empty()) {
            throw UsageError("--stats takes no INPUT, --remove or --full");
        }
    } else if (options.remove) {
        if (options.full) throw UsageError("--remove cannot be used with --full");
        if (options.inputs.empty()) throw UsageError("--remove needs the ids to remove");
    } else if (options.inputs.empty()) {
        throw UsageError("no INPUT given (try --help)");
    }
    if (jobs < 1 || jobs > kMaxJobs) {
        throw UsageError("--jobs must be between 1 and " + std::to_string(kMaxJobs));
    }
    options.jobs = static_cast<unsigned>(jobs);
    if (vm.count("shards") != 0U && (shards < 1 || shards > lsearch::IndexerOptions::kMaxShards)) {
        throw UsageError("--shards must be between 1 and " +
                         std::to_string(lsearch::IndexerOptions::kMaxShards));
    }
    options.shards = static_cast<unsigned>(shards);
    if (commit_every < 1) throw UsageError("--commit-every must be at least 1");
    options.commit_every = static_cast<std::size_t>(commit_every);
    if (vm.count("max-article-size") != 0U) {
        const auto size = parse_size(max_article_size);
        if (!size) {
            throw UsageError(
                "--max-article-size must be a size in bytes, with a suffix K, M or G "
                "(10M is 10 MiB), not '" +
                max_article_size + "'");
        }
        options.max_article_size = *size;
    }
    if (options.db.empty()) {
        options.db = lsearch::default_index_path(std::getenv("LSEARCH_DB"),
                                                 std::getenv("XDG_DATA_HOME"), std::getenv("HOME"));
    }
    // A current directory that cannot be read has no defaults (and must not
    // stop lindex: fs::exists() without an error_code throws there).
    std::error_code unreadable;
    if (vm.count("companies") == 0U && fs::exists("data/companies.tsv", unreadable)) {
        options.companies = "data/companies.tsv";
    }
    if (vm.count("synonyms") == 0U && fs::exists("data/synonyms.tsv", unreadable)) {
        options.synonyms = "data/synonyms.tsv";
    }
    if (vm.count("companies") == 0U && options.companies.empty()) {
        options.default_companies = installed_data_file("companies.tsv");
    }
    if (vm.count("synonyms") == 0U && options.synonyms.empty()) {
        options.default_synonyms = installed_data_file("synonyms.tsv");
    }
    return options;
}

// A value from the index as text on one line: control characters (which a
// terminal would obey) as \xNN.
std::string printable(const std::string& value) {
    std::string text;
    for (const char c : value) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte == 0x7f) {
            char escaped[5];
            std::snprintf(escaped, sizeof escaped, "\\x%02x", byte);
            text += escaped;
        } else {
            text += c;
        }
    }
    return text;
}

// "gazetteer data/companies.tsv (12 companies)", "synonyms kept from the
// index (data/synonyms.tsv, 3 groups)", "gazetteer none".
std::string describe(const char* what, const lsearch::TableSource& source, const char* unit) {
    std::string text = what;
    if (source.size == 0) return text + " none";
    const std::string count = std::to_string(source.size) + " " + unit;
    if (source.from_index) {
        return text + " kept from the index (" +
               (source.file.empty() ? count : printable(source.file) + ", " + count) + ")";
    }
    return text + " " + printable(source.file) + " (" + count + ")";
}

struct Counts {
    std::size_t added = 0, updated = 0, unchanged = 0, removed = 0, rejected = 0;
};

// One unit of work, from the reader to the writer through the analysers.
struct Work {
    std::size_t file = 0;  // index into the expanded inputs
    lsearch::detail::InputItem item;
    std::optional<lsearch::PreparedDocument> prepared;
};

class Run {
  public:
    Run(const Options& options, lsearch::Indexer& indexer)
        : options_(options), indexer_(indexer), progress_(!options.quiet && isatty(2) != 0) {}

    int execute() {
        const auto start = start_;
        for (const auto& input : options_.inputs) {
            bool complete = true;
            // Every input not read is counted as rejected; only some make
            // the listing incomplete (see expand_inputs()).
            auto found = lsearch::detail::expand_inputs(
                {input},
                [&](const std::string& name, const std::string& reason) {
                    ++counts_.rejected;
                    complete = false;
                    report(name + ": " + reason);
                },
                [&](const std::string& name, const std::string& reason) {
                    ++counts_.rejected;
                    report(name + ": " + reason);
                });
            if (!complete) incomplete_.insert(input);
            std::move(found.begin(), found.end(), std::back_inserter(files_));
        }
        if (options_.full && !incomplete_.empty()) {
            // The rebuild would lack their documents (think of a typo).
            throw std::runtime_error(
                "--full: not rebuilding, since an INPUT could not be read whole; the index is "
                "left as it was");
        }
        // A file named twice (the same INPUT twice, or a directory and a file
        // in it) is read once.
        std::set<std::string> listed;
        std::erase_if(files_, [&](const lsearch::detail::InputFile& file) {
            return file.format != lsearch::detail::InputFile::Format::Stdin &&
                   !listed.insert(key_of(file.path)).second;
        });
        seen_.resize(files_.size());
        file_failed_.assign(files_.size(), false);
        for (const auto& file : files_) {
            using Format = lsearch::detail::InputFile::Format;
            file_keys_.push_back(file.format == Format::Stdin ? std::string() : key_of(file.path));
            std::error_code error;
            const std::uintmax_t size =
                file.format == Format::Stdin ? 0 : fs::file_size(file.path, error);
            file_starts_.push_back(total_bytes_);
            file_sizes_.push_back(error ? 0 : size);
            total_bytes_ += file_sizes_.back();
        }

        if (options_.jobs <= 1) {
            read_all([&](Work&& work) {
                prepare(work);
                write(std::move(work));
            });
        } else {
            pipeline();
        }
        if (failure_) std::rethrow_exception(failure_);
        // Only a complete run knows what has gone; a rebuild starts empty,
        // and keeps what was indexed from the inputs it rejected.
        if (options_.full) {
            keep_rejected();
        } else {
            remove_gone();
        }
        indexer_.publish();
        if (progress_) std::cerr << "\r\033[K";

        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (!options_.quiet) {
            std::printf(
                "lindex: %zu added, %zu updated, %zu unchanged, %zu removed, %zu rejected in "
                "%.2f s; %llu documents in %s; %s; %s\n",
                counts_.added, counts_.updated, counts_.unchanged, counts_.removed,
                counts_.rejected, seconds,
                static_cast<unsigned long long>(indexer_.document_count()), options_.db.c_str(),
                describe("gazetteer", indexer_.gazetteer_source(), "companies").c_str(),
                describe("synonyms", indexer_.synonyms_source(), "groups").c_str());
        }
        return counts_.rejected > 0 ? 1 : 0;
    }

  private:
    template <typename Sink>
    void read_all(Sink&& sink) {
        for (std::size_t i = 0; i < files_.size(); ++i) {
            lsearch::detail::read_input(
                files_[i],
                [&](lsearch::detail::InputItem&& item) {
                    check_unique_id(item);
                    sink(Work{i, std::move(item), std::nullopt});
                },
                options_.max_article_size);
        }
    }

    // Two documents with one id would replace each other on every run, and
    // which one is left would depend on the analysers' timing: the first
    // read keeps the id, the others are rejected. On the reading thread, so
    // in reading order.
    void check_unique_id(lsearch::detail::InputItem& item) {
        if (!item.ok) return;
        const auto [first, inserted] = first_read_.try_emplace(item.article.id, item.origin);
        if (inserted) return;
        item.ok = false;
        item.error = item.origin + ": duplicate id '" + item.article.id + "' (already read from " +
                     first->second + ")";
    }

    // The reader (this thread) feeds `jobs` analysers, which feed one writer.
    void pipeline() {
        lsearch::detail::Channel<Work> to_analyse(256), to_write(256);
        std::thread writer([&] {
            while (auto work = to_write.pop())
                write(std::move(*work));
        });
        std::vector<std::thread> analysers;
        for (unsigned i = 0; i < options_.jobs; ++i) {
            analysers.emplace_back([&] {
                while (auto work = to_analyse.pop()) {
                    prepare(*work);
                    to_write.push(std::move(*work));
                }
            });
        }
        read_all([&](Work&& work) { to_analyse.push(std::move(work)); });
        to_analyse.close();
        for (auto& thread : analysers)
            thread.join();
        to_write.close();
        writer.join();
    }

    void prepare(Work& work) const {
        if (!work.item.ok) return;
        try {
            work.prepared = indexer_.prepare(work.item.article, file_keys_[work.file]);
        } catch (const lsearch::InputError& e) {
            work.item.ok = false;
            work.item.error = work.item.origin + ": " + e.what();
        }
    }

    // Runs on the writer thread only (or the one thread with --jobs 1).
    void write(Work&& work) {
        if (failure_) return;  // a fatal error stopped the writes; drain the rest
        if (!work.item.ok) {
            reject(work.file, work.item.error);
            return;
        }
        try {
            const std::string id = work.prepared->id();
            switch (indexer_.write(std::move(*work.prepared))) {
                case lsearch::WriteOutcome::Added:
                    ++counts_.added;
                    break;
                case lsearch::WriteOutcome::Updated:
                    ++counts_.updated;
                    break;
                case lsearch::WriteOutcome::Unchanged:
                    ++counts_.unchanged;
                    break;
            }
            seen_[work.file].push_back(id);
            if (++since_commit_ >= options_.commit_every) {
                indexer_.commit();
                since_commit_ = 0;
            }
        } catch (...) {
            failure_ = std::current_exception();
            return;
        }
        show_progress(work.file, work.item.position);
    }

    // A progress bar on a terminal: the share of the input bytes read,
    // documents per second and the time left at that pace.
    void show_progress(std::size_t file, std::uint64_t position) {
        if (!progress_) return;
        const auto now = std::chrono::steady_clock::now();
        if (now - last_progress_ < std::chrono::milliseconds(200)) return;
        last_progress_ = now;
        const std::size_t done = counts_.added + counts_.updated + counts_.unchanged;
        const double seconds = std::chrono::duration<double>(now - start_).count();
        const double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0.0;
        // An article file counts whole once written; a feed by bytes read.
        const std::uint64_t read =
            file_starts_[file] + (position > 0 ? position : file_sizes_[file]);
        std::string bar, eta;
        if (total_bytes_ > 0) {
            const double share =
                std::min(1.0, static_cast<double>(read) / static_cast<double>(total_bytes_));
            constexpr int kWidth = 24;
            const int filled = static_cast<int>(share * kWidth);
            bar = "[" + std::string(static_cast<std::size_t>(filled), '#') +
                  std::string(static_cast<std::size_t>(kWidth - filled), '.') + "] " +
                  std::to_string(static_cast<int>(share * 100)) + "% ";
            if (share > 0.01) {
                const auto left = static_cast<long>(seconds * (1 - share) / share);
                char buffer[32];
                std::snprintf(buffer, sizeof buffer, ", ETA %ld:%02ld", left / 60, left % 60);
                eta = buffer;
            }
        }
        std::cerr << "\r\033[K" << bar << done << " documents, " << static_cast<long>(rate)
                  << " docs/s" << eta << std::flush;
    }

    void reject(std::size_t file, const std::string& message) {
        ++counts_.rejected;
        file_failed_[file] = true;
        report(message);
    }

    void report(const std::string& message) {
        if (progress_) std::cerr << "\r\033[K";
        std::cerr << "lindex: " << message << '\n';
    }

    // --full: the documents of a rejected input keep their indexed version,
    // copied from the index being replaced, as an update keeps them.
    void keep_rejected() {
        for (std::size_t i = 0; i < files_.size(); ++i) {
            if (file_keys_[i].empty() || !file_failed_[i]) continue;
            const auto kept = indexer_.keep_previous(file_keys_[i]);
            if (kept.copied > 0) {
                report(files_[i].name + ": kept the indexed version of " +
                       std::to_string(kept.copied) +
                       (kept.copied == 1 ? " document" : " documents") + " it rejected");
            }
            if (kept.dropped > 0) {
                report(files_[i].name + ": " + std::to_string(kept.dropped) +
                       (kept.dropped == 1 ? " document" : " documents") +
                       " of the previous index not kept: it has another version; fix the input "
                       "and run again");
            }
        }
    }

    // Documents whose record left a file, or whose file left a directory.
    void remove_gone() {
        for (std::size_t i = 0; i < files_.size(); ++i) {
            if (file_keys_[i].empty() || file_failed_[i]) continue;
            counts_.removed += indexer_.remove_from_file_except(file_keys_[i], seen_[i]);
        }
        // A file moved or renamed: its documents were found under their new
        // file (and now belong to it); what is left under the former file,
        // which has gone, left it too. Not when the former file is still
        // there (the records were copied, or moved between feeds) or a file
        // they moved to was not read whole (a rejected record may be one).
        std::set<std::string> read_files(file_keys_.begin(), file_keys_.end());
        for (const auto& [former, targets] : indexer_.moved_files()) {
            if (read_files.contains(former) || !gone(former)) continue;
            const bool complete =
                std::none_of(targets.begin(), targets.end(), [&](const auto& file) {
                    const auto at = std::find(file_keys_.begin(), file_keys_.end(), file);
                    return at != file_keys_.end() &&
                           file_failed_[static_cast<std::size_t>(at - file_keys_.begin())];
                });
            if (complete) counts_.removed += indexer_.remove_from_file_except(former, {});
        }
        for (const auto& input : options_.inputs) {
            std::error_code error;
            if (input == "-" || !fs::is_directory(input, error)) continue;
            // Files not listed because a subdirectory could not be read are
            // not gone.
            if (incomplete_.contains(input)) continue;
            const std::string directory = key_of(input);
            std::vector<std::string> present;
            for (const auto& key : file_keys_) {
                if (key.starts_with(directory + "/")) present.push_back(key);
            }
            counts_.removed += indexer_.remove_missing_files(directory, present);
        }
    }

    // Whether nothing is at `path` any more (not: it cannot be checked).
    static bool gone(const std::string& path) {
        std::error_code error;
        return fs::symlink_status(path, error).type() == fs::file_type::not_found;
    }

    static std::string key_of(const fs::path& path) {
        std::error_code error;
        fs::path absolute = fs::absolute(path, error).lexically_normal();
        std::string key = absolute.string();
        while (key.size() > 1 && key.ends_with('/'))
            key.pop_back();
        return key;
    }

    const Options& options_;
    lsearch::Indexer& indexer_;
    bool progress_;
    std::vector<lsearch::detail::InputFile> files_;
    std::vector<std::uint64_t> file_sizes_;   // bytes, 0 for standard input
    std::vector<std::uint64_t> file_starts_;  // bytes of the files before each
    std::uint64_t total_bytes_ = 0;
    std::vector<std::vector<std::string>> seen_;  // ids written, per file
    std::vector<std::string> file_keys_;          // absolute paths; empty for stdin
    std::vector<bool> file_failed_;
    std::unordered_map<std::string, std::string> first_read_;  // id -> origin, this run
    std::set<std::string> incomplete_;  // directory INPUTs that could not be read whole
    Counts counts_;
    std::size_t since_commit_ = 0;
    std::exception_ptr failure_;
    std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
    std::chrono::steady_clock::time_point last_progress_{};
};

// lindex --stats: plain text, one fact a line, values in their order, so
// that two runs on the same index print the same.
int print_stats(const Options& options) {
    const lsearch::IndexStats stats = lsearch::read_index_stats(options.db);
    const auto table = [](const lsearch::TableSource& source, const char* unit) {
        if (source.size == 0) return std::string("none");
        const std::string count = std::to_string(source.size) + " " + unit;
        return source.file.empty() ? count : printable(source.file) + " (" + count + ")";
    };
    const auto counts = [](const char* title,
                           const std::vector<std::pair<std::string, std::uint64_t>>& values) {
        std::printf("%s:\n", title);
        for (const auto& [value, count] : values) {
            std::printf("  %llu\t%s\n", static_cast<unsigned long long>(count),
                        value.empty() ? "(none)" : printable(value).c_str());
        }
    };
    std::printf("index: %s\n", printable(options.db).c_str());
    std::printf("documents: %llu\n", static_cast<unsigned long long>(stats.documents));
    std::printf("shards: %u\n", stats.shards);
    std::printf("gazetteer: %s\n", table(stats.gazetteer, "companies").c_str());
    std::printf("synonyms: %s\n", table(stats.synonyms, "groups").c_str());
    counts("sources", stats.sources);
    counts("years", stats.years);
    counts("inputs", stats.files);
    return 0;
}

// lindex --remove ID...: one commit, so that a crash removes all or none.
int remove_ids(const Options& options) {
    lsearch::IndexerOptions indexer_options;
    indexer_options.db_path = options.db;
    indexer_options.create = false;
    const auto start = std::chrono::steady_clock::now();
    lsearch::Indexer indexer(indexer_options);
    std::size_t removed = 0, missing = 0;
    for (const auto& id : options.inputs) {
        if (indexer.remove(id)) {
            ++removed;
        } else {
            ++missing;
            std::cerr << "lindex: no document with id '" << printable(id) << "' in " << options.db
                      << '\n';
        }
    }
    indexer.publish();
    if (!options.quiet) {
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        std::printf("lindex: %zu removed, %zu not found in %.2f s; %llu documents in %s\n", removed,
                    missing, seconds, static_cast<unsigned long long>(indexer.document_count()),
                    options.db.c_str());
    }
    return missing > 0 ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
    // Past a file size limit (`ulimit -f`), a write then fails with EFBIG,
    // which is reported like a full disk, rather than killing lindex
    // without a word (SIGXFSZ); the index keeps its last commit either way.
    std::signal(SIGXFSZ, SIG_IGN);
    try {
        const auto options = parse_options(argc, argv);
        if (!options) return 0;
        if (options->stats) return print_stats(*options);
        if (options->remove) return remove_ids(*options);
        std::error_code ignored;
        const fs::path parent = fs::path(options->db).parent_path();
        if (!parent.empty()) fs::create_directories(parent, ignored);
        lsearch::IndexerOptions indexer_options;
        indexer_options.db_path = options->db;
        indexer_options.companies_path = options->companies;
        indexer_options.synonyms_path = options->synonyms;
        indexer_options.default_companies_path = options->default_companies;
        indexer_options.default_synonyms_path = options->default_synonyms;
        indexer_options.rebuild = options->full;
        indexer_options.writers = options->jobs;  // for a new index: shards written in parallel
        indexer_options.shards = options->shards;
        lsearch::Indexer indexer(indexer_options);
        return Run(*options, indexer).execute();
    } catch (const UsageError& e) {
        std::cerr << "lindex: " << e.what() << " (see lindex --help)\n";
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "lindex: " << e.what() << '\n';
        return 2;
    }
}

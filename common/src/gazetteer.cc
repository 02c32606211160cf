#include "lsearch/common/gazetteer.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "lsearch/common/error.h"

namespace lsearch {
namespace {

std::string_view trim(std::string_view s) {
    const auto first = s.find_first_not_of(" \t\r");
    if (first == std::string_view::npos) return {};
    const auto last = s.find_last_not_of(" \t\r");
    return s.substr(first, last - first + 1);
}

// The folded words of a name, compound parts rather than joined forms, so
// that `Hewlett-Packard` in a text meets the alias `Hewlett-Packard`.
std::vector<std::string> words_of(std::string_view name, Analyzer& analyzer) {
    std::vector<std::string> words;
    for (const Token& token : analyzer.analyze(name)) {
        if (token.kind != TokenKind::Compound) words.push_back(token.folded);
    }
    return words;
}

std::string join(const std::vector<std::string>& words) {
    std::string key;
    for (const auto& word : words) {
        if (!key.empty()) key += ' ';
        key += word;
    }
    return key;
}

}  // namespace

void Gazetteer::add_alias(std::vector<std::string> words, std::size_t company) {
    auto& aliases = by_first_word_[words.front()];
    Alias alias{std::move(words), company};
    const auto at = std::find_if(aliases.begin(), aliases.end(), [&](const Alias& other) {
        return other.words.size() < alias.words.size();
    });
    aliases.insert(at, std::move(alias));
}

Gazetteer Gazetteer::parse(std::string_view content, std::string_view name, Analyzer& analyzer) {
    Gazetteer gazetteer;
    std::unordered_map<std::string, std::size_t> owner;  // alias key -> company
    std::size_t line_number = 0;
    while (!content.empty()) {
        ++line_number;
        const auto newline = content.find('\n');
        const std::string_view line = content.substr(0, newline);
        content = newline == std::string_view::npos ? std::string_view{} : content.substr(newline + 1);
        if (trim(line).empty() || trim(line).front() == '#') continue;

        const std::string where = std::string(name) + ":" + std::to_string(line_number);
        const auto tab = line.find('\t');
        const std::string_view canonical = trim(line.substr(0, tab));
        if (canonical.empty()) {
            throw InputError(where + ": empty company name (expected `Name<TAB>alias|alias`)");
        }
        const std::size_t company = gazetteer.names_.size();
        gazetteer.names_.emplace_back(canonical);

        std::vector<std::string_view> aliases{canonical};
        if (tab != std::string_view::npos) {
            std::string_view rest = line.substr(tab + 1);
            while (true) {
                const auto bar = rest.find('|');
                aliases.push_back(trim(rest.substr(0, bar)));
                if (bar == std::string_view::npos) break;
                rest = rest.substr(bar + 1);
            }
        }
        for (std::string_view alias : aliases) {
            auto words = words_of(alias, analyzer);
            if (words.empty()) continue;
            const std::string key = join(words);
            const auto [it, inserted] = owner.emplace(key, company);
            if (!inserted) {
                if (it->second == company) continue;  // e.g. the canonical name listed again
                throw InputError(where + ": alias \"" + std::string(alias) +
                                 "\" already belongs to " + gazetteer.names_[it->second] +
                                 "; an alias must name one company");
            }
            gazetteer.add_alias(std::move(words), company);
        }
    }
    return gazetteer;
}

Gazetteer Gazetteer::load(const std::string& path, Analyzer& analyzer) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(path + ": cannot read the company gazetteer");
    std::ostringstream content;
    content << in.rdbuf();
    return parse(repair_utf8(content.str()), path, analyzer);
}

std::string Gazetteer::serialize() const {
    std::vector<std::string> lines;
    for (const auto& [first, aliases] : by_first_word_) {
        for (const Alias& alias : aliases) {
            lines.push_back(join(alias.words) + '\t' + names_[alias.company] + '\n');
        }
    }
    std::sort(lines.begin(), lines.end());  // reproducible metadata
    std::string out;
    for (const auto& line : lines) out += line;
    return out;
}

Gazetteer Gazetteer::deserialize(std::string_view data) {
    Gazetteer gazetteer;
    std::unordered_map<std::string, std::size_t> index;  // canonical -> company
    while (!data.empty()) {
        const auto newline = data.find('\n');
        const std::string_view line = data.substr(0, newline);
        data = newline == std::string_view::npos ? std::string_view{} : data.substr(newline + 1);
        const auto tab = line.find('\t');
        if (tab == std::string_view::npos || tab == 0) continue;
        const std::string canonical(line.substr(tab + 1));
        const auto [it, inserted] = index.emplace(canonical, gazetteer.names_.size());
        if (inserted) gazetteer.names_.push_back(canonical);
        std::vector<std::string> words;
        std::string_view key = line.substr(0, tab);
        while (!key.empty()) {
            const auto space = key.find(' ');
            words.emplace_back(key.substr(0, space));
            key = space == std::string_view::npos ? std::string_view{} : key.substr(space + 1);
        }
        gazetteer.add_alias(std::move(words), it->second);
    }
    return gazetteer;
}

std::vector<std::string> Gazetteer::detect(const std::vector<Token>& tokens) const {
    std::vector<std::string> found;
    if (by_first_word_.empty()) return found;
    std::vector<const std::string*> words;
    words.reserve(tokens.size());
    for (const Token& token : tokens) {
        if (token.kind != TokenKind::Compound) words.push_back(&token.folded);
    }
    std::vector<bool> seen(names_.size(), false);
    for (std::size_t i = 0; i < words.size();) {
        std::size_t matched = 0;
        const auto it = by_first_word_.find(*words[i]);
        if (it != by_first_word_.end()) {
            for (const Alias& alias : it->second) {  // longest first
                if (i + alias.words.size() > words.size()) continue;
                bool match = true;
                for (std::size_t k = 1; k < alias.words.size() && match; ++k) {
                    match = *words[i + k] == alias.words[k];
                }
                if (!match) continue;
                matched = alias.words.size();
                if (!seen[alias.company]) {
                    seen[alias.company] = true;
                    found.push_back(names_[alias.company]);
                }
                break;
            }
        }
        i += matched == 0 ? 1 : matched;
    }
    return found;
}

std::string Gazetteer::canonical(std::string_view name, Analyzer& analyzer) const {
    const auto words = words_of(name, analyzer);
    if (!words.empty()) {
        const auto it = by_first_word_.find(words.front());
        if (it != by_first_word_.end()) {
            for (const Alias& alias : it->second) {
                if (alias.words == words) return names_[alias.company];
            }
        }
    }
    return std::string(trim(name));
}

}  // namespace lsearch

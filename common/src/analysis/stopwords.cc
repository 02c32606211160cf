#include <string>
#include <unordered_set>

#include "stages.h"

namespace lsearch::detail {
namespace {

// The Snowball French stop list (snowballstem.org/algorithms/french/stop.txt),
// BSD licence, Copyright (c) 2001 Dr Martin Porter.
constexpr std::string_view kSnowballFrench[] = {
    "au",      "aux",     "avec",     "ce",      "ces",     "dans",     "de",      "des",
    "du",      "elle",    "en",       "et",      "eux",     "il",       "ils",     "je",
    "la",      "le",      "les",      "leur",    "lui",     "ma",       "mais",    "me",
    "même",    "mes",     "moi",      "mon",     "ne",      "nos",      "notre",   "nous",
    "on",      "ou",      "par",      "pas",     "pour",    "qu",       "que",     "qui",
    "sa",      "se",      "ses",      "son",     "sur",     "ta",       "te",      "tes",
    "toi",     "ton",     "tu",       "un",      "une",     "vos",      "votre",   "vous",
    "c",       "d",       "j",        "l",       "à",       "m",        "n",       "s",
    "t",       "y",       "été",      "étée",    "étées",   "étés",     "étant",   "étante",
    "étants",  "étantes", "suis",     "es",      "est",     "sommes",   "êtes",    "sont",
    "serai",   "seras",   "sera",     "serons",  "serez",   "seront",   "serais",  "serait",
    "serions", "seriez",  "seraient", "étais",   "était",   "étions",   "étiez",   "étaient",
    "fus",     "fut",     "fûmes",    "fûtes",   "furent",  "sois",     "soit",    "soyons",
    "soyez",   "soient",  "fusse",    "fusses",  "fût",     "fussions", "fussiez", "fussent",
    "ayant",   "ayante",  "ayantes",  "ayants",  "eu",      "eue",      "eues",    "eus",
    "ai",      "as",      "avons",    "avez",    "ont",     "aurai",    "auras",   "aura",
    "aurons",  "aurez",   "auront",   "aurais",  "aurait",  "aurions",  "auriez",  "auraient",
    "avais",   "avait",   "avions",   "aviez",   "avaient", "eut",      "eûmes",   "eûtes",
    "eurent",  "aie",     "aies",     "ait",     "ayons",   "ayez",     "aient",   "eusse",
    "eusses",  "eût",     "eussions", "eussiez", "eussent",
};

struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept {
        return std::hash<std::string_view>{}(s);
    }
};
using StopSet = std::unordered_set<std::string, StringHash, std::equal_to<>>;

const StopSet& stop_set() {
    // Accented and folded spellings, so `etait` is as much a stop word as `était`.
    static const StopSet set = [] {
        StopSet words;
        for (std::string_view word : kSnowballFrench) {
            words.emplace(word);
            words.insert(fold_accents(word));
        }
        return words;
    }();
    return set;
}

}  // namespace

bool is_stopword(std::string_view term) {
    if (term.size() > 12) return false;  // no stop word is longer
    return stop_set().contains(term);
}

}  // namespace lsearch::detail

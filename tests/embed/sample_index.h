// A small index written through the indexing API in a temporary directory,
// removed with it: the fixture of the embedding tests.
#pragma once

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <string>
#include <vector>

#include "lsearch/indexer.h"

namespace lsearch::test {

class SampleIndex {
  public:
    SampleIndex() {
        static std::atomic<int> counter{0};
        dir_ = std::filesystem::temp_directory_path() /
               ("lsearch-embed-test-" + std::to_string(getpid()) + "-" + std::to_string(counter++));
        std::filesystem::remove_all(dir_);
        IndexerOptions options;
        options.db_path = path();
        Indexer indexer(options);
        for (const Article& article : articles())
            indexer.add(article);
        indexer.commit();
    }
    ~SampleIndex() {
        std::error_code ignored;
        std::filesystem::remove_all(dir_, ignored);
    }
    SampleIndex(const SampleIndex&) = delete;
    SampleIndex& operator=(const SampleIndex&) = delete;

    [[nodiscard]] std::string path() const { return (dir_ / "index").string(); }

    // Five articles: "licenciements" is in a-licenciements and b-licenciements
    // (the latter twice, and in its title), "cloud" in a-licenciements and
    // c-cloud, "pêche" only in d-peche; e-vide has none of these words.
    static std::vector<Article> articles() {
        // clang-format off
        return {
            {"a-licenciements", "", "2023", "Le Monde", "", {"AWS"},
             "AWS annonce des licenciements dans sa division cloud en France."},
            {"b-licenciements", "Nouveaux licenciements chez Amazon", "2025-11", "Les Échos", "",
             {"Amazon"}, "Amazon confirme des licenciements : 14 000 postes de cadres."},
            {"c-cloud", "Le cloud souverain", "2024-05-02", "Le Monde", "", {"OVHcloud"},
             "OVHcloud mise sur le cloud souverain pour les administrations."},
            {"d-peche", "La pêche en Bretagne", "2022", "Ouest-France", "", {},
             "Les pêcheurs bretons s’inquiètent des quotas de pêche."},
            {"e-vide", "Météo", "2021", "", "", {}, "Il fera beau demain sur toute la France."},
        };
    }

  private:
    std::filesystem::path dir_;
};

}  // namespace lsearch::test

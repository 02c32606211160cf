// Searches an lsearch index from C++: search INDEX QUERY
#include <iostream>

#include <lsearch/searcher.h>

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: search INDEX QUERY\n";
        return 2;
    }
    try {
        lsearch::Searcher searcher(argv[1]);
        lsearch::SearchRequest request;
        request.query = argv[2];
        request.limit = 5;
        const lsearch::SearchResponse response = searcher.search(request);
        for (const lsearch::Hit& hit : response.hits) {
            std::cout << hit.rank << ". " << hit.id << " (" << hit.date << ")\n";
        }
        std::cout << response.total << " results\n";
        return response.total > 0 ? 0 : 1;
    } catch (const lsearch::Error& e) {
        std::cerr << "search: " << e.what() << '\n';
        return 2;
    }
}

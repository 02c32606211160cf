/* Searches an lsearch index from C: search_c INDEX REQUEST, REQUEST being
 * JSON such as '{"query": "AWS France", "limit": 5}' (docs/JSON.md). */
#include <stdio.h>

#include <lsearch.h>

int main(int argc, char** argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: search_c INDEX REQUEST\n");
        return 2;
    }
    lsearch_searcher* searcher = lsearch_open(argv[1]);
    if (searcher == NULL) {
        fprintf(stderr, "search_c: %s\n", lsearch_last_error());
        return 2;
    }
    char* response = lsearch_search(searcher, argv[2]);
    if (response == NULL) {
        fprintf(stderr, "search_c: %s\n", lsearch_last_error());
        lsearch_close(searcher);
        return 2;
    }
    puts(response); /* one line of JSON, docs/JSON.md */
    lsearch_free(response);
    lsearch_close(searcher);
    return 0;
}

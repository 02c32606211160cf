#!/usr/bin/env python3
"""Searches an lsearch index from Python through lsearch's C API (ctypes).

Usage: search.py LIBRARY INDEX QUERY, where LIBRARY is the installed
liblsearch-searcher.so. Prints what examples/search.cc prints."""
import ctypes
import json
import sys


def main():
    library, index, query = sys.argv[1:]
    lib = ctypes.CDLL(library)
    lib.lsearch_open.restype = ctypes.c_void_p
    lib.lsearch_open.argtypes = [ctypes.c_char_p]
    lib.lsearch_search.restype = ctypes.c_void_p  # not c_char_p: freed with lsearch_free
    lib.lsearch_search.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
    lib.lsearch_free.argtypes = [ctypes.c_void_p]
    lib.lsearch_close.argtypes = [ctypes.c_void_p]
    lib.lsearch_last_error.restype = ctypes.c_char_p

    searcher = lib.lsearch_open(index.encode())
    if not searcher:
        sys.exit("search.py: " + lib.lsearch_last_error().decode())
    try:
        request = json.dumps({"query": query, "limit": 5}).encode()
        raw = lib.lsearch_search(searcher, request)
        if not raw:
            sys.exit("search.py: " + lib.lsearch_last_error().decode())
        response = json.loads(ctypes.string_at(raw).decode())
        lib.lsearch_free(raw)
    finally:
        lib.lsearch_close(searcher)
    for hit in response["results"]:
        print(f'{hit["rank"]}. {hit["id"]} ({hit["date"]})')
    print(f'{response["total"]} results')
    return 0 if response["total"] > 0 else 1


if __name__ == "__main__":
    sys.exit(main())

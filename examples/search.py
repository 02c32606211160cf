#!/usr/bin/env python3
"""Searches an lsearch index from Python through lsearch's C API (ctypes).

Usage: search.py LIBRARY INDEX QUERY, where LIBRARY is the installed
liblsearch-searcher.so. Prints what examples/search.cc prints, with the same
exit status: 0 results found, 1 none, 2 error (a usage error included)."""
import argparse
import ctypes
import json
import sys


def fail(message):
    print("search.py: " + message, file=sys.stderr)
    return 2


def main():
    parser = argparse.ArgumentParser(
        description="Searches an lsearch index through lsearch's C API (ctypes).")
    parser.add_argument("library", metavar="LIBRARY",
                        help="the installed liblsearch-searcher.so (PREFIX/lib/...)")
    parser.add_argument("index", metavar="INDEX", help="the index directory")
    parser.add_argument("query", metavar="QUERY", help="a query, as lsearch reads it")
    args = parser.parse_args()  # a usage error: the usage, exit status 2

    try:
        lib = ctypes.CDLL(args.library)
    except OSError as error:
        return fail(f"cannot load {args.library}: {error}")
    lib.lsearch_open.restype = ctypes.c_void_p
    lib.lsearch_open.argtypes = [ctypes.c_char_p]
    lib.lsearch_search.restype = ctypes.c_void_p  # not c_char_p: freed with lsearch_free
    lib.lsearch_search.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
    lib.lsearch_free.argtypes = [ctypes.c_void_p]
    lib.lsearch_close.argtypes = [ctypes.c_void_p]
    lib.lsearch_last_error.restype = ctypes.c_char_p

    searcher = lib.lsearch_open(args.index.encode())
    if not searcher:
        return fail(lib.lsearch_last_error().decode())
    try:
        request = json.dumps({"query": args.query, "limit": 5}).encode()
        raw = lib.lsearch_search(searcher, request)
        if not raw:
            return fail(lib.lsearch_last_error().decode())
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

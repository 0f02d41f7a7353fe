#!/usr/bin/env python3
"""Independent RFC 6962 reference vectors for the Ledger tests.

Computes, straight from the recursive definitions in RFC 6962 section 2.1
(MTH, PATH, PROOF/SUBPROOF) with hashlib only, the roots of every prefix of
the certificate-transparency-go test leaves and every inclusion and
consistency proof among them. Written separately from the Swift code so the
two can check each other.

Regenerate with:  python3 rfc6962_vectors.py > rfc6962_vectors.json
"""

import hashlib
import json

LEAVES = [
    b"",
    b"\x00",
    b"\x10",
    b"\x20\x21",
    b"\x30\x31",
    b"\x40\x41\x42\x43",
    b"\x50\x51\x52\x53\x54\x55\x56\x57",
    b"\x60\x61\x62\x63\x64\x65\x66\x67\x68\x69\x6a\x6b\x6c\x6d\x6e\x6f",
]


def sha256(data):
    return hashlib.sha256(data).digest()


def leaf_hash(data):
    return sha256(b"\x00" + data)


def node_hash(left, right):
    return sha256(b"\x01" + left + right)


def split_point(n):
    """Largest power of two strictly less than n (n > 1)."""
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def mth(d):
    """MTH(D[n]) over raw leaf data."""
    if len(d) == 0:
        return sha256(b"")
    if len(d) == 1:
        return leaf_hash(d[0])
    k = split_point(len(d))
    return node_hash(mth(d[:k]), mth(d[k:]))


def path(m, d):
    """PATH(m, D[n])."""
    if len(d) <= 1:
        return []
    k = split_point(len(d))
    if m < k:
        return path(m, d[:k]) + [mth(d[k:])]
    return path(m - k, d[k:]) + [mth(d[:k])]


def subproof(m, d, b):
    """SUBPROOF(m, D[n], b)."""
    if m == len(d):
        return [] if b else [mth(d)]
    k = split_point(len(d))
    if m <= k:
        return subproof(m, d[:k], b) + [mth(d[k:])]
    return subproof(m - k, d[k:], False) + [mth(d[:k])]


def proof(m, d):
    """PROOF(m, D[n])."""
    return subproof(m, d, True)


def main():
    n_max = len(LEAVES)
    out = {
        "source": "RFC 6962 section 2.1 definitions, computed by rfc6962_vectors.py",
        "leaves": [leaf.hex() for leaf in LEAVES],
        "leaf_hashes": [leaf_hash(leaf).hex() for leaf in LEAVES],
        "roots": [mth(LEAVES[:n]).hex() for n in range(n_max + 1)],
        "inclusion": [
            {"tree_size": n, "leaf_index": i, "path": [h.hex() for h in path(i, LEAVES[:n])]}
            for n in range(1, n_max + 1)
            for i in range(n)
        ],
        "consistency": [
            {"old_size": m, "new_size": n, "path": [h.hex() for h in proof(m, LEAVES[:n])]}
            for n in range(1, n_max + 1)
            for m in range(1, n + 1)
        ],
    }
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()

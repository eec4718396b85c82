"""Freed memory kept for reuse in a short-lived process (``detente forecast``).

A forecast from a saved model builds and drops arrays of a few MB each, hundreds of times.
glibc's malloc hands blocks that large back to the kernel when they are freed (``mmap`` /
trimming), so the next array of that size is fresh pages, each one a page fault; and numpy asks
the kernel for huge pages on large arrays, which here (``defrag = madvise``) means compacting
memory on the fault. On the ICEWS18 store the two were about a third of a forecast's CPU time,
all of it system time (0.6 s of sys against 0.2 s with both off). Raising malloc's two
thresholds keeps freed blocks in the heap for the next array. Only for processes that end soon
after: a long run would keep its peak heap until it exits.
"""

from __future__ import annotations

import ctypes
import ctypes.util

M_TRIM_THRESHOLD = -1  # mallopt parameters of glibc's malloc.h
M_MMAP_THRESHOLD = -3
MMAP_MAX = 32 << 20  # the largest mmap threshold glibc accepts on 64-bit systems
TRIM = 1 << 30


def reuse_freed_memory() -> bool:
    """Keep freed blocks for reuse, no huge pages for numpy's arrays; False where there is no glibc."""
    import numpy as np

    try:  # numpy's switch (the environment variable NUMPY_MADVISE_HUGEPAGE is read at import only)
        core = getattr(np, "_core", None) or np.core
        core.multiarray._set_madvise_hugepage(False)
    except AttributeError:
        pass
    try:  # glibc's soname first: ``find_library`` runs ``ldconfig -p`` in a subprocess (~10 ms)
        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        try:
            libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        except OSError:
            return False
    mallopt = getattr(libc, "mallopt", None)
    if mallopt is None:
        return False
    return bool(mallopt(M_MMAP_THRESHOLD, MMAP_MAX)) and bool(mallopt(M_TRIM_THRESHOLD, TRIM))

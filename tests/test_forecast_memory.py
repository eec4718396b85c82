"""``reuse_freed_memory``: glibc's malloc settings for the short-lived ``detente forecast`` process."""

from __future__ import annotations

import ctypes.util
import platform

import pytest

from detente.forecast.memory import reuse_freed_memory


@pytest.mark.skipif(platform.system() != "Linux" or platform.libc_ver()[0] != "glibc", reason="glibc only")
def test_glibc_is_found_without_searching_the_library_path(monkeypatch):
    """``ctypes.util.find_library`` runs ``ldconfig -p`` in a subprocess: glibc's soname is tried first."""

    def no_search(name):
        raise AssertionError("find_library called")

    monkeypatch.setattr(ctypes.util, "find_library", no_search)
    assert reuse_freed_memory() is True

"""Reading PETRARCH-2's verb dictionary (``verbs-CAMEO.2.0.txt``) — for the developer scripts that
derive our own data from it (``scripts/build_coder_lexicon.py``, ``scripts/compare_petrarch_roots.py``);
the product never reads the dictionary."""

from __future__ import annotations

import re

#: a synonym block's header: ``--- VERB [code] ---``
HEADER = re.compile(r"^---\s+(\S+)\s+\[([^\]]*)\]\s+---")
#: a pattern line: ``- words [code]``
PATTERN = re.compile(r"^-\s+(.*?)\s+\[([^\]]*)\]")


def noun_sets(lines: list[str]) -> dict[str, list[list[str]]]:
    """The ``&NAME`` noun sets at the top of the dictionary → their phrases, each as its words
    (``+MILITARY_FORCE`` → ``["MILITARY", "FORCE"]``), in the file's order."""
    sets: dict[str, list[list[str]]] = {}
    name = None
    for line in lines:
        line = line.partition("#")[0].rstrip()
        if line.startswith("&"):
            name = line[1:].strip().rstrip("_")
            sets[name] = []
        elif line.startswith("+") and name:
            sets[name].append(line[1:].split()[0].strip("_").split("_"))
        elif line.startswith(("---", "####### VERB")):
            name = None
    return sets

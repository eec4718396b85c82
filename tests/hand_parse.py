"""Build a parsed spaCy ``Doc`` by hand, so rule tests do not depend on the statistical parser.

One token a line: ``word POS dep head [lemma [tag [entity]]]``; ``head`` is the 1-based position of
the token's head (0 for the root). Lemma defaults to the lower-cased word, tag to a plain one for
the part of speech, the entity (``GPE``, ``PERSON``, …) to none.
"""

from __future__ import annotations

from spacy.tokens import Doc

TAGS = {"VERB": "VBD", "NOUN": "NN", "PROPN": "NNP", "DET": "DT", "ADP": "IN", "AUX": "MD", "PART": "TO",
        "PUNCT": ".", "ADJ": "JJ", "CCONJ": "CC", "PRON": "PRP", "NUM": "CD", "ADV": "RB"}


def hand_parse(vocab, rows: str) -> Doc:
    """A ``Doc`` with the given words, parts of speech, dependencies, lemmas, tags and entities."""
    words, pos, deps, heads, lemmas, tags, ents = [], [], [], [], [], [], []
    lines = [line.split() for line in rows.strip().splitlines() if line.strip()]
    for k, cols in enumerate(lines):
        word, p, dep, head = cols[:4]
        words.append(word)
        pos.append(p)
        deps.append(dep)
        heads.append(int(head) - 1 if int(head) else k)
        lemmas.append(cols[4] if len(cols) > 4 else word.lower())
        tags.append(cols[5] if len(cols) > 5 else TAGS.get(p, "XX"))
        label = cols[6] if len(cols) > 6 else "O"
        inside = label != "O" and k > 0 and ents[-1] != "O" and ents[-1][2:] == label
        ents.append("O" if label == "O" else ("I-" if inside else "B-") + label)
    spaces = [not (k + 1 < len(words) and words[k + 1] in (".", ",", "'s")) for k in range(len(words))]
    return Doc(vocab, words=words, spaces=spaces, pos=pos, deps=deps, heads=heads, lemmas=lemmas, tags=tags,
               ents=ents)

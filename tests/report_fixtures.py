"""A small hand-made store for report tests: a triangle with a hostile document among its sources."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np

from detente.ontology import lookup
from detente.records import Actor, Document, Event, Sentence
from detente.store import Store

HOSTILE = "<script>alert(1)</script> Washington warned Beijing; see javascript:alert(2) </script><b>x"
CODES = ["042", "057", "112", "138", "036", "172", "051", "130"]
ACTORS = {"USA": "United States", "CHN": "China", "PRK": "North Korea", "JPN": "Japan"}


def make_event(i: int, src: str, tgt: str, code: str, day: dt.date, doc: str, sentence: str,
               modality: str = "asserted") -> Event:
    entry = lookup(code)
    return Event(
        id=f"{doc}:{i}", doc_id=doc, sentence_id=f"{doc}:{i % 3}", sentence=sentence, date=day.isoformat(),
        date_precision="day", source=Actor(ACTORS.get(src[:3], src), src, src[:3], None),
        target=Actor(ACTORS.get(tgt[:3], tgt), tgt, tgt[:3], None), cameo=code, cameo_root=code[:2],
        goldstein=entry.goldstein, quad_class=entry.quad_class, modality=modality,
    )


def build_store(path: Path, n: int = 480, seed: int = 3) -> Path:
    """Events over ~40 weeks among CHN, PRK, USA (and JPN), one document quoting hostile text."""
    rng = np.random.default_rng(seed)
    start = dt.date(2018, 1, 1)
    pairs = [("USAGOV", "CHNGOV"), ("CHN", "USA"), ("CHNGOV", "PRKGOV"), ("PRK", "CHN"), ("USA", "PRK"),
             ("PRKGOV", "USA"), ("USA", "JPN"), ("JPN", "PRK")]
    docs: dict[str, list[Event]] = {"doc-a": [], "doc-b": [], "evil": []}
    for i in range(n):
        src, tgt = pairs[i % len(pairs)]
        day = start + dt.timedelta(days=int(rng.integers(0, 280)))
        doc = ["doc-a", "doc-b"][i % 2]
        docs[doc].append(make_event(i, src, tgt, CODES[int(rng.integers(0, len(CODES)))], day, doc,
                                    f"Officials of {src} and {tgt} met (item {i})." if i % 10 else
                                    f'Officials of {src} called the talks "useful" (item {i}).'))
    docs["evil"].append(make_event(900, "USAGOV", "CHNGOV", "112", dt.date(2018, 5, 2), "evil", HOSTILE))
    docs["evil"].append(make_event(901, "PRK", "USA", "138", dt.date(2018, 5, 3), "evil", HOSTILE,
                                   modality="hypothetical"))
    titles = {"doc-a": "Notes on the peninsula", "doc-b": "Trade and the bomb", "evil": "<img src=x onerror=alert(3)>"}
    with Store(path) as st:
        for doc, events in docs.items():
            d = Document(id=doc, text=HOSTILE if doc == "evil" else "text", title=titles[doc],
                         publisher="javascript:alert(4)" if doc == "evil" else "Example Press",
                         date="2018-10-01", content_hash=doc)
            st.save_document(d, [Sentence(doc, 0, d.text, 0, len(d.text))], events)
    return path

"""HTML: main text via trafilatura (boilerplate removed), metadata from meta tags only.

HTML is untrusted: only extracted text leaves this module (no markup, no script), urls are
kept only when they are plain http(s), and titles are trimmed.
"""

from __future__ import annotations

import re
from typing import Any

_DATE_META = (
    "article:published_time", "og:published_time", "datepublished", "date", "pubdate", "publishdate",
    "publish-date", "publication_date", "dc.date", "dc.date.issued", "dcterms.date", "dcterms.issued",
    "citation_publication_date", "citation_date", "parsely-pub-date", "sailthru.date",
)
_TITLE_META = ("og:title", "twitter:title", "dc.title", "citation_title")
_PUBLISHER_META = ("og:site_name", "publisher", "dc.publisher", "citation_publisher", "application-name")
_URL_META = ("og:url",)
_DROP = ("script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form", "iframe")
MAX_FIELD = 500


def read_html(raw: str) -> tuple[str, dict[str, Any]]:
    """(main text, metadata). The text keeps paragraphs apart with blank lines."""
    tree = _parse(raw)
    meta = _meta(tree) if tree is not None else {}
    text = _extract(raw) or (_fallback_text(tree) if tree is not None else "")
    return text, meta


def _parse(raw: str):
    import lxml.html

    try:  # already decoded: tell lxml the bytes are UTF-8, whatever a <meta charset> claims
        return lxml.html.document_fromstring(raw.encode("utf-8"), parser=lxml.html.HTMLParser(encoding="utf-8"))
    except Exception:  # lxml raises several types on junk input; junk simply has no metadata
        return None


def _extract(raw: str) -> str:
    import trafilatura

    try:
        text = trafilatura.extract(raw, include_comments=False, include_tables=False, include_images=False)
    except Exception:  # extraction is best effort on untrusted markup; fall back to plain text
        return ""
    return re.sub(r"\n+", "\n\n", text or "")


def _fallback_text(tree) -> str:
    for el in tree.xpath("|".join(f"//{tag}" for tag in _DROP)):
        el.drop_tree()
    body = tree.find("body")
    blocks = [b.text_content().strip() for b in (body if body is not None else tree).iter("p", "h1", "h2", "h3", "li")]
    blocks = [b for b in blocks if b]
    if blocks:
        return "\n\n".join(blocks)
    return (body if body is not None else tree).text_content()


def _meta(tree) -> dict[str, Any]:
    found: dict[str, str] = {}
    for el in tree.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        value = (el.get("content") or "").strip()
        if key and value and key not in found:
            found[key] = value
    meta: dict[str, Any] = {}
    date = _first(found, _DATE_META) or _time_published(tree)
    if date:
        meta["date"] = date
    title = _first(found, _TITLE_META) or (tree.findtext(".//title") or "").strip()
    if title:
        meta["title"] = _tidy(title)
    publisher = _first(found, _PUBLISHER_META)
    if publisher:
        meta["publisher"] = _tidy(publisher)
    canonical = [el.get("href", "") for el in tree.iter("link") if (el.get("rel") or "").lower() == "canonical"]
    url = _first(found, _URL_META) or (canonical[0].strip() if canonical else "")
    if url:
        meta["url"] = url
    return meta


def _time_published(tree) -> str | None:
    for el in tree.iter("time"):
        if (el.get("itemprop") or "").lower() == "datepublished" and el.get("datetime"):
            return el.get("datetime").strip()
    return None


def _first(found: dict[str, str], keys: tuple[str, ...]) -> str | None:
    for k in keys:
        if found.get(k):
            return found[k]
    return None


def _tidy(value: str) -> str:
    return re.sub(r"\s+", " ", value).strip()[:MAX_FIELD]

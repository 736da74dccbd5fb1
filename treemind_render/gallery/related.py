"""Related maps: explicit `related:` first, then shared tags, then outlines that read alike.

Text similarity is TF-IDF cosine over the words of every node label; Chinese, Japanese and
Korean text, which has no spaces, counts as overlapping character bigrams.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

from ..model import walk
from .entries import Entry, fold

DEFAULT_COUNT = 6
MIN_SIMILARITY = 0.05  # below this, two outlines share a few common words, not a subject
_CJK_RUN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]+")
_WORD = re.compile(r"[^\W_]{2,}")
_STOP = frozenset(  # English function words: they say nothing about a subject
    re.findall(
        r"\w+",
        "a an and are as at be but by for from has have how if in into is it its of on or our so "
        "than that the their then there these this to was we were what when which who why will with "
        "you your not no all any can do does more most other out over such up use used using very",
    )
)


def tokens(text: str) -> list[str]:
    """Words of a label: Latin-script words (folded, light plural stripping, no stop words)
    and CJK character bigrams.

    >>> tokens("Research methods 研究方法")
    ['research', 'method', '研究', '究方', '方法']
    """
    text = unicodedata.normalize("NFKC", text).casefold()
    out: list[str] = []
    for word in _WORD.findall(_CJK_RUN.sub(" ", text)):
        if word in _STOP or word.isdigit():
            continue
        if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
            word = word[:-1]
        out.append(word)
    for run in _CJK_RUN.findall(text):
        out.extend([run] if len(run) == 1 else [run[i : i + 2] for i in range(len(run) - 1)])
    return out


def vectors(docs: list[Iterable[str]]) -> list[dict[str, float]]:
    """Unit-length TF-IDF vectors (sublinear tf, idf = ln(N/df): a term in every map weighs 0)."""
    counts = [Counter(doc) for doc in docs]
    df: Counter[str] = Counter(term for c in counts for term in c)
    n = len(docs)
    out = []
    for c in counts:
        weights = {t: (1 + math.log(k)) * math.log(n / df[t]) for t, k in c.items()}
        weights = {t: w for t, w in weights.items() if w > 0}
        norm = math.sqrt(sum(w * w for w in weights.values()))
        out.append({t: w / norm for t, w in weights.items()} if norm else {})
    return out


def similarities(vecs: list[dict[str, float]]) -> list[dict[int, float]]:
    """Cosine similarity of every pair that shares a term, through an inverted index."""
    postings: dict[str, list[tuple[int, float]]] = {}
    for i, vec in enumerate(vecs):
        for term in sorted(vec):
            postings.setdefault(term, []).append((i, vec[term]))
    out: list[dict[int, float]] = []
    for i, vec in enumerate(vecs):
        scores: dict[int, float] = {}
        for term in sorted(vec):
            for j, w in postings[term]:
                if j != i:
                    scores[j] = scores.get(j, 0.0) + vec[term] * w
        out.append({j: round(s, 9) for j, s in scores.items() if s > 1e-9})
    return out


def outline_text(entry: Entry) -> list[str]:
    return [term for item in walk(entry.tree.root) for term in tokens(item.node.text)]


def link_related(entries: list[Entry], count: int = DEFAULT_COUNT) -> list[str]:
    """Fill each entry's `related` with at most `count` other maps, each with the reason;
    returns warnings for `related:` names that match no map."""
    ordered = sorted(entries, key=lambda e: (fold(e.title), e.slug))
    index = {id(e): i for i, e in enumerate(ordered)}
    by_key: dict[str, Entry] = {}
    for entry in sorted(ordered, key=lambda e: e.slug):
        for key in sorted(entry.keys()):
            by_key.setdefault(key, entry)
    warnings: list[str] = []
    explicit: dict[int, list[Entry]] = {i: [] for i in range(len(ordered))}
    for i, entry in enumerate(ordered):
        for name in entry.tree.related:
            target = by_key.get(fold(name))
            if target is None:
                warnings.append(f"{entry.source.name}: related map {name!r} is not in the gallery")
            elif target is not entry:
                explicit[i].append(target)
    for i, entry in enumerate(ordered):  # a link named on one side counts for both
        for target in explicit[i]:
            back = explicit[index[id(target)]]
            if entry not in back:
                back.append(entry)
    sims = similarities(vectors([outline_text(e) for e in ordered]))
    tags = [{fold(t) for t in e.tags} for e in ordered]
    for i, entry in enumerate(ordered):
        chosen: list[tuple[Entry, str]] = []
        for target in explicit[i]:
            if all(target is not c for c, _ in chosen):
                chosen.append((target, "linked"))
        seen = {id(c) for c, _ in chosen} | {id(entry)}
        rest = [j for j in range(len(ordered)) if id(ordered[j]) not in seen]
        shared = sorted(
            (j for j in rest if tags[i] & tags[j]),
            key=lambda j: (-len(tags[i] & tags[j]), -sims[i].get(j, 0.0), j),
        )
        for j in shared:
            common = sorted(t for t in ordered[j].tags if fold(t) in tags[i])
            chosen.append((ordered[j], "tag: " + ", ".join(common)))
        similar = sorted(
            (j for j in rest if not tags[i] & tags[j] and sims[i].get(j, 0.0) >= MIN_SIMILARITY),
            key=lambda j: (-sims[i][j], j),
        )
        chosen.extend((ordered[j], "similar outline") for j in similar)
        entry.related = chosen[: max(count, 0)]
    return warnings

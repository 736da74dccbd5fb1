"""org-mode files: headlines are topics, the text under a headline is its note.

Choices for cases the format leaves open:
- One top-level headline holding all the others is the root; otherwise the root is `#+TITLE:` or
  the file name, and text before the first headline is its note.
- Depth is relative: a headline's parent is the nearest earlier headline with fewer stars.
- TODO keywords are TODO and DONE plus those of `#+TODO:` / `#+SEQ_TODO:` / `#+TYP_TODO:` lines;
  a done keyword (after `|`, or the last one without `|`) sets checked, any other clears it.
- `COMMENT` subtrees are left out, as org export leaves them out (with a warning).
- A headline of 15 or more stars is an inline task (org-inlinetask), not a topic: its title and
  body are text of the headline it sits in, and its `*************** END` line is dropped.
- Blocks (`#+BEGIN_SRC` ...) are note text, except comment blocks; drawers are skipped, but
  `:VISIBILITY: folded` in a headline's property drawer folds it. Planning lines, `#+` keyword
  lines and `# ` comments are skipped.
- Export snippets (`@@html:<b>x</b>@@`) are their value as text, HTML tags stripped.
- `_underline_` loses its marks (the model has no underline); emphasis nests at most 3 deep.
"""

from __future__ import annotations

import bisect
import re
import textwrap
from dataclasses import dataclass, field

from ..errors import OutlineError
from ..model import Draft, Limits, Tree, freeze, prune
from . import title_from_source
from .common import CONTROL, count_node, fold, html_text
from .spans import Style, is_plain, normalize

# An export snippet, `@@html:<b>x</b>@@`: its value, as text (HTML ones without their tags).
_SNIPPET = re.compile(r"@@(?P<backend>[\w-]+):(?P<value>.*?)@@")
# org-inlinetask-min-level: a headline of this many stars is an inline task, not a topic.
INLINE_TASK_LEVEL = 15
_HEADLINE = re.compile(r"(?P<stars>\*+)(?:[ \t]+(?P<title>.*))?")
_KEYWORD = re.compile(r"[ \t]*#\+(?P<key>[A-Za-z_]+):[ \t]*(?P<value>.*)")
_BEGIN = re.compile(r"[ \t]*#\+begin(?:_(?P<name>\S+)|:)", re.I)
_END_BLOCK = re.compile(r"[ \t]*#\+end(?:_(?P<name>\S+)|:)[ \t]*", re.I)
_DRAWER = re.compile(r"[ \t]*:(?P<name>[\w-]+):[ \t]*")
_PROPERTY = re.compile(r"[ \t]*:(?P<key>[^:\s]+):[ \t]*(?P<value>.*)")
_PLANNING = re.compile(r"[ \t]*(?:SCHEDULED|DEADLINE|CLOSED):")
_COMMENT = re.compile(r"[ \t]*#(?:[ \t]|$)")
_PRIORITY = re.compile(r"\[#(?P<p>[A-Za-z0-9]+)\](?:[ \t]+|$)")
_TAGS = re.compile(r":(?:[\w@#%]+:)+")
_LINK = re.compile(r"\[\[(?P<url>[^\[\]]+)\](?:\[(?P<desc>[^\[\]]*)\])?\]")
_TODO_KEYS = ("todo", "seq_todo", "typ_todo")
_PRE = set(" \t-('\"{")
_POST = set(" \t-.,:!?;'\")}[\\")
_MARKS = "*/_=~+"
_MARK = re.compile(r"[*/_=~+]")
_MAX_NESTING = 3
# bold, italic, code, strike, link: a run's formatting, as a tuple because runs are many.
_PLAIN: Style = (False, False, False, False, None)


@dataclass
class _Settings:
    """In-buffer settings, read in a first pass because they apply to the whole file."""

    title: str | None = None
    tags: tuple[str, ...] = ()
    todo: dict[str, bool] = field(default_factory=lambda: {"TODO": False, "DONE": True})


def _settings(lines: list[str], source: str, warnings: list[str]) -> _Settings:
    found = _Settings()
    for number, line in enumerate(lines, start=1):
        match = _KEYWORD.fullmatch(line)
        if not match:
            continue
        key, value = match.group("key").lower(), match.group("value").strip()
        if key == "title" and found.title is None and value:
            spans = normalize(_spans(_SNIPPET.sub(_snippet, value)), _clean)
            found.title = "".join(span.text for span in spans) or None
        elif key == "filetags":
            found.tags = tuple(tag for tag in value.split(":") if tag.strip())
        elif key in _TODO_KEYS:
            words = [re.sub(r"\(.*\)$", "", w) for w in value.split()]
            todo, _, done = " ".join(words).partition("|")
            states = todo.split()
            done_states = done.split() if "|" in words else states[-1:]
            found.todo.update({word: word in done_states for word in states + done_states})
        elif key in ("include", "setupfile"):
            warnings.append(f"line {number}: #+{key.upper()} not fetched: {_clean(value)[:60]}")
    return found


def _clean(text: str) -> str:
    return fold(text)


def _plain(text: str) -> str:
    """Text with links shown as their description (or target)."""
    return _LINK.sub(lambda m: m.group("desc") or m.group("url"), text)


def _emphasis_marks(text: str) -> list[tuple[int, int, str]]:
    """(opening index, closing index, mark) of emphasis runs, left to right; linear time."""
    marks = [m.start() for m in _MARK.finditer(text)]
    closers: dict[str, list[int]] = {mark: [] for mark in _MARKS}
    for i in marks:
        after = text[i + 1] if i + 1 < len(text) else " "
        if i > 0 and not text[i - 1].isspace() and (after in _POST or after.isspace()):
            closers[text[i]].append(i)
    found: list[tuple[int, int, str]] = []
    done = -1  # marks up to here are inside a run already found
    for i in marks:
        before = text[i - 1] if i else " "
        if (
            i <= done
            or i + 2 >= len(text)
            or text[i + 1].isspace()
            or not (before in _PRE or before.isspace())
        ):
            continue
        ends = closers[text[i]]
        k = bisect.bisect_right(ends, i + 1)
        if k < len(ends):
            found.append((i, ends[k], text[i]))
            done = ends[k]
    return found


def _emphasis(text: str, style: Style) -> list[tuple[str, Style]]:
    """Formatted runs of link-free text; iterative, nesting at most _MAX_NESTING deep."""
    out: list[tuple[str, Style]] = []
    work = [(text, style, 0)]
    while work:
        chunk, base, depth = work.pop()
        runs = _emphasis_marks(chunk) if depth < _MAX_NESTING and len(chunk) > 2 else []
        if not runs:
            out.append((chunk, base))
            continue
        at, pieces = 0, []
        bold, italic, code, strike, link = base
        for start, end, mark in runs:
            pieces.append((chunk[at:start], base, _MAX_NESTING))
            body = chunk[start + 1 : end]
            if mark in "=~":
                pieces.append((body, (bold, italic, True, strike, link), _MAX_NESTING))
            else:
                inner = (bold or mark == "*", italic or mark == "/", code, strike or mark == "+", link)
                pieces.append((body, inner, depth + 1))
            at = end + 1
        pieces.append((chunk[at:], base, _MAX_NESTING))
        work.extend(reversed(pieces))
    return out


def _spans(text: str) -> list[tuple[str, Style]]:
    """Links and emphasis of a headline title, as raw runs."""
    out: list[tuple[str, Style]] = []
    at = 0
    for match in _LINK.finditer(text):
        out.extend(_emphasis(text[at : match.start()], _PLAIN))
        out.append(
            (
                match.group("desc") or match.group("url"),
                (False, False, False, False, match.group("url").strip()),
            )
        )
        at = match.end()
    out.extend(_emphasis(text[at:], _PLAIN))
    return out


def _headline(title: str, number: int, settings: _Settings) -> tuple[Draft, bool]:
    """A draft from a headline's title (after the stars), and whether it is a COMMENT one."""
    draft = Draft("", line=number)
    words = title.split(None, 1)
    if words and words[0] in settings.todo:
        draft.attrs["todo"] = words[0]
        draft.checked = settings.todo[words[0]]
        title = words[1] if len(words) > 1 else ""
    priority = _PRIORITY.match(title)
    if priority:
        draft.attrs["markers"] = f"priority-{priority.group('p')}"
        title = title[priority.end() :]
    words = title.split(None, 1)
    commented = bool(words) and words[0] == "COMMENT"
    tail = title.rsplit(None, 1)
    if tail and _TAGS.fullmatch(tail[-1]):
        draft.attrs["tags"] = ",".join(tag for tag in tail[-1].split(":") if tag)
        title = tail[0] if len(tail) > 1 else ""
    title = _SNIPPET.sub(
        lambda m: html_text(m.group("value")) if m.group("backend").lower() == "html" else m.group("value"),
        title,
    )
    spans = normalize(_spans(title), _clean)
    draft.text = "".join(span.text for span in spans)
    draft.link = next((span.link for span in spans if span.link), None)
    draft.spans = [] if is_plain(spans) else spans
    return draft, commented


def _snippet(match: re.Match[str]) -> str:
    value = match.group("value")
    return html_text(value) if match.group("backend").lower() == "html" else value


def _note(lines: list[str]) -> str | None:
    text = textwrap.dedent("\n".join(CONTROL.sub("", _plain(line)).rstrip() for line in lines))
    return text.strip("\n") or None


class _Reader:
    """One pass over the lines, with a stack of open headlines and the body of the last one."""

    def __init__(self, lines: list[str], source: str, limits: Limits, settings: _Settings) -> None:
        self.lines, self.source, self.limits, self.settings = lines, source, limits, settings
        self.top = Draft(settings.title or title_from_source(source))
        self.stack: list[tuple[int, Draft]] = [(0, self.top)]
        self.bodies: list[tuple[Draft, list[str]]] = [(self.top, [])]
        self.warnings: list[str] = []
        self.count = 0
        self.ends: dict[str, list[int]] = {}  # block name -> indexes of its #+END lines
        self.drawer_end = [0] * (len(lines) + 1)  # index of the next :END: (or headline) line
        # index of the next topic headline or inline-task END line, for inline tasks
        self.task_stop = [0] * (len(lines) + 1)
        self._index()

    def _index(self) -> None:
        nxt = stop = len(self.lines)
        self.task_stop[stop] = stop
        for i in range(len(self.lines) - 1, -1, -1):
            line = self.lines[i]
            headline = _HEADLINE.fullmatch(line)
            if line.strip().upper() == ":END:" or headline:
                nxt = i
            if headline and (
                len(headline.group("stars")) < INLINE_TASK_LEVEL
                or (headline.group("title") or "").strip() == "END"
            ):
                stop = i
            self.drawer_end[i] = nxt
            self.task_stop[i] = stop
            end = _END_BLOCK.fullmatch(line)
            if end:
                self.ends.setdefault((end.group("name") or "").lower(), []).append(i)
        self.drawer_end[len(self.lines)] = len(self.lines)
        for found in self.ends.values():
            found.reverse()  # collected bottom-up

    def run(self) -> Draft:
        i = 0
        while i < len(self.lines):
            i = self.step(i) + 1
        for draft, body in self.bodies:
            draft.note = _note(body)
        return self.top

    def step(self, i: int) -> int:
        """Read the line at index i; return the index of the last line it took."""
        line = self.lines[i]
        headline = _HEADLINE.fullmatch(line)
        if headline and len(headline.group("stars")) >= INLINE_TASK_LEVEL:
            return self.inline_task(i, headline.group("title") or "")
        if headline:
            self.headline(len(headline.group("stars")), headline.group("title") or "", i + 1)
            return i
        begin = _BEGIN.match(line)
        if begin:
            return self.block(i, (begin.group("name") or "").lower())
        drawer = _DRAWER.fullmatch(line)
        if drawer and drawer.group("name").upper() != "END" and self.drawer_closes(i):
            end = self.drawer_end[i + 1]
            if drawer.group("name").upper() == "PROPERTIES":
                self.properties(self.lines[i + 1 : end])
            return end
        if not (_KEYWORD.fullmatch(line) or _COMMENT.match(line) or _PLANNING.match(line)):
            self.bodies[-1][1].append(line)
        return i

    def inline_task(self, i: int, title: str) -> int:
        """An inline task (org-inlinetask: 15 or more stars) is part of the text under the
        headline it sits in, not a topic: its title and body join that headline's note, and its
        closing `*** END` line is dropped. Without an END line it is that one line."""
        if title.strip() == "END":  # an END with no task open: nothing to keep
            return i
        stop = self.task_stop[i + 1]
        found = _HEADLINE.fullmatch(self.lines[stop]) if stop < len(self.lines) else None
        is_end = found is not None and len(found.group("stars")) >= INLINE_TASK_LEVEL
        end = stop if is_end else i
        body = self.bodies[-1][1]
        body.append(title.strip())
        body.extend(self.lines[i + 1 : end])
        return end

    def drawer_closes(self, i: int) -> bool:
        end = self.drawer_end[i + 1] if i + 1 < len(self.lines) else len(self.lines)
        return end < len(self.lines) and self.lines[end].strip().upper() == ":END:"

    def block(self, i: int, name: str) -> int:
        ends = self.ends.get(name, [])
        k = bisect.bisect_right(ends, i)
        if k == len(ends):  # never closed: org reads the line as text
            self.bodies[-1][1].append(self.lines[i])
            return i
        if name != "comment":
            self.bodies[-1][1].extend(self.lines[i + 1 : ends[k]])
        return ends[k]

    def properties(self, lines: list[str]) -> None:
        owner = self.bodies[-1][0]
        for line in lines:
            prop = _PROPERTY.fullmatch(line)
            if prop and prop.group("key").upper() == "VISIBILITY" and owner is not self.top:
                owner.folded = prop.group("value").strip().lower() == "folded"

    def headline(self, level: int, title: str, number: int) -> None:
        self.count = count_node(self.count, self.limits, self.source, number)
        draft, commented = _headline(title, number, self.settings)
        while self.stack[-1][0] >= level:
            self.stack.pop()
        if commented:  # kept off the tree, so its subtree goes with it
            self.warnings.append(f"line {number}: COMMENT subtree left out, as org export does")
        else:
            self.stack[-1][1].add(draft)
        self.stack.append((level, draft))
        self.bodies.append((draft, []))


def parse(text: str, *, source: str, limits: Limits, sheet: str | None = None) -> Tree:
    """Parse an org-mode file (LF line endings) into a Tree."""
    lines = text.removeprefix("\ufeff").split("\n")
    warnings: list[str] = []
    settings = _settings(lines, source, warnings)
    reader = _Reader(lines, source, limits, settings)
    top = reader.run()
    if reader.count == 0:
        message = "no headlines: nothing to draw; start topics with '* ' (level 1), '** ' (level 2) ..."
        raise OutlineError(message, path=source)
    prune(top)
    root = top
    if len(top.children) == 1:
        root = top.children[0]
        root.note = "\n\n".join(n for n in (top.note, root.note) if n) or None
    node = freeze(root, limits, path=source)
    return Tree(
        root=node,
        title=settings.title or node.text,
        tags=settings.tags,
        source=source,
        warnings=tuple(warnings + reader.warnings),
    )

"""`treemind serve FILE|DIR`: a live preview on 127.0.0.1 that redraws a map when it is saved.

The page is the `-f html` map with `live` set: it listens to `events` (server-sent events),
fetches the new map from `data` after each save, and asks `frame?fold=...` for fold states
the page does not hold yet. A file that fails to parse keeps its last good map; the error,
`PATH:LINE: problem`, goes to the page and to stderr.
"""

from __future__ import annotations

import json
import sys
import threading
import webbrowser
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from html import escape
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlsplit

from ..errors import TreemindError
from ..pipeline import RenderOptions, html_page

HOST = "127.0.0.1"  # never another interface: the preview shows private files
KEEPALIVE = 15.0  # seconds between SSE comments, so a dead client is noticed


@dataclass
class Live:
    """One outline file: its last good page data, its last error, and a version clients follow."""

    path: Path
    data: dict[str, object] | None = None
    error: str | None = None
    version: int = 0
    tree: object = None  # the last good Tree, for fold states asked on demand
    rules: set[str] = field(default_factory=set)  # dark-scheme CSS of every picture sent (rules.css)
    lock: threading.Lock = field(default_factory=threading.Lock)


class Preview:
    """The files being previewed and the one condition every event stream waits on."""

    def __init__(self, root: Path, files: list[Path], options: RenderOptions) -> None:
        self.root, self.options = root, options
        self.files = {self.name(f): Live(f) for f in files}
        self.changed = threading.Condition()
        self.stopped = threading.Event()

    def name(self, path: Path) -> str:
        return path.name if self.root.is_file() else path.relative_to(self.root).as_posix()

    def beside(self, path: Path) -> RenderOptions:
        """The options for one file: its pictures come from its own folder tree (draw/pictures.py)."""
        from ..draw.pictures import PictureFolder

        return replace(self.options, pictures=PictureFolder.beside(path))

    def render(self, live: Live, report: Callable[[str], None] = lambda _: None) -> None:
        """Redraw one file; on failure keep the last good map and remember the error."""
        from ..draw.html import data
        from ..parsers import parse

        with live.lock:
            try:
                tree = parse(live.path.read_bytes(), source=str(live.path), limits=self.options.limits)
                options = self.beside(live.path)
                page = html_page(tree, options, live=f"/m/{quote(self.name(live.path))}/", limit=1)
                live.data, live.tree, live.error = data(page), tree, None
                live.rules.update(live.data["rules"])  # type: ignore[arg-type]
            except TreemindError as exc:
                live.error = exc.located() if exc.path else f"{live.path}: {exc.message}"
                report(live.error)
            except OSError as exc:
                live.error = f"{live.path}: cannot read: {exc.strerror}"
                report(live.error)
            live.version += 1
        with self.changed:
            self.changed.notify_all()

    def frame(self, live: Live, fold: list[str]) -> str:
        from ..draw.html import key, split_frame

        with live.lock:
            tree = live.tree
        if tree is None:
            raise TreemindError(live.error or "no map yet")
        options = self.beside(live.path)
        page = html_page(tree, options, live="", start=tuple(fold), limit=1)  # type: ignore[arg-type]
        markup, rules = split_frame(page.frames[key(fold)])
        live.rules.add(rules)
        return markup

    def watch(self, report: Callable[[str], None]) -> None:
        """Redraw each previewed file when it changes on disk (watchfiles: inotify on Linux)."""
        from watchfiles import watch

        target = self.root if self.root.is_dir() else self.root.parent
        by_path = {live.path.resolve(): live for live in self.files.values()}
        for changes in watch(target, stop_event=self.stopped, debounce=50, step=20, rust_timeout=500):
            for path in {Path(p).resolve() for _, p in changes}:
                if path in by_path:
                    self.render(by_path[path], report)


def page_for(live: Live, name: str) -> str:
    from ..draw.html import Page, document, html_from

    if live.data is None:  # never parsed: an empty map with its error, which the next save replaces
        empty = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"></svg>'
        page = Page(name, (), {"": empty}, (), f"/m/{quote(name)}/", live.error or "no map yet")
        return document(page)
    return html_from(live.data, live.error)


class Handler(BaseHTTPRequestHandler):
    preview: Preview  # set on a subclass per server

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        port = self.server.server_port  # type: ignore[attr-defined]
        if self.headers.get("Host") not in (f"{HOST}:{port}", f"localhost:{port}"):
            # a page elsewhere that renamed its host to 127.0.0.1 (DNS rebinding) reads nothing
            return self._send(HTTPStatus.FORBIDDEN, "text/plain", b"forbidden host\n")
        url = urlsplit(self.path)
        parts = url.path.split("/")
        if url.path == "/":
            return self._index()
        if len(parts) < 4 or parts[1] != "m" or unquote(parts[2]) not in self.preview.files:
            return self._send(HTTPStatus.NOT_FOUND, "text/plain", b"not found\n")
        name, what = unquote(parts[2]), parts[3]
        live = self.preview.files[name]
        if live.version == 0:
            self.preview.render(live, _stderr)
        if what == "":
            return self._send(HTTPStatus.OK, "text/html", page_for(live, name).encode("utf-8"))
        if what == "data":
            body = live.data if live.error is None else {"error": live.error}
            return self._send(
                HTTPStatus.OK, "application/json", json.dumps(body, ensure_ascii=False).encode()
            )
        if what == "frame":
            fold = [f for f in parse_qs(url.query).get("fold", [""])[0].split(",") if f]
            try:
                markup = self.preview.frame(live, fold)
            except TreemindError as exc:
                return self._send(HTTPStatus.CONFLICT, "text/plain", exc.message.encode())
            return self._send(HTTPStatus.OK, "image/svg+xml", markup.encode("utf-8"))
        if what == "events":
            return self._events(live)
        if what == "rules.css":  # colours of pictures drawn after the page was: its own CSS lacks them
            return self._send(HTTPStatus.OK, "text/css", "\n".join(sorted(live.rules)).encode("utf-8"))
        return self._send(HTTPStatus.NOT_FOUND, "text/plain", b"not found\n")

    def _index(self) -> None:
        if len(self.preview.files) == 1:
            name = next(iter(self.preview.files))
            self.send_response(HTTPStatus.FOUND)
            self.send_header("Location", f"/m/{quote(name)}/")
            self.end_headers()
            return
        items = "".join(
            f'<li><a href="/m/{quote(n)}/">{escape(n)}</a></li>' for n in sorted(self.preview.files)
        )
        body = (
            '<!doctype html><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" '
            "content=\"default-src 'none'\"><title>treemind serve</title>"
            f"<h1>{escape(str(self.preview.root))}</h1><ul>{items}</ul>"
        )
        self._send(HTTPStatus.OK, "text/html", body.encode("utf-8"))

    def _events(self, live: Live) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        seen = live.version

        def moved() -> bool:
            return live.version != seen

        try:
            self.wfile.write(b"retry: 500\n\n")
            self.wfile.flush()
            while not self.preview.stopped.is_set():
                with self.preview.changed:
                    self.preview.changed.wait_for(moved, timeout=KEEPALIVE)
                if live.version == seen:
                    self.wfile.write(b": alive\n\n")
                else:
                    seen = live.version
                    error = live.error
                    kind = "failed" if error else "map"
                    payload = json.dumps({"version": seen, "error": error}, ensure_ascii=False)
                    self.wfile.write(f"event: {kind}\ndata: {payload}\n\n".encode())
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _send(self, status: HTTPStatus, kind: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", f"{kind}; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        self.wfile.write(body)


def start(preview: Preview, port: int = 0) -> ThreadingHTTPServer:
    """A server on 127.0.0.1 (`port` 0: a free one), serving in a daemon thread."""
    handler = type("BoundHandler", (Handler,), {"preview": preview})
    server = ThreadingHTTPServer((HOST, port), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def serve(
    root: Path, files: list[Path], options: RenderOptions, port: int = 0, open_browser: bool = False
) -> Iterator[str]:
    """Run the preview until interrupted; yields the URL once the server listens."""
    preview = Preview(root, files, options)
    server = start(preview, port)
    url = f"http://{HOST}:{server.server_port}/"
    watcher = threading.Thread(target=preview.watch, args=(_stderr,), daemon=True)
    watcher.start()
    try:
        if open_browser:
            webbrowser.open(url)
        yield url
        preview.stopped.wait()
    finally:
        preview.stopped.set()
        with preview.changed:
            preview.changed.notify_all()
        server.shutdown()
        server.server_close()


def _stderr(message: str) -> None:
    print(f"treemind: error: {message}", file=sys.stderr, flush=True)


def rerun_on_change(
    run: Callable[[], None],
    paths: list[Path],
    sources: Callable[[], set[Path]],
    stop: threading.Event | None = None,
) -> None:
    """`render --watch`: `run()` now and after every save of an input, until Ctrl+C (or `stop`).

    Folders are watched whole and files through their folder (editors save by renaming a new
    file over the old one); only changes to the inputs themselves count, so outputs written
    beside them do not set off another run.
    """
    from watchfiles import watch

    folders = sorted({(p if p.is_dir() else p.parent).resolve() for p in paths})
    first = True  # the first run waits for the watcher, so no save between the two goes unseen
    for changes in watch(*folders, stop_event=stop, debounce=100, rust_timeout=200, yield_on_timeout=True):
        current = sources() if changes else set()
        if first or any(Path(p).resolve() in current for _, p in changes):
            first = False
            run()

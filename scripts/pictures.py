"""Render every example in every layout and theme to PNG, plus one contact sheet to look at.

Also every layout of two generated outlines at real sizes (default theme): issue 19's
r250.md (12 main branches, 266 nodes) and wide.md (a 60-term glossary), so wrapping and the
radial's shape are seen where they matter.

Run: `make pictures` (needs Pillow, from the test extra). Writes out/pictures/.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from treemind_render.layout import LAYOUTS  # noqa: E402
from treemind_render.style.themes import builtin_names  # noqa: E402

CELL = 600


def main() -> None:
    out = ROOT / "out" / "pictures"
    out.mkdir(parents=True, exist_ok=True)
    examples = sorted(p for p in (ROOT / "examples").iterdir() if p.suffix in (".md", ".txt"))
    themes = [t for t in builtin_names() if t != "base"]
    cells = []
    for generated in _real_sizes(out):
        for layout in LAYOUTS:
            target = out / f"{generated.stem}.{layout}.png"
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "treemind_render",
                    "render",
                    str(generated),
                    "-l",
                    layout,
                    "-o",
                    str(target),
                ],
                check=True,
            )
            cells.append((f"{generated.stem} / {layout}", target))
    for example in examples:
        for theme in themes:
            for layout in LAYOUTS:
                target = out / f"{example.stem}.{layout}.{theme}.png"
                subprocess.run(
                    [
                        sys.executable,
                        "-m",
                        "treemind_render",
                        "render",
                        str(example),
                        "-l",
                        layout,
                        "-t",
                        theme,
                        "-o",
                        str(target),
                    ],
                    check=True,
                )
                cells.append((f"{example.stem} / {layout} / {theme}", target))
    columns = len(LAYOUTS)
    rows = (len(cells) + columns - 1) // columns
    sheet = Image.new("RGB", (columns * CELL, rows * (CELL + 24)), "white")
    draw = ImageDraw.Draw(sheet)
    for i, (caption, path) in enumerate(cells):
        image = Image.open(path).convert("RGB")
        image.thumbnail((CELL - 8, CELL - 8))
        x, y = (i % columns) * CELL, (i // columns) * (CELL + 24)
        sheet.paste(image, (x + 4, y + 24))
        draw.text((x + 6, y + 4), caption, fill="black")
    sheet.save(out / "contact-sheet.png")
    print(f"{len(cells)} pictures and contact-sheet.png in {out.relative_to(ROOT)}")


def _real_sizes(out: Path) -> list[Path]:
    """The two outlines of issue 19, written into `out`."""
    import random

    rng = random.Random(1)
    lines = ["# Root topic"]
    for i in range(12):
        lines.append(f"## Main branch {i}")
        for j in range(rng.randint(3, 8)):
            lines.append(f"- topic {i}.{j} with some words")
            lines += [f"  - leaf {i}.{j}.{k} detail" for k in range(rng.randint(0, 5))]
    r250 = out / "r250.md"
    r250.write_text("\n".join(lines) + "\n")
    wide = out / "wide.md"
    terms = [f"## Term {i}\n- a definition of term {i} that is a sentence long" for i in range(60)]
    wide.write_text("\n".join(["# Glossary", *terms]) + "\n")
    return [r250, wide]


if __name__ == "__main__":
    main()

"""Copy the typeface and the icons the portal serves from npm packages into
static/vendor/ (run by `make vendor`, which installs the pinned versions into a
temporary folder first). Nothing is fetched at run time: the copied files are
committed, with their licences.

- @fontsource/roboto: Roboto's WOFF2 files for the weights the theme uses, in
  the Latin and Latin Extended subsets, and a stylesheet of @font-face rules
  (with each subset's unicode-range, so a browser fetches the extended file only
  for a page that needs it).
- bootstrap-icons: one SVG sprite holding only the icons listed in ICONS (the
  full sprite weighs over 1 MB). `{% icon "name" %}` (core/templatetags/
  components.py) refuses a name the sprite lacks: add it here and run
  `make vendor` again.

Usage: python scripts/vendor.py NODE_MODULES
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "static" / "vendor"

WEIGHTS = (400, 700)
SUBSETS = ("latin-ext", "latin")  # the fontsource order: the later rule wins an overlap

ICONS = sorted(
    {
        "arrow-left",
        "arrow-right",
        "bar-chart-line",
        "box-arrow-right",
        "box-arrow-up-right",
        "calendar-event",
        "calendar3",
        "chat-left-text",
        "check-circle-fill",
        "check-lg",
        "check2-circle",
        "chevron-left",
        "chevron-right",
        "circle",
        "clock",
        "download",
        "envelope",
        "envelope-exclamation",
        "exclamation-octagon",
        "exclamation-triangle-fill",
        "file-earmark-text",
        "filetype-csv",
        "filetype-json",
        "flag",
        "geo-alt",
        "grid-3x3-gap",
        "house",
        "inbox",
        "info-circle-fill",
        "laptop",
        "lightbulb",
        "list-check",
        "pencil-square",
        "people",
        "person-circle",
        "play-circle-fill",
        "printer",
        "search",
        "share",
        "universal-access",
    }
)


def package_version(package: Path) -> str:
    return json.loads((package / "package.json").read_text())["version"]


def copy_roboto(node_modules: Path) -> Path:
    package = node_modules / "@fontsource" / "roboto"
    target = VENDOR / f"roboto-{package_version(package)}"
    shutil.rmtree(target, ignore_errors=True)
    (target / "files").mkdir(parents=True)
    shutil.copy(package / "LICENSE", target / "LICENSE")
    rules = []
    for weight in WEIGHTS:
        css = (package / f"{weight}.css").read_text()
        for subset in SUBSETS:
            name = f"roboto-{subset}-{weight}-normal"
            block = re.search(rf"/\* {name} \*/\s*@font-face \{{.*?\}}", css, re.S)
            if block is None:
                raise SystemExit(f"{name} is not in {weight}.css")
            unicode_range = re.search(r"unicode-range: ([^;]+);", block.group(0)).group(1)
            shutil.copy(package / "files" / f"{name}.woff2", target / "files" / f"{name}.woff2")
            rules.append(
                f"/* {name} */\n@font-face {{\n  font-family: 'Roboto';\n  font-style: normal;\n"
                f"  font-display: swap;\n  font-weight: {weight};\n"
                f"  src: url(files/{name}.woff2) format('woff2');\n"
                f"  unicode-range: {unicode_range};\n}}\n"
            )
    header = (
        f"/* Roboto {package_version(package)} from @fontsource/roboto (SIL OFL 1.1, LICENSE).\n"
        "   Written by scripts/vendor.py: do not edit. */\n"
    )
    (target / "roboto.css").write_text(header + "\n".join(rules))
    return target


def copy_icons(node_modules: Path) -> Path:
    package = node_modules / "bootstrap-icons"
    target = VENDOR / f"bootstrap-icons-{package_version(package)}"
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    shutil.copy(package / "LICENSE", target / "LICENSE")
    symbols = []
    for name in ICONS:
        svg = (package / "icons" / f"{name}.svg").read_text()
        view_box = re.search(r'viewBox="([^"]+)"', svg).group(1)
        inner = re.search(r"<svg[^>]*>(.*)</svg>", svg, re.S).group(1).strip()
        inner = re.sub(r">\s+<", "><", inner)
        symbols.append(f'<symbol id="{name}" viewBox="{view_box}">{inner}</symbol>')
    sprite = (
        f"<!-- Bootstrap Icons {package_version(package)} (MIT, LICENSE): the icons the portal "
        "uses, written by scripts/vendor.py. -->\n"
        '<svg xmlns="http://www.w3.org/2000/svg">\n' + "\n".join(symbols) + "\n</svg>\n"
    )
    (target / "icons.svg").write_text(sprite)
    return target


def main(node_modules: str) -> None:
    path = Path(node_modules)
    for target in (copy_roboto(path), copy_icons(path)):
        print(f"wrote {target.relative_to(ROOT)}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    main(sys.argv[1])

"""Copy the compiled NHS.UK frontend styles from node_modules into app/static/vendor/.

Run `npm ci` (or `npm install`) first, then `python3 scripts/build_assets.py`.
The copy drops the @font-face rules (they load fonts from assets.nhs.uk, a third-party
origin; Signpost uses system fonts) and points image URLs at our own /static/vendor/images/.
No Sass build and no JavaScript: Signpost's own small scripts live in app/static/js/.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "node_modules" / "nhsuk-frontend"
DIST = PACKAGE / "dist" / "nhsuk"
VENDOR = ROOT / "app" / "static" / "vendor"
CSS_NAME = "nhsuk-frontend.min.css"
FONT_FACE = re.compile(r"@font-face\s*\{[^}]*\}")
IMAGE_URL = re.compile(r"url\(\s*[\"']?/assets/images/([\w.-]+)[\"']?\s*\)")
EXTERNAL_URL = re.compile(r"url\(\s*[\"']?(?:https?:)?//", re.IGNORECASE)


def rewrite_css(css: str) -> tuple[str, set[str]]:
    """The stylesheet without web fonts, with image URLs made local; and the images it uses."""
    css = FONT_FACE.sub("", css)
    images = set(IMAGE_URL.findall(css))
    css = IMAGE_URL.sub(lambda m: f"url(/static/vendor/images/{m.group(1)})", css)
    if EXTERNAL_URL.search(css):
        raise SystemExit("the vendor stylesheet still points at another origin; check the rewrite")
    return css, images


def build() -> None:
    """Write the vendor folder from the installed package."""
    source = DIST / CSS_NAME
    if not source.exists():
        raise SystemExit(f"{source} is missing: run `npm ci` at the repository root first")
    version = json.loads((PACKAGE / "package.json").read_text())["version"]
    css, images = rewrite_css(source.read_text(encoding="utf-8"))
    if VENDOR.exists():
        shutil.rmtree(VENDOR)
    (VENDOR / "images").mkdir(parents=True)
    banner = f"/* nhsuk-frontend {version} (MIT licence), copied by scripts/build_assets.py */\n"
    (VENDOR / CSS_NAME).write_text(banner + css, encoding="utf-8")
    for name in sorted(images):
        shutil.copy2(DIST / "assets" / "images" / name, VENDOR / "images" / name)
    print(f"nhsuk-frontend {version}: wrote {VENDOR / CSS_NAME} and {len(images)} images")


if __name__ == "__main__":
    try:
        build()
    except SystemExit as exc:
        print(f"build_assets: {exc}", file=sys.stderr)
        raise SystemExit(1) from None

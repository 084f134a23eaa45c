"""The pictures shown when a page is shared (Open Graph, Twitter cards): a
1200 x 630 PNG drawn with Pillow from the page's own text, in the portal's
colours and typeface (the vendored Roboto).

A picture is drawn once and kept in the cache under a key made of its text
(and the drawing's version), so a changed title gets a new picture and an
unchanged one is never drawn twice; the cache drops it after a month unused.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
from functools import cache as memoize
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630
DRAWING_VERSION = 1  # move on when the drawing changes, so old pictures are not served
KEEP_SECONDS = 30 * 24 * 3600

BLUE = (0x0F, 0x69, 0xB4)
DARK = (0x00, 0x1C, 0x41)
RED = (0xEB, 0x3C, 0x46)
MUTED = (0x4A, 0x55, 0x65)
WHITE = (0xFF, 0xFF, 0xFF)
MARGIN = 80
FONTS = Path(settings.BASE_DIR) / "static" / "vendor" / "roboto-5.3.0" / "files"


@memoize
def _font(weight: int, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONTS / f"roboto-latin-{weight}-normal.woff2"), size)


def _wrap(draw: ImageDraw.ImageDraw, text: str, font, width: int) -> list[str]:
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if draw.textlength(candidate, font=font) <= width or not line:
            line = candidate
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


def _fit_title(draw, text: str, width: int, max_lines: int = 4):
    """The largest size (64 down to 40 px) at which the title fits; past that,
    the last line ends with an ellipsis."""
    for size in range(64, 39, -4):
        font = _font(700, size)
        lines = _wrap(draw, text, font, width)
        if len(lines) <= max_lines:
            return font, lines
    lines = lines[:max_lines]
    last = lines[-1]
    while last and draw.textlength(last + " …", font=font) > width:
        last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
    lines[-1] = last + " …"
    return font, lines


def _star(draw: ImageDraw.ImageDraw, centre: tuple[float, float], outer: float, fill) -> None:
    inner = outer * math.sin(math.radians(18)) / math.sin(math.radians(54))
    points = []
    for index in range(10):
        radius = outer if index % 2 == 0 else inner
        angle = math.radians(-90 + 36 * index)
        points.append((centre[0] + radius * math.cos(angle), centre[1] + radius * math.sin(angle)))
    draw.polygon(points, fill=fill)


def draw(title: str, kicker: str = "", subtitle: str = "", footer: str = "") -> bytes:
    image = Image.new("RGB", (WIDTH, HEIGHT), WHITE)
    pen = ImageDraw.Draw(image)
    # The bicolour band, as at the top of every page.
    band = 16
    pen.rectangle((0, 0, int(WIDTH * 0.45), band), fill=BLUE)
    pen.rectangle((int(WIDTH * 0.45), 0, WIDTH, band), fill=RED)
    # The dark foot with the portal's mark and name.
    foot = HEIGHT - 110
    pen.rectangle((0, foot, WIDTH, HEIGHT), fill=DARK)
    pen.rounded_rectangle((MARGIN, foot + 25, MARGIN + 60, foot + 85), radius=12, fill=BLUE)
    _star(pen, (MARGIN + 30, foot + 57), 22, WHITE)
    pen.text((MARGIN + 84, foot + 55), footer, font=_font(700, 30), fill=WHITE, anchor="lm")

    y = band + 60
    if kicker:
        pen.text((MARGIN, y), kicker, font=_font(400, 32), fill=BLUE)
        y += 56
    font, lines = _fit_title(pen, title, WIDTH - 2 * MARGIN)
    line_height = int(font.size * 1.18)
    for line in lines:
        pen.text((MARGIN, y), line, font=font, fill=DARK)
        y += line_height
    if subtitle:
        y += 16
        pen.rectangle((MARGIN, y, MARGIN + 64, y + 6), fill=RED)
        y += 22
        small = _font(400, 32)
        for line in _wrap(pen, subtitle, small, WIDTH - 2 * MARGIN)[:2]:
            if y + 40 > foot - 10:
                break
            pen.text((MARGIN, y), line, font=small, fill=MUTED)
            y += 40
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def png(title: str, kicker: str = "", subtitle: str = "", footer: str = "") -> bytes:
    """The picture for these texts, from the cache when it was drawn before."""
    text = json.dumps([DRAWING_VERSION, title, kicker, subtitle, footer])
    key = "share-image:" + hashlib.sha256(text.encode()).hexdigest()
    picture = cache.get(key)
    if picture is None:
        picture = draw(title, kicker, subtitle, footer)
        cache.set(key, picture, KEEP_SECONDS)
    return picture


def response(picture: bytes) -> HttpResponse:
    answer = HttpResponse(picture, content_type="image/png")
    answer["Cache-Control"] = "public, max-age=86400"
    return answer

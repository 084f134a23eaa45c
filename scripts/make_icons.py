"""Draw the portal's icons: a white five-pointed star (the star of Chile's
flag) on the Chilean blue #0f69b4. No external assets and no imaging library:
the shapes are rasterised here with 4x4 supersampling and written as PNG, and
favicon.ico holds PNG images (supported by every current browser).

Run from the repository root after changing the drawing:

    python scripts/make_icons.py

It rewrites static/icons/*.png, static/icons/favicon.svg and webroot/favicon.ico.
"""

from __future__ import annotations

import math
import struct
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BLUE = (0x0F, 0x69, 0xB4)
WHITE = (0xFF, 0xFF, 0xFF)
SUPERSAMPLE = 4

# The drawing on a 64-unit square: corner radius, star centre and radii. The
# star's centre sits below the middle so that its outline is centred.
SIZE = 64.0
CORNER = 12.0
OUTER = 22.0
INNER = OUTER * math.sin(math.radians(18)) / math.sin(math.radians(54))  # a regular star
CENTRE = (32.0, 32.0 + OUTER * (1 - math.cos(math.radians(36))) / 2)


def star_points() -> list[tuple[float, float]]:
    cx, cy = CENTRE
    points = []
    for index in range(10):
        radius = OUTER if index % 2 == 0 else INNER
        angle = math.radians(-90 + 36 * index)
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return points


def polygon_spans(points, y: float) -> list[tuple[float, float]]:
    """Where the horizontal line at ``y`` is inside the polygon (even-odd rule)."""
    crossings = []
    for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1], strict=True):
        if (y0 <= y < y1) or (y1 <= y < y0):
            crossings.append(x0 + (y - y0) * (x1 - x0) / (y1 - y0))
    crossings.sort()
    return list(zip(crossings[::2], crossings[1::2], strict=True))


def square_spans(y: float, corner: float) -> list[tuple[float, float]]:
    if not 0 <= y < SIZE:
        return []
    inset = 0.0
    distance = min(y, SIZE - y)
    if corner and distance < corner:
        inset = corner - math.sqrt(corner * corner - (corner - distance) ** 2)
    return [(inset, SIZE - inset)]


def coverage(size: int, spans_at) -> list[list[float]]:
    """The fraction of each pixel inside the shape, from S x S samples."""
    scale = SIZE / size
    grid = [[0.0] * size for _ in range(size)]
    step = 1 / SUPERSAMPLE
    weight = step * step
    for row in range(size):
        for sub_row in range(SUPERSAMPLE):
            y = (row + (sub_row + 0.5) * step) * scale
            for start, end in spans_at(y):
                # Sample columns whose centres fall inside [start, end).
                first = math.ceil(start / scale / step - 0.5)
                last = math.ceil(end / scale / step - 0.5)
                for sample in range(max(first, 0), min(last, size * SUPERSAMPLE)):
                    grid[row][sample // SUPERSAMPLE] += weight
    return grid


def draw(size: int, rounded: bool) -> bytes:
    background = coverage(size, lambda y: square_spans(y, CORNER if rounded else 0))
    points = star_points()
    star = coverage(size, lambda y: polygon_spans(points, y))
    rows = []
    for y in range(size):
        row = bytearray([0])  # PNG filter: none
        for x in range(size):
            alpha = min(background[y][x], 1.0)
            mix = min(star[y][x], 1.0)
            rgb = [round(w * mix + b * (1 - mix)) for w, b in zip(WHITE, BLUE, strict=True)]
            row += bytes([*rgb, round(255 * alpha)])
        rows.append(bytes(row))
    return png(size, b"".join(rows))


def png(size: int, raw: bytes) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def ico(images: dict[int, bytes]) -> bytes:
    """An ICO file whose images are PNGs."""
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    entries, blobs = b"", b""
    for size, data in images.items():
        side = 0 if size >= 256 else size
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset)
        blobs += data
        offset += len(data)
    return header + entries + blobs


def svg() -> str:
    path = " ".join(f"{x:.2f},{y:.2f}" for x, y in star_points())
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">'
        f'<rect width="64" height="64" rx="{CORNER:g}" fill="#0f69b4"/>'
        f'<polygon points="{path}" fill="#fff"/>'
        "</svg>\n"
    )


def main() -> None:
    icons = ROOT / "static" / "icons"
    icons.mkdir(parents=True, exist_ok=True)
    (icons / "favicon.svg").write_text(svg())
    for name, size, rounded in [
        ("icon-192.png", 192, True),
        ("icon-512.png", 512, True),
        # Full-bleed: the system draws its own mask (Android) or corners (iOS).
        ("icon-maskable-512.png", 512, False),
        ("apple-touch-icon.png", 180, False),
    ]:
        (icons / name).write_bytes(draw(size, rounded))
    webroot = ROOT / "webroot"
    webroot.mkdir(exist_ok=True)
    (webroot / "favicon.ico").write_bytes(ico({size: draw(size, True) for size in (16, 32, 48)}))


if __name__ == "__main__":
    main()

"""Render resources/icons/gradplot.svg into every raster the installers need.

Outputs (all in resources/icons/):
  gradplot-<N>.png  for N in PNG_SIZES (the hicolor theme sizes, and the window icon)
  gradplot.ico      Windows (16-256, PNG-compressed entries)
  gradplot.icns     macOS (16-1024)

Rasterising uses ``rsvg-convert`` (Debian: librsvg2-bin; macOS: brew librsvg) when it is on
PATH, else the ``cairosvg`` module.  ICO and ICNS are written with Pillow.  The outputs are
committed, so only someone who edits the SVG needs these tools.

    python packaging/make_icons.py           # regenerate
    python packaging/make_icons.py --check   # exit 1 if a committed raster is missing
"""

from __future__ import annotations

import argparse
import io
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ICON_DIR = ROOT / "resources" / "icons"
SVG = ICON_DIR / "gradplot.svg"
# the window icon travels inside the Python package too (pip installs have no resources/)
PACKAGE_ICON_DIR = ROOT / "gradplot" / "resources" / "icons"
PACKAGE_ICONS = ("gradplot.svg", "gradplot-256.png")
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICNS_SIZES = (16, 32, 64, 128, 256, 512, 1024)


def png_path(size: int) -> Path:
    return ICON_DIR / f"gradplot-{size}.png"


def outputs() -> list[Path]:
    rasters = [png_path(s) for s in PNG_SIZES]
    packaged = [PACKAGE_ICON_DIR / name for name in PACKAGE_ICONS]
    return [*rasters, ICON_DIR / "gradplot.ico", ICON_DIR / "gradplot.icns", *packaged]


def render_png(svg: Path, size: int) -> bytes:
    """Rasterise ``svg`` to a ``size``x``size`` PNG and return its bytes."""
    rsvg = shutil.which("rsvg-convert")
    if rsvg:
        done = subprocess.run(
            [rsvg, "--width", str(size), "--height", str(size), "--format", "png", str(svg)],
            check=True,
            capture_output=True,
        )
        return done.stdout
    try:
        import cairosvg  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        sys.exit("make_icons: need rsvg-convert (librsvg2-bin) or `pip install cairosvg`")
    data = cairosvg.svg2png(url=str(svg), output_width=size, output_height=size)
    assert isinstance(data, bytes)
    return data


def build(svg: Path = SVG) -> list[Path]:
    from PIL import Image

    ICON_DIR.mkdir(parents=True, exist_ok=True)
    images: dict[int, Image.Image] = {}
    for size in sorted({*PNG_SIZES, *ICO_SIZES, *ICNS_SIZES}):
        image = Image.open(io.BytesIO(render_png(svg, size)))
        image.load()
        images[size] = image.convert("RGBA")
        if size in PNG_SIZES:
            images[size].save(png_path(size), optimize=True)

    largest_ico = max(ICO_SIZES)
    images[largest_ico].save(
        ICON_DIR / "gradplot.ico",
        format="ICO",
        sizes=[(s, s) for s in ICO_SIZES],
        append_images=[images[s] for s in ICO_SIZES if s != largest_ico],
    )
    largest_icns = max(ICNS_SIZES)
    images[largest_icns].save(
        ICON_DIR / "gradplot.icns",
        format="ICNS",
        append_images=[images[s] for s in ICNS_SIZES if s != largest_icns],
    )
    PACKAGE_ICON_DIR.mkdir(parents=True, exist_ok=True)
    for name in PACKAGE_ICONS:
        shutil.copyfile(ICON_DIR / name, PACKAGE_ICON_DIR / name)
    return outputs()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check the outputs exist")
    args = parser.parse_args(argv)
    if args.check:
        missing = [p for p in outputs() if not p.is_file()]
        for p in missing:
            print(f"missing: {p.relative_to(ROOT)}", file=sys.stderr)
        return 1 if missing else 0
    for path in build():
        print(f"{path.relative_to(ROOT)}  {path.stat().st_size:>8} B")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""PNG pictures of the server-rendered SVG charts, for files that cannot hold SVG (the council report's DOCX).

CairoSVG (on the system's cairo) draws the SVG as it is – no browser, no second drawing of the chart – on
white at twice its size (a 640-pixel-wide chart becomes 1,280 pixels, about 215 dpi at 15 cm); Pillow
writes the PNG with light compression, because zlib at its default level took most of the time.

A report of a large city has hundreds of charts (about 30 ms each). ``render_pngs`` therefore draws a
long list in one separate process (``spawn``: a fresh interpreter that imports this module only, no
Django, no database connection) while the caller goes on – the PDF is typeset meanwhile on the other
core – and ``result()`` collects them. Short lists, or when no process can be started, are drawn here.
This module imports nothing of Django so that the separate process stays small.
"""

import io
import logging
import multiprocessing
from concurrent.futures import ProcessPoolExecutor

logger = logging.getLogger(__name__)

SCALE = 2
PARALLEL_FROM = 20  # charts; below this, starting a process costs more than it saves


def svg_to_png(svg, scale=SCALE):
    """PNG bytes of one SVG document (str or bytes), opaque on white."""
    from cairosvg.parser import Tree
    from cairosvg.surface import PNGSurface
    from PIL import Image

    data = svg.encode() if isinstance(svg, str) else svg
    surface = PNGSurface(Tree(bytestring=data), None, 96, scale=scale, background_color="white")
    image = surface.cairo
    image.flush()
    picture = Image.frombuffer(
        "RGBA", (image.get_width(), image.get_height()), bytes(image.get_data()), "raw", "BGRA", image.get_stride(), 1
    ).convert("RGB")
    # The surface's own finish() (cairo's PNG writer) is not called: Pillow writes the PNG.
    out = io.BytesIO()
    picture.save(out, "PNG", compress_level=1)
    return out.getvalue()


def svgs_to_pngs(svgs, scale=SCALE):
    return [svg_to_png(svg, scale) for svg in svgs]


class _Done:
    def __init__(self, value):
        self._value = value

    def result(self):
        return self._value

    def cancel(self):
        pass


class _InProcess:
    """Draws the list when asked for it (the fallback, and short lists)."""

    def __init__(self, svgs, scale):
        self._svgs, self._scale = svgs, scale

    def result(self):
        return svgs_to_pngs(self._svgs, self._scale)

    def cancel(self):
        pass


class _Background:
    def __init__(self, svgs, scale):
        self._svgs, self._scale = svgs, scale
        self._pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
        self._future = self._pool.submit(svgs_to_pngs, svgs, scale)

    def result(self):
        try:
            return self._future.result()
        except Exception:  # the separate process died (memory, signal): draw them here instead
            logger.warning("chart process failed; drawing the charts in this process", exc_info=True)
            return svgs_to_pngs(self._svgs, self._scale)
        finally:
            self._pool.shutdown(wait=True, cancel_futures=True)  # its work is done: the process ends at once

    def cancel(self):
        """Stop waiting (the caller failed): the process ends after the list it is drawing."""
        self._pool.shutdown(wait=False, cancel_futures=True)


def render_pngs(svgs, *, scale=SCALE, parallel_from=PARALLEL_FROM):
    """Start drawing ``svgs`` as PNGs; ``.result()`` returns the list of PNG bytes in the same order,
    ``.cancel()`` gives up on them."""
    svgs = [str(svg) for svg in svgs]
    if not svgs:
        return _Done([])
    if len(svgs) < parallel_from:
        return _InProcess(svgs, scale)
    try:
        return _Background(svgs, scale)
    except OSError:  # no process could be started here
        logger.warning("no process for the charts; drawing them in this process", exc_info=True)
        return _InProcess(svgs, scale)

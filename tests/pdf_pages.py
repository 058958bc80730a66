"""Looking at a PDF as a person would: each page rendered to an image with ``pdftoppm`` (Debian's
poppler-utils, installed by `make test`) and its lines of print counted, so a page that holds only
a date or a lone signature line is caught whatever the text layer says."""

import io
import os
import subprocess
import tempfile
from pathlib import Path

from pypdf import PdfReader

DPI = 72
MARGIN_PX = int(18 / 25.4 * DPI)
INK_PIXELS = 12  # the running header and the page-number footer sit in the 20 mm margins


def _read_pgm(path):
    data = path.read_bytes()
    # Binary PGM: "P5\n<width> <height>\n<maxval>\n" then one byte a pixel.
    parts, offset = [], 0
    while len(parts) < 4:
        while data[offset : offset + 1].isspace():
            offset += 1
        end = offset
        while not data[end : end + 1].isspace():
            end += 1
        parts.append(data[offset:end])
        offset = end
    offset += 1
    width, height = int(parts[1]), int(parts[2])
    return width, height, data[offset : offset + width * height]


def page_print_lines(pdf_bytes):
    """The number of lines of print on each page, between the header and footer margins: runs
    of pixel rows that hold ink, separated by blank rows (lines set close together may count as
    one, so the count errs low, never high)."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "doc.pdf"
        source.write_bytes(pdf_bytes)
        subprocess.run(["pdftoppm", "-gray", "-r", str(DPI), str(source), str(Path(folder) / "page")], check=True)
        counts = []
        for image in sorted(Path(folder).glob("page-*.pgm"), key=lambda p: int(p.stem.split("-")[-1])):
            width, height, pixels = _read_pgm(image)
            lines, inked_before = 0, False
            for row in range(MARGIN_PX, height - MARGIN_PX):
                # A row of print has ink across it; the vertical rules of a table are a few pixels only.
                inked = sum(1 for value in pixels[row * width : (row + 1) * width] if value < 128) > INK_PIXELS
                if inked and not inked_before:
                    lines += 1
                inked_before = inked
            counts.append(lines)
        return counts


def page_lines(pdf_bytes):
    """The number of lines of text on each page, as the text layer (pypdf) reads them."""
    return [
        len([line for line in page.extract_text().splitlines() if line.strip()])
        for page in PdfReader(io.BytesIO(pdf_bytes)).pages
    ]


def dump(name, pdf_bytes):
    """With ``DUMP_PDFS=<folder>`` set, writes the PDF there to be looked at; returns the bytes."""
    folder = os.environ.get("DUMP_PDFS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        (Path(folder) / f"{name}.pdf").write_bytes(pdf_bytes)
    return pdf_bytes

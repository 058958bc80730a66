"""partnership_portal.pdf: Cyrillic text with the embedded font, page footer, no outside fetches."""

import io
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from pypdf import PdfReader

from partnership_portal.pdf import StaticOnlyURLFetcher, render_pdf


def pdf_text(data):
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages), reader


def embedded_fonts(reader):
    """Names of the fonts whose file is embedded in the PDF."""
    names = set()
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
            if "/FontFile2" in descriptor or "/FontFile3" in descriptor:
                names.add(str(font["/BaseFont"]))
    return names


def test_sample_document_reads_back_with_its_cyrillic_text():
    data = render_pdf(
        "pdf_tests/sample.html",
        {
            "number": "17/2026-ПП",
            "college": "ГАПОУ СО «Уральский политехнический техникум»",
            "director": "Смирновой Ольги Викторовны",
            "partner": "АО «Уралмашзавод»",
            "paragraphs": ["Съешь же ещё этих мягких французских булок, да выпей чаю."] * 120,
        },
    )
    assert data.startswith(b"%PDF-")
    text, reader = pdf_text(data)
    assert "Договор о практической подготовке обучающихся № 17/2026-ПП" in text
    assert "АО «Уралмашзавод»" in text
    assert "Съешь же ещё этих мягких французских булок" in text
    # "Portal Serif" is the @font-face family of static/fonts/LiberationSerif-*.ttf.
    assert {name.split("+")[1] for name in embedded_fonts(reader)} == {"Portal-Serif", "Portal-Serif-Bold"}
    pages = len(reader.pages)
    assert pages >= 2
    assert f"Страница 1 из {pages}" in reader.pages[0].extract_text()
    assert f"Страница {pages} из {pages}" in reader.pages[-1].extract_text()
    assert "Уральский политехнический техникум" in reader.pages[1].extract_text()  # running header


class _Recorder(BaseHTTPRequestHandler):
    requests = []

    def do_GET(self):
        self.requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        self.wfile.write(b"fetched")

    def log_message(self, *args):
        pass


@pytest.fixture
def probe_server():
    _Recorder.requests = []
    server = HTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", _Recorder.requests
    server.shutdown()


def test_template_with_outside_urls_renders_and_fetches_nothing(probe_server, caplog):
    probe_url, requests = probe_server
    data = render_pdf("pdf_tests/hostile.html", {"probe_url": probe_url})
    text, _reader = pdf_text(data)
    assert "Текст документа остаётся на месте." in text
    assert "root:" not in text
    assert requests == [], f"the renderer reached the network: {requests}"
    refused = " ".join(record.getMessage() for record in caplog.records)
    assert "file:///etc/passwd" in refused
    assert "http://127.0.0.1:6379/" in refused
    assert f"{probe_url}/image.png" in refused


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1:6379/",
        "https://example.com/x.css",
        "https://static.portal.invalid/../../partnership_portal/settings/base.py",
        "https://static.portal.invalid/%2e%2e/manage.py",
        "https://static.portal.invalid/fonts/missing.ttf",
        "data:text/plain,hello",
    ],
)
def test_fetcher_refuses_anything_but_project_static_files(url):
    fetcher = StaticOnlyURLFetcher()
    with pytest.raises(ValueError):
        fetcher.fetch(url)
    assert fetcher.refused == [url]


def test_fetcher_serves_project_static_files():
    response = StaticOnlyURLFetcher().fetch("https://static.portal.invalid/fonts/LiberationSerif-Regular.ttf")
    assert response.read(4) == b"\x00\x01\x00\x00"

"""Free text in documents is bounded (issue 13, finding 4): a long unbroken word wraps inside the
page margins instead of running off the page (the text is read back only from inside the margins,
so a word cut off at the edge loses characters there), and the forms refuse an oversized text."""

import io
import subprocess
import tempfile
from pathlib import Path

from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from partnership_portal.pdf import render_pdf
from practice.documents import review_snapshot
from practice.models import DocumentStatus, Evaluation, PlacementState, Review
from tests.factories import PlacementFactory, PracticePeriodFactory, StudentFactory, StudyGroupFactory, ThesisFactory

# A4 in points (1/72 in); document.css sets the margins at 20 mm 15 mm 20 mm 25 mm.
A4_WIDTH, A4_HEIGHT = 595, 842
MM = 72 / 25.4
LEFT, RIGHT = int(25 * MM) - 4, int(15 * MM) - 4  # a few points of slack for glyph side bearings
TOP, BOTTOM = int(20 * MM), int(20 * MM)  # the running header and the page number stay outside


def text_inside_margins(pdf_bytes):
    """(pages, the text of every page cropped to the area inside the margins)."""
    pages = len(PdfReader(io.BytesIO(pdf_bytes)).pages)
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "doc.pdf"
        source.write_bytes(pdf_bytes)
        width = A4_WIDTH - LEFT - RIGHT
        height = A4_HEIGHT - TOP - BOTTOM
        crop = ["-x", str(LEFT), "-y", str(TOP), "-W", str(width), "-H", str(height), "-r", "72"]
        result = subprocess.run(["pdftotext", *crop, str(source), "-"], check=True, capture_output=True)
    return pages, result.stdout.decode()


def unbroken(text):
    return "".join(text.split())


def test_a_20000_character_word_in_a_review_wraps_inside_the_margins(employer_a):
    word = "абвгдежзик" * 2000  # 20,000 characters, no space, no hyphen to break at
    qualification = "инженертехнолог" * 33  # the longest word a 500-character table cell holds
    thesis = ThesisFactory(reviewer=employer_a.contact)
    review = Review.objects.create(
        thesis=thesis,
        reviewer=employer_a.contact,
        relevance=word,
        reviewer_qualification=qualification,
        grade=4,
        status=DocumentStatus.SUBMITTED,
        submitted_at=timezone.now(),
    )

    pages, text = text_inside_margins(render_pdf("pdf/practice/review.html", {"doc": review_snapshot(review)}))

    flat = unbroken(text)
    assert word in flat, "part of the word ran off the page"
    assert qualification in flat, "part of the table cell ran off the page"
    # About 90 characters a line and 45 lines a page: the word takes 5 pages, the review 6 or 7.
    assert pages <= 10


def test_an_oversized_evaluation_text_is_refused_by_the_form_with_a_russian_message(client, employer_a, partner_a):
    group = StudyGroupFactory()
    period = PracticePeriodFactory(group=group, competences="ПК 1.1. Читать чертежи")
    placement = PlacementFactory(
        student=StudentFactory(group=group),
        period=period,
        partner=partner_a,
        employer_supervisor=employer_a.contact,
        state=PlacementState.IN_PROGRESS,
    )
    client.force_login(employer_a)
    url = reverse("practice:evaluation_form", args=[placement.pk])

    response = client.post(url, {"competence_0": "yes", "work_done": "а" * 4001, "comment": "б" * 2001, "draft": ""})

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["work_done"] == ["Убедитесь, что это значение содержит не более 4000 символов (сейчас 4001)."]
    assert errors["comment"] == ["Убедитесь, что это значение содержит не более 2000 символов (сейчас 2001)."]
    assert not Evaluation.objects.filter(placement=placement).exists()

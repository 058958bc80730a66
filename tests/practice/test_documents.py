"""The printed evaluation sheet and thesis review, read back from the real PDFs: what they print
(course, competences, signatories, qualification, volume), that old snapshots still render, and
that no page is left with a stray date or signature."""

import datetime
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from pypdf import PdfReader

from practice import documents
from practice.models import DEFAULT_GENERAL_COMPETENCES, PlacementState, Review, StudyGroup
from practice.services.evaluations import evaluation_save
from practice.services.reviews import review_save
from tests.factories import (
    ContactFactory,
    EmployerFactory,
    PlacementFactory,
    PracticePeriodFactory,
    StudentFactory,
    StudyGroupFactory,
    TeacherFactory,
    ThesisFactory,
)

PK = ["ПК 1.1. Использовать конструкторскую документацию", "ПК 1.2. Выбирать метод получения заготовок"]
SECTIONS = {name: f"Текст раздела «{name}»." for name in Review.SECTIONS}
MONTHS = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
]
QUALIFICATION = "высшее, инженер-технолог, кандидат технических наук; стаж работы по специальности 18 лет"


def flat(text):
    """Text with every run of whitespace as one space (table cells wrap where the page wants, and
    a hyphenated word broken at its hyphen is joined again)."""
    return " ".join(re.sub(r"-\s*\n\s*", "-", text).split())


def pages_of(data):
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def body_lines(page):
    """The baselines of text on ``page`` between the top and bottom margins (20 mm), that is
    without the running header and the page-number footer: the lines a reader sees."""
    height, margin = float(page.mediabox.height), 20 * 72 / 25.4
    lines = set()

    def visit(text, cm, tm, font, size):
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        if text.strip() and margin < y < height - margin:
            lines.add(round(y))

    page.extract_text(visitor_text=visit)
    return lines


def assert_no_page_nearly_empty(data):
    """Every page holds at least 3 lines of text besides its header and footer."""
    pages = PdfReader(io.BytesIO(data)).pages
    for number, page in enumerate(pages, start=1):
        count = len(body_lines(page))
        assert count >= 3, f"page {number} of {len(pages)} holds {count} lines: {page.extract_text()!r}"
    return [page.extract_text() for page in pages]


# --- Evaluation sheet ------------------------------------------------------------------------


@pytest.fixture
def supervisor(partner_a):
    """The organisation's practice supervisor, with an account: Сидоров Пётр Ильич."""
    user = EmployerFactory(partner=partner_a, email="sidorov@uralmash.example")
    return ContactFactory(
        partner=partner_a,
        user=user,
        last_name="Сидоров",
        first_name="Пётр",
        middle_name="Ильич",
        position="Главный инженер",
        is_practice_supervisor=True,
    )


@pytest.fixture
def placement(partner_a, supervisor):
    """Иванова Мария Петровна of ТМ-23-1 (admitted 2023) on work practice from 3 November 2025."""
    group = StudyGroupFactory(name="ТМ-23-1", admission_year=2023, graduation_year=2027)
    teacher = TeacherFactory(
        last_name="Кузнецова", first_name="Ольга", middle_name="Викторовна", position="Преподаватель спецдисциплин"
    )
    period = PracticePeriodFactory(
        group=group,
        start_date=datetime.date(2025, 11, 3),
        end_date=datetime.date(2025, 11, 29),
        competences="\n".join(PK),
        college_supervisor=teacher,
    )
    return PlacementFactory(
        student=StudentFactory(group=group, last_name="Иванова", first_name="Мария", middle_name="Петровна"),
        period=period,
        partner=partner_a,
        employer_supervisor=supervisor,
        college_supervisor=teacher,
        state=PlacementState.IN_PROGRESS,
    )


def submit_sheet(placement, *, work_done="Токарная обработка валов на станке 16К20.", general=None):
    period = placement.period
    general = general if general is not None else dict.fromkeys(period.general_competence_list, True)
    return evaluation_save(
        placement=placement,
        by=placement.employer_supervisor.user,
        competences={PK[0]: True, PK[1]: False},
        general_competences=general,
        work_done=work_done,
        quality="Работы выполнены качественно и в срок.",
        grade=5,
        submit=True,
    )


@pytest.mark.parametrize(
    ("day", "course"),
    [
        (datetime.date(2023, 9, 1), 1),
        (datetime.date(2024, 6, 15), 1),
        (datetime.date(2024, 9, 2), 2),
        (datetime.date(2025, 11, 3), 3),
        (datetime.date(2027, 4, 20), 4),
        (datetime.date(2027, 7, 1), 4),  # after the last course: still the 4th, never a 5th
        (datetime.date(2023, 6, 1), 1),  # before admission: the 1st
    ],
)
def test_the_course_of_a_group_follows_the_academic_year(day, course):
    assert StudyGroup(admission_year=2023, graduation_year=2027).course_on(day) == course


def test_the_sheet_prints_the_course_the_general_competences_and_both_signatories(placement):
    evaluation = submit_sheet(placement)
    snapshot = evaluation.snapshot
    assert snapshot["course"] == 3
    assert [item["name"] for item in snapshot["general_competences"]] == list(DEFAULT_GENERAL_COMPETENCES)
    assert (snapshot["employer_supervisor"]["initials"], snapshot["college_supervisor"]["initials"]) == (
        "П. И. Сидоров",
        "О. В. Кузнецова",
    )

    pages = pages_of(documents.render_evaluation_pdf(evaluation))
    text = flat("\n".join(pages))
    assert "Обучающаяся Иванова Мария Петровна" in text
    assert "Курс, группа 3 курс, группа ТМ-23-1" in text
    assert "Виды и объём работ, выполненные обучающейся во время практики" in text
    assert "2. Сформированность профессиональных компетенций" in text
    assert "3. Сформированность общих компетенций" in text
    for number, name in enumerate(DEFAULT_GENERAL_COMPETENCES, start=1):
        assert f"{number} {flat(name)} освоена" in text
    assert f"1 {PK[0]} освоена" in text and f"2 {PK[1]} не освоена" in text
    assert "Руководитель практики от профильной организации" in text
    assert "Руководитель практики от образовательной организации" in text
    assert "/ П. И. Сидоров" in text and "/ О. В. Кузнецова" in text
    assert text.count("подпись / И. О. Фамилия") == 2
    assert "/ подпись" not in text
    assert text.count("М. П. (при наличии)") == 1
    assert "5 (отлично)" in text
    day = timezone.localdate(evaluation.submitted_at)
    assert f"Дата: «{day.day}» {MONTHS[day.month - 1]} {day.year} г." in text


def test_a_male_student_is_obuchayushchiysya(placement):
    student = placement.student
    student.last_name, student.first_name, student.middle_name = "Смирнов", "Иван", "Андреевич"
    student.save()
    text = flat("\n".join(pages_of(documents.render_evaluation_pdf(submit_sheet(placement)))))
    assert "Обучающийся Смирнов Иван Андреевич" in text
    assert "выполненные обучающимся во время практики" in text


def test_a_period_with_its_own_general_competences_prints_only_those(placement):
    period = placement.period
    period.general_competences = "ОК 01. Выбирать способы решения задач\nОК 04. Работать в коллективе и команде"
    period.save()
    evaluation = submit_sheet(placement, general={"ОК 01. Выбирать способы решения задач": True,
                                                  "ОК 04. Работать в коллективе и команде": False})  # fmt: skip
    text = flat("\n".join(pages_of(documents.render_evaluation_pdf(evaluation))))
    assert "1 ОК 01. Выбирать способы решения задач освоена" in text
    assert "2 ОК 04. Работать в коллективе и команде не освоена" in text
    assert "ОК 09" not in text


def test_without_a_named_supervisor_the_one_who_filled_the_sheet_signs(placement, supervisor):
    placement.employer_supervisor = None
    placement.save()
    period = placement.period
    evaluation = evaluation_save(
        placement=placement,
        by=supervisor.user,
        competences={PK[0]: True, PK[1]: True},
        general_competences=dict.fromkeys(period.general_competence_list, True),
        work_done="Сборка узлов.",
        grade=4,
        submit=True,
    )
    assert evaluation.snapshot["employer_supervisor"]["initials"] == "П. И. Сидоров"


@pytest.mark.parametrize("paragraphs", range(1, 25, 2))
def test_the_closing_block_stays_together_and_no_page_is_nearly_empty(placement, paragraphs):
    """However long the «work done» text is (two-line paragraphs, so the page break falls at every
    other line of a page), the grade, signatures and date share a page and no page holds fewer
    than 3 lines of text."""
    work = "\n".join(
        f"{n}. Выполнял операции токарной обработки деталей типа «вал» по технологической карте, "
        "контролировал размеры измерительным инструментом."
        for n in range(1, paragraphs + 1)
    )
    data = documents.render_evaluation_pdf(submit_sheet(placement, work_done=work))
    pages = assert_no_page_nearly_empty(data)
    if paragraphs == 1:
        assert len(pages) == 2  # the ОК 01–09 table fills most of a page: never a third one
    closing = [flat(text) for text in pages if "Дата:" in text]
    assert len(closing) == 1
    for line in ("Итоговая оценка", "/ П. И. Сидоров", "/ О. В. Кузнецова", "М. П. (при наличии)"):
        assert line in closing[0]


def test_a_sheet_frozen_before_the_new_fields_still_renders(placement):
    evaluation = submit_sheet(placement)
    old = dict(evaluation.snapshot)
    for key in ("course", "general_competences", "student_label", "student_by", "acquainted", "date_words"):
        old.pop(key, None)
    for person in ("employer_supervisor", "college_supervisor"):
        old[person] = {"name": old[person]["name"], "position": old[person]["position"]}
    evaluation.snapshot = old
    text = flat("\n".join(pages_of(documents.render_evaluation_pdf(evaluation))))
    assert "Обучающийся Иванова Мария Петровна" in text
    assert "Группа ТМ-23-1" in text and "курс" not in text
    assert "общих компетенций" not in text
    assert "/ Сидоров Пётр Ильич" in text
    assert f"Дата: {old['date']}" in text


# --- Thesis review ---------------------------------------------------------------------------


@pytest.fixture
def thesis(employer_a):
    """Смирнов Иван Андреевич's thesis, reviewed by Орлова Марина Игоревна of organisation A."""
    contact = employer_a.contact
    contact.middle_name, contact.position = "Игоревна", "Начальник технологического бюро"
    contact.save()
    today = timezone.localdate()
    thesis = ThesisFactory(
        student=StudentFactory(last_name="Смирнов", first_name="Иван", middle_name="Андреевич"),
        reviewer=contact,
        review_due=today + datetime.timedelta(days=7),
        defence_date=today + datetime.timedelta(days=14),
    )
    thesis.file.save("thesis.pdf", SimpleUploadedFile("thesis.pdf", b"%PDF-1.7\n%%EOF\n"), save=True)
    return thesis


def submit_review(thesis, employer, **overrides):
    fields = {
        "grade": 4,
        "reviewer_qualification": QUALIFICATION,
        "note_pages": 62,
        "drawing_sheets": 4,
        **SECTIONS,
        **overrides,
    }
    return review_save(thesis=thesis, by=employer, submit=True, **fields)


def test_the_review_prints_qualification_volume_and_the_certification_of_the_signature(thesis, employer_a):
    review = submit_review(thesis, employer_a)
    assert review.snapshot["reviewer"]["qualification"] == QUALIFICATION
    assert review.snapshot["volume"] == "пояснительная записка — 62 страницы, графическая часть — 4 листа"

    data = documents.render_review_pdf(review)
    text = flat("\n".join(pages_of(data)))
    assert "Обучающийся Смирнов Иван Андреевич" in text
    assert f"Квалификация рецензента {QUALIFICATION}" in text
    assert "Объём работы пояснительная записка — 62 страницы, графическая часть — 4 листа" in text
    assert "/ М. И. Орлова подпись / И. О. Фамилия" in text
    assert "Подпись рецензента заверяю:" in text
    assert "должность" in text
    assert text.count("подпись / И. О. Фамилия") == 2
    assert "М. П. (при наличии)" in text
    assert "С рецензией ознакомлен:" in text
    assert_no_page_nearly_empty(data)


def test_a_work_without_drawings_says_so_and_a_female_student_agrees(thesis, employer_a):
    student = thesis.student
    student.last_name, student.first_name, student.middle_name = "Шилова", "Валентина", "Николаевна"
    student.save()
    review = submit_review(thesis, employer_a, note_pages=41, drawing_sheets=0)
    text = flat("\n".join(pages_of(documents.render_review_pdf(review))))
    assert "пояснительная записка — 41 страница, графическая часть не предусмотрена" in text
    assert "Обучающаяся Шилова Валентина Николаевна" in text
    assert "С рецензией ознакомлена:" in text


def test_the_qualification_and_volume_are_frozen_with_the_review(thesis, employer_a):
    review = submit_review(thesis, employer_a)
    Review.objects.filter(pk=review.pk).update(reviewer_qualification="среднее профессиональное", note_pages=5)
    review.refresh_from_db()
    text = flat("\n".join(pages_of(documents.render_review_pdf(review))))
    assert QUALIFICATION in text and "62 страницы" in text
    assert "среднее профессиональное" not in text


def test_a_review_frozen_before_the_new_fields_still_renders(thesis, employer_a):
    review = submit_review(thesis, employer_a)
    old = {key: value for key, value in review.snapshot.items() if key not in ("volume", "student_label", "acquainted")}
    old["reviewer"] = {key: old["reviewer"][key] for key in ("name", "position", "organisation")}
    review.snapshot = old
    text = flat("\n".join(pages_of(documents.render_review_pdf(review))))
    assert "Смирнов Иван Андреевич" in text
    assert "Объём работы" not in text and "Квалификация рецензента" not in text
    assert "/ Орлова Марина Игоревна" in text
    assert "Подпись рецензента заверяю:" in text

"""Making reports (the task run in-process after commit): freeze, render, progress, the schedule,
failures and the subscribers' e-mails."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from monitoring.models import Report, ReportKind, ReportState
from monitoring.services import reports as services
from tests.factories import StaffFactory
from tests.helpers import ru

from .factories import ReportFactory, ReportSubscriptionFactory
from .readback import expected_sections, pdf_text, printed, same_number, xlsx_figures

pytestmark = pytest.mark.django_db


def make(captured, **fields):
    """A report asked for by staff and made by the task once the request commits."""
    with captured(execute=True):
        report = services.report_request(**fields)
    report.refresh_from_db()
    return report


def this_year():
    today = timezone.localdate()
    return dt.date(today.year, 1, 1), dt.date(today.year, 12, 31)


def read(field):
    with field.open("rb") as handle:
        return handle.read()


def test_a_requested_report_is_made_ready_with_its_files(django_capture_on_commit_callbacks, staff, figures):
    start, end = this_year()
    report = make(django_capture_on_commit_callbacks, kind=ReportKind.ANNUAL, start_date=start, end_date=end,
                  requested_by=staff)  # fmt: skip
    assert (report.state, report.progress, report.error) == (ReportState.READY, 100, "")
    assert report.made_at is not None
    assert read(report.pdf).startswith(b"%PDF")
    assert read(report.xlsx).startswith(b"PK")
    assert [section["key"] for section in report.snapshot["sections"]] == [
        "partners", "practice", "theses", "internships", "contracts", "events", "contributions", "employment",
        "demand",
    ]  # fmt: skip
    assert report.snapshot["period"] == f"{start.year} год"


def test_pdf_and_xlsx_print_the_indicators_of_the_reports_scope(django_capture_on_commit_callbacks, staff, figures):
    start, end = this_year()
    report = make(django_capture_on_commit_callbacks, kind=ReportKind.ANNUAL, start_date=start, end_date=end,
                  requested_by=staff)  # fmt: skip
    expected = expected_sections(report)
    text = pdf_text(read(report.pdf))
    workbook = xlsx_figures(read(report.xlsx))
    values = [value for _title, section in expected for _label, value, _unit in section]
    assert any(value is None for value in values) and any(value for value in values), "the data show both kinds"
    for title, section in expected:
        assert title in text
        assert list(workbook[title]) == [label for label, _value, _unit in section]
        for label, value, unit in section:
            assert f"{label} {printed(value, unit)}" in text, (label, value)
            assert same_number(workbook[title][label], value), (label, value, workbook[title][label])


def test_the_contributions_in_the_report_are_the_rows_summed(django_capture_on_commit_callbacks, staff, figures):
    from events.models import Contribution

    start, end = this_year()
    report = make(django_capture_on_commit_callbacks, kind=ReportKind.ANNUAL, start_date=start, end_date=end,
                  requested_by=staff)  # fmt: skip
    rows = [c for c in Contribution.objects.all() if start <= c.date <= end]
    total = sum(c.value for c in rows)
    section = next(s for s in report.snapshot["sections"] if s["key"] == "contributions")
    values = {figure["key"]: figure["value"] for figure in section["figures"]}
    assert (values["contributions.count"], values["contributions.value"]) == (len(rows), str(total))
    assert "192 500,50 ₽" in pdf_text(read(report.pdf))
    sheet = xlsx_figures(read(report.xlsx))[section["title"]]
    assert sheet[section["figures"][1]["label"]] == pytest.approx(192500.50)


def test_a_report_for_one_specialty_prints_that_specialtys_figures(django_capture_on_commit_callbacks, staff, figures):
    start, end = this_year()
    report = make(django_capture_on_commit_callbacks, kind=ReportKind.ANNUAL, start_date=start, end_date=end,
                  specialty=figures, requested_by=staff)  # fmt: skip
    everyone = make(django_capture_on_commit_callbacks, kind=ReportKind.ANNUAL, start_date=start, end_date=end,
                    requested_by=staff)  # fmt: skip
    partners = {f["key"]: f["value"] for f in report.snapshot["sections"][0]["figures"]}
    all_partners = {f["key"]: f["value"] for f in everyone.snapshot["sections"][0]["figures"]}
    assert partners != all_partners
    assert report.title.endswith("15.02.16") and report.snapshot["specialty"].startswith("15.02.16")
    text = pdf_text(read(report.pdf))
    assert "15.02.16 Технология машиностроения" in text
    for label, value, unit in expected_sections(report)[0][1]:
        assert f"{label} {printed(value, unit)}" in text


def test_the_snapshot_is_frozen_when_made_and_later_data_change_nothing(
    django_capture_on_commit_callbacks, staff, figures
):
    from monitoring import documents
    from tests.factories import PartnerFactory

    start, end = this_year()
    report = make(django_capture_on_commit_callbacks, kind=ReportKind.ANNUAL, start_date=start, end_date=end,
                  requested_by=staff)  # fmt: skip
    before = xlsx_figures(read(report.xlsx))
    PartnerFactory.create_batch(3)
    assert expected_sections(report) != [
        (s["title"], [(f["label"], f["value"], f["unit"]) for f in s["figures"]]) for s in report.snapshot["sections"]
    ]
    assert xlsx_figures(documents.render_xlsx(report.snapshot)) == before


def test_a_section_with_no_data_prints_no_data_never_zero(django_capture_on_commit_callbacks, staff):
    start, end = this_year()
    report = make(django_capture_on_commit_callbacks, kind=ReportKind.ANNUAL, start_date=start, end_date=end,
                  requested_by=staff)  # fmt: skip
    events = next(s for s in report.snapshot["sections"] if s["key"] == "events")
    assert [f["value"] for f in events["figures"]] == [None, None]
    sheets = xlsx_figures(read(report.xlsx))
    assert set(sheets[events["title"]].values()) == {"нет данных"}
    assert f"{events['figures'][0]['label']} нет данных" in pdf_text(read(report.pdf))


def test_making_a_ready_report_again_does_nothing(django_capture_on_commit_callbacks, staff, figures):
    report = make(django_capture_on_commit_callbacks, kind=ReportKind.MONTHLY, start_date=timezone.localdate().replace(day=1),
                  end_date=timezone.localdate(), requested_by=staff)  # fmt: skip
    pdf_name, made_at = report.pdf.name, report.made_at
    assert services.report_make(report.pk) is False
    report.refresh_from_db()
    assert (report.pdf.name, report.made_at, report.state) == (pdf_name, made_at, ReportState.READY)
    assert services.report_make(report.pk + 1000) is False


def test_a_report_interrupted_after_freezing_is_finished_from_its_snapshot(staff, figures):
    start, end = this_year()
    report = ReportFactory(kind=ReportKind.ANNUAL, start_date=start, end_date=end, state=ReportState.RENDERING,
                           progress=40, title="x")  # fmt: skip
    frozen = services.report_snapshot(report)
    frozen["sections"][0]["figures"][0]["value"] = 987654
    Report.objects.filter(pk=report.pk).update(snapshot=frozen)
    assert services.report_make(report.pk) is True
    report.refresh_from_db()
    assert report.state == ReportState.READY
    assert "987 654" in pdf_text(read(report.pdf))


def test_a_failure_marks_the_report_failed_with_a_message_in_russian(
    django_capture_on_commit_callbacks, staff, settings, tmp_path
):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the media folder should be")
    settings.MEDIA_ROOT = blocker
    today = timezone.localdate()
    report = make(django_capture_on_commit_callbacks, kind=ReportKind.CUSTOM, start_date=today, end_date=today,
                  requested_by=staff)  # fmt: skip
    assert report.state == ReportState.FAILED
    assert report.error == ru("The report could not be made. Try again; if it fails again, tell the administrator.")
    assert report.progress < 100 and not report.pdf and not report.xlsx
    assert report.snapshot["sections"], "the figures were frozen before the failure"


def test_a_failed_report_can_be_made_again(django_capture_on_commit_callbacks, staff):
    today = timezone.localdate()
    report = ReportFactory(kind=ReportKind.CUSTOM, start_date=today, end_date=today, state=ReportState.FAILED,
                           error="Ошибка", progress=40)  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        services.report_retry(report=report)
    report.refresh_from_db()
    assert (report.state, report.progress, report.error) == (ReportState.READY, 100, "")
    with pytest.raises(ValidationError):
        services.report_retry(report=report)


def test_a_stuck_report_can_be_sent_to_the_queue_again_but_not_one_still_moving(django_capture_on_commit_callbacks):
    today = timezone.localdate()
    report = ReportFactory(kind=ReportKind.CUSTOM, start_date=today, end_date=today, state=ReportState.RENDERING,
                           progress=40)  # fmt: skip
    with pytest.raises(ValidationError):
        services.report_retry(report=report)
    Report.objects.filter(pk=report.pk).update(updated_at=timezone.now() - dt.timedelta(minutes=31))
    with django_capture_on_commit_callbacks(execute=True):
        services.report_retry(report=Report.objects.get(pk=report.pk))
    report.refresh_from_db()
    assert (report.state, report.progress) == (ReportState.READY, 100)


@pytest.mark.parametrize(
    ("start_days", "end_days", "message"),
    [
        (1, 2, "This period has not begun yet; a report on it would have no figures."),
        (-5 * 366 - 1, 0, "A custom period can be at most five years long."),
        (0, -1, "The end date cannot be before the start date."),
    ],
)
def test_an_implausible_period_is_refused(staff, start_days, end_days, message):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as refused:
        services.report_request(kind=ReportKind.CUSTOM, start_date=today + dt.timedelta(days=start_days),
                                end_date=today + dt.timedelta(days=end_days), requested_by=staff)  # fmt: skip
    assert refused.value.messages == [ru(message)]
    assert not Report.objects.exists()


# --- The schedule -----------------------------------------------------------------------------


def test_on_1_january_the_schedule_makes_the_previous_month_quarter_and_year(django_capture_on_commit_callbacks):
    year = timezone.localdate().year
    with django_capture_on_commit_callbacks(execute=True):
        created = services.report_schedule_due(today=dt.date(year, 1, 1))
    periods = sorted((r.kind, r.start_date, r.end_date) for r in Report.objects.all())
    assert periods == [
        (ReportKind.ANNUAL, dt.date(year - 1, 1, 1), dt.date(year - 1, 12, 31)),
        (ReportKind.MONTHLY, dt.date(year - 1, 12, 1), dt.date(year - 1, 12, 31)),
        (ReportKind.QUARTERLY, dt.date(year - 1, 10, 1), dt.date(year - 1, 12, 31)),
    ]
    assert len(created) == 3
    assert all(r.scheduled and r.requested_by is None and r.state == ReportState.READY for r in Report.objects.all())
    assert sorted(r.title for r in Report.objects.all()) == sorted(
        [f"{year - 1} год", f"декабрь {year - 1}", f"IV квартал {year - 1}"]
    )


def test_running_the_schedule_twice_makes_no_duplicate():
    day = dt.date(timezone.localdate().year, 4, 1)
    first = services.report_schedule_due(today=day)
    again = services.report_schedule_due(today=day)
    later = services.report_schedule_due(today=day + dt.timedelta(days=1))
    assert (len(first), again, later) == (3, [], [])
    assert Report.objects.count() == 3
    march = Report.objects.get(kind=ReportKind.MONTHLY)
    assert (march.start_date, march.end_date) == (dt.date(day.year, 3, 1), dt.date(day.year, 3, 31))


def test_the_first_of_a_month_inside_a_quarter_adds_only_the_months_report():
    year = timezone.localdate().year
    services.report_schedule_due(today=dt.date(year, 4, 1))
    created = services.report_schedule_due(today=dt.date(year, 5, 1))
    assert [(r.kind, r.start_date) for r in created] == [(ReportKind.MONTHLY, dt.date(year, 4, 1))]


def test_a_staff_report_for_the_same_period_does_not_stop_the_scheduled_one(staff):
    day = dt.date(timezone.localdate().year, 3, 1)
    ReportFactory(kind=ReportKind.MONTHLY, start_date=dt.date(day.year, 2, 1), end_date=day - dt.timedelta(days=1))
    created = services.report_schedule_due(today=day)
    assert ReportKind.MONTHLY in {r.kind for r in created}
    assert Report.objects.filter(kind=ReportKind.MONTHLY, scheduled=True).count() == 1


def test_the_scheduled_task_runs_by_its_stable_name(django_capture_on_commit_callbacks):
    from partnership_portal.celery import app

    with django_capture_on_commit_callbacks(execute=True):
        app.tasks["monitoring.make_scheduled_reports"].apply()
    assert Report.objects.filter(scheduled=True).count() == 3
    assert set(Report.objects.values_list("state", flat=True)) == {ReportState.READY}


# --- E-mail -----------------------------------------------------------------------------------


def test_subscribers_get_exactly_one_letter_per_scheduled_report(django_capture_on_commit_callbacks, mailoutbox):
    year = timezone.localdate().year
    services.report_schedule_due(today=dt.date(year, 1, 1))  # last year's reports exist (not made here)
    monthly = ReportSubscriptionFactory(kind=ReportKind.MONTHLY, user__email="director@college.example")
    both = StaffFactory(email="deputy@college.example")
    ReportSubscriptionFactory(user=both, kind=ReportKind.MONTHLY)
    ReportSubscriptionFactory(user=both, kind=ReportKind.ANNUAL)
    ReportSubscriptionFactory(kind=ReportKind.QUARTERLY, user__email="quarter@college.example")
    StaffFactory(email="nobody@college.example")
    with django_capture_on_commit_callbacks(execute=True):
        created = services.report_schedule_due(today=dt.date(year, 2, 1))
    assert [r.kind for r in created] == [ReportKind.MONTHLY]
    report = Report.objects.get(pk=created[0].pk)
    assert sorted(tuple(m.to) for m in mailoutbox) == [("deputy@college.example",), (monthly.user.email,)]
    letter = mailoutbox[0]
    assert f"/monitoring/reports/{report.pk}/pdf/" in letter.body
    assert f"/monitoring/reports/{report.pk}/xlsx/" in letter.body
    assert report.title in letter.subject
    # The task delivered again, or the notification run again, sends nothing more.
    assert services.report_make(report.pk) is False
    assert services.report_notify_subscribers(report.pk) == 0
    assert len(mail.outbox) == 2


def test_a_report_staff_asked_for_is_not_mailed_to_subscribers(django_capture_on_commit_callbacks, staff, mailoutbox):
    ReportSubscriptionFactory(kind=ReportKind.MONTHLY)
    make(django_capture_on_commit_callbacks, kind=ReportKind.MONTHLY, start_date=timezone.localdate().replace(day=1),
         end_date=timezone.localdate(), requested_by=staff)  # fmt: skip
    assert mailoutbox == []


def test_an_inactive_or_employer_subscriber_gets_nothing(django_capture_on_commit_callbacks, mailoutbox, employer_a):
    services.report_schedule_due(today=dt.date(timezone.localdate().year, 1, 1))
    ReportSubscriptionFactory(kind=ReportKind.MONTHLY, user__is_active=False, user__email="gone@college.example")
    ReportSubscriptionFactory(kind=ReportKind.MONTHLY, user=employer_a)
    with django_capture_on_commit_callbacks(execute=True):
        services.report_schedule_due(today=dt.date(timezone.localdate().year, 2, 1))
    assert mailoutbox == []


def test_subscriptions_are_set_to_exactly_the_kinds_chosen(staff):
    from monitoring.selectors.reports import subscribed_kinds

    services.subscriptions_set(user=staff, kinds=[ReportKind.MONTHLY, ReportKind.ANNUAL])
    services.subscriptions_set(user=staff, kinds=[ReportKind.ANNUAL, ReportKind.QUARTERLY])
    assert subscribed_kinds(staff) == {ReportKind.ANNUAL, ReportKind.QUARTERLY}
    with pytest.raises(ValidationError):
        services.subscriptions_set(user=staff, kinds=[ReportKind.CUSTOM])

"""Pages of graduate employment: staff only, the group table, a graduate's status, the rates
page and its export, the targeted-training graduates."""

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from contracts.models import ContractState, ContractType, ObligationStatus
from contracts.services import contract_create
from monitoring.models.employment import EmploymentRecord, EmploymentStatus
from practice.models import StudentStatus
from tests import url_table  # noqa: F401  (first: it gathers the monitoring rows, which import it)
from tests.factories import PartnerFactory
from tests.helpers import assert_constant_queries, ru
from tests.monitoring import urls_employment

from .factories import EmploymentRecordFactory, GraduateFactory, graduated_group

pytestmark = pytest.mark.django_db
S = EmploymentStatus


def subject_urls(world):
    return [reverse(key, kwargs=row.kwargs(world) if row.kwargs else {}) for key, row in urls_employment.ROWS.items()]


@pytest.fixture
def world(staff, partner_a):
    from types import SimpleNamespace

    objects = urls_employment.world(SimpleNamespace(staff=staff, partner_a=partner_a))
    return SimpleNamespace(**objects)


def test_employers_get_404_on_every_page_of_the_subject(client, world, employer_a, employer_b):
    for employer in (employer_a, employer_b):
        client.force_login(employer)
        for url in subject_urls(world):
            assert client.get(url).status_code == 404, url
            assert client.post(url).status_code == 404, url


def test_staff_open_every_page_of_the_subject(staff_client, world):
    for url in subject_urls(world):
        assert staff_client.get(url).status_code == 200, url


def test_a_teacher_reads_the_table_but_cannot_save_it(client, teacher, world):
    client.force_login(teacher)
    url = reverse("monitoring:employment_group_table", args=[world.graduated_group.pk, 12])
    response = client.get(url)
    assert response.status_code == 200 and b"group-table-form" not in response.content
    assert client.post(url, {}).status_code == 403
    edit = reverse("monitoring:employment_record_edit", args=[world.graduate.pk, 6])
    assert client.get(edit).status_code == 403


def test_a_student_who_has_not_graduated_has_no_employment_page(staff_client):
    group = graduated_group(years_ago=1)
    expelled = GraduateFactory(group=group, status=StudentStatus.EXPELLED)
    assert staff_client.get(reverse("monitoring:employment_graduate_detail", args=[expelled.pk])).status_code == 404
    assert staff_client.get(reverse("monitoring:employment_group_table", args=[group.pk, 9])).status_code == 404


# --- Group list -------------------------------------------------------------------------------------


def test_group_list_shows_which_checkpoints_are_due_and_filled(staff_client):
    group = graduated_group(years_ago=1, name="ТМ-21-1")  # 6 and 12 months due, 24 not yet
    graduates = [GraduateFactory(group=group) for _ in range(2)]
    for student in graduates:
        EmploymentRecordFactory(student=student, checkpoint=6, status=S.UNEMPLOYED)
    EmploymentRecordFactory(student=graduates[0], checkpoint=12, status=S.MILITARY)
    response = staff_client.get(reverse("monitoring:employment_group_list"))
    [row] = response.context["page_obj"].object_list
    states = [(c.checkpoint, c.is_due, c.filled, c.is_complete) for c in row.checkpoints]
    today = timezone.localdate()
    due_24 = today >= row.checkpoints[2].due_on
    assert states == [(6, True, 2, True), (12, today >= row.checkpoints[1].due_on, 1, False), (24, due_24, 0, False)]
    assert not due_24


def test_group_list_queries_do_not_grow_with_groups(staff_client):
    def add_groups():
        for n in range(20):
            group = graduated_group(years_ago=1 + n % 3)
            EmploymentRecordFactory(student=GraduateFactory(group=group), checkpoint=6)

    add_groups_once = graduated_group(years_ago=2)
    EmploymentRecordFactory(student=GraduateFactory(group=add_groups_once), checkpoint=6)
    assert_constant_queries(staff_client, reverse("monitoring:employment_group_list"), add_groups)


def test_group_list_filters_by_graduation_year(staff_client):
    old, recent = graduated_group(years_ago=3), graduated_group(years_ago=1)
    GraduateFactory(group=old), GraduateFactory(group=recent)
    response = staff_client.get(reverse("monitoring:employment_group_list"), {"year": old.graduation_year})
    assert [group.pk for group in response.context["page_obj"].object_list] == [old.pk]


# --- The group table (a formset) -----------------------------------------------------------------


def table_post(rows, students):
    data = {"rows-TOTAL_FORMS": str(len(rows)), "rows-INITIAL_FORMS": str(len(rows))}
    for index, (student, row) in enumerate(zip(students, rows, strict=True)):
        data[f"rows-{index}-student"] = str(student.pk)
        for field in ("status", "employer", "post", "in_specialty"):
            data[f"rows-{index}-{field}"] = row.get(field, "")
    return data


def test_group_table_saves_every_row_at_once(staff_client, staff):
    partner = PartnerFactory(name="Акционерное общество «Уральский турбинный завод»", short_name="АО «УТЗ»")
    group = graduated_group(years_ago=2)
    students = sorted([GraduateFactory(group=group) for _ in range(3)], key=lambda s: (s.last_name, s.first_name, s.pk))
    url = reverse("monitoring:employment_group_table", args=[group.pk, 12])
    rows = [
        {"status": S.EMPLOYED, "employer": f"АО «УТЗ» (ИНН {partner.inn})", "post": "Токарь", "in_specialty": "yes"},
        {"status": S.EMPLOYED, "employer": "ООО «Ромашка»", "post": "Продавец", "in_specialty": "no"},
        {},  # not known yet: no record
    ]
    response = staff_client.post(url, table_post(rows, students))
    assert response.status_code == 302
    saved = {r.student_id: r for r in EmploymentRecord.objects.filter(checkpoint=12)}
    assert set(saved) == {students[0].pk, students[1].pk}
    first, second = saved[students[0].pk], saved[students[1].pk]
    assert (first.employer_id, first.employer_name, first.post, first.in_specialty) == (partner.pk, "", "Токарь", True)
    assert (second.employer_id, second.employer_name, second.in_specialty) == (None, "ООО «Ромашка»", False)
    assert first.recorded_by == staff


def test_group_table_with_a_bad_row_saves_nothing_and_keeps_what_was_typed(staff_client):
    group = graduated_group(years_ago=2)
    students = sorted([GraduateFactory(group=group) for _ in range(2)], key=lambda s: (s.last_name, s.first_name, s.pk))
    url = reverse("monitoring:employment_group_table", args=[group.pk, 12])
    rows = [
        {"status": S.SELF_EMPLOYED, "post": "Фотограф-фрилансер"},
        {"status": S.UNEMPLOYED, "post": "Слесарь"},  # a post without work
    ]
    response = staff_client.post(url, table_post(rows, students))
    assert response.status_code == 200
    assert not EmploymentRecord.objects.exists()
    forms = response.context["formset"].forms
    assert forms[1].errors["post"] == [ru("Only for an employed or self-employed graduate.")]
    assert "Фотограф-фрилансер" in response.content.decode()
    assert forms[0].data["rows-0-post"] == "Фотограф-фрилансер"


def test_group_table_refuses_a_list_that_changed_meanwhile(staff_client):
    group = graduated_group(years_ago=2)
    student = GraduateFactory(group=group)
    other = GraduateFactory(group=graduated_group(years_ago=2))
    url = reverse("monitoring:employment_group_table", args=[group.pk, 12])
    response = staff_client.post(url, table_post([{"status": S.MILITARY}], [other]))
    assert response.status_code == 200
    assert not EmploymentRecord.objects.exists()
    assert response.context["formset"].non_form_errors()
    assert student.pk != other.pk


def test_group_table_replaces_the_records_it_shows(staff_client):
    group = graduated_group(years_ago=2)
    student = GraduateFactory(group=group)
    EmploymentRecordFactory(student=student, checkpoint=24, status=S.UNEMPLOYED)
    url = reverse("monitoring:employment_group_table", args=[group.pk, 24])
    assert staff_client.get(url).context["formset"].forms[0].initial["status"] == S.UNEMPLOYED
    staff_client.post(url, table_post([{"status": S.PARENTAL_LEAVE}], [student]))
    assert list(EmploymentRecord.objects.values_list("checkpoint", "status")) == [(24, S.PARENTAL_LEAVE)]


def test_group_table_queries_do_not_grow_with_graduates(staff_client):
    group = graduated_group(years_ago=2)
    EmploymentRecordFactory(student=GraduateFactory(group=group), checkpoint=12, employer=PartnerFactory(),
                            status=S.EMPLOYED)  # fmt: skip

    def add():
        for _ in range(20):
            EmploymentRecordFactory(student=GraduateFactory(group=group), checkpoint=12, status=S.EMPLOYED,
                                    employer=PartnerFactory())  # fmt: skip

    assert_constant_queries(staff_client, reverse("monitoring:employment_group_table", args=[group.pk, 12]), add)


# --- One graduate --------------------------------------------------------------------------------------


def test_a_status_recorded_on_the_graduate_page(staff_client):
    student = GraduateFactory()
    url = reverse("monitoring:employment_record_edit", args=[student.pk, 6])
    response = staff_client.post(url, {"status": S.EMPLOYED, "employer": "", "post": "Оператор"})
    assert response.status_code == 200
    assert response.context["form"].errors["employer"] == [ru("Pick the employer from the register or type its name.")]
    assert not EmploymentRecord.objects.exists()
    response = staff_client.post(url, {"status": S.EMPLOYED, "employer": "ИП Сидоров", "post": "Оператор"})
    assert response.status_code == 302
    record = EmploymentRecord.objects.get()
    assert (record.checkpoint, record.status, record.employer_name, record.post) == (
        6,
        S.EMPLOYED,
        "ИП Сидоров",
        "Оператор",
    )
    page = staff_client.get(reverse("monitoring:employment_graduate_detail", args=[student.pk])).content.decode()
    assert "ИП Сидоров" in page


# --- Rates page and export ---------------------------------------------------------------------------


def test_rates_page_and_export_show_the_selector_figures(staff_client):
    group = graduated_group(years_ago=2)
    for status in (S.EMPLOYED, S.EMPLOYED, S.UNEMPLOYED, S.STUDYING):
        fields = {"employer_name": "ООО «Ромашка»"} if status == S.EMPLOYED else {}
        EmploymentRecordFactory(student=GraduateFactory(group=group), checkpoint=12, status=status, **fields)
    params = {"year_from": group.graduation_year, "year_to": group.graduation_year}
    response = staff_client.get(reverse("monitoring:employment_rates"), params)
    [total] = response.context["totals"]
    assert str(total.rate_1y) == "66.7" and total.rate_2y is None
    assert response.context["chart"] == {"labels": [str(group.graduation_year)], "values": [66.7]}
    content = response.content.decode()
    assert 'data-source="employment-rate-1y"' in content and 'id="employment-rate-1y"' in content
    export = staff_client.get(reverse("monitoring:employment_rates_export"), params)
    sheet = load_workbook(io.BytesIO(export.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 3  # header, the specialty, all specialties
    header, total_row = rows[0], rows[-1]
    assert total_row[header.index(ru("Employed within 1 year, %"))] == 66.7
    assert total_row[header.index(ru("Employed within 2 years, %"))] == ru("no data")
    assert total_row[header.index(ru("Graduates"))] == 4


# --- Targeted training -------------------------------------------------------------------------------


def targeted_contract(student, partner, staff, *, deadline):
    contract = contract_create(
        type=ContractType.TARGETED_TRAINING, partner=partner, created_by=staff, student=student,
        start_date=timezone.localdate() - timedelta(days=1500), end_date=timezone.localdate() + timedelta(days=30),
        details={"employment_deadline": deadline.isoformat(), "work_years": 3},
    )  # fmt: skip
    type(contract).objects.filter(pk=contract.pk).update(state=ContractState.ACTIVE)
    return contract


def test_targeted_graduates_show_whether_the_obligation_is_met(staff_client, staff):
    today = timezone.localdate()
    partner, other = PartnerFactory(), PartnerFactory()
    group = graduated_group(years_ago=1)
    meeting, late, deferred, waiting = (GraduateFactory(group=group, last_name=name)
                                        for name in ("Аверин", "Борисов", "Власов", "Гусев"))  # fmt: skip
    targeted_contract(meeting, partner, staff, deadline=today - timedelta(days=30))
    targeted_contract(late, partner, staff, deadline=today - timedelta(days=30))
    targeted_contract(deferred, partner, staff, deadline=today - timedelta(days=30))
    targeted_contract(waiting, partner, staff, deadline=today + timedelta(days=60))
    EmploymentRecordFactory(student=meeting, checkpoint=6, status=S.EMPLOYED, employer=partner)
    EmploymentRecordFactory(student=late, checkpoint=6, status=S.EMPLOYED, employer=other)
    EmploymentRecordFactory(student=deferred, checkpoint=6, status=S.MILITARY)
    response = staff_client.get(reverse("monitoring:employment_targeted"))
    verdicts = {o.contract.student.last_name: o.verdict for o in response.context["page_obj"].object_list}
    assert verdicts == {"Аверин": "meeting", "Борисов": "not_meeting", "Власов": "at_risk", "Гусев": "at_risk"}
    only = staff_client.get(reverse("monitoring:employment_targeted"), {"verdict": "not_meeting"})
    assert [o.contract.student.last_name for o in only.context["page_obj"].object_list] == ["Борисов"]


def test_a_breached_obligation_is_not_met_whatever_the_status(staff_client, staff):
    partner = PartnerFactory()
    student = GraduateFactory()
    contract = targeted_contract(student, partner, staff, deadline=timezone.localdate() + timedelta(days=60))
    contract.obligation.status = ObligationStatus.BREACHED
    contract.obligation.save()
    EmploymentRecordFactory(student=student, checkpoint=6, status=S.EMPLOYED, employer=partner)
    response = staff_client.get(reverse("monitoring:employment_targeted"))
    assert [o.verdict for o in response.context["page_obj"].object_list] == ["not_meeting"]


def test_rates_page_queries_do_not_grow_with_graduates(staff_client):
    group = graduated_group(years_ago=2)
    EmploymentRecordFactory(student=GraduateFactory(group=group), checkpoint=12, status=S.MILITARY)

    def add():
        for years_ago in (2, 3, 4):
            other = graduated_group(years_ago=years_ago)
            for _ in range(7):
                EmploymentRecordFactory(student=GraduateFactory(group=other), checkpoint=24, status=S.UNEMPLOYED)

    assert_constant_queries(staff_client, reverse("monitoring:employment_rates"), add, year_from=2000)


def test_targeted_page_queries_do_not_grow_with_graduates(staff_client, staff):
    partner = PartnerFactory()
    today = timezone.localdate()
    first = GraduateFactory()
    targeted_contract(first, partner, staff, deadline=today + timedelta(days=10))
    EmploymentRecordFactory(student=first, checkpoint=6, status=S.EMPLOYED, employer=partner)

    def add():
        for _ in range(20):
            student = GraduateFactory()
            targeted_contract(student, partner, staff, deadline=today + timedelta(days=10))
            EmploymentRecordFactory(student=student, checkpoint=6, status=S.EMPLOYED, employer=PartnerFactory())

    assert_constant_queries(staff_client, reverse("monitoring:employment_targeted"), add)

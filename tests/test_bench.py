"""The measuring tools of `make bench` and `make load` run on a tiny dataset, so that they cannot
rot unnoticed: every page of the bench answers (portal, bare view, admin), the bare view shows the
portal page's rows, the verdicts and result files are written, the load mix answers 200 for its
roles, the locustfile loads, and the bench's children die with their process groups."""

import datetime as dt
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.utils import timezone

from bench import bare, mix, run, verdicts
from bench.pages import LISTS, SINGLES
from bench.proc import start, stop
from partners.models import Partner
from partnership_portal.demo_bulk import bulk_update_values
from tests.factories import (
    OfferFactory,
    PartnerFactory,
    PlacementFactory,
    TeacherInternshipFactory,
    ThesisFactory,
)

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def bench_urls(settings):
    settings.ROOT_URLCONF = "bench.urls"


@pytest.fixture
def tiny_data(staff, teacher, employer_a, partner_a, partner_b):
    today = timezone.localdate()
    PartnerFactory.create_batch(3, name="ООО «Уралсервис»")
    for _ in range(3):
        PlacementFactory(
            partner=partner_a, start_date=today - dt.timedelta(days=10), end_date=today + dt.timedelta(days=5)
        )
    ThesisFactory()
    OfferFactory(partner=partner_b)
    TeacherInternshipFactory(partner=partner_a)
    return {"staff": staff, "employer": employer_a, "teacher": teacher}


@pytest.mark.django_db
def test_every_bench_page_answers_in_all_three_variants(bench_urls, tiny_data):
    clients = run.make_clients(tiny_data)
    smaller = {("partners", "first"): 2, ("partners", "last"): 1, ("partners", "search"): 50}
    lists = run.measure_lists(clients, repeat=1, warmup=0, log=lambda line: None, smaller=smaller)
    singles = run.measure_singles(clients, repeat=1, warmup=0, log=lambda line: None)

    assert [entry for entry in lists + singles if "error" in entry] == []
    measured = {entry["page"] for entry in lists}
    assert measured == {page.key for page in LISTS}
    for entry in lists:
        assert entry["portal"]["queries"] > 0 and entry["bare"]["queries"] > 0
        page = next(page for page in LISTS if page.key == entry["page"])
        assert ("admin" in entry) == page.admin, entry["page"]
        if entry["variant"] == "first":
            assert set(entry["queries_by_page_size"]) == {"25", "100"}
    # The partner list again at as many rows as the smaller scale showed, where it showed fewer.
    partners = {entry["variant"]: entry for entry in lists if entry["page"] == "partners"}
    assert partners["first"]["rows_page_size"] == 2 and partners["first"]["portal_rows"]["n"] == 1
    assert partners["first"]["rows_url"] == "/partners/"
    last_page = -(-partners["last"]["rows"] // 1)
    assert partners["last"]["rows_url"] == f"/partners/?page={last_page}"
    assert "portal_rows" not in partners["search"]  # it showed more rows than this page: nothing to add
    assert {entry["page"] for entry in singles} == {page.key for page in SINGLES}


@pytest.mark.django_db
def test_the_bare_view_shows_the_rows_of_the_portal_page(bench_urls, tiny_data):
    clients = run.make_clients(tiny_data)
    for page in LISTS:
        client = clients[page.role]
        bare.capture(client, page.key)
        portal = client.get(page.url)
        shown = client.get(bare.bare_url(page.key))
        assert shown.status_code == 200
        portal_rows = [str(row.pk) for row in portal.context["page_obj"]]
        assert shown["X-Bench-Rows"] == ",".join(portal_rows), page.key


@pytest.mark.django_db
def test_the_partner_list_bare_view_has_rows_and_its_search_narrows_them(bench_urls, tiny_data):
    clients = run.make_clients(tiny_data)
    everything = bare.capture(clients["staff"], "partners")
    found = bare.capture(clients["staff"], "partners", "q=уралсервис")
    assert everything.count() == Partner.objects.count() == 5
    assert found.count() == 3
    response = clients["staff"].get(bare.bare_url("partners", "q=уралсервис"))
    assert response.content.decode().count("<tr>") == 1 + 3  # the head and the rows found


def test_verdicts_name_every_target_and_fail_a_slow_page(tmp_path):
    fast = {"p50": 10.0, "p95": 20.0, "n": 5, "queries": 6}
    slow = {"p50": 150.0, "p95": 200.0, "n": 5, "queries": 6}
    entry = {"page": "partners", "title": "partner list", "variant": "first", "rows": 10, "portal": slow,
             "bare": fast, "admin": fast, "queries_by_page_size": {"25": 6, "100": 14}}  # fmt: skip
    results = {
        "meta": {"started": "now", "host": "h", "cpus": 2, "mode": "quick", "repeat": 5, "warmup": 1,
                 "machine": {"python_ms": 61.5, "postgres_ms": 80.2}},
        "scales": {
            "college": {"lists": [{**entry, "portal": fast}], "singles": []},
            "region": {"lists": [entry], "singles": [{"page": "staff_dashboard", "title": "staff dashboard",
                                                     "variant": "page", "portal": fast}]},
        },
        "pdf": {"warm_median_s": 0.2, "batch_s": 70.0, "batch_size": 100, "batch_ready": 100},
        "seed": {"region": {"seconds": 190.0, "max_rss_mb": 1300}},
    }  # fmt: skip
    checks = verdicts.evaluate(results, main_scale="region")
    outcome = {target: verdict for target, _label, verdict, _failed in verdicts.verdict_lines(checks)}

    assert outcome == {
        "list_p95": "FAIL", "list_bare": "FAIL", "list_admin": "FAIL", "list_last": "n/a", "list_growth": "FAIL",
        "list_queries": "FAIL", "single_p95": "PASS", "single_queries": "PASS", "pdf_warm": "PASS",
        "pdf_batch": "FAIL", "seed_region": "FAIL",
    }  # fmt: skip
    verdicts.write_markdown(tmp_path / "results.md", results, checks)
    verdicts.write_json(tmp_path / "results.json", results, checks)
    text = (tmp_path / "results.md").read_text("utf-8")
    assert "| partner list | first | 10 | 150 / 200 (6 q) | 10 / 20 (6 q)" in text
    assert "**FAIL** Lists: ≤ 12 queries at page sizes 25 and 100" in text
    assert "Machine speed: Python 61.5 ms (summing 3 million numbers), PostgreSQL 80.2 ms" in text


def test_machine_speed_times_python_and_postgres():
    from django.db import connection

    from bench.proc import machine_speed

    url = "postgres://{USER}@{HOST}:{PORT}/postgres".format(**connection.settings_dict)  # any database will do
    speed = machine_speed(url, rounds=1)
    assert set(speed) == {"python_ms", "postgres_ms"}
    assert 0 < speed["python_ms"] < 5_000 and 0 < speed["postgres_ms"] < 5_000


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["staff", "employer"])
def test_every_page_of_the_load_mix_answers(client, tiny_data, partner_a, role):
    client.force_login(tiny_data[role])
    for _weight, name, url in mix.STAFF_MIX if role == "staff" else mix.EMPLOYER_MIX:
        response = client.get(url.format(partner=partner_a.pk, word="урал"))
        assert response.status_code == 200, name
        for _follow_name, follow_url in mix.FOLLOW_UPS.get(name, []):
            response = client.get(follow_url.format(partner=partner_a.pk), HTTP_HX_REQUEST="true")
            assert response.status_code == 200, follow_url


def test_the_load_mix_follows_the_card_with_every_section_it_has():
    from partners import card

    followed = {url.rsplit("/", 2)[-2] for _name, url in mix.FOLLOW_UPS["partner card"]}
    assert followed == {section.key for section in card.registered_sections()}


def test_the_locustfile_loads_with_a_staff_and_an_employer_user():
    listed = subprocess.run(
        [sys.executable, "-m", "locust", "-f", str(ROOT / "scripts" / "locustfile.py"), "--list"],
        capture_output=True, text=True, timeout=120, cwd=ROOT,
    )  # fmt: skip
    assert listed.returncode == 0, listed.stderr
    assert "StaffUser" in listed.stdout and "EmployerUser" in listed.stdout


def _alive(pid):
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def test_a_stopped_child_takes_its_own_children_with_it():
    child = start(["bash", "-c", "sleep 300 & echo $!; wait"], stdout=subprocess.PIPE, text=True)
    grandchild = int(child.stdout.readline())
    assert os.getpgid(child.pid) == child.pid != os.getpgid(0)
    stop(child, timeout=10)
    deadline = time.monotonic() + 10
    while _alive(grandchild) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(grandchild)


@pytest.mark.django_db
def test_bulk_update_values_writes_each_row_its_own_values(partner_a, partner_b):
    partner_a.search_text, partner_a.last_activity_on = "первый", dt.date(2024, 5, 1)
    partner_b.search_text, partner_b.last_activity_on = "второй", None
    bulk_update_values(Partner, [partner_a, partner_b], ["search_text", "last_activity_on"], batch_size=1)

    rows = dict(Partner.objects.values_list("pk", "search_text"))
    assert rows == {partner_a.pk: "первый", partner_b.pk: "второй"}
    assert Partner.objects.get(pk=partner_a.pk).last_activity_on == dt.date(2024, 5, 1)
    assert Partner.objects.get(pk=partner_b.pk).last_activity_on is None


def test_growth_names_the_rows_each_page_shows_when_they_differ(tmp_path):
    fast = {"p50": 10.0, "p95": 20.0, "n": 5, "queries": 6}
    slow = {"p50": 50.0, "p95": 60.0, "n": 5, "queries": 6}

    def entry(variant, rows, shown, portal):
        return {"page": "theses", "title": "thesis list", "variant": variant, "rows": rows, "shown": shown,
                "portal": portal, "bare": fast}  # fmt: skip

    results = {
        "meta": {"started": "now", "host": "h", "cpus": 2, "mode": "full", "repeat": 5, "warmup": 1},
        "scales": {
            "college": {"lists": [entry("first", 375, 25, fast), entry("search", 2, 2, fast)], "singles": []},
            "region": {"lists": [entry("first", 10925, 25, slow), entry("search", 87, 25, slow)], "singles": []},
        },
    }  # fmt: skip
    checks = verdicts.evaluate(results, main_scale="region")
    growth = [(check["subject"], check["pass"], check["unit"]) for check in checks if check["target"] == "list_growth"]
    assert growth == [("thesis list, first", False, "×"), ("thesis list, search", False, "× (2 → 25 rows)")]
    verdicts.write_markdown(tmp_path / "results.md", results, checks)
    text = (tmp_path / "results.md").read_text("utf-8")
    assert "| 3.0 (2 → 25 rows) |" in text
    assert "  - thesis list, search: 3.0 × (2 → 25 rows)" in text


def test_growth_is_judged_at_the_same_rows_where_the_page_was_measured_so(tmp_path):
    college = {"p50": 10.0, "p95": 20.0, "n": 5, "queries": 6}
    region_full = {"p50": 35.0, "p95": 40.0, "n": 5, "queries": 6}
    region_two_rows = {"p50": 20.0, "p95": 25.0, "n": 5, "queries": 6}
    base = {"page": "theses", "title": "thesis list", "variant": "search", "bare": college}
    results = {
        "meta": {"started": "now", "host": "h", "cpus": 2, "mode": "full", "repeat": 5, "warmup": 1},
        "scales": {
            "college": {"lists": [{**base, "rows": 2, "shown": 2, "portal": college}], "singles": []},
            "region": {"lists": [{**base, "rows": 87, "shown": 25, "portal": region_full,
                                  "portal_rows": region_two_rows, "rows_page_size": 2}], "singles": []},
        },
    }  # fmt: skip
    checks = verdicts.evaluate(results, main_scale="region")
    growth = [check for check in checks if check["target"] == "list_growth"]
    assert [(check["value"], check["pass"]) for check in growth] == [(1.25, True)]
    assert growth[0]["unit"] == "× at 2 rows as at college (2.0× with 25)"
    verdicts.write_markdown(tmp_path / "results.md", results, checks)
    text = (tmp_path / "results.md").read_text("utf-8")
    assert "| 2.0 (2 → 25 rows) | 20 / 25 (6 q) at 2 rows: 1.25 |" in text


@pytest.mark.parametrize(
    ("variant", "count", "shown"),
    [("first", 400, 25), ("first", 3, 3), ("search", 0, 0), ("last", 141, 16), ("last", 125, 25), ("last", 3, 3)],
)
def test_shown_rows(variant, count, shown):
    assert run.shown_rows(variant, count) == shown

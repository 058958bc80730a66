"""Every page of the URL-by-role table that a role can open passes axe-core's WCAG 2.1 A/AA rules
and fits a phone's width.

For each role (college staff, a teacher, an employer, the administrator, who also gets every
admin page) one browser context logs in once; then every row of the URL-by-role table (with the
hooks it gathers, on the world that tests/test_urls_by_role.py builds) is asked by GET. Each page
that answers 200 with HTML (PDF, XLSX, ICS, JSON, redirects and htmx fragments are skipped) is

- opened at 1366×768 and checked by axe-core (bundled by axe-playwright-python, injected with
  ``page.evaluate``, which the page's Content-Security-Policy does not govern) with the tags
  wcag2a, wcag2aa, wcag21a and wcag21aa; every violation fails the test, with its page, rule and
  nodes;
- opened at 390×844 (a phone), where the document must not be wider than the viewport.

A11Y_PAGES=/monitoring/,/partners/ limits a run to the URLs that start with one of the prefixes
(to check a fix quickly; the full run is the test).
"""

import os

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.test import override_settings
from playwright.sync_api import expect

from practice.models import Placement, TeacherInternship, Thesis
from tests import test_urls_by_role
from tests.conftest import PASSWORD
from tests.e2e.conftest import REPORT_CSP_VIOLATIONS, is_csp_report, log_in
from tests.test_urls_by_role import ALL_ROWS, url_for

pytestmark = pytest.mark.django_db(transaction=True)

# The world of the URL-by-role test: one object of every model, organisation A's for the object URLs.
world = test_urls_by_role.world

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
# The role as the test names it, and the fixture of its user.
ROLES = {"staff": "staff", "teacher": "teacher", "employer": "employer_a", "administrator": "admin_user"}
# (role, part of the table): the administrator's admin-site pages are a run of their own.
# The admin site's 300 pages are cut into three slices so that parallel test processes share them.
ADMIN_SLICES = 3
RUNS = [("staff", "portal"), ("teacher", "portal"), ("employer", "portal"), ("administrator", "portal")] + [
    ("administrator", f"admin-{index}") for index in range(ADMIN_SLICES)
]

AXE = Axe()
ONLY = [prefix for prefix in os.environ.get("A11Y_PAGES", "").split(",") if prefix]


def pages_for(part, context, world):
    """The URLs of a part of the table (the portal's pages, or the admin site's) that the context's
    role gets as a 200 HTML page (asked by GET with the role's cookies)."""
    urls = []
    admin_part = part.startswith("admin")
    keys = [key for key in sorted(ALL_ROWS) if key.startswith("admin") == admin_part]
    if admin_part:
        index = int(part.split("-")[1])
        keys = keys[index::ADMIN_SLICES]
    for key in keys:
        row = ALL_ROWS[key]
        if row.is_post_only:
            continue
        url = url_for(key, row, world)
        if ONLY and not any(url.startswith(prefix) for prefix in ONLY):
            continue
        with override_settings(**row.settings):
            response = context.request.get(url, max_redirects=0)
        html = response.status == 200 and response.headers.get("content-type", "").startswith("text/html")
        # An htmx fragment (a progress bar polled into its page) is checked inside its page.
        if html and "<html" in response.text()[:1000]:
            urls.append((url, row.settings))
        response.dispose()
    return urls


def link_teacher(world, user):
    """The teacher login as the teacher of the world's theses, placements and internship, so the
    teacher's pages show their lists rather than the «not linked to a teacher» empty state."""
    teacher = world.thesis_a.supervisor
    teacher.user = user
    teacher.save(update_fields=["user"])
    Thesis.objects.filter(pk__in=[world.thesis_a.pk, world.reviewed_thesis_a.pk]).update(supervisor=teacher)
    Placement.objects.filter(pk__in=[world.placement_a.pk, world.evaluated_placement_a.pk]).update(
        college_supervisor=teacher
    )
    TeacherInternship.objects.filter(pk=world.internship.pk).update(teacher=teacher)


def describe(violation):
    nodes = "; ".join(
        " ".join(str(part) for part in node["target"]) + (f" «{node['html'][:120]}»" if node.get("html") else "")
        for node in violation["nodes"][:8]
    )
    more = f" (+{len(violation['nodes']) - 8} more)" if len(violation["nodes"]) > 8 else ""
    return f"{violation['id']} [{violation['impact']}] {violation['help']}: {nodes}{more}"


@pytest.mark.timeout(900)
@pytest.mark.parametrize(("role", "part"), RUNS, ids=[f"{role}-{part}" for role, part in RUNS])
def test_every_page_passes_axe_and_fits_a_phone(role, part, request, browser, live_server, world):
    user = request.getfixturevalue(ROLES[role])
    if role == "teacher":
        link_teacher(world, user)
    context = browser.new_context(base_url=live_server.url, viewport=DESKTOP)
    context.add_init_script(REPORT_CSP_VIOLATIONS)
    csp = []
    context.on("console", lambda message: csp.append(f"{message.page and message.page.url}: {message.text}")
               if is_csp_report(message) else None)  # fmt: skip
    desktop = context.new_page()
    desktop.set_default_timeout(15_000)
    log_in(desktop, user.email, PASSWORD)
    desktop.wait_for_url(lambda url: "/accounts/login/" not in url)
    phone = context.new_page()
    phone.set_viewport_size(PHONE)
    phone.set_default_timeout(15_000)

    pages = pages_for(part, context, world)
    failures, too_wide = [], []
    for url, settings in pages:
        with override_settings(**settings):
            desktop.goto(url)
            # Sections that come by htmx as the page loads (the partner card's) are checked in place.
            expect(desktop.locator('[hx-trigger="load"]')).to_have_count(0)
            results = AXE.run(desktop, options=AXE_OPTIONS).response
            failures += [f"{url}: {describe(violation)}" for violation in results["violations"]]
            # Loaded afresh on a phone: a page narrowed after loading keeps its charts' desktop width
            # until their resize observer fires, which a phone never sees. The layout is there once
            # the DOM is (the stylesheets come before the scripts).
            phone.goto(url, wait_until="domcontentloaded")
            width = phone.evaluate("document.documentElement.scrollWidth")
            if width > PHONE["width"]:
                too_wide.append(f"{url}: {width} px")
    context.close()

    print(f"{role}, {part}: {len(pages)} pages checked, {len(failures)} axe violations, {len(too_wide)} too wide")
    assert ONLY or len(pages) > 10, f"{role} opened only {len(pages)} pages: is the login right?"
    problems = []
    if failures:
        problems.append(f"axe-core (WCAG 2.1 A/AA) violations as {role}:\n" + "\n".join(failures))
    if too_wide:
        problems.append(f"Pages wider than a {PHONE['width']} px phone as {role}:\n" + "\n".join(too_wide))
    # The admin's vendored jQuery and select2 set inline styles that the CSP blocks (harmless: the
    # widths come from the stylesheets); the portal's own pages must have none.
    if csp and not part.startswith("admin"):
        problems.append("Content-Security-Policy violations:\n" + "\n".join(csp))
    assert not problems, "\n\n".join(problems)

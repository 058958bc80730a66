"""Timing of pages in-process: the Django test client, time.perf_counter around each request
(server time: middleware, view, template, queries; no network), queries counted with
CaptureQueriesContext. Needs Django set up with ROOT_URLCONF = "bench.urls".

Each list row (first page, last page, a search) is measured as three variants — the portal page,
its bare view and the admin changelist — interleaved round-robin after a warm-up, so that a busy
moment of the machine hits all three alike.
"""

import math
import statistics
import time

from django.apps import apps
from django.contrib import admin
from django.db import connection, reset_queries
from django.http import QueryDict
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from . import bare
from .pages import LISTS, SINGLES, SUPERUSER, USERS

PAGE_SIZES = (25, 100)  # query counts are checked at both


def percentile(values, fraction):
    """Nearest-rank percentile (p95 of 20 samples is the 19th smallest)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def summary(samples, queries):
    return {
        "p50": round(statistics.median(samples), 1),
        "p95": round(percentile(samples, 0.95), 1),
        "n": len(samples),
        "queries": queries,
    }


class PageError(Exception):
    pass


def timed_get(client, url):
    # The log CaptureQueriesContext reads keeps 9,000 queries: once full, a request's count would
    # read 0 (and the kept queries grow the heap the garbage collector walks).
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        begin = time.perf_counter()
        response = client.get(url)
        elapsed = (time.perf_counter() - begin) * 1000
    if response.status_code != 200:
        raise PageError(f"{url} answered {response.status_code}")
    return elapsed, len(queries)


def make_clients(users=None):
    """A logged-in test client per role (``users``: role -> user; the demo logins by default), and
    one for a superuser (created if missing)."""
    from partnership_portal.accounts.models import User

    if users is None:
        users = {role: User.objects.filter(email=email).first() for role, email in USERS.items()}
    clients = {}
    for role, user in users.items():
        if user is not None:
            clients[role] = Client()
            clients[role].force_login(user)
    superuser = User.objects.filter(email=SUPERUSER).first() or User.objects.create_superuser(
        email=SUPERUSER, password=None, last_name="Bench"
    )
    clients["admin"] = Client()
    clients["admin"].force_login(superuser)
    return clients


def _with_query(url, query):
    return url + (("&" if "?" in url else "?") + query if query else "")


def _admin_changelist(model):
    model = apps.get_model(model)
    return f"/admin/{model._meta.app_label}/{model._meta.model_name}/", admin.site._registry.get(model)


def list_rows(page, client, pages=None):
    """The rows measured for a list page: (variant, portal URL, bare URL, admin URL or "")."""
    rows = []
    queryset = bare.capture(client, page.key)
    count = queryset.count() if hasattr(queryset, "count") and not isinstance(queryset, list) else len(queryset)
    from django.conf import settings

    last = max(1, math.ceil(count / settings.PAGINATE_BY))
    admin_url, model_admin = _admin_changelist(page.model) if page.admin else ("", None)
    admin_last = ""
    if model_admin is not None:
        admin_count = model_admin.model._default_manager.count()
        admin_last = _with_query(admin_url, f"p={max(1, math.ceil(admin_count / model_admin.list_per_page))}")
    rows.append(("first", page.url, bare.bare_url(page.key), admin_url, count))
    last_query = f"page={last}"
    rows.append(("last", _with_query(page.url, last_query), bare.bare_url(page.key, last_query), admin_last, count))
    if page.search:
        found = bare.capture(client, page.key, page.search)
        found_count = found.count() if hasattr(found, "count") and not isinstance(found, list) else len(found)
        admin_search = _with_query(admin_url, page.admin_search) if admin_url and page.admin_search else ""
        rows.append(
            (
                "search",
                _with_query(page.url, page.search),
                bare.bare_url(page.key, page.search),
                admin_search,
                found_count,
            )
        )
    return rows


def interleaved(variants, *, repeat, warmup):
    """Times each (name, client, url[, page size]) `repeat` times, round-robin, after `warmup`
    rounds; a page size is set for that variant's requests alone."""
    variants = [(name, client, url, rest[0] if rest else None) for name, client, url, *rest in variants]

    def get(client, url, size):
        if size is None:
            return timed_get(client, url)
        with override_settings(PAGINATE_BY=size):
            return timed_get(client, url)

    for _ in range(warmup):
        for _name, client, url, size in variants:
            get(client, url, size)
    samples = {name: [] for name, *_rest in variants}
    queries = {}
    for _ in range(repeat):
        for name, client, url, size in variants:
            elapsed, count = get(client, url, size)
            samples[name].append(elapsed)
            queries[name] = count
    return {name: summary(samples[name], queries[name]) for name in samples}


def shown_rows(variant, count):
    """How many rows the measured page shows: a page of a short list, or the last page, shows fewer."""
    from django.conf import settings

    size = settings.PAGINATE_BY
    if variant == "last":
        return count - size * (max(1, math.ceil(count / size)) - 1)
    return min(count, size)


def queries_at_sizes(client, url):
    counts = {}
    for size in PAGE_SIZES:
        with override_settings(PAGINATE_BY=size):
            counts[str(size)] = timed_get(client, url)[1]
    return counts


def same_rows_variant(page, client, variant, url, count, shown, smaller_shown):
    """The portal page again, at the page size that shows as many rows as the smaller scale's page
    did (``portal_rows``), when that showed fewer: a search that finds 2 rows at college and fills
    a page at region compares then 2 rows with 2. The last page is the last one at that size."""
    if not smaller_shown or smaller_shown >= shown:
        return None
    if variant == "last":
        url = _with_query(page.url, f"page={max(1, math.ceil(count / smaller_shown))}")
    return ("portal_rows", client, url, smaller_shown)


def measure_lists(clients, *, repeat, warmup, keys=None, log=print, smaller=None):
    """Every list row's three variants, interleaved. ``smaller``: {(page key, variant): rows shown}
    of the smaller scale's run, for the growth at the same number of rows (``same_rows_variant``)."""
    results = []
    for page in LISTS:
        if keys and page.key not in keys:
            continue
        client = clients.get(page.role)
        if client is None:
            results.append({"page": page.key, "title": page.title, "error": f"no {page.role} login"})
            continue
        try:
            rows = list_rows(page, client)
        except Exception as error:
            results.append({"page": page.key, "title": page.title, "error": f"{type(error).__name__}: {error}"})
            log(f"  {page.title}: {error}")
            continue
        for variant, url, bare_url, admin_url, count in rows:
            entry = {
                "page": page.key, "title": page.title, "variant": variant, "url": url, "rows": count,
                "shown": shown_rows(variant, count),
            }  # fmt: skip
            variants = [("portal", client, url), ("bare", client, bare_url)]
            if admin_url:
                variants.append(("admin", clients["admin"], admin_url))
                entry["admin_url"] = admin_url
            same_rows = same_rows_variant(
                page, client, variant, url, count, entry["shown"], (smaller or {}).get((page.key, variant))
            )
            if same_rows:
                variants.append(same_rows)
                entry["rows_url"], entry["rows_page_size"] = same_rows[2], same_rows[3]
            try:
                entry.update(interleaved(variants, repeat=repeat, warmup=warmup))
                if variant == "first":
                    entry["queries_by_page_size"] = queries_at_sizes(client, url)
            except Exception as error:
                entry["error"] = f"{type(error).__name__}: {error}"
            results.append(entry)
            log(_line(entry))
    return results


def partner_for_card():
    from partners.models import Partner

    return Partner.objects.order_by("pk").values_list("pk", flat=True).first()


def measure_singles(clients, *, repeat, warmup, log=print):
    results = []
    partner = partner_for_card()
    for page in SINGLES:
        client = clients.get(page.role)
        entry = {"page": page.key, "title": page.title, "variant": "page", "url": page.url.format(partner=partner)}
        if client is None:
            entry["error"] = f"no {page.role} login"
            results.append(entry)
            continue
        variants = [("portal", client, entry["url"])]
        if page.admin_url:
            entry["admin_url"] = page.admin_url.format(partner=partner)
            variants.append(("admin", clients["admin"], entry["admin_url"]))
        try:
            entry.update(interleaved(variants, repeat=repeat, warmup=warmup))
        except Exception as error:
            entry["error"] = f"{type(error).__name__}: {error}"
        results.append(entry)
        log(_line(entry))
    return results


def _line(entry):
    if "error" in entry and "portal" not in entry:
        return f"  {entry['title']:<34} {entry.get('variant', ''):<7} ERROR {entry['error']}"
    parts = [f"  {entry['title']:<34} {entry['variant']:<7}"]
    for name in ("portal", "bare", "admin", "portal_rows"):
        if name in entry:
            figures = entry[name]
            parts.append(f"{name} p50 {figures['p50']:>7.1f} p95 {figures['p95']:>7.1f} ms {figures['queries']:>3} q")
    return "  ".join(parts)


def query_string(url):
    return QueryDict(url.partition("?")[2])

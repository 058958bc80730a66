"""The targets of issue 11 and their verdicts from one bench run; results.md and results.json."""

import json

P95_LIMIT_MS = 100
BARE_RATIO = 1.5
LAST_RATIO = 1.5
GROWTH_RATIO = 1.5
MAX_QUERIES = 12
PDF_MEDIAN_S = 0.5
BATCH_S = 60
SEED_REGION_S = 180

TARGETS = [
    ("list_p95", f"Lists and searches: p95 ≤ {P95_LIMIT_MS} ms"),
    ("list_bare", f"Lists and searches: ≤ {BARE_RATIO}× the bare view (p95)"),
    ("list_admin", "Lists and searches: not slower than the admin changelist (p95)"),
    ("list_last", f"Lists: the last page ≤ {LAST_RATIO}× the first (p95)"),
    ("list_growth", f"Lists and searches: growth college → region ≤ {GROWTH_RATIO}× (p95, at the same rows)"),
    ("list_queries", f"Lists: ≤ {MAX_QUERIES} queries at page sizes 25 and 100"),
    ("single_p95", f"Dashboards and the partner card: p95 ≤ {P95_LIMIT_MS} ms"),
    ("single_queries", f"Dashboards and the partner card: ≤ {MAX_QUERIES} queries"),
    ("pdf_warm", f"Warm contract PDF: median ≤ {PDF_MEDIAN_S} s"),
    ("pdf_batch", f"Batch of 100 contracts, 2 worker processes: ≤ {BATCH_S} s"),
    ("seed_region", f"seed_demo --scale region: ≤ {SEED_REGION_S} s (judged when this run seeded it)"),
]


def _check(checks, target, subject, value, limit, passed, unit=""):
    checks.append({"target": target, "subject": subject, "value": value, "limit": limit, "unit": unit, "pass": passed})


def _p95(entry, name):
    return entry.get(name, {}).get("p95")


def evaluate(results, *, main_scale):
    """Checks of every target. ``results``: {"scales": {scale: {"lists": [...], "singles": [...]}},
    "pdf": {...}}; the targets are judged at ``main_scale`` (region; college with --quick)."""
    checks = []
    scales = results["scales"]
    main = scales.get(main_scale, {})
    other = scales.get("college") if main_scale != "college" else None
    smaller = {(entry["page"], entry.get("variant")): entry for entry in (other or {}).get("lists", [])}
    firsts = {entry["page"]: entry for entry in main.get("lists", []) if entry.get("variant") == "first"}
    for entry in main.get("lists", []):
        subject = f"{entry['title']}, {entry.get('variant', '?')}"
        if "error" in entry:
            for target in ("list_p95", "list_bare", "list_queries"):
                _check(checks, target, subject, entry["error"], None, False)
            continue
        portal = _p95(entry, "portal")
        _check(checks, "list_p95", subject, portal, P95_LIMIT_MS, portal <= P95_LIMIT_MS, "ms")
        ratio = portal / max(_p95(entry, "bare"), 0.1)
        _check(checks, "list_bare", subject, round(ratio, 2), BARE_RATIO, ratio <= BARE_RATIO, "×")
        if "admin" in entry:
            ratio = portal / max(_p95(entry, "admin"), 0.1)
            _check(checks, "list_admin", subject, round(ratio, 2), 1.0, ratio <= 1.0, "× admin")
        if entry["variant"] == "last" and entry["page"] in firsts and "portal" in firsts[entry["page"]]:
            ratio = portal / max(_p95(firsts[entry["page"]], "portal"), 0.1)
            _check(checks, "list_last", entry["title"], round(ratio, 2), LAST_RATIO, ratio <= LAST_RATIO, "× first")
        before = smaller.get((entry["page"], entry["variant"]))
        if before and "portal" in before:
            ratio = portal / max(_p95(before, "portal"), 0.1)
            entry["growth"] = round(ratio, 2)
            unit = "×"
            if before.get("shown", 0) != entry.get("shown", 0):
                # A page with more rows costs more to show whatever the data's size (a search that
                # finds 2 rows at college and fills a page at region): named beside the ratio, and
                # judged at the same number of rows where the bench measured the page so.
                entry["growth_note"] = f"{before.get('shown')} → {entry.get('shown')} rows"
                unit = f"× ({entry['growth_note']})"
            if "portal_rows" in entry:
                ratio = _p95(entry, "portal_rows") / max(_p95(before, "portal"), 0.1)
                entry["growth_same_rows"] = round(ratio, 2)
                unit = f"× at {entry['rows_page_size']} rows as at college ({entry['growth']}× with {entry['shown']})"
            _check(checks, "list_growth", subject, round(ratio, 2), GROWTH_RATIO, ratio <= GROWTH_RATIO, unit)
        if "queries_by_page_size" in entry:
            counts = entry["queries_by_page_size"]
            worst = max(counts.values())
            value = " / ".join(f"{count} at {size}" for size, count in counts.items())
            _check(checks, "list_queries", entry["title"], value, MAX_QUERIES, worst <= MAX_QUERIES)
    for entry in main.get("singles", []):
        if "error" in entry:
            _check(checks, "single_p95", entry["title"], entry["error"], None, False)
            continue
        portal = _p95(entry, "portal")
        _check(checks, "single_p95", entry["title"], portal, P95_LIMIT_MS, portal <= P95_LIMIT_MS, "ms")
        queries = entry["portal"]["queries"]
        _check(checks, "single_queries", entry["title"], queries, MAX_QUERIES, queries <= MAX_QUERIES)
    pdf = results.get("pdf") or {}
    if "warm_median_s" in pdf:
        value = pdf["warm_median_s"]
        _check(checks, "pdf_warm", "one contract", value, PDF_MEDIAN_S, value <= PDF_MEDIAN_S, "s")
    elif pdf.get("error"):
        _check(checks, "pdf_warm", "one contract", pdf["error"], PDF_MEDIAN_S, False)
    if "batch_s" in pdf:
        value = pdf["batch_s"]
        ok = value <= BATCH_S and pdf.get("batch_ready") == pdf.get("batch_size")
        _check(
            checks, "pdf_batch", f"{pdf.get('batch_ready')} of {pdf.get('batch_size')} PDFs", value, BATCH_S, ok, "s"
        )
    elif pdf.get("batch_error"):
        _check(checks, "pdf_batch", "batch", pdf["batch_error"], BATCH_S, False)
    seeded = (results.get("seed") or {}).get("region")
    if seeded:
        value = seeded["seconds"]
        _check(checks, "seed_region", "region", value, SEED_REGION_S, value <= SEED_REGION_S, "s")
    return checks


def verdict_lines(checks):
    """One line per target: PASS when every page meets it, else FAIL with the pages that miss it."""
    lines = []
    for target, label in TARGETS:
        mine = [check for check in checks if check["target"] == target]
        if not mine:
            lines.append((target, label, "n/a", []))
            continue
        failed = [check for check in mine if not check["pass"]]
        lines.append((target, label, "FAIL" if failed else "PASS", failed))
    return lines


def _fmt(check):
    value = check["value"]
    unit = f" {check['unit']}" if check["unit"] and isinstance(value, int | float) else ""
    return f"{check['subject']}: {value}{unit}"


def print_verdicts(checks, out=print):
    out("\nVerdicts")
    for _target, label, verdict, failed in verdict_lines(checks):
        out(f"  {verdict:<4}  {label}")
        for check in failed[:12]:
            out(f"          {_fmt(check)}")
        if len(failed) > 12:
            out(f"          … and {len(failed) - 12} more")


def _cell(entry, name):
    figures = entry.get(name)
    if not figures:
        return "—"
    return f"{figures['p50']:.0f} / {figures['p95']:.0f} ({figures['queries']} q)"


def _machine_line(meta):
    """The machine's speed by two fixed loads (``bench.proc.machine_speed``): the targets are
    wall-clock, so figures of runs on different machines compare only next to these."""
    machine = meta.get("machine")
    if not machine:
        return ""
    return (
        f"Machine speed: Python {machine['python_ms']} ms (summing 3 million numbers), PostgreSQL "
        f"{machine['postgres_ms']} ms (counting a million generated rows); lower is faster."
    )


def write_markdown(path, results, checks):
    meta = results["meta"]
    lines = [
        "# Bench results",
        "",
        f"Run {meta['started']} on {meta['host']} ({meta['cpus']} CPUs), mode {meta['mode']}, "
        f"{meta['repeat']} interleaved repetitions after {meta['warmup']} warm-up rounds. "
        "Server time in the Django test client (middleware, view, templates, queries; no network).",
        _machine_line(meta),
        "Cells: p50 / p95 in ms (queries of one request).",
        "",
    ]
    for scale, data in results["scales"].items():
        counts = data.get("counts", {})
        lines += [f"## {scale}", "", ", ".join(f"{name}: {count:,}" for name, count in counts.items()), ""]
        lines += ["| page | variant | rows | portal | bare | admin | ×bare | ×admin | growth | same rows | "
                  "queries 25/100 |",
                  "|---|---|---:|---|---|---|---:|---:|---:|---|---|"]  # fmt: skip
        for entry in data.get("lists", []):
            if "error" in entry and "portal" not in entry:
                lines.append(
                    f"| {entry['title']} | {entry.get('variant', '')} | | error: {entry['error']} | | | | | | | |"
                )
                continue
            portal = _p95(entry, "portal")
            bare_ratio = f"{portal / max(_p95(entry, 'bare'), 0.1):.2f}" if "bare" in entry else ""
            admin_ratio = f"{portal / max(_p95(entry, 'admin'), 0.1):.2f}" if "admin" in entry else ""
            sizes = "/".join(str(v) for v in entry.get("queries_by_page_size", {}).values())
            same = (
                f"{_cell(entry, 'portal_rows')} at {entry['rows_page_size']} rows: {entry['growth_same_rows']}"
                if "growth_same_rows" in entry
                else ""
            )
            lines.append(
                f"| {entry['title']} | {entry['variant']} | {entry.get('rows', '')} | {_cell(entry, 'portal')} | "
                f"{_cell(entry, 'bare')} | {_cell(entry, 'admin')} | {bare_ratio} | {admin_ratio} | "
                f"{entry.get('growth', '')}{' (' + entry['growth_note'] + ')' if 'growth_note' in entry else ''} | "
                f"{same} | {sizes} |"
            )
        lines += ["", "| page | portal | admin page |", "|---|---|---|"]
        for entry in data.get("singles", []):
            if "error" in entry and "portal" not in entry:
                lines.append(f"| {entry['title']} | error: {entry['error']} | |")
            else:
                lines.append(f"| {entry['title']} | {_cell(entry, 'portal')} | {_cell(entry, 'admin')} |")
        lines.append("")
    pdf = results.get("pdf") or {}
    if pdf:
        lines += ["## PDFs", ""]
        lines += [f"- {key}: {value}" for key, value in pdf.items()]
        lines.append("")
    seed = results.get("seed") or {}
    if seed:
        lines += ["## Seeding", ""]
        lines += [f"- {scale}: {figures}" for scale, figures in seed.items()]
        lines.append("")
    lines += ["## Verdicts", ""]
    for _target, label, verdict, failed in verdict_lines(checks):
        lines.append(f"- **{verdict}** {label}")
        lines += [f"  - {_fmt(check)}" for check in failed]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_json(path, results, checks):
    path.write_text(json.dumps({**results, "checks": checks}, ensure_ascii=False, indent=1, default=str), "utf-8")

"""Locust users of `make load` (scripts/load.py starts locust with this file).

Each simulated user takes a session made beforehand by scripts/load.py (LOAD_SESSIONS: a JSON file
with the session keys of staff and employer logins, and partner keys for cards), so logging in is
done before the clock starts and costs the server nothing during the run. Then it requests the
pages of the mix (bench/mix.py) with 1-3 s of think time; anything but 200 is a failure.
"""

import itertools
import json
import os
import random
import sys
from pathlib import Path

from locust import HttpUser, between, task

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import mix

_SESSIONS = (
    json.loads(Path(os.environ.get("LOAD_SESSIONS", "/nonexistent")).read_text("utf-8"))
    if os.environ.get("LOAD_SESSIONS")
    else {"staff": ["none"], "employer": ["none"], "partners": [1], "cookie": "sessionid"}
)
_NEXT = {role: itertools.cycle(keys) for role, keys in _SESSIONS.items() if role in ("staff", "employer")}


class _PortalUser(HttpUser):
    abstract = True
    wait_time = between(*mix.THINK_TIME)
    role = ""
    pages = []

    def on_start(self):
        self.client.cookies.set(_SESSIONS["cookie"], next(_NEXT[self.role]))
        self.weights = [weight for weight, _name, _url in self.pages]

    @task
    def page(self):
        _weight, name, url = random.choices(self.pages, weights=self.weights)[0]
        values = {"partner": random.choice(_SESSIONS["partners"]), "word": random.choice(mix.SEARCH_WORDS)}
        self.get(name, url.format(**values))
        for follow_name, follow_url in mix.FOLLOW_UPS.get(name, []):  # as the browser does (htmx)
            self.get(follow_name, follow_url.format(**values), headers={"HX-Request": "true"})

    def get(self, name, url, headers=None):
        with self.client.get(url, name=name, headers=headers, allow_redirects=False, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} for {url}")


class StaffUser(_PortalUser):
    fixed_count = int(os.environ.get("LOAD_STAFF_USERS", mix.STAFF_USERS))
    role = "staff"
    pages = mix.STAFF_MIX


class EmployerUser(_PortalUser):
    fixed_count = int(os.environ.get("LOAD_EMPLOYER_USERS", mix.EMPLOYER_USERS))
    role = "employer"
    pages = mix.EMPLOYER_MIX

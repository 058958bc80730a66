"""Checks a running portal: Russian home page, and the staff login printed by seed_demo works."""

import http.cookiejar
import re
import sys
import time
import urllib.parse
import urllib.request

base, seed_log = sys.argv[1], sys.argv[2]
with open(seed_log, encoding="utf-8") as handle:
    log = handle.read()
password = re.search(r"password for all: (\S+?)\)", log).group(1)
staff_login = re.search(r"^\s+staff\s+(\S+)", log, re.M).group(1)

jar = http.cookiejar.CookieJar()
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

for _ in range(60):
    try:
        home = opener.open(f"{base}/", timeout=5).read().decode()
        break
    except OSError:
        time.sleep(0.5)
else:
    sys.exit("the server did not answer")
assert '<html lang="ru">' in home, "home page is not in Russian"

login_page = opener.open(f"{base}/accounts/login/", timeout=10).read().decode()
token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login_page).group(1)
data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": staff_login, "password": password}).encode()
request = urllib.request.Request(f"{base}/accounts/login/", data=data, headers={"Referer": f"{base}/accounts/login/"})
dashboard = opener.open(request, timeout=10).read().decode()
assert 'data-testid="dashboard-title"' in dashboard and "Рабочий стол сотрудника" in dashboard, "staff login failed"
static = opener.open(f"{base}/static/vendor/bootstrap/bootstrap.min.css", timeout=10)
assert static.status == 200, "static files are not served"
print(f"home page in Russian, {staff_login} logged in, static files served")

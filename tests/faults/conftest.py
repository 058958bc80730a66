"""The fault tests with real worker processes (three kill -9s in a batch, Redis restarted empty,
the mail server down) take a minute or more together, so ``make test`` leaves them out and
``make faults`` (run by CI after ``make test``) runs them, with ``PORTAL_FAULT_TESTS=1``. The
lost-database test is fast and stays in the ordinary suite."""

import os

SLOW = ["test_worker_kills.py", "test_redis_lost.py", "test_mail_down.py"]

collect_ignore = [] if os.environ.get("PORTAL_FAULT_TESTS") else SLOW

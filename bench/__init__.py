"""`make bench` and `make load`: the measuring side of the portal (see scripts/bench.py, scripts/load.py)."""

# Poortwachter: every target installs what it needs first, so each works on a fresh machine.
UV := python3 -m uv
CHROMIUM := /usr/bin/chromium
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
# Machines of this kind set PYTHONDONTWRITEBYTECODE=1: every Python process then compiles
# Django, DRF, schemathesis and the rest from source (about 7 s per pytest process, and
# again in each subprocess a test starts). The recipes write .pyc files once and reuse them.
unexport PYTHONDONTWRITEBYTECODE
# Three pytest workers on two cores: with two, the cores stood idle about 40 % of a CI run
# (tests wait on the browser, the live server, PostgreSQL and subprocesses).
WORKERS ?= 3

.PHONY: setup browser scanner scan dictionary textguard-dictionary textguard-model postgres demo test test-sqlite test-postgres test-postgres-only coverage check ci clean help messages bench-seed fuzz-nightly bench-stats bench-sickreport bench-retention loadtest bench-lists

help:
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

setup: ## install uv if missing, the locked dependencies into .venv, and the guard's compiled engine
	@python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install --quiet uv
	$(UV) sync --frozen --quiet
	@$(UV) run --frozen python scripts/textguard_compile.py

browser: ## install Debian's chromium for the browser tests (needs root)
	@test -x $(CHROMIUM) || { \
	  if [ "$$(id -u)" -ne 0 ]; then echo "Run as root or install chromium: apt-get install -y chromium"; exit 1; fi; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

scanner: ## install Debian's Wapiti for the dynamic scan (needs root; PyPI's Wapiti conflicts with our pins)
	@command -v wapiti >/dev/null || { \
	  if [ "$$(id -u)" -ne 0 ]; then echo "Run as root or install Wapiti: apt-get install -y wapiti"; exit 1; fi; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wapiti >/dev/null; }

# The dynamic scan (R-SEC-2, issue 18): Wapiti against a live test server as employee, HR
# and doctor, with a short module list and time budget; fails on a high finding that
# .ci/dast-baseline.json does not accept. .ci/run runs it with CI=true.
scan: setup scanner ## Wapiti against a live test server; fails on a new high finding
	$(UV) run pytest -p no:xdist -q -m dast -s tests/security/test_dast_scan.py --durations=3

dictionary: ## install Debian's Dutch hunspell dictionary (hunspell-nl) for the text guard's word lists (needs root)
	@test -f /usr/share/hunspell/nl.dic || { \
	  if [ "$$(id -u)" -ne 0 ]; then echo "Run as root or install the dictionary: apt-get install -y hunspell-nl"; exit 1; fi; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hunspell-nl >/dev/null; }

textguard-dictionary: setup dictionary ## derive the text guard's word lists from the Dutch dictionary and deduce's hospital list (issue 17)
	@test -f build/textguard/deduce-3.0.6-py3-none-any.whl || \
	  python3 -m pip download --quiet --no-deps --only-binary :all: deduce==3.0.6 -d build/textguard
	$(UV) run python scripts/textguard_dictionary.py --deduce build/textguard/deduce-3.0.6-py3-none-any.whl

textguard-model: setup ## train the text guard's word-sense model on the development sets (issue 17, tenth round)
	$(UV) run python scripts/textguard_model.py

demo: setup ## synthetic demo on http://127.0.0.1:8000 with printed demo accounts
	$(UV) run poortwachter demo

check: setup ## fast checks: lint, formatting, import contracts, migrations, types, bandit, semgrep
	$(UV) run ruff check .
	$(UV) run ruff format --check .
	$(UV) run lint-imports
	$(UV) run poortwachter makemigrations --check --dry-run
	$(UV) run mypy
	$(UV) run bandit -q -r src/poortwachter -x '*/migrations/*' -ll
	$(UV) run semgrep --config .semgrep --error --metrics=off --disable-version-check --quiet src

postgres: ## start the local PostgreSQL if it is down
	@pg_isready -q -h 127.0.0.1 -p 5432 || pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start
	@for i in 1 2 3 4 5 6 7 8 9 10; do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done

# The SQLite leg leaves out the tests marked `postgresql` (test-postgres-only runs them) and
# prints the slowest tests. Line coverage is measured in the PostgreSQL leg (CI=true) and by
# `make coverage`: the tracer doubled the time of request-heavy tests, and the SQLite leg
# must stay under ten minutes on a 2-core machine. The API fuzzing runs without coverage:
# under coverage's tracer its 69 operation x role tests took three times as long (issue 14).
test-sqlite: setup browser ## the whole suite on the embedded default (SQLite)
	$(UV) run pytest -n $(WORKERS) --dist loadgroup -m "not postgresql and not dast" --durations=25

test-postgres: setup browser postgres ## the whole suite on PostgreSQL (DATABASE_URL), with line coverage
	DATABASE_URL=$(PG_URL) $(UV) run pytest -n $(WORKERS) --dist loadgroup -m "not sqlite and not dast" \
	  --ignore=tests/api/test_fuzz.py --cov --cov-report=term:skip-covered
	DATABASE_URL=$(PG_URL) $(UV) run pytest -n $(WORKERS) --dist loadgroup -m "not sqlite and not dast" tests/api/test_fuzz.py

coverage: setup browser ## the SQLite suite with line coverage of src/poortwachter (fully covered files left out)
	$(UV) run pytest -n $(WORKERS) --dist loadgroup -m "not postgresql and not dast" --ignore=tests/api/test_fuzz.py \
	  --cov --cov-report=term:skip-covered

test-postgres-only: setup postgres ## the few tests that need PostgreSQL, against it
	DATABASE_URL=$(PG_URL) $(UV) run pytest -m postgresql

test: check test-sqlite test-postgres-only ## everything: fast checks, the whole suite, the PostgreSQL-only tests

ci: test test-postgres scan ## what CI runs (with CI=true): also the dynamic scan, which fails on a new high finding

fuzz-nightly: setup ## API fuzzing with 3000 examples per operation, 1000 per role (nightly profile)
	FUZZ_EXAMPLES=3000 $(UV) run pytest -p no:xdist -q tests/api/test_fuzz.py

messages: setup ## refresh the English catalogue after changing Dutch strings, then compile it
	cd src/poortwachter && DJANGO_SETTINGS_MODULE=poortwachter.config.settings.test \
	  ../../.venv/bin/python -P -m django makemessages -l en --ignore '*/static/*'
	msgfmt --check --statistics -o src/poortwachter/locale/en/LC_MESSAGES/django.mo \
	  src/poortwachter/locale/en/LC_MESSAGES/django.po
	msgfmt --check-format -o src/poortwachter/locale/nl/LC_MESSAGES/django.mo \
	  src/poortwachter/locale/nl/LC_MESSAGES/django.po

bench-seed: setup ## synthetic data generation: 10,000 and 100,000 employees, SQLite and PostgreSQL
	$(UV) run python benchmarks/seed.py --employees 10000 100000 --backend sqlite postgres

bench-stats: setup ## `poortwachter stats` for one year of a 100,000-employee employer vs hand-written SQL, SQLite and PostgreSQL
	$(UV) run python benchmarks/stats.py --employees 100000 --employers 1 --backend sqlite postgres

bench-sickreport: setup ## sick reports through gunicorn at 1, 16 and 64 clients against a bare-Django floor, and worker memory, SQLite and PostgreSQL
	$(UV) run python benchmarks/sickreport.py --backend sqlite postgres --clients 1 16 64

bench-retention: setup ## a retention run deleting about 1,000,000 expired records: time, rows/s, peak memory, SQLite and PostgreSQL
	$(UV) run python benchmarks/retention.py --backend sqlite postgres

bench-lists: setup ## list pages and API (manager, HR, doctor) on 100,000 employees: p50/p95/p99 at 1 and 16 clients, queries per request, SQLite and PostgreSQL
	$(UV) run python benchmarks/lists.py --backend sqlite postgres

loadtest: setup ## bounded locust scenario (all roles, realistic mix, 60 s) against gunicorn on 127.0.0.1
	$(UV) run --group load python benchmarks/loadtest.py --backend sqlite --users 24 --run-time 60s

clean:
	rm -rf .venv var .pytest_cache .mypy_cache .ruff_cache .coverage

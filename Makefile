# Two commands: `make run` serves the demo site, `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
HOST ?= 127.0.0.1
# The demo site is its own SITE_URL (links in emails and the API, the example AI tool's address).
# `make run PORT=8123` serves http://127.0.0.1:8123; on a LAN: `make run HOST=0.0.0.0 SITE_URL=http://<ip>:8000`.
export SITE_URL ?= http://$(HOST):$(PORT)
STAMP := $(VENV)/.installed

.PHONY: run test install migrate demo serve test-browser test-postgres clean check-deploy

$(STAMP): requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo

run: demo
	@echo "Serving on $(SITE_URL)/  (Ctrl+C to stop)"
	$(PY) manage.py runserver $(HOST):$(PORT)

# The whole suite on SQLite with eager tasks. Browser tests run when Chromium is found
# (/usr/bin/chromium or CHROMIUM_PATH) and are reported as skipped otherwise.
# Browser tests run in their own process: they need transactional, live-server databases.
test: install
	DJANGO_SETTINGS_MODULE=lms_site.settings.test $(PY) -m pytest -n $${PYTEST_WORKERS:-auto} -p no:cacheprovider -m "not browser" $(PYTEST_ARGS)
	DJANGO_SETTINGS_MODULE=lms_site.settings.test $(PY) -m pytest -p no:cacheprovider -m browser -rs $(PYTEST_ARGS)

test-browser: install
	DJANGO_SETTINGS_MODULE=lms_site.settings.test $(PY) -m pytest -m browser -p no:cacheprovider $(PYTEST_ARGS)

check-deploy: install
	SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))') ALLOWED_HOSTS=example.org \
	FIELD_ENCRYPTION_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(32))') \
	AI_TOOL_SIGNING_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(32))') \
	CREDENTIAL_SIGNING_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(32))') \
	REDIS_URL=redis://127.0.0.1:6379/1 \
	$(PY) manage.py check --deploy --fail-level WARNING --settings=lms_site.settings.production

clean:
	rm -rf $(VENV) db.sqlite3 .test-db*.sqlite3* media .test-media staticfiles

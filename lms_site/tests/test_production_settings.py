"""Production refuses to start with secrets anyone could know, and trusts no forwarded header by default."""

import os
import runpy
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


def good_env(**overrides):
    environment = {
        "PATH": os.environ["PATH"],
        "SECRET_KEY": secrets.token_urlsafe(50),
        "FIELD_ENCRYPTION_KEY": secrets.token_urlsafe(32),
        "AI_TOOL_SIGNING_KEY": secrets.token_urlsafe(32),
        "CREDENTIAL_SIGNING_KEY": secrets.token_urlsafe(32),
        "ALLOWED_HOSTS": "learn.example.org",
        "REDIS_URL": "redis://127.0.0.1:6379/1",
    }
    environment.update(overrides)
    return {name: value for name, value in environment.items() if value is not None}


def start_production(**overrides):
    """Import the production settings in a fresh interpreter, as gunicorn would; (ok, error text)."""
    result = subprocess.run(
        [sys.executable, "-c", "import lms_site.settings.production"],
        cwd=ROOT, env=good_env(**overrides), capture_output=True, text=True, timeout=60,
    )
    return result.returncode == 0, result.stderr.strip().splitlines()[-1] if result.stderr.strip() else ""


def test_production_starts_with_real_secrets():
    assert start_production() == (True, "")


@pytest.mark.parametrize("name", ["SECRET_KEY", "FIELD_ENCRYPTION_KEY", "AI_TOOL_SIGNING_KEY", "CREDENTIAL_SIGNING_KEY"])
@pytest.mark.parametrize("value, complaint", [
    (None, "Set the {name} environment variable."),
    ("short-but-random-Q7x", "{name} is 20 characters; use at least"),
    ("change-me-in-env-file-please-a-long-random-string-12345", "{name} looks like a placeholder"),
    ("django-insecure-0123456789abcdefghijklmnopqrstuvwxyzABCDEFG", "{name} looks like a placeholder"),
    ("a" * 60, "{name} looks like a placeholder"),
])
def test_production_refuses_a_missing_short_or_placeholder_secret(name, value, complaint):
    started, error = start_production(**{name: value})
    assert not started
    assert "ImproperlyConfigured" in error and complaint.format(name=name) in error


def test_production_refuses_a_credential_key_that_is_not_32_bytes():
    started, error = start_production(CREDENTIAL_SIGNING_KEY=secrets.token_urlsafe(40))
    assert not started and "CREDENTIAL_SIGNING_KEY must be 32 bytes" in error


def test_production_refuses_a_per_process_cache():
    started, error = start_production(REDIS_URL=None)
    assert not started and "Set the REDIS_URL environment variable." in error


def test_the_compose_file_ships_no_secret_and_trusts_no_proxy_by_default():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    environment = compose["x-app"]["environment"]
    for name in ("SECRET_KEY", "FIELD_ENCRYPTION_KEY", "AI_TOOL_SIGNING_KEY", "CREDENTIAL_SIGNING_KEY"):
        assert environment[name] == f"${{{name}:?set {name} in .env}}"  # compose stops when unset
    assert environment["FORWARDED_ALLOW_IPS"] == "${FORWARDED_ALLOW_IPS:-127.0.0.1}"
    for command in [compose["services"]["web"]["command"], (ROOT / "Dockerfile").read_text()]:
        assert "forwarded-allow-ips" not in command and "gunicorn.conf.py" in command


def test_gunicorn_believes_forwarded_headers_only_from_the_configured_proxy(monkeypatch):
    monkeypatch.delenv("FORWARDED_ALLOW_IPS", raising=False)
    assert runpy.run_path(str(ROOT / "gunicorn.conf.py"))["forwarded_allow_ips"] == "127.0.0.1"
    monkeypatch.setenv("FORWARDED_ALLOW_IPS", "10.0.0.5")
    assert runpy.run_path(str(ROOT / "gunicorn.conf.py"))["forwarded_allow_ips"] == "10.0.0.5"


def test_without_a_proxy_a_clients_x_forwarded_proto_is_not_believed():
    result = subprocess.run(
        [sys.executable, "-c", "import lms_site.settings.production as s; print(s.SECURE_PROXY_SSL_HEADER)"],
        cwd=ROOT, env=good_env(), capture_output=True, text=True, timeout=60,
    )
    assert result.stdout.strip() == "None"
    result = subprocess.run(
        [sys.executable, "-c", "import lms_site.settings.production as s; print(s.SECURE_PROXY_SSL_HEADER)"],
        cwd=ROOT, env=good_env(NUM_PROXIES="1"), capture_output=True, text=True, timeout=60,
    )
    assert result.stdout.strip() == "('HTTP_X_FORWARDED_PROTO', 'https')"


PAYFAST_KEYS = {"PAYFAST_MERCHANT_ID": "10234567", "PAYFAST_MERCHANT_KEY": "q1cd2rdny4a53"}


def test_production_starts_with_payfast_keys_and_a_passphrase_of_its_own():
    assert start_production(**PAYFAST_KEYS, PAYFAST_PASSPHRASE="Kx9-my_own/pass") == (True, "")


@pytest.mark.parametrize("passphrase, complaint", [
    (None, "set PAYFAST_PASSPHRASE too"),
    ("", "set PAYFAST_PASSPHRASE too"),
    ("jt7NOE43FZPn", "looks like a placeholder or PayFast's sample"),
    ("change-me", "looks like a placeholder"),
    ("has spaces & symbols", "only letters, digits"),
])
def test_production_refuses_payfast_keys_without_a_real_passphrase(passphrase, complaint):
    started, error = start_production(**PAYFAST_KEYS, PAYFAST_PASSPHRASE=passphrase)
    assert not started
    assert "ImproperlyConfigured" in error and complaint in error


def test_production_without_payfast_keys_needs_no_passphrase():
    assert start_production(PAYFAST_PASSPHRASE=None) == (True, "")

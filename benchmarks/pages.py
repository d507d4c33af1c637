#!/usr/bin/env python3
"""Page speed under load: catalogue, course and lesson pages against a no-database baseline.

    .venv/bin/python benchmarks/pages.py [--scale 5] [--duration 10s] [--connections 8] [--rounds 1]

Creates a fresh PostgreSQL database (127.0.0.1:5432, user postgres, trust auth), migrates,
loads `load_demo --scale N`, collects static files, starts gunicorn with production settings
on 127.0.0.1, logs a demo student in through the real login form, then runs wrk against each
page and prints requests/s, p50 and p95 latency and the throughput ratio to /healthz/ measured in
the same run (with --rounds N, every page is measured N times, interleaved, and the median kept).
Everything talks to 127.0.0.1 only. See benchmarks/README.md.
"""

import argparse
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
HOST = "127.0.0.1"
STUDENT = ("thandi@leerhuis.test", "leerhuis-demo-2026")
# Thandi is enrolled in this course and has completed this lesson, so it opens for her.
COURSE_URL = "/courses/budgeting-and-saving/"
LESSON_URL = "/courses/budgeting-and-saving/know-your-money/50-30-20-budget/"
# A lesson with a tracked video (the rich-content course; Thandi is enrolled, nothing done yet).
RICH_LESSON_URL = "/courses/money-smart-toolkit/watch-and-read/where-does-the-money-go/"

# wrk reports p50/p75/p90/p99; this prints the numbers we need, p95 included, as one JSON line.
WRK_SCRIPT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, '
    .. '"errors": %d, "non_2xx": %d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), e.connect + e.read + e.write + e.timeout, e.status))
end
"""


def log(message):
    print(f"[bench] {message}", flush=True)


def run(args, env, **kwargs):
    log(" ".join(str(a) for a in args))
    return subprocess.run([str(a) for a in args], env=env, cwd=ROOT, check=True, **kwargs)


def fresh_database(name, admin_url):
    import psycopg  # in the project's virtualenv

    if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
        sys.exit("--db must be a plain lower-case database name")
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    log(f"created database {name}")


def ensure_wrk():
    if shutil.which("wrk"):
        return shutil.which("wrk")
    if os.geteuid() == 0 and shutil.which("apt-get"):
        log("wrk missing: apt-get install -y wrk")
        subprocess.run(["apt-get", "install", "-y", "wrk"], check=True, stdout=subprocess.DEVNULL)
        return shutil.which("wrk")
    sys.exit("wrk is not installed: run `sudo apt-get install -y wrk` (Debian/Ubuntu) and try again.")


def request(port, method, path, headers=None, body=None):
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    conn.request(method, path, body=body, headers=headers or {})
    response = conn.getresponse()
    data = response.read()
    conn.close()
    return response, data


def cookies_from(response, jar):
    for header, value in response.getheaders():
        if header.lower() == "set-cookie":
            name, _, rest = value.partition("=")
            jar[name.strip()] = rest.split(";", 1)[0]
    return jar


def cookie_header(jar):
    return "; ".join(f"{name}={value}" for name, value in jar.items())


def log_in(port, email, password):
    """POST the allauth login form like a browser and return the session cookie header."""
    response, page = request(port, "GET", "/accounts/login/")
    jar = cookies_from(response, {})
    match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if response.status != 200 or not match:
        sys.exit(f"login form not found (HTTP {response.status})")
    form = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": match.group(1).decode(), "login": email, "password": password}
    )
    response, _ = request(port, "POST", "/accounts/login/", body=form, headers={
        "Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie_header(jar),
    })
    cookies_from(response, jar)
    if response.status != 302 or "sessionid" not in jar:
        sys.exit(f"login failed for {email} (HTTP {response.status})")
    log(f"logged in as {email}")
    return f"sessionid={jar['sessionid']}"


def wait_until_up(port, process, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit("gunicorn exited during start-up; see its output above")
        try:
            response, _ = request(port, "GET", "/healthz/")
            if response.status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    sys.exit("gunicorn did not answer /healthz/ in time")


def wrk(binary, port, path, script, args, headers=None):
    command = [binary, f"-t{args.threads}", f"-c{args.connections}", f"-d{args.duration}", "--latency",
               "-s", script]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    command.append(f"http://{HOST}:{port}{path}")
    log(" ".join(command).split(" -H ")[0] + (" (with credentials) " if headers else " ") + path)
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    line = next(line for line in output.splitlines() if line.startswith("BENCH "))
    result = json.loads(line[len("BENCH "):])
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    return result


def api_token(port, email, password):
    """A JWT access token from the API's login, as the mobile client gets one."""
    body = json.dumps({"email": email, "password": password})
    response, data = request(port, "POST", "/api/auth/login/", body=body,
                             headers={"Content-Type": "application/json"})
    if response.status != 200:
        sys.exit(f"API login failed for {email} (HTTP {response.status})")
    return json.loads(data)["access"]


def median(values):
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def data_sizes(env):
    code = (
        "import json; from courses.models import CoursePage, LessonPage; from accounts.models import User; "
        "from enrolment.models import Enrolment, LessonProgress; from wagtail.models import Page; "
        "print('SIZES', json.dumps({'courses': CoursePage.objects.count(), 'lessons': LessonPage.objects.count(), "
        "'pages': Page.objects.count(), 'students': User.objects.filter(groups__name='Students').count(), "
        "'enrolments': Enrolment.objects.count(), 'lesson_progress': LessonProgress.objects.count(), "
        f"'lesson_id': LessonPage.objects.get(url_path__endswith='{LESSON_URL}').pk}}))"
    )
    output = subprocess.run([str(PYTHON), "manage.py", "shell", "-c", code], env=env, cwd=ROOT, check=True,
                            capture_output=True, text=True).stdout
    return json.loads(next(line for line in output.splitlines() if line.startswith("SIZES "))[6:])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=int, default=5, help="load_demo --scale (default 5)")
    parser.add_argument("--db", default="lms_bench", help="database to (re)create (default lms_bench)")
    parser.add_argument("--pg", default=f"postgres://postgres@{HOST}:5432", help="PostgreSQL server URL")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--duration", default="10s", help="wrk -d per page (default 10s)")
    parser.add_argument("--connections", type=int, default=8, help="wrk -c (default 8)")
    parser.add_argument("--threads", type=int, default=2, help="wrk -t (default 2)")
    parser.add_argument("--rounds", type=int, default=1, help="measure every page N times, interleaved; keep the median")
    parser.add_argument("--skip-load", action="store_true", help="reuse the database from the last run")
    args = parser.parse_args()

    binary = ensure_wrk()
    database_url = f"{args.pg.rstrip('/')}/{args.db}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lms_site.settings.production",
        "DATABASE_URL": database_url,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": f"{HOST},localhost",
        "FIELD_ENCRYPTION_KEY": secrets.token_urlsafe(32),
        "AI_TOOL_SIGNING_KEY": secrets.token_urlsafe(32),
        "EXAMPLE_AI_TOOL_SECRET": secrets.token_urlsafe(32),
        "CREDENTIAL_SIGNING_KEY": secrets.token_urlsafe(32),  # 32 bytes, base64url: the certificates' Ed25519 key
        "SECURE_SSL_REDIRECT": "false",
        "SITE_URL": f"http://{HOST}:{args.port}",
        "MEDIA_ROOT": os.environ.get("MEDIA_ROOT", str(Path(tempfile.gettempdir()) / f"{args.db}_media")),
        "LOG_LEVEL": "WARNING",
    }
    env.pop("CELERY_BROKER_URL", None)  # eager tasks
    # Production refuses a per-process cache: throttles and sessions live in Redis, as deployed.
    env.setdefault("REDIS_URL", "redis://127.0.0.1:6379/14")

    started = time.monotonic()
    if not args.skip_load:
        fresh_database(args.db, f"{args.pg.rstrip('/')}/postgres")
        run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], env)
        run([PYTHON, "manage.py", "load_demo", "--scale", args.scale], env, stdout=subprocess.DEVNULL)
    run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], env)
    # Start from an empty cache: nothing cached against an earlier run's database may answer.
    run([PYTHON, "manage.py", "shell", "-c", "from django.core.cache import cache; cache.clear()"], env)
    sizes = data_sizes(env)
    log(f"data: {sizes} (set-up took {time.monotonic() - started:.0f}s)")

    server = subprocess.Popen(
        [str(GUNICORN), "lms_site.wsgi", "-w", str(args.workers), "-b", f"{HOST}:{args.port}", "--log-level", "warning"],
        env=env, cwd=ROOT,
    )
    log(f"gunicorn pid {server.pid} on http://{HOST}:{args.port}/")
    results = []
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT)
    try:
        wait_until_up(args.port, server)
        session = {"Cookie": log_in(args.port, *STUDENT)}
        bearer = {"Authorization": f"Bearer {api_token(args.port, *STUDENT)}"}
        lesson_api = f"/api/lessons/{sizes['lesson_id']}/"
        targets = [
            ("baseline /healthz/", "/healthz/", None),
            ("catalogue (anonymous)", "/courses/", None),
            ("catalogue page 2, newest (anonymous)", "/courses/?ordering=newest&page=2", None),
            ("course page (anonymous)", COURSE_URL, None),
            ("GET /api/courses/ (anonymous)", "/api/courses/", None),
            ("GET /api/courses/ (student, JWT)", "/api/courses/", bearer),
            ("course page (student)", COURSE_URL, session),
            ("lesson page (student)", LESSON_URL, session),
            ("video lesson page (student)", RICH_LESSON_URL, session),
            ("GET /api/lessons/{id}/ (student, JWT)", lesson_api, bearer),
        ]
        for name, path, headers in targets:
            # One request first: checks the status and makes image renditions outside the timing.
            response, _ = request(args.port, "GET", path, headers=headers or {})
            if response.status != 200:
                sys.exit(f"{path} answered HTTP {response.status}, expected 200")
        for round_number in range(args.rounds):
            log(f"round {round_number + 1} of {args.rounds}")
            for name, path, headers in targets:
                results.append((name, path, wrk(binary, args.port, path, script.name, args, headers)))
    finally:
        os.unlink(script.name)
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        log(f"gunicorn pid {server.pid} stopped")

    print()
    print(f"scale {args.scale}: {sizes['courses']} courses, {sizes['lessons']} lessons, {sizes['students']} students, "
          f"{sizes['enrolments']} enrolments, {sizes['lesson_progress']} lesson progress rows; "
          f"gunicorn -w {args.workers}; wrk -t{args.threads} -c{args.connections} -d{args.duration}; "
          f"{args.rounds} round(s), medians; {os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.1f}")
    print()
    print_table(results)


def print_table(results):
    """One row per page: median req/s and latencies over the rounds, and req/s as a share of /healthz/'s."""
    pages = {}
    for name, path, result in results:
        pages.setdefault((name, path), []).append(result)
    baseline_rps = median([r["rps"] for r in next(iter(pages.values()))])
    print("| page | path | req/s | p50 ms | p95 ms | p99 ms | errors | ratio to /healthz/ |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for (name, path), runs in pages.items():
        rps = median([r["rps"] for r in runs])
        p50, p95, p99 = (median([r[key] for r in runs]) / 1000 for key in ("p50_us", "p95_us", "p99_us"))
        errors = sum(r["errors"] + r["non_2xx"] for r in runs)
        print(f"| {name} | `{path}` | {rps:.0f} | {p50:.1f} | {p95:.1f} | {p99:.1f} | {errors} | {rps / baseline_rps:.3f} |")


if __name__ == "__main__":
    main()

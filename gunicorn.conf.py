"""gunicorn settings for the Dockerfile and docker-compose.yml; each comes from the environment.

FORWARDED_ALLOW_IPS lists the proxies whose X-Forwarded-* headers gunicorn believes (its own
default, 127.0.0.1): with no proxy in front, nobody's are. Django's client address for throttles
and login limits comes from NUM_PROXIES (lms_site/settings/base.py); set both for the same proxy.
"""

import os

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
# Slow phone connections should not tie up a sync worker while headers trickle in.
limit_request_line = 8190
limit_request_fields = 100

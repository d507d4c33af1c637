"""Image build only (`collectstatic` in the Dockerfile): the production static pipeline, no secrets.

Never served: the running container uses lms_site.settings.production, which refuses to start
without real secrets. This module exists so the build step needs no throwaway keys.
"""

from .base import *  # noqa: F401,F403

DEBUG = False
SECRET_KEY = "image-build-only-never-served"  # noqa: S105 - collectstatic signs nothing

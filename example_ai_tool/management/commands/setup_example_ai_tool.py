from django.core.management.base import BaseCommand

from example_ai_tool.setup import ensure_example_tool


class Command(BaseCommand):
    help = "Register (or update) the example AI tool 'Budget coach' for this site's SITE_URL."

    def add_arguments(self, parser):
        parser.add_argument("--site-url", help="Base URL the site is served at (default: SITE_URL).")

    def handle(self, *args, site_url=None, **options):
        tool = ensure_example_tool(site_url)
        self.stdout.write(f"AI tool '{tool.name}' launches at {tool.launch_url} (origin {tool.allowed_origin}).")

"""axe-core in the browser tests: the vendored engine (tests/browser/vendor/axe.min.js, MPL-2.0)
is served to the page under test from the page's own origin, so the site's Content Security
Policy ('self' scripts only) lets it run, and nothing is fetched from a CDN."""

from pathlib import Path
from urllib.parse import urlparse

AXE = Path(__file__).resolve().parent.parent / "browser" / "vendor" / "axe.min.js"
AXE_PATH = "/__tests__/axe.min.js"  # answered by the browser test itself, never by the site


def violations(page):
    """Every axe-core violation on the page as it is now, of any impact, in words."""
    origin = "{0.scheme}://{0.netloc}".format(urlparse(page.url))
    page.route(origin + AXE_PATH, lambda route: route.fulfill(path=str(AXE), content_type="text/javascript"))
    if not page.evaluate("() => !!window.axe"):
        page.add_script_tag(url=origin + AXE_PATH)
    found = page.evaluate("""async () => {
        const result = await axe.run(document, {resultTypes: ["violations"]});
        return result.violations.map(v => ({
            id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map(n => n.target.join(" ") + ": " + n.failureSummary.replace(/\\s+/g, " ")),
        }));
    }""")
    return [f"{v['impact']} {v['id']} ({v['help']}): " + " | ".join(v["nodes"][:5]) for v in found]

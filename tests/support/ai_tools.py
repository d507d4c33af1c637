"""AI tool blocks for tests."""

from courses.tests.factories import AIToolFactory


def make_tool(name="Budget coach", enabled=True, origin="https://tool.example.org"):
    """(tool, its plain secret)."""
    tool = AIToolFactory(name=name, is_enabled=enabled, allowed_origin=origin)
    return tool, tool.secret


def ai_block(tool, block_id="ai1", required=True, params='{"budget": 1000}', title="Plan your budget"):
    return {
        "type": "ai_tool", "id": block_id,
        "value": {"tool": tool.pk, "title": title, "params": params, "required_for_completion": required, "height": 520},
    }

"""The AI tool block's tracker: satisfied when the tool's server reports a completion (enrolment.ai_tool_api)."""

from . import BlockTracker, register


class AIToolTracker(BlockTracker):
    block_type = "ai_tool"

    def needs(self, block, progress):
        return f"Finish the activity in “{self.title(block)}”"


register(AIToolTracker())

"""The PDF block's tracker: satisfied once opened, when the block counts openings (enrolment.documents)."""

from . import BlockTracker, register


class PDFTracker(BlockTracker):
    block_type = "pdf"

    def needs(self, block, progress):
        return f"Open “{self.title(block)}”"


register(PDFTracker())

"""Every StreamField block a lesson can hold, by concept: text, media, documents, assessments (quiz, assignment), and the
activities (H5P, AI tools) in their own sub-packages. Whether a block gates completion the block
says itself (`is_required(value)`); what it needs from a student is its tracker's business
(`enrolment.trackers`).
"""

from wagtail import blocks

from ..ai_tools.blocks import AIToolBlock
from ..h5p.blocks import H5PBlock
from .assessments import AssignmentBlock, QuizBlock
from .documents import PDFBlock
from .media import ImageBlock, VideoBlock
from .text import CodeBlock, MarkdownBlock

class LessonBody(blocks.StreamBlock):
    rich_text = blocks.RichTextBlock(
        features=["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link", "hr", "blockquote"],
        label="Text", icon="pilcrow", template="blocks/rich_text.html",
    )
    markdown = MarkdownBlock()
    code = CodeBlock()
    image = ImageBlock()
    video = VideoBlock()
    pdf = PDFBlock()
    h5p = H5PBlock()
    ai_tool = AIToolBlock()
    quiz = QuizBlock()
    assignment = AssignmentBlock()


# The block that gives a lesson its type when it has no required (gating) block.
MAIN_BLOCK_TYPES = ("quiz", "assignment", "video", "h5p", "ai_tool", "pdf")


def is_gating(block):
    """A block the student must satisfy before the lesson completes (it says so itself)."""
    check = getattr(block.block, "is_required", None)
    return bool(check and check(block.value))


def gating_blocks(body):
    """Required blocks in order; a lesson without any completes by "Mark complete"."""
    return [block for block in body if is_gating(block)]


def lesson_type(body):
    required = gating_blocks(body)
    if required:
        return required[0].block_type
    for block in body:
        if block.block_type in MAIN_BLOCK_TYPES:
            return block.block_type
    return "text"

"""The H5P block's tracker: satisfied by an xAPI statement reaching the pass mark (enrolment.xapi)."""

from . import BlockTracker, register


def best_score(progress):
    return float(progress.score) if progress and progress.score is not None else None


class H5PTracker(BlockTracker):
    block_type = "h5p"

    def needs(self, block, progress):
        best = best_score(progress)
        so_far = f" (best so far {int(best)}%)" if best is not None else ""
        return f"Score {block.value['pass_percent']}% on the activity “{self.title(block)}”{so_far}"

    def student_state(self, block, progress):
        return {"best_score": best_score(progress)}


register(H5PTracker())

"""Side effects leave a request only once its transaction has committed.

`queue_after_commit(task, *args)` sends a Celery task when the surrounding transaction commits
(at once outside one), so a worker never reads rows that were rolled back or not yet visible,
and a failed request queues nothing. With eager tasks (dev, tests) it runs at commit time too.
"""

from django.db import transaction


def queue_after_commit(task, *args, **kwargs):
    transaction.on_commit(lambda: task.delay(*args, **kwargs))

"""The one door for email: the installed sender gets every email; without one, Django's mail after commit."""

import pytest
from django.core import mail
from django.db import transaction

from lms_site import outbox

pytestmark = pytest.mark.django_db


@pytest.fixture
def bare_outbox():
    """The outbox as a project without notifications has it: the fallback sender."""
    previous = outbox.install_sender(outbox.send_now_after_commit)
    outbox.register_attachment("greeting", lambda key: f"Hello {key}".encode())
    yield
    outbox.install_sender(previous)
    outbox.PROVIDERS.pop("greeting")


def test_the_site_installs_the_logged_sender():
    from notifications.services import record_email

    previous = outbox.install_sender(record_email)
    assert previous is record_email  # notifications installed it at app-ready


def test_without_a_sender_an_email_leaves_after_commit_with_its_attachment_rendered(
        bare_outbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        outbox.send_email("thandi@example.com", "Hello", "Text", "<p>Text</p>", kind="test",
                          attachments=[outbox.Attachment("greeting", "Thandi", "hello.txt", "text/plain")])
        assert mail.outbox == []
    [message] = mail.outbox
    assert message.alternatives[0][1] == "text/html"
    assert message.attachments == [("hello.txt", "Hello Thandi", "text/plain")]


def test_without_a_sender_a_rolled_back_email_never_leaves(bare_outbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            outbox.send_email("thandi@example.com", "Hello", "Text", kind="test")
            raise RuntimeError
    assert mail.outbox == []

"""The one door for outgoing email, open to every room.

`send_email(to, subject, text, html, ...)` hands an email that is already written to the site's
sender. The rooms below `notifications` (accounts' allauth emails, payments' reports) cannot
import it, so they call this; `notifications` installs its sender when the app is ready
(`install_sender`): it records the email in the admins' "Emails sent" log and queues the send on
the `emails` queue after commit, with retries. Without it (a project that leaves `notifications`
out) the email goes through Django's mail as soon as the transaction commits.

An attachment is named, not carried: `Attachment(provider, key, filename)` says which registered
provider (`register_attachment`, e.g. payments' "invoice_pdf") renders its bytes from `key` when
the email is delivered, so the log stores a reference rather than a PDF, and a retry renders it
again from the same stored figures.
"""

from dataclasses import asdict, dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction


@dataclass(frozen=True)
class Attachment:
    provider: str  # a name given to register_attachment
    key: str | int  # what the provider renders from (an invoice id)
    filename: str
    mimetype: str = "application/pdf"

    def as_dict(self):
        return asdict(self)


PROVIDERS = {}


def register_attachment(name, render):
    """`render(key)` returns the attachment's bytes; registered once per name at app-ready."""
    PROVIDERS[name] = render


def attachment_content(attachment):
    """The bytes of an attachment (an `Attachment` or its `as_dict()`), rendered now by its provider."""
    data = attachment.as_dict() if isinstance(attachment, Attachment) else attachment
    return data["filename"], PROVIDERS[data["provider"]](data["key"]), data["mimetype"]


def build_message(to, subject, text, html="", attachments=()):
    """The Django message for one recipient: text, the HTML alternative, the attachments rendered now."""
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [to])
    if html:
        message.attach_alternative(html, "text/html")
    for attachment in attachments:
        message.attach(*attachment_content(attachment))
    return message


def send_now_after_commit(to, subject, text, html="", *, user=None, kind="", attachments=(), secret=False):
    """The fallback sender: Django's mail once the transaction commits, unrecorded."""
    transaction.on_commit(lambda: build_message(to, subject, text, html, attachments).send())


_sender = send_now_after_commit


def install_sender(sender):
    """Replace the sender (notifications does, at app-ready); returns the one it replaced."""
    global _sender
    previous, _sender = _sender, sender
    return previous


def send_email(to, subject, text, html="", *, user=None, kind, attachments=(), secret=False):
    """Send one written email to one address, through the installed sender; returns what the sender returns.

    `kind` names the email in the log (`account_password_reset_key`, `receipt`...); `user` is the
    person it is about, when there is one; `secret` marks a body holding a one-time link (password
    reset, email confirmation), which the log keeps out of admins' sight and forgets once sent.
    """
    return _sender(to, subject, text, html, user=user, kind=kind, attachments=tuple(attachments), secret=secret)

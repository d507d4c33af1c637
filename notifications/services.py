"""`notify`: the one way the site tells a person something, by email and in the bell.

It renders the email (HTML and text, in the site's look) and the in-app line, records both, and
queues the send on the `emails` queue when the surrounding transaction commits: a request that
rolls back leaves no notice and sends no email. A `key` names the event, so the same event never
notifies the same person twice (a retried task, two racing completions).

Every other email leaves the same way: `record_email` is the sender behind
`lms_site.outbox.send_email` (installed at app-ready), so allauth's account emails, Wagtail's,
receipts and reports are recorded in the admins' log and queued like a notice's.
"""

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.template import Context, Template
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from accounts import person_cache
from lms_site.links import absolute_url
from lms_site.outbox import Attachment
from lms_site.tasks import queue_after_commit

from .kinds import KINDS
from .models import EmailPreference, Notification, SentEmail

UNREAD_CACHE_SECONDS = 300


def render_line(template, context):
    return " ".join(Template(template).render(Context(context, autoescape=False)).split())


def wants_optional_emails(user):
    preference = EmailPreference.objects.filter(user=user).first()
    return preference is None or preference.optional_emails


def notify(user, kind, context=None, *, url="", key="", email=True, attachments=()):
    """Tell `user` about an event of `kind` (see kinds.KINDS). Returns the Notification, or None when `key` was seen.

    `url` is where the notice leads (a path on this site); `context` fills the templates;
    `attachments` (lms_site.outbox.Attachment) go with the email.
    """
    spec = KINDS[kind]
    context = {
        **(context or {}), "user": user, "name": user.first_name or user.display_name,
        "site_name": settings.WAGTAIL_SITE_NAME, "site_url": settings.SITE_URL, "url": absolute_url(url) if url else "",
        "preferences_url": absolute_url("/accounts/profile/#email-choices"),
        "essential": spec.essential,
    }
    title = render_line(spec.subject, context)[:200]
    try:
        with transaction.atomic():
            notice = Notification.objects.create(
                user=user, kind=kind, title=title, body=render_line(spec.notice, context), url=url or "", key=key or "",
            )
            if email and user.email and user.is_active:
                send_email(user, kind, title, context, essential=spec.essential, attachments=attachments)
    except IntegrityError:
        if key and Notification.objects.filter(user=user, key=key).exists():
            return None  # this event already notified this person
        raise
    forget_unread(user)
    return notice


def send_email(user, kind, subject, context, essential=False, attachments=()):
    """Render and record one notice's email; an opted-out person's optional email is recorded as skipped."""
    text = render_to_string(f"notifications/email/{kind}.txt", {**context, "subject": subject})
    html = render_to_string(f"notifications/email/{kind}.html", {**context, "subject": subject})
    skipped = not essential and not wants_optional_emails(user)
    return record_email(user.email, subject, text, html, user=user, kind=kind, attachments=attachments,
                        skipped=skipped)


def record_email(to, subject, text, html="", *, user=None, kind, attachments=(), secret=False, skipped=False):
    """Record one written email in the log and queue its delivery (after commit, on the `emails` queue).

    The sender behind `lms_site.outbox.send_email`. A rolled-back transaction takes the row with it
    and sends nothing. Returns the SentEmail.
    """
    from .tasks import deliver_email

    row = SentEmail.objects.create(
        user=user, to=to, kind=kind[:40], subject=" ".join(subject.split())[:255], text=text, html=html,
        attachments=[a.as_dict() if isinstance(a, Attachment) else dict(a) for a in attachments], secret=secret,
        status=SentEmail.Status.SKIPPED if skipped else SentEmail.Status.QUEUED,
    )
    if not skipped:
        queue_after_commit(deliver_email, row.pk)
    return row


# --- the bell ----------------------------------------------------------------------------------


def notifications_for(user):
    """The notices this user may see: their own."""
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    return Notification.objects.filter(user=user)


@person_cache.also_read  # read with the signed-in person: the bell costs no round trip of its own
def unread_key(user_id):
    return f"notifications:unread:{user_id}"


def unread_cache_key(user):
    return unread_key(user.pk)


def forget_unread(user):
    person_cache.drop_prefetched(user, unread_cache_key(user))
    cache.delete(unread_cache_key(user))


def unread_count(user):
    """Unread notices, from the shared cache (every page shows the bell; a notice or a read clears it)."""
    if not getattr(user, "is_authenticated", False):
        return 0
    key = unread_cache_key(user)
    count = person_cache.prefetched(user, key)
    if count is None:
        count = cache.get(key)
    if count is None:
        count = notifications_for(user).filter(read_at__isnull=True).count()
        cache.set(key, count, UNREAD_CACHE_SECONDS)
    return count


def mark_read(user, ids=None):
    """Mark the user's notices read: those in `ids`, or all of them. Others' ids are ignored. Returns how many changed."""
    rows = notifications_for(user).filter(read_at__isnull=True)
    if ids is not None:
        rows = rows.filter(pk__in=list(ids))
    changed = rows.update(read_at=timezone.now())
    forget_unread(user)
    return changed


def safe_target(url):
    """A notice's link if it stays on this site, else the notices page."""
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts=None) and url.startswith("/"):
        return url
    return "/notifications/"


def set_optional_emails(user, wanted):
    preference, _ = EmailPreference.objects.update_or_create(user=user, defaults={"optional_emails": bool(wanted)})
    return preference

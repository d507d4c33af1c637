"""Every kind of notice the site sends: its subject and in-app line, and whether a person may turn its email off.

Essential emails (about a person's certificate, their graded work, their own course's review,
work waiting for them as a moderator, their receipts and credit notes) always go; the rest follow the person's choice
(`EmailPreference.optional_emails`). The email bodies are templates:
`notifications/email/<kind>.txt` and `notifications/email/<kind>.html`.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    subject: str  # a Django template string, rendered with the notice's context
    notice: str  # the line in the bell, same context
    essential: bool = False


KINDS = {
    "welcome": Kind("Welcome to {{ site_name }}", "Welcome! Your email address is confirmed."),
    "enrolled": Kind("You are enrolled in {{ course_title }}", "You are enrolled in {{ course_title }}."),
    "certificate_issued": Kind(
        "Your certificate for {{ course_title }}", "You completed {{ course_title }}: your certificate is ready.",
        essential=True),
    "submission_received": Kind(
        "New work to grade in {{ course_title }}",
        "{{ student_name }} handed in “{{ assignment_title }}” ({{ course_title }}).", essential=True),
    "submission_graded": Kind(
        "{% if returned %}Your work was returned{% else %}Your work is graded{% endif %}: {{ assignment_title }}",
        "{% if returned %}“{{ assignment_title }}” was returned for another try.{% else %}“{{ assignment_title }}” "
        "is graded: {{ score }} / {{ max_score }}.{% endif %}", essential=True),
    "quiz_answers_released": Kind(
        "Answers released: {{ quiz_title }}", "The answers to “{{ quiz_title }}” ({{ course_title }}) are released.",
        essential=True),
    "enrolment_digest": Kind(
        "{{ total }} new student{{ total|pluralize }} in your courses",
        "{{ total }} new student{{ total|pluralize }} enrolled in your courses yesterday."),
    "course_submitted": Kind(
        "Course to review: {{ course_title }}", "{{ submitter }} submitted “{{ course_title }}” for review.",
        essential=True),
    "course_approved": Kind(
        "Approved: {{ course_title }} is live", "“{{ course_title }}” was approved and is live.", essential=True),
    "course_rejected": Kind(
        "Changes requested: {{ course_title }}", "A moderator asked for changes to “{{ course_title }}”.",
        essential=True),
    "receipt": Kind(
        "Your receipt for {{ description }}", "Your receipt for {{ description }}: {{ number }}, {{ total }}.",
        essential=True),
    "credit_note": Kind(
        "Credit note {{ number }}", "You were refunded {{ total }} for {{ description }} (credit note {{ number }}).",
        essential=True),
}

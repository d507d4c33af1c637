"""Who may call which payments endpoint: a table of roles against endpoints that reads like the specification.

"own" endpoints answer each person about themselves only; the tests that a person never sees another's
orders, invoices, earnings or bank details are in test_checkout, test_ledger_and_invoices and test_payouts.
"""

import pytest

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "other_student", "enrolled_student", "other_instructor", "owner", "moderator", "admin"]
# endpoint -> status per role, in ROLES order
MATRIX = {
    ("get", "/api/payments/history/"): [401, 200, 200, 200, 200, 200, 200],
    ("get", "/api/instructor/earnings/"): [401, 403, 403, 200, 200, 403, 200],
    ("get", "/api/instructor/bank-details/"): [401, 403, 403, 404, 404, 403, 404],
    ("post", "/api/instructor/payouts/request/"): [401, 403, 403, 400, 400, 403, 400],
    ("get", "/api/admin/payouts/pending/"): [401, 403, 403, 403, 403, 403, 200],
    ("put", "/api/admin/payouts/999/approve/"): [401, 403, 403, 403, 403, 403, 404],
    ("put", "/api/admin/payouts/999/reject/"): [401, 403, 403, 403, 403, 403, 400],
    ("put", "/api/admin/payouts/999/mark-paid/"): [401, 403, 403, 403, 403, 403, 400],
}


@pytest.mark.parametrize("method, path", list(MATRIX))
def test_payments_permission_matrix(people, client_for, method, path):
    expected = dict(zip(ROLES, MATRIX[(method, path)]))
    answered = {role: getattr(client_for(people[role]), method)(path, {}, format="json").status_code for role in ROLES}
    assert answered == expected


def test_initiate_refuses_a_stranger_and_the_courses_staff_and_serves_everyone_else(people, client_for, paid_course):
    body = {"course_id": paid_course.pk, "gateway": "test"}
    answered = {role: client_for(people[role]).post("/api/payments/initiate/", body, format="json").status_code
                for role in ROLES}
    assert answered == {"anonymous": 401, "other_student": 201, "enrolled_student": 201, "other_instructor": 201,
                        "owner": 400, "moderator": 400, "admin": 400}

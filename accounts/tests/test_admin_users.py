import pytest

from accounts.models import User

pytestmark = pytest.mark.django_db


def test_admin_sets_timezone_and_revenue_share_when_editing_a_user(client, admin_user, instructor):
    client.force_login(admin_user)
    html = client.get(f"/admin/users/edit/{instructor.pk}/").content.decode()
    assert 'name="timezone"' in html and 'name="default_revenue_share"' in html
    data = {
        "email": instructor.email, "first_name": "Naledi", "last_name": "Dlamini", "timezone": "Africa/Johannesburg",
        "default_revenue_share": "65.00", "is_active": "on", "groups": [g.pk for g in instructor.groups.all()],
    }
    response = client.post(f"/admin/users/edit/{instructor.pk}/", data)
    assert response.status_code == 302
    assert str(User.objects.get(pk=instructor.pk).default_revenue_share) == "65.00"


def test_admin_user_form_refuses_a_bad_timezone(client, admin_user, instructor):
    client.force_login(admin_user)
    data = {"email": instructor.email, "first_name": "N", "last_name": "D", "timezone": "Nowhere/Land", "is_active": "on"}
    response = client.post(f"/admin/users/edit/{instructor.pk}/", data)
    assert response.status_code == 200
    assert User.objects.get(pk=instructor.pk).timezone == "Africa/Johannesburg"

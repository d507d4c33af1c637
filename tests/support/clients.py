from rest_framework.test import APIClient


def client_as(user):
    """An API client logged in with a session as `user` (None: anonymous), as the site's pages are."""
    client = APIClient()
    if user is not None:
        client.force_login(user)
    return client

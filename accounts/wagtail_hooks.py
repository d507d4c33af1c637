"""The admin shows the avatar people uploaded on their profile page; no email hash leaves the site."""

from wagtail import hooks


@hooks.register("get_avatar_url")
def uploaded_avatar(user, size):
    avatar = getattr(user, "avatar", None)
    return avatar.url if avatar else None  # None: Wagtail's own profile avatar, else its default picture

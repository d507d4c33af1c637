from wagtail import hooks


@hooks.register("register_admin_viewset")
def register_sent_email_viewset():
    from .viewsets import sent_email_viewset

    return sent_email_viewset

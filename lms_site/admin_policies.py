"""Admin permission policies decided by who asks and what for, the same for every row."""

from wagtail.permission_policies import ModelPermissionPolicy


class RulePolicy(ModelPermissionPolicy):
    """Subclasses say `allows(user, action)`; every Wagtail question is answered from it."""

    def allows(self, user, action):
        raise NotImplementedError

    def user_has_permission(self, user, action):
        return self.allows(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.allows(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.allows(user, action)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions)

    def instances_user_has_permission_for(self, user, action):
        return self.model.objects.all() if self.allows(user, action) else self.model.objects.none()

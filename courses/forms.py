"""Editor forms: prerequisites limited to the same course, cycles refused."""

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from wagtail.admin.forms import WagtailAdminPageForm


SUBMIT_ACTIONS = ("action-submit", "action-restart-workflow")


class CoursePageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instructor = self.fields.get("instructor")
        if instructor is not None:
            instructor.queryset = get_user_model().objects.filter(groups__name=settings.INSTRUCTORS_GROUP)

    def clean(self):
        # "Submit to Course review" from the editor follows the same rule as the curriculum's button.
        cleaned = super().clean()
        if any(name in self.data for name in SUBMIT_ACTIONS):
            from .review import NO_LESSON, submission_problem

            problem = submission_problem(self.instance) if self.instance.pk else NO_LESSON
            if problem:
                self.add_error(None, problem)
        return cleaned


class LessonPageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import CoursePage, LessonPage

        field = self.fields["prerequisites"]
        parent = self.parent_page if getattr(self, "parent_page", None) else self.instance.get_parent()
        course = CoursePage.objects.ancestor_of(parent, inclusive=True).first() if parent else None
        queryset = LessonPage.objects.none()
        if course is not None:
            queryset = LessonPage.objects.descendant_of(course).order_by("path")
            if self.instance.pk:
                queryset = queryset.exclude(pk=self.instance.pk)
        field.queryset = queryset
        field.widget = forms.CheckboxSelectMultiple()
        field.widget.choices = field.choices
        if not queryset.exists():
            field.help_text = (
                "This is the only lesson of the course so far. Once it has others, tick here the ones a "
                "student must finish before this lesson opens."
            )
        self._course = course

    def clean_prerequisites(self):
        from .prerequisites import find_cycle

        chosen = self.cleaned_data["prerequisites"]
        if self.instance.pk and any(lesson.pk == self.instance.pk for lesson in chosen):
            raise ValidationError("A lesson cannot be its own prerequisite.")
        if self.instance.pk:
            cycle = find_cycle(self.instance, chosen)
            if cycle:
                names = " → ".join(cycle)
                raise ValidationError(f"These prerequisites would make a loop: {names}. Remove one of them.")
        return chosen

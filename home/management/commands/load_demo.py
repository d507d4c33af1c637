"""`manage.py load_demo [--scale N]`: a demo site with people, courses and progress.

Idempotent: people are keyed by email, categories by name, pictures and files by title and
courses by slug, so a second run creates nothing and changes nothing. The one exception is the
example AI tool, registered again on every run at the current SITE_URL, so that `make run` on
another host or port launches it from there. `--scale N` makes N times as many courses (copies of
the demo courses) and students, for benchmarks.
"""

import io
import logging
import time
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from wagtail.images.models import Image

from home.demo import assessments as demo_assessments
from home.demo import assets as demo_assets
from home.demo import content as demo
from home.demo import payments as demo_payments
from home.demo import pictures
from courses.blocks import gating_blocks
from courses.models import Category, CourseIndexPage, CoursePage, LessonPage, SectionPage
from enrolment.models import Enrolment, LessonProgress
from enrolment.services import complete_lesson, enrol

ROLE_GROUPS = {
    "moderator": settings.MODERATORS_GROUP,
    "instructor": settings.INSTRUCTORS_GROUP,
    "student": settings.STUDENTS_GROUP,
}
SOURCES = {
    "free": Enrolment.Source.FREE,
    "paid": Enrolment.Source.PURCHASE,
    "both": Enrolment.Source.PURCHASE,
    "subscription": Enrolment.Source.SUBSCRIPTION,
}


class Command(BaseCommand):
    help = "Load demo people, courses and progress (idempotent). --scale N multiplies courses and students."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=1, help="N times the courses and students (default 1).")

    def handle(self, *args, scale=1, **options):
        if scale < 1:
            raise CommandError("--scale must be 1 or more.")
        # Wagtail logs every page published and Celery every eager task: noise at any scale.
        quiet = [logging.getLogger(name) for name in ("wagtail", "celery")]
        levels = [logger.level for logger in quiet]
        for logger in quiet:
            logger.setLevel(logging.WARNING)
        try:
            self.load(scale)
        finally:
            for logger, level in zip(quiet, levels):
                logger.setLevel(level)

    def load(self, scale):
        started = time.monotonic()
        self.created = {"users": 0, "courses": 0, "pages": 0, "images": 0, "enrolments": 0, "completions": 0,
                        "orders": 0}
        self.index = CourseIndexPage.objects.first()
        if self.index is None:
            raise CommandError("No course catalogue page: run `manage.py migrate` first.")
        self.password_hash = None
        self.assets = {}
        with transaction.atomic():
            self.people = self.load_people(scale)
            self.categories = {
                name: Category.objects.get_or_create(name=name, defaults={"description": text})[0]
                for name, text in demo.CATEGORIES.items()
            }
            self.pictures = {key: self.load_picture(key, *spec) for key, spec in demo.PICTURES.items()}
            self.load_profiles()
        self.tool = demo_assets.register_coach()
        self.publisher = self.people["moderator@leerhuis.test"]
        self.bank = demo_assessments.ensure_bank(self.people[demo_assessments.BANK_OWNER])
        courses = {}
        for copy in range(1, scale + 1):
            for spec in demo.COURSES:
                course = self.load_course(spec, copy)
                courses[course.slug] = course
        for spec in demo.ARCHIVED_COURSES:
            courses[spec["slug"]] = self.load_course(spec, 1)
        self.load_progress(courses, scale)
        self.created["orders"] = demo_payments.load(self.people, courses)
        self.report(scale, time.monotonic() - started)

    # People ---------------------------------------------------------------------------------

    def hashed_password(self):
        if self.password_hash is None:  # hashing is deliberately slow: once for everyone
            self.password_hash = make_password(demo.PASSWORD)
        return self.password_hash

    def load_people(self, scale):
        User = get_user_model()
        wanted = {email: (first, last, role) for email, (first, last, role) in demo.PEOPLE.items()}
        for n in range(6, 5 * scale + 1):
            first = demo.FIRST_NAMES[n % len(demo.FIRST_NAMES)]
            last = demo.LAST_NAMES[(n // len(demo.FIRST_NAMES)) % len(demo.LAST_NAMES)]
            wanted[f"student{n}@leerhuis.test"] = (first, last, "student")
        existing = set(User.objects.filter(email__in=wanted).values_list("email", flat=True))
        new_users = [
            User(
                email=email, first_name=first, last_name=last, password=self.hashed_password(),
                is_staff=role == "admin", is_superuser=role == "admin",
            )
            for email, (first, last, role) in wanted.items()
            if email not in existing
        ]
        User.objects.bulk_create(new_users)
        self.created["users"] = len(new_users)
        users = {user.email: user for user in User.objects.filter(email__in=wanted)}
        if new_users:
            groups = {role: Group.objects.get(name=name) for role, name in ROLE_GROUPS.items()}
            Membership = User.groups.through
            Membership.objects.bulk_create(
                [Membership(user_id=users[u.email].pk, group_id=groups[wanted[u.email][2]].pk)
                 for u in new_users if wanted[u.email][2] in groups],
                ignore_conflicts=True,
            )
        have_address = set(EmailAddress.objects.filter(user__in=users.values()).values_list("email", flat=True))
        EmailAddress.objects.bulk_create(
            [EmailAddress(user=user, email=email, primary=True, verified=True)
             for email, user in users.items() if email not in have_address]
        )
        return users

    def load_profiles(self):
        """Instructors' bios and avatars, set once: a bio or avatar someone changed is kept."""
        for email, profile in demo.PROFILES.items():
            user = self.people[email]
            changed = []
            if not user.bio:
                user.bio = profile["bio"]
                changed.append("bio")
            if not user.avatar:
                name = f"{user.first_name}-{user.last_name}".lower().replace(" ", "-")
                user.avatar.save(f"{name}.jpg", ContentFile(pictures.render_avatar(*profile["avatar"])), save=False)
                changed.append("avatar")
            if changed:
                user.save(update_fields=changed)

    # Pictures -------------------------------------------------------------------------------

    def load_picture(self, key, title, drawing, options):
        return self.image(title, f"demo-{key}.jpg", lambda: getattr(pictures, f"render_{drawing}")(**options))

    def load_cover(self, spec):
        return self.image(f"{spec['title']} (cover)", f"cover-{spec['slug']}.jpg",
                          lambda: pictures.render_cover(**spec["cover"]))

    def image(self, title, filename, draw):
        """The Wagtail image with this title, drawn and stored the first time."""
        image = Image.objects.filter(title=title).first()
        if image:
            return image
        image = Image(title=title)
        image.file = ImageFile(io.BytesIO(draw()), name=filename)
        image._set_image_file_metadata()
        image.save()
        self.created["images"] += 1
        return image

    # Courses --------------------------------------------------------------------------------

    def load_course(self, spec, copy):
        slug = spec["slug"] if copy == 1 else f"{spec['slug']}-{copy}"
        course = CoursePage.objects.child_of(self.index).filter(slug=slug).first()
        if course:
            return course
        owner = self.people[spec["instructor"]]
        with transaction.atomic():
            course = CoursePage(
                title=spec["title"] if copy == 1 else f"{spec['title']} (group {copy})",
                slug=slug, owner=owner, live=True, description=spec["description"],
                outcomes="\n".join(spec.get("outcomes", [])),
                thumbnail=self.load_cover(spec), category=self.categories[spec["category"]],
                difficulty=spec["difficulty"], pricing_type=spec["pricing_type"], price=Decimal(spec["price"]),
                is_archived=spec.get("archived", False), certificate_signatory=owner.get_full_name(),
            )
            self.add_published(self.index, course, owner)
            previous = None
            for section_spec in spec["sections"]:
                section = SectionPage(
                    title=section_spec["title"], slug=section_spec["slug"], summary=section_spec["summary"],
                    owner=owner, live=True,
                )
                self.add_published(course, section, owner)
                first = True
                for lesson_spec in section_spec["lessons"]:
                    needs_previous = previous is not None and (
                        section_spec["after_previous"] if first else section_spec["chain"]
                    )
                    lesson = LessonPage(
                        title=lesson_spec["title"], slug=lesson_spec["slug"], owner=owner, live=True,
                        body=self.lesson_body(lesson_spec["body"]),
                        estimated_minutes=lesson_spec["minutes"], is_preview=lesson_spec["preview"],
                        prerequisites=[previous] if needs_previous else [],
                    )
                    self.add_published(section, lesson, owner)
                    previous, first = lesson, False
        self.created["courses"] += 1
        return CoursePage.objects.get(pk=course.pk)

    def add_published(self, parent, page, owner):
        """Add a page and publish it through a revision: the author saves, a moderator publishes."""
        parent.add_child(instance=page)
        page.save_revision(user=owner).publish(user=self.publisher)
        self.created["pages"] += 1
        return page

    def lesson_body(self, blocks):
        body = []
        for kind, value in blocks:
            if kind == "image":
                value = {**value, "image": self.pictures[value["image"]].pk}
            value = {
                key: self.asset(item[len("asset:"):]) if isinstance(item, str) and item.startswith("asset:") else item
                for key, item in value.items()
            } if isinstance(value, dict) else value
            if kind == "quiz":
                value = {**value, "bank_questions": [
                    {**draw, "value": {**draw["value"], "bank": self.bank.pk}} for draw in value["bank_questions"]
                ]}
            body.append({"type": kind, "value": value})
        return body

    def asset(self, name):
        """The primary key of a demo file (video, PDF, H5P package) or the example AI tool."""
        if name == "coach":
            return self.tool.pk
        if name not in self.assets:
            self.assets[name] = demo_assets.load(name, owner=self.people["johan@leerhuis.test"])
        return self.assets[name]

    # Enrolments and progress ----------------------------------------------------------------

    def progress_plan(self, courses, scale):
        """[(user, course, share of lessons to complete)], deterministic so reruns match."""
        plan = []
        for email, entries in demo.PROGRESS.items():
            for slug, share in entries:
                plan.append((self.people[email], courses[slug], share))
        catalogue = [course for course in courses.values() if not course.is_archived]
        for n in range(6, 5 * scale + 1):
            user = self.people[f"student{n}@leerhuis.test"]
            for offset, step in ((n * 7, 3), (n * 3 + 1, 7)):
                course = catalogue[offset % len(catalogue)]
                plan.append((user, course, ((n * step) % 11) / 10))
        return plan

    def load_progress(self, courses, scale):
        from django.utils import timezone

        self.progress_started = timezone.now()
        lessons_by_course = {}
        for user, course, share in self.progress_plan(courses, scale):
            lessons = lessons_by_course.get(course.pk)
            if lessons is None:
                lessons = lessons_by_course[course.pk] = list(
                    LessonPage.objects.live().descendant_of(course).order_by("path")
                )
            enrolment = Enrolment.objects.filter(user=user, course=course).first()
            if enrolment is None:
                if course.is_archived:  # enrolled before it was archived; enrol() rightly refuses now
                    Enrolment.objects.create(user=user, course=course, source=Enrolment.Source.FREE)
                else:
                    enrol(user, course, source=SOURCES[course.pricing_type])
                self.created["enrolments"] += 1
            done = set(
                LessonProgress.objects.filter(
                    user=user, lesson__in=lessons, status=LessonProgress.Status.COMPLETED
                ).values_list("lesson_id", flat=True)
            )
            for lesson in lessons[: min(len(lessons), round(len(lessons) * min(share, 1.0)))]:
                if lesson.pk in done:
                    continue
                if gating_blocks(lesson.body):
                    # Quizzes and assignments the loader does as the student would (varied scores);
                    # other activities (video, H5P...) are for real students to do.
                    if not demo_assessments.do_activities(user, lesson, score_well=share >= 0.5):
                        break
                else:  # in course order, so prerequisites are always met
                    complete_lesson(user, lesson)
                self.created["completions"] += 1
        demo_assessments.grade_some(lambda submission: submission.assignment.lesson.owner, self.progress_started)

    # Report ---------------------------------------------------------------------------------

    def report(self, scale, seconds):
        made = ", ".join(f"{count} {what}" for what, count in self.created.items())
        total_courses = CoursePage.objects.count()
        total_lessons = LessonPage.objects.count()
        students = get_user_model().objects.filter(groups__name=settings.STUDENTS_GROUP).count()
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded (scale {scale}) in {seconds:.1f}s. Created: {made}."))
        self.stdout.write(
            f"In the database: {total_courses} courses, {total_lessons} lessons, {students} students, "
            f"{Enrolment.objects.count()} enrolments.\n"
        )
        rows = [(email, demo.PASSWORD, role) for email, (_, _, role) in demo.PEOPLE.items()]
        if scale > 1:
            rows.append((f"student6..student{5 * scale}@leerhuis.test", demo.PASSWORD, "student"))
        width = max(len(row[0]) for row in rows)
        self.stdout.write(f"{'email'.ljust(width)}  {'password'.ljust(18)}  role")
        self.stdout.write(f"{'-' * width}  {'-' * 18}  {'-' * 10}")
        for email, password, role in rows:
            self.stdout.write(f"{email.ljust(width)}  {password.ljust(18)}  {role}")
        site = settings.SITE_URL.rstrip("/")
        self.stdout.write(f"\nThe budget coach (example AI tool) launches at {self.tool.launch_url}")
        self.stdout.write(f"Open {site}/ once the server runs (`make run` starts it); the editor is at {site}/admin/")

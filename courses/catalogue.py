"""The catalogue: which courses are listed, searched and filtered, and the cards shown for them."""

import re

from django.core.paginator import Paginator
from django.db.models import Case, Count, IntegerField, Q, When

from .extensions import progress_for
from .models import Category, CoursePage, Difficulty, PricingType

PAGE_SIZE = 12


def published_courses():
    """Live, public, not archived: what anyone may find and enrol in."""
    return CoursePage.objects.live().public().filter(is_archived=False)


def search_words(text):
    """The words of a search, without quotes or operators (SQLite's full-text syntax would choke on them)."""
    return re.findall(r"\w+", text)[:20]


def filter_courses(queryset, *, q="", category="", difficulty="", pricing=""):
    if category:
        # By id: the search index filters on `category` (its id), not on the category's slug.
        found = Category.objects.filter(slug=category).values_list("pk", flat=True).first()
        queryset = queryset.filter(category_id=found) if found else queryset.none()
    if difficulty in Difficulty.values:
        queryset = queryset.filter(difficulty=difficulty)
    if pricing in PricingType.values:
        queryset = queryset.filter(pricing_type=pricing)
    if q:
        words = search_words(q)
        if not words:
            return queryset.none()  # only punctuation: nothing can match
        q = " ".join(words)
        # Wagtail search gives relevance order; keep it while staying a queryset we can annotate.
        ids = [page.pk for page in queryset.search(q, operator="and")]
        # Word beginnings in titles too ("budget" finds "Budgeting basics"), after full-word matches.
        ids += [page.pk for page in queryset.autocomplete(q) if page.pk not in ids]
        order = Case(*[When(pk=pk, then=pos) for pos, pk in enumerate(ids)], output_field=IntegerField())
        queryset = queryset.filter(pk__in=ids).order_by(order) if ids else queryset.none()
    else:
        queryset = queryset.order_by("title")
    return queryset


def with_card_data(queryset):
    """One query for the cards: category, thumbnail, instructor, owner and student count."""
    return queryset.select_related("category", "thumbnail", "instructor", "owner").annotate(
        student_count=Count("enrolments", filter=Q(enrolments__status="active"), distinct=True)
    )


def with_my_progress(courses, user):
    """Set `my_progress` on each course card: the user's progress, or None where not enrolled (one query)."""
    courses = list(courses)
    found = progress_for(user, [c.pk for c in courses])
    for course in courses:
        course.my_progress = found[course.pk][0] if course.pk in found else None
    return courses


def catalogue_context(request):
    params = {
        "q": request.GET.get("q", "").strip()[:200],
        "category": request.GET.get("category", ""),
        "difficulty": request.GET.get("difficulty", ""),
        "pricing": request.GET.get("pricing", ""),
    }
    queryset = filter_courses(published_courses(), **params)
    paginator = Paginator(with_card_data(queryset), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = with_my_progress(page.object_list, request.user)
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "courses": page,
        "filters": params,
        "categories": Category.objects.all(),
        "difficulties": Difficulty.choices,
        "pricing_types": PricingType.choices,
        "querystring": query.urlencode(),
    }

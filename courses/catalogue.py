"""The catalogue: which courses are listed, searched and filtered, and the cards shown for them."""

import re

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Case, Count, F, IntegerField, OuterRef, Subquery, When
from django.db.models.functions import Coalesce
from wagtail.search.query import And, PlainText

from .extensions import progress_for
from .models import Category, CoursePage, Difficulty, PricingType

PAGE_SIZE = 12


def published_courses():
    """Live, public, not archived: what anyone may find and enrol in."""
    return CoursePage.objects.live().public().filter(is_archived=False)


def search_words(text):
    """The words of a search, without quotes or operators (SQLite's full-text syntax would choke on them)."""
    return re.findall(r"\w+", text)[:20]


# Words that say nothing about a course; a search for "budgeting for a small business" should not
# need "for" and "a" in the course's text (PostgreSQL's English search drops them too).
STOP_WORDS = frozenset(
    "a an and are as at be by for from how i in is it my of on or the to what with you your".split()
)
SHORTEST_STEM = 3
PLURALS = ("ies", "es", "s")
ENDINGS = ("ing", "ed", "er", "y")


def word_stem(word):
    """The beginning that a word shares with its other forms: "stokvels" -> "stokvel",
    "budgeting" -> "budget", "companies" -> "compan", "planned" -> "plan".

    A light English suffix stripper for prefix matching, so it may cut more than a dictionary
    stemmer would ("saving" -> "sav" also finds "save"); it never cuts a word below three letters.
    """
    word = word.lower()
    stem = _strip_suffix(word, PLURALS)  # "savings" -> "saving", then "saving" -> "sav"
    return _strip_suffix(stem, ENDINGS)



def _strip_suffix(word, suffixes):
    for suffix in suffixes:
        if not word.endswith(suffix) or len(word) - len(suffix) < SHORTEST_STEM:
            continue
        stem = word[: -len(suffix)]
        if suffix == "es" and not stem.endswith(("s", "x", "z", "ch", "sh")):
            continue  # "prices" is "price" + "s": the next rule takes it
        if suffix == "s" and stem.endswith(("s", "u", "i")):
            continue  # "business", "bonus", "analysis" are not plurals
        if suffix in ("ing", "ed", "er") and len(stem) > SHORTEST_STEM and stem[-1] == stem[-2] and stem[-1] not in "lsz":
            stem = stem[:-1]  # "planned" -> "plan", "shopping" -> "shop"
        return stem
    return word


def prefix_query(words):
    """Every meaningful word (or the beginning of one) must start a word of the course's
    title, description or category: "budg" finds "Budgeting", "stokvel" finds "stokvels"."""
    meaningful = [w for w in words if w.lower() not in STOP_WORDS] or words
    return And([PlainText(word_stem(word)) for word in meaningful])


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
        # Wagtail search gives relevance order (on PostgreSQL with English stemming); keep it while
        # staying a queryset we can annotate.
        ids = [page.pk for page in queryset.search(q, operator="and")]
        # Then word beginnings and other forms of the words, on any database, after full-word matches.
        ids += [page.pk for page in queryset.autocomplete(prefix_query(words)) if page.pk not in ids]
        order = Case(*[When(pk=pk, then=pos) for pos, pk in enumerate(ids)], output_field=IntegerField())
        queryset = queryset.filter(pk__in=ids).order_by(order) if ids else queryset.none()
    else:
        queryset = queryset.order_by("title")
    return queryset


# How a list of courses can be sorted: the API's `ordering` and the catalogue's "Sort by".
ORDERINGS = {
    "relevance": "Best match",  # by relevance when searching, else by title
    "newest": "Newest",
    "popular": "Most students",
    "price": "Price: low to high",
    "-price": "Price: high to low",
}


def order_courses(queryset, ordering=""):
    """Sort cards (a `with_card_data` queryset: "popular" counts its `student_count`).

    "relevance" (or nothing) keeps the order `filter_courses` gave: best match first when
    searching, by title otherwise. Ties fall back to the title, then the id, so pages never
    overlap.
    """
    order = {
        "newest": [F("first_published_at").desc(nulls_last=True)],
        "popular": ["-student_count"],
        "price": ["price"],
        "-price": ["-price"],
    }.get(ordering)
    return queryset.order_by(*order, "title", "pk") if order else queryset


def search_placeholder(words, room=24):
    """"e.g. budgeting, toolkit": as many suggested words as fit a phone's search box."""
    text = ""
    for word in words:
        candidate = f"{text}, {word}" if text else f"e.g. {word}"
        if len(candidate) <= room:
            text = candidate
    return text


# Title words too general to suggest as a search.
DULL_WORDS = frozenset(
    "about after basics beginners course getting introduction learn learning guide starting started "
    "running small simple their there these things this that those using with your".split()
)


def search_suggestions(count=3):
    """Words to offer in the search box that find something: a telling word from the title of
    each of the most popular listed courses ("budgeting", "photography", "spreadsheets"), the
    longest of its first three words that are not too general (or the site's own name)."""
    dull = DULL_WORDS | {settings.WAGTAIL_SITE_NAME.lower()}
    suggestions = []
    titles = order_courses(with_card_data(published_courses()), "popular").values_list("title", flat=True)[:12]
    for title in titles:
        words = [w for w in search_words(title) if len(w) > 3 and not w.isdigit() and w.lower() not in dull][:3]
        if words:
            word = max(words, key=len).lower()
            if word not in suggestions:
                suggestions.append(word)
        if len(suggestions) == count:
            break
    return suggestions


def with_card_data(queryset):
    """One query for the cards: category, thumbnail, instructor, owner and student count.

    The count is a correlated subquery, evaluated only for the rows of the page shown: a
    COUNT(DISTINCT) over a join with every enrolment cost more than the rest of the page.
    """
    # The enrolment model is the learning room's; its table is reached through the reverse relation.
    Enrolment = CoursePage._meta.get_field("enrolments").related_model
    active = (
        Enrolment.objects.filter(course=OuterRef("pk"), status="active")
        .order_by().values("course").annotate(count=Count("pk")).values("count")
    )
    return queryset.select_related("category", "thumbnail", "instructor", "owner").annotate(
        student_count=Coalesce(Subquery(active, output_field=IntegerField()), 0)
    )


def with_thumbnail_renditions(queryset):
    """Card thumbnails' renditions in one query for the page shown, not one cache lookup per card."""
    return queryset.prefetch_related("thumbnail__renditions")


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
    ordering = request.GET.get("ordering", "")
    ordering = ordering if ordering in ORDERINGS and ordering != "relevance" else ""  # "": the default
    queryset = filter_courses(published_courses(), **params)
    paginator = Paginator(with_thumbnail_renditions(order_courses(with_card_data(queryset), ordering)), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = with_my_progress(page.object_list, request.user)
    query = request.GET.copy()
    query.pop("page", None)
    suggestions = search_suggestions()
    return {
        "courses": page,
        "filters": {**params, "ordering": ordering},
        "active_filters": sum(1 for name in ("category", "difficulty", "pricing") if params[name]) + bool(ordering),
        "categories": Category.objects.all(),
        "difficulties": Difficulty.choices,
        "pricing_types": PricingType.choices,
        # The default sort reads as what it is: best match when searching, else by title.
        "orderings": [("", ORDERINGS["relevance"] if params["q"] else "Title A–Z")]
        + [(value, label) for value, label in ORDERINGS.items() if value != "relevance"],
        "search_suggestions": suggestions,
        "search_placeholder": search_placeholder(suggestions),
        "querystring": query.urlencode(),
    }

"""Course card thumbnails from renditions loaded with the cards, without Wagtail's per-image cache write.

Wagtail's `get_rendition` writes the rendition to the cache on every call, found or not: on a
page of twelve cards that is twelve cache writes per request. The catalogue and the course list
prefetch each thumbnail's renditions (`catalogue.with_thumbnail_renditions`); this reads from
them, and only a rendition not made yet goes through `get_rendition` (which makes and caches it).
"""

from wagtail.images.models import Filter

CARD_SPEC = "fill-640x360|format-webp"


def rendition(image, spec=CARD_SPEC):
    """The image's rendition for `spec`: from prefetched renditions when they hold it, else made now."""
    try:
        return image.find_existing_rendition(Filter(spec=spec))
    except image.get_rendition_model().DoesNotExist:
        # Prefetched before this rendition was made (a cached page row keeps its prefetch): Wagtail
        # would trust the prefetch and make the rendition again on every call, so look it up afresh.
        getattr(image, "_prefetched_objects_cache", {}).pop("renditions", None)
        return image.get_rendition(spec)

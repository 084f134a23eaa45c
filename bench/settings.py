"""The portal's production settings, plus the benchmark's own URL
configuration (the trivial reference view). Nothing here changes the product."""

from ogp_portal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"

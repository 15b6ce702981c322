"""How far a record's sources can be trusted: `almanac validate --strict` warns about records
that cite only copies of other pages (Wikipedia mirrors, scrapers, proxies), which a reader
checking a fact will not accept as its source."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from almanac.domain.model import Dataset, Source

# Sites that copy other pages (most of them Wikipedia) or proxy them. A copy may have led to a
# fact, but a record needs a source that states it: an agency, a mission report, a reference.
MIRROR_HOSTS = (
    "wikipedia.org", "wikimili.com", "piglix.com", "memim.com", "knowpia.com", "zxc.wiki",
    "review.clateway.com", "weebau.com", "drugfreereading.com", "qa.edu.vn", "kiwix", "handwiki.org",
    "cloudfront.net", "wikiclassic.com", "worddisk.com", "fact-index.com", "frwiki.wiki", "movatter.jp",
    "encyclopediahub.com", "gravy.cc", "wiki2.org", "wikiwand.com", "alchetron.com", "dbpedia.org",
    "everybodywiki.com", "infogalactic.com", "justapedia.org", "thereaderwiki.com", "wikizero.com",
    "academic.ru", "en-academic.com", "academic-accelerator.com", "dob.jp", "classicistranieri.com",
    "kids.net.au", "mdict.net", "pages.dev", "av1.space", "wikibrief.org", "hmn.wiki",
)
_MIRROR = re.compile(r"(^|\.)(" + "|".join(re.escape(h) for h in MIRROR_HOSTS) + r")$")


def is_mirror(source: Source) -> bool:
    """Whether a source is a copy of another page rather than a source of its own."""
    host = (urlsplit(source.url).hostname or "").lower()
    return bool(_MIRROR.search(host)) or any(h in host for h in MIRROR_HOSTS if "." not in h)


def mirror_only_records(dataset: Dataset) -> list[str]:
    """'launches (sts-48)' for each site, person and launch whose every source is a mirror."""
    records = [("sites", x) for x in dataset.sites.values()]
    records += [("people", x) for x in dataset.people.values()]
    records += [("launches", x) for x in dataset.launches]
    return [f"{kind} ({x.id})" for kind, x in records
            if x.sources and all(is_mirror(s) for s in x.sources)]

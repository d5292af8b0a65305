"""The Streamlit dashboard's pages and shared state (the only package besides ``app.py`` that imports Streamlit).

``app.py`` (the entry point) builds its router from :data:`PAGES`: one page
module per entry, each a script with a ``render()`` function, run by
``st.navigation``.  Pages call the library (:mod:`framing.api` and the
stages) and :mod:`framing.present.render`; they hold no analysis logic.

Importing this package does not import Streamlit, so tools can list the pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

#: Folder of the page modules.
PAGES_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class PageSpec:
    """One page of the router: its module file (in this folder), title, icon and URL path."""

    file: str
    title: str
    icon: str
    url_path: str
    default: bool = False

    @property
    def path(self) -> Path:
        """Return the absolute path of the page script."""
        return PAGES_DIR / self.file


#: The pages, in sidebar order.
PAGES: tuple[PageSpec, ...] = (
    PageSpec("overview.py", "Overview", ":material/bar_chart:", "overview", default=True),
    PageSpec("reader.py", "Document reader", ":material/article:", "reader"),
    PageSpec("search.py", "Search", ":material/search:", "search"),
    PageSpec("compare.py", "Side by side", ":material/view_column:", "compare"),
    PageSpec("claims.py", "Claims", ":material/compare:", "claims"),
    PageSpec("sources.py", "Sources and credibility", ":material/fact_check:", "sources"),
    PageSpec("terms.py", "Distinctive terms", ":material/scatter_plot:", "terms"),
    PageSpec("lexicon.py", "Lexicon explorer", ":material/menu_book:", "lexicon"),
    PageSpec("add.py", "Add articles", ":material/upload_file:", "add"),
    PageSpec("trends.py", "Trends", ":material/timeline:", "trends"),
)

#: Pages other engineers add later: listed here so the router picks them up as
#: soon as their module file exists (the Classroom page builds on
#: ``framing.present.exercises``).
OPTIONAL_PAGES: tuple[PageSpec, ...] = (
    PageSpec("classroom.py", "Classroom", ":material/school:", "classroom"),
    # the teacher's keys live on their own page: the student's page never shows them
    PageSpec("classroom_teacher.py", "Classroom: teacher", ":material/key:", "classroom-teacher"),
)


def available_pages() -> list[PageSpec]:
    """Return the pages to route: every core page plus each optional page whose module exists."""
    return list(PAGES) + [p for p in OPTIONAL_PAGES if p.path.is_file()]

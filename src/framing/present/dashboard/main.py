"""The dashboard's router: page set-up, the shared sidebar and the navigation between pages.

Streamlit runs this file as a script: ``framing dashboard`` runs it from the
installed package, and a checkout's ``app.py`` calls :func:`run`.  Pages
live beside it (one module per page, see :data:`framing.present.dashboard.PAGES`).
"""

from __future__ import annotations

from pathlib import Path

#: The tab icon, shipped in the package so no page load asks another host for it.
FAVICON = Path(__file__).resolve().parent / "favicon.png"


def run() -> None:
    """Draw one run of the dashboard: page config, sidebar, and the page chosen in the navigation."""
    import streamlit as st

    from framing.present.dashboard import available_pages, state

    # A local image, not a :material/...: icon: Streamlit fetches those favicons from a font server.
    st.set_page_config(page_title="framing — news framing and sources", page_icon=str(FAVICON), layout="wide")
    # The navigation is built from files so each page is a real URL (/claims,
    # /reader, ...) and AppTest can switch to it with switch_page(<file>).
    pages = [st.Page(p.path, title=p.title, icon=p.icon, url_path=p.url_path, default=p.default)
             for p in available_pages()]
    nav = st.navigation(pages)
    state.sidebar()
    nav.run()


if __name__ == "__main__":
    run()

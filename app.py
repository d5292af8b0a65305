"""framing dashboard: the Streamlit entry point and router (``streamlit run app.py``).

Thin on purpose: it sets the page up, draws the shared sidebar (corpus
folder, store file) and hands over to the page chosen in the navigation.
Pages live in ``src/framing/present/dashboard/`` (one module per page, see
``framing.present.dashboard.PAGES``); all analysis happens in the ``framing`` library.
"""

from __future__ import annotations

import streamlit as st

from framing.present.dashboard import available_pages, state

st.set_page_config(page_title="framing — news framing and sources", page_icon=":material/newspaper:",
                   layout="wide")

# The navigation is built from files so each page is a real URL (/claims,
# /reader, ...) and AppTest can switch to it with switch_page(<file>).
# Optional pages (Classroom) appear as soon as their module file exists.
pages = [st.Page(p.path, title=p.title, icon=p.icon, url_path=p.url_path, default=p.default)
         for p in available_pages()]
nav = st.navigation(pages)
state.sidebar()
nav.run()

"""framing dashboard, from a checkout: ``streamlit run app.py`` (installed: ``framing dashboard``).

Thin on purpose: the router and every page live in the library
(``src/framing/present/dashboard/``); all analysis happens in ``framing``.
"""

from framing.present.dashboard.main import run

run()

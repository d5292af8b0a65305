"""Presentation: the ``framing`` command, the Streamlit dashboard, HTML rendering, exercises and worksheets."""

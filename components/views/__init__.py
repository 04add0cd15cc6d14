"""Reusable Streamlit view functions for the pages (the only part of components/ importing streamlit)."""

"""Renderers: pure functions from a Report to a string or a Rich renderable."""

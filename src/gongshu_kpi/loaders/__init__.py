"""Adapters that read files into the core's types, returning problems instead of raising."""

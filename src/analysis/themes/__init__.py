"""Open answers and interview notes coded into themes, offline."""

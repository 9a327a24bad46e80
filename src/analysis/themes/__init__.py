"""Open answers and interview notes coded into themes, offline, and the reliability of that coding."""

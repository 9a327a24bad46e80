"""``python -m analysis`` is the ``skillsneeds`` command."""

from analysis.cli import main

raise SystemExit(main())

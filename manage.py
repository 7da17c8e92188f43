#!/usr/bin/env python
"""Django's manage.py, for tools that expect it; ``poortwachter`` is the same thing."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "src"))

from poortwachter.__main__ import main

if __name__ == "__main__":
    main()

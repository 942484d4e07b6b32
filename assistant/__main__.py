"""``python -m assistant`` is the same as ``assistant``."""

from assistant.cli import main

main()

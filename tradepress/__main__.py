"""``python -m tradepress``: the same as the ``tradepress`` command."""

from tradepress.cli import main

main()

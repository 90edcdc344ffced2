"""The `kg` command line: parse options, call one library function, print the result.

The only package that imports click. A KGError becomes `Error: <path:line: message>` on
stderr and exit code 1, or 2 for a name or question the graph cannot map (its `exit_code`:
not in the graph, ambiguous, not understood); nothing else prints a traceback for a user's
mistake.

The group's options (--data, --build-dir, --endpoint, --graph, --timeout) are accepted after
the command's name too (`kg stats --build-dir B`), where they win over the ones before it;
a command's own option of the same name (`kg serve --timeout`) keeps its own meaning.

Commands live by meaning: kg.cli.data (build, check, import), kg.cli.sparql (query, stats,
push, serve), kg.cli.questions (ask, path, suppliers, profile, reach, rank, audit),
kg.cli.output (viz, export); kg.cli.base holds the group and what they share.
"""
from kg.cli.base import SETTINGS, cli, main
from kg.cli import data, output, questions, sparql  # noqa: F401  (registers the commands)

__all__ = ["SETTINGS", "cli", "main"]

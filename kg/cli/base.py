"""The `kg` group, its options (accepted after a command too) and what every command uses:
one-line errors, the format option, the backend, rendering an answer."""
from __future__ import annotations

import errno
import functools
import gc
import os
import sys

import click

from kg import settings
from kg.errors import KGError, KGErrors
from kg.settings import Options
from kg.render import FORMAT_NAMES
from kg.render.cells import printable, terminal_safe


def echo(text: str) -> None:
    """Write a renderer's text to stdout as it is (renderers end their own lines); to a
    terminal, with control characters escaped (\\x1b): CSV, TSV or HTML from the data
    could otherwise recolour, retitle or clear it."""
    click.echo(terminal_safe(text) if to_terminal() else text, nl=False)


def to_terminal() -> bool:
    """Return whether stdout is a terminal (not a pipe, a file or a test's buffer)."""
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):  # a replaced or closed stdout
        return False


def fail_cleanly(func):
    """Turn KGError into one line per problem and exit with its code (1, or 2 for names)."""
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except KGError as err:
            for one in err.errors if isinstance(err, KGErrors) else [err]:
                click.echo(f"Error: {printable(str(one))}", err=True)  # names come from input
            raise SystemExit(err.exit_code)
        except BrokenPipeError:
            raise  # `kg ... | head`: main() ends quietly
        except OSError as err:  # a full disk, a build folder that is a file or read-only
            click.echo(f"Error: {printable(os_error_line(err))}", err=True)
            raise SystemExit(1)
    return wrapper


def os_error_line(err: OSError) -> str:
    """Return an OSError as one line, `path: what is wrong` (never a traceback)."""
    where = err.filename
    what = err.strerror or str(err) or type(err).__name__
    if (isinstance(err, (FileExistsError, NotADirectoryError)) and where
            and os.path.lexists(where) and not os.path.isdir(where)):
        what = "it is a file, not a folder"
    elif err.errno == errno.ENOSPC:
        what = "no space left on the device"
    return f"{where}: {what}" if where else what


def format_option(choices=FORMAT_NAMES, default="table"):
    return click.option("--format", "fmt", type=click.Choice(choices), default=default,
                        show_default=True, help="Output format.")


# The group's options, as (declarations, attributes); every command takes them too (Command).


SETTINGS = (
    (("--data", "data_dir"), dict(envvar="KG_DATA", metavar="DIR", help="Folder of curated and "
                                  "imported records.  [default: data/ of the nearest survkg "
                                  "project at or above the current folder]")),
    (("--build-dir", "build_dir"), dict(envvar="KG_BUILD", metavar="DIR", help="Folder of the "
                                        "built graph and store.  [default: build/ of that "
                                        "project]")),
    (("--endpoint",), dict(envvar="KG_ENDPOINT", metavar="URL", help="Read (or push to) a SPARQL "
                           "endpoint, e.g. http://127.0.0.1:7878/query; credentials, if it "
                           "asks: $KG_ENDPOINT_USER and $KG_ENDPOINT_PASSWORD, else ~/.netrc.")),
    (("--graph",), dict(envvar="KG_GRAPH", metavar="IRI", help="Named graph.")),
    (("--timeout",), dict(envvar="KG_TIMEOUT", default=settings.TIMEOUT, show_default=True,
                          type=click.FloatRange(min=0, min_open=True),
                          help="Seconds an endpoint may take over one whole answer (an "
                          "answer over $KG_MAX_ANSWER_MB megabytes, default "
                          f"{settings.MAX_ANSWER_MB:g}, is refused too).")),
)


def _given_after(ctx: click.Context, param: click.Parameter, value) -> None:
    if value is not None:  # given after the command's name: it wins over the group's
        setattr(ctx.find_object(Options), param.name, value)


class Command(click.Command):
    """A `kg` command, which also takes the group's options (SETTINGS) after its name."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        own = {name for param in self.params for name in param.opts}
        # Without envvar or default: only a value typed after the command may override the group.
        self.params += [click.Option(decls, **{**attrs, "envvar": None, "default": None,
                                               "show_default": False},
                                     expose_value=False, callback=_given_after)
                        for decls, attrs in SETTINGS if not own & set(decls)]


class Group(click.Group):
    command_class = Command


def examples(*lines: str) -> str:
    """Return an epilog showing example commands; \\b keeps click from rewrapping them."""
    return "\b\nExamples:\n" + "\n".join(f"  {line}" for line in lines)


def group_options(func):
    for decls, attrs in reversed(SETTINGS):
        func = click.option(*decls, **attrs)(func)
    return func


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@group_options
@click.version_option(package_name="survkg")
@click.pass_context
def cli(ctx: click.Context, **options) -> None:
    """survkg: a sourced knowledge graph of the surveillance-technology supply chain.

    Every command takes the options below before or after its name, and works from any folder
    inside the project (or anywhere, given --data and --build-dir).
    """
    ctx.obj = Options(**options)


ANSWER_CHOICES = ("table", "json", "csv")


KINDS = "supply, financing, membership, restriction, proposal, ownership, standards, home."


def print_answer(answer, fmt: str, explain: bool = False) -> None:
    from kg.render.answers import ANSWER_FORMATS

    if fmt == "csv" and getattr(answer, "measure", None):
        # What the numbers count, on stderr: a CSV has no place for a sentence that is not a
        # row, and the file stays the columns alone (the table and JSON carry it themselves).
        click.echo(printable(answer.measure), err=True)
    echo(ANSWER_FORMATS[fmt](answer, explain=explain))


def backend_of(obj):  # the store of --build-dir, or --endpoint: see kg/backend.py
    from kg.backend import reading

    return reading(obj)


# Set by `main`: this process is one `kg` command, which keeps its network to the end.
ONE_COMMAND = {"process": False}


def network_of(obj):
    """Return the network a command reads (the build's, or --endpoint's).

    In a `kg` process the network's objects are then frozen out of the garbage collector's
    sight (gc.freeze): it would otherwise walk all of them again, young and old, in the
    collections that follow (0.2 s of a cold `kg ask`); so are the name indexes decoded later
    (kg.analysis.saved.FREEZE_LOADED). Not under click's test runner or in a notebook, where
    garbage frozen with them would never be collected.
    """
    if ONE_COMMAND["process"]:
        from kg.analysis import saved

        saved.FREEZE_LOADED = True
    network = backend_of(obj).network()
    if ONE_COMMAND["process"]:
        gc.freeze()
    return network


def main() -> None:
    """Entry point: run the CLI; a closed pipe (`kg ... | head`) ends quietly."""
    ONE_COMMAND["process"] = True
    try:
        cli(prog_name="kg")
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        raise SystemExit(1)

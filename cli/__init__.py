"""The command line: a face of the program like the window, on the same core.archive facade.

It may import Qt where a command needs it (the PDF exports paint with Qt, offscreen).
"""

from __future__ import annotations

import os
import sys

from cli.commands import COMMANDS, cmd_restore, command_name, open_for
from cli.parser import build_parser
from core.archive import default_folder
from core.errors import ArchiveError

__all__ = ["COMMANDS", "run"]


def run(argv: list[str]) -> int:
    """Run one command; the exit code (a closed output pipe ends it quietly)."""
    for stream in (sys.stdout, sys.stderr):  # a GBK console must not crash on rare characters
        if stream is not None and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    try:
        return _run(argv)
    except BrokenPipeError:  # `main.py stats --json | head -c 20`: the reader has gone
        _silence_stdout()
        return 1


def _run(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    args.data_dir = getattr(args, "data_dir", None)  # SUPPRESS leaves unset options absent
    args.json = getattr(args, "json", False)
    if not args.command:
        build_parser().print_help()
        return 2
    try:
        if args.command == "restore":  # needs no open archive: the folder may be new
            return cmd_restore(None, args)
        with open_for(command_name(args), default_folder(args.data_dir)) as archive:
            return COMMANDS[args.command](archive, args)
    except ArchiveError as e:
        print(f"错误：{e}", file=sys.stderr)
        return 1


def _silence_stdout() -> None:
    """Point stdout at the null device: Python's final flush would fail on the closed pipe."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass

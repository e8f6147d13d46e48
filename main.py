"""档案管家 Archivist: no arguments starts the window; a command runs the command line."""

import multiprocessing
import os
import sys


def main(argv: list[str]) -> int:
    if "--self-test" in argv:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # wine drops QT_* variables
        from cli.selftest import main as self_test

        log = argv[argv.index("--log") + 1] if "--log" in argv[:-1] else None
        return self_test(log)
    if _is_cli(argv):
        from cli import run

        return run(argv)
    from ui.app import run_gui

    return run_gui(argv)


def _is_cli(argv: list[str]) -> bool:
    """True when the first word that is not a global option names a CLI command."""
    from cli import COMMANDS

    i = 0
    while i < len(argv):
        if argv[i] == "--data-dir":
            i += 2
        elif argv[i].startswith("--data-dir=") or argv[i] == "--json":
            i += 1
        else:
            return argv[i] in COMMANDS or argv[i] in ("-h", "--help")
    return False


if __name__ == "__main__":
    multiprocessing.freeze_support()  # extraction workers in the frozen Windows build
    sys.exit(main(sys.argv[1:]))

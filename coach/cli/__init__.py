"""The `coach` command."""


def main() -> None:  # replaced below once the command group exists
    raise SystemExit("coach: not ready")

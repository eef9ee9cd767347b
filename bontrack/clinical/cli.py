"""The `bontrack assess`, `eligibility` and `protocol` commands; no database needed."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from datetime import date
from typing import IO, Any, NoReturn

from bontrack.clinical.assessment import assess, check_treatments
from bontrack.clinical.common import InputError, parse_iso_date
from bontrack.clinical.diary import Diary, read_csv
from bontrack.clinical.drugs import TriedDrug, tried
from bontrack.clinical.eligibility import check_role, eligibility_from_diary
from bontrack.clinical.protocol import BUILTIN_PROTOCOLS, ProtocolLookup, find_protocol
from bontrack.clinical.report import assessment_text, eligibility_text, protocol_text
from bontrack.clinical.rules import REIMBURSEMENT_RULES, reimbursement_rules

USAGE_ERROR = 2
INTERNAL_ERROR = 1


class _Stop(Exception):
    """Ends the command with an exit code; argparse's own exits are turned into this."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser that writes to the given streams and never calls sys.exit."""

    def __init__(self, *args: Any, streams: tuple[IO[str], IO[str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.streams = streams

    def _print_message(self, message: str, file: object = None) -> None:
        if message:
            out, err = self.streams
            (err if file is sys.stderr else out).write(message)

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        if message:
            self.streams[1].write(message)
        raise _Stop(status)

    def error(self, message: str) -> NoReturn:
        self.streams[1].write(f"{self.prog}: error: {message}\n")
        self.streams[1].write(f"run '{self.prog} --help' for usage\n")
        raise _Stop(USAGE_ERROR)


def _build_parser(streams: tuple[IO[str], IO[str]]) -> _Parser:
    parser = _Parser(
        prog="bontrack",
        description="Clinical commands of bontrack; they work without a database.",
        streams=streams,
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = commands.add_parser("assess", help="assess a headache diary CSV", streams=streams)
    p.add_argument("diary", metavar="DIARY.csv")
    p.add_argument(
        "--treatment",
        action="append",
        default=[],
        metavar="DATE",
        help="date of a treatment (repeatable)",
    )
    p.add_argument("--as-of", metavar="DATE", help="last day of the 84-day assessment window")
    p.add_argument("--json", action="store_true", help="print the JSON object of the contract")

    e = commands.add_parser("eligibility", help="judge reimbursement eligibility", streams=streams)
    e.add_argument("diary", metavar="DIARY.csv")
    e.add_argument(
        "--rules", required=True, metavar="NAME", help=f"rule set: {', '.join(REIMBURSEMENT_RULES)}"
    )
    e.add_argument("--as-of", metavar="DATE")
    e.add_argument(
        "--tried",
        action="append",
        default=[],
        metavar="DRUG=OUTCOME",
        help="a preventive tried: generic name or ATC code = failed, intolerant, "
        "contraindicated, ongoing or effective (repeatable)",
    )
    e.add_argument(
        "--applicant",
        metavar="ROLE",
        help="gp, neurologist, anaesthesiologist or hospital_physician",
    )
    e.add_argument("--json", action="store_true")

    pr = commands.add_parser("protocol", help="injection protocols", streams=streams)
    actions = pr.add_subparsers(dest="action", required=True, metavar="ACTION")
    show = actions.add_parser("show", help="show one protocol", streams=streams)
    show.add_argument("name", metavar="NAME")
    show.add_argument("--json", action="store_true")
    actions.add_parser("list", help="list the built-in protocols", streams=streams)
    return parser


def _date_arg(value: str | None, flag: str) -> date | None:
    if value is None:
        return None
    parsed = parse_iso_date(value.strip())
    if parsed is None:
        raise InputError([f"{flag}: must be a real date YYYY-MM-DD, got {value!r}"])
    return parsed


def _load_diary(path: str) -> Diary:
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except FileNotFoundError:
        raise InputError([f"{path}: no such file"]) from None
    except IsADirectoryError:
        raise InputError([f"{path}: is a directory, not a diary CSV"]) from None
    except UnicodeDecodeError:
        raise InputError([f"{path}: not UTF-8 text"]) from None
    except OSError as exc:
        raise InputError([f"{path}: cannot be read ({exc.strerror})"]) from None
    return Diary(read_csv(text))


def _emit(obj: dict[str, Any], out: IO[str]) -> None:
    out.write(json.dumps(obj, ensure_ascii=False, indent=2) + "\n")


def _run_assess(args: argparse.Namespace, out: IO[str]) -> None:
    problems: list[str] = []
    dates: list[date] = []
    for value in args.treatment:
        try:
            parsed = _date_arg(value, "--treatment")
        except InputError as exc:
            problems += exc.messages
            continue
        assert parsed is not None
        dates.append(parsed)
    try:
        treatments = check_treatments(dates)
        as_of = _date_arg(args.as_of, "--as-of")
    except InputError as exc:
        raise InputError(problems + exc.messages) from None
    if problems:
        raise InputError(problems)
    result = assess(_load_diary(args.diary), treatments, as_of)
    if args.json:
        _emit(result.to_dict(), out)
    else:
        out.write(assessment_text(result))


def _tried_args(values: Sequence[str]) -> list[TriedDrug]:
    found: list[TriedDrug] = []
    problems: list[str] = []
    for value in values:
        drug, sep, outcome = value.partition("=")
        if not sep:
            problems.append(f"--tried: expected DRUG=OUTCOME, got {value!r}")
            continue
        try:
            found.append(tried(drug, outcome))
        except InputError as exc:
            problems += [f"--tried: {m}" for m in exc.messages]
    if problems:
        raise InputError(problems)
    return found


def _run_eligibility(args: argparse.Namespace, out: IO[str]) -> None:
    # Check every argument before reading the file, so one run reports every mistake.
    problems: list[str] = []
    checks: dict[str, Any] = {}
    steps: tuple[tuple[str, Callable[[], Any]], ...] = (
        ("rules", lambda: reimbursement_rules(args.rules)),
        ("tried", lambda: _tried_args(args.tried)),
        ("applicant", lambda: check_role(args.applicant)),
        ("as_of", lambda: _date_arg(args.as_of, "--as-of")),
    )
    for name, step in steps:
        try:
            checks[name] = step()
        except InputError as exc:
            problems += exc.messages
    if problems:
        raise InputError(problems)
    result = eligibility_from_diary(
        _load_diary(args.diary),
        checks["rules"],
        as_of=checks["as_of"],
        tried=checks["tried"],
        applicant=checks["applicant"],
    )
    if args.json:
        _emit(result.to_dict(), out)
    else:
        out.write(eligibility_text(result))


def _run_protocol(args: argparse.Namespace, out: IO[str], lookup: ProtocolLookup | None) -> None:
    if args.action == "list":
        for protocol in BUILTIN_PROTOCOLS.values():
            out.write(f"{protocol.name}: {protocol.description}\n")
        return
    found = find_protocol(args.name, lookup)
    if found is None:
        known = ", ".join(BUILTIN_PROTOCOLS)
        raise InputError([f"unknown protocol {args.name!r}; built-in protocols: {known}"])
    if args.json:
        _emit(found.to_dict(), out)
    else:
        out.write(protocol_text(found))


def main(
    argv: list[str] | None = None,
    *,
    protocol_lookup: ProtocolLookup | None = None,
    stdout: IO[str] | None = None,
    stderr: IO[str] | None = None,
) -> int:
    """Run one clinical command; 0 on success, 2 with messages on stderr for bad input."""
    out = stdout if stdout is not None else sys.stdout
    err = stderr if stderr is not None else sys.stderr
    parser = _build_parser((out, err))
    try:
        args = parser.parse_args(sys.argv[1:] if argv is None else argv)
        if args.command == "assess":
            _run_assess(args, out)
        elif args.command == "eligibility":
            _run_eligibility(args, out)
        else:
            _run_protocol(args, out, protocol_lookup)
    except _Stop as stop:
        return stop.code
    except InputError as exc:
        for message in exc.messages:
            err.write(f"{message}\n")
        return USAGE_ERROR
    except Exception as exc:  # a bug of ours: say so plainly, never print a traceback
        err.write(f"internal error ({type(exc).__name__}: {exc}); please report it with the file\n")
        return INTERNAL_ERROR
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

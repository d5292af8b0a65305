"""The claim registry: loading and validating ``seeds/claims.csv`` (or a researcher's registry file)."""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import pandas as pd

from framing.analyze.claims.terms import phrase_key
from framing.core.errors import CatalogError, Problem

#: Columns of the registry file, in order.
REGISTRY_COLUMNS = ("claim_id", "statement", "description", "key_terms", "exemplars")
#: Separator inside the key_terms and exemplars cells.
LIST_SEP = "|"

_ID_RE = re.compile(r"[a-z][a-z0-9_]{0,63}")


@dataclass(frozen=True)
class Claim:
    """One registry row; ``line`` is where it starts in ``file``."""

    claim_id: str
    statement: str
    description: str
    key_terms: tuple[str, ...]
    exemplars: tuple[str, ...]
    file: str = ""
    line: int = 0


@dataclass(frozen=True, eq=False)
class Claims:
    """An immutable claim registry.

    ``version`` is the first 12 hex digits of the sha256 of the file bytes (so
    stored assignments can be keyed by it); ``problems`` lists skipped rows.
    """

    claims: tuple[Claim, ...]
    path: str = ""
    version: str = ""
    problems: tuple[Problem, ...] = field(default=())

    def __len__(self) -> int:
        return len(self.claims)

    def __iter__(self) -> Iterator[Claim]:
        return iter(self.claims)

    @property
    def ids(self) -> list[str]:
        """Return the claim ids in registry order."""
        return [c.claim_id for c in self.claims]

    def get(self, claim_id: str) -> Claim:
        """Return the claim with id ``claim_id``; raise :class:`CatalogError` naming the known ids."""
        for c in self.claims:
            if c.claim_id == claim_id:
                return c
        raise CatalogError(f"unknown claim {claim_id!r}", self.path or None,
                           fix="use one of: " + ", ".join(self.ids))

    def frame(self) -> pd.DataFrame:
        """Return the registry as a DataFrame in the file's column format (lists joined by ``|``)."""
        rows = [{"claim_id": c.claim_id, "statement": c.statement, "description": c.description,
                 "key_terms": LIST_SEP.join(c.key_terms), "exemplars": LIST_SEP.join(c.exemplars)}
                for c in self.claims]
        return pd.DataFrame(rows, columns=list(REGISTRY_COLUMNS))


def default_claims_path() -> Path:
    """Return the bundled registry path, ``seeds/claims.csv`` (``FRAMING_SEEDS`` moves it)."""
    from framing.core.config import seeds_dir
    return seeds_dir() / "claims.csv"


def _split_list(cell: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in cell.split(LIST_SEP) if p.strip())


def load_claims(path: str | Path | None = None, strict: bool = False) -> Claims:
    """Load and validate the claim registry at ``path`` (default ``seeds/claims.csv``).

    Returns a :class:`Claims`.  A malformed row (bad or duplicate id, empty
    statement, no key terms and no exemplars, a key term that has no word
    left after stop-word removal) is skipped and reported in ``.problems`` as
    ``file:line: reason (fix: ...)``; with ``strict=True`` it raises
    :class:`CatalogError` instead.  A missing file, an unreadable file or a
    header without the five registry columns always raises.  Extra columns
    (such as the counts :func:`framing.analyze.discover.write_candidates` adds) are
    ignored, so candidate files can be merged as they are.
    """
    p = Path(path) if path is not None else default_claims_path()
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise CatalogError(f"cannot read claim registry: {exc.strerror or exc}", p,
                           fix="pass --registry FILE with columns " + ",".join(REGISTRY_COLUMNS))
    try:
        text = data.decode("utf-8-sig")  # Excel writes a BOM
    except UnicodeDecodeError as exc:
        raise CatalogError(f"not UTF-8 text ({exc.reason} at byte {exc.start})", p,
                           fix="save the registry as UTF-8 CSV")
    reader = csv.reader(io.StringIO(text, newline=""))
    problems: list[Problem] = []
    claims: list[Claim] = []
    seen: dict[str, int] = {}
    cols: dict[str, int] | None = None
    start = 1
    try:
        for row in reader:
            line, start = start, reader.line_num + 1
            if cols is None:
                names = [c.strip().lower() for c in row]
                missing = [c for c in REGISTRY_COLUMNS if c not in names]
                if missing:
                    raise CatalogError(f"bad header: missing column(s) {', '.join(missing)}", p, 1,
                                       fix="the first line must be: " + ",".join(REGISTRY_COLUMNS))
                cols = {c: names.index(c) for c in REGISTRY_COLUMNS}
                continue
            if not any(c.strip() for c in row) or row[0].lstrip().startswith("#"):
                continue  # blank lines and # comments
            f = {c: (row[i].strip() if i < len(row) else "") for c, i in cols.items()}
            problem = _check_row(f, seen)
            if problem:
                reason, fix = problem
                if strict:
                    raise CatalogError(reason, p, line, fix)
                problems.append(Problem(str(p), line, reason, fix))
                continue
            seen[f["claim_id"]] = line
            claims.append(Claim(f["claim_id"], f["statement"], f["description"],
                                _split_list(f["key_terms"]), _split_list(f["exemplars"]),
                                str(p), line))
    except csv.Error as exc:
        raise CatalogError(f"unreadable CSV: {exc}", p, reader.line_num,
                           fix="check the double quotes on this line")
    if cols is None:
        raise CatalogError("empty claim registry", p, fix="add the header " + ",".join(REGISTRY_COLUMNS))
    return Claims(tuple(claims), str(p), hashlib.sha256(data).hexdigest()[:12], tuple(problems))


def _check_row(f: dict[str, str], seen: dict[str, int]) -> tuple[str, str] | None:
    """Return ``(reason, fix)`` when a registry row is unusable, else None."""
    cid = f["claim_id"]
    if not cid:
        return "empty claim_id", "give the claim an id such as `nk_troops`"
    if not _ID_RE.fullmatch(cid):
        return (f"claim_id {cid!r} is not a lower-case identifier",
                "use lower-case letters, digits and underscores, starting with a letter")
    if cid in seen:
        return (f"duplicate claim_id {cid!r} (first defined on line {seen[cid]})",
                "merge the two rows or rename one")
    if not f["statement"]:
        return "empty statement", "write the claim as one plain sentence"
    keys, exs = _split_list(f["key_terms"]), _split_list(f["exemplars"])
    if not keys and not exs:
        return ("no key_terms and no exemplars: nothing to match sentences with",
                "add key terms and a few example sentences, separated by |")
    for k in keys:
        if not phrase_key(k):
            return (f"key term {k!r} has no word left after stop-word removal",
                    "use content words (e.g. `troops` rather than `them`)")
    return None

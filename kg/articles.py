"""Reading article files and separating the article from its wrapping.

A news file carries more than the article: a dateline ("NURSULTAN, KOMPAS.TV -")
that names the place and the publisher, navigation and promotion lines ("Baca
Juga: ...") whose names must never become entities, and attribution lines
("Sumber : Reuters") that name the wire source. `read_article` keeps the content,
records the metadata, and remembers where every kept character came from so that
evidence offsets point into the original file.

What the text cannot say (the page's URL, its date, a headline a scraper kept apart) may
come in a front-matter block at the top of the file (``---`` lines around ``key: value``
lines) or in a sidecar ``NAME.json`` beside ``NAME.txt``; see `METADATA_KEYS`.
"""

from __future__ import annotations

import bisect
import errno
import hashlib
import json
import os
import re
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from pathlib import Path

from kg import lexicon

#: a dateline ends at the first spaced dash: "PLACE, OUTLET - ", "Outlet.id - ", "Place (ANTARA) - "
DATELINE = re.compile(r"^(?P<dl>[^\n]{2,80}?)\s*(?:\s[-–—]{1,2}|[-–—]{2})\s+(?=\S)")
#: how many lines a page may put before its dateline (headline, photo, caption, credit, date)
HEAD_LINES = 6
DOMAIN = re.compile(r"\.(?:com|id|co\.id|co|tv|net|org|news)\b", re.I)


class ArticleError(Exception):
    """An input that cannot be read as an article; the message names the file and the problem."""

    def __init__(self, path: Path, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem

    def __reduce__(self):  # raised in a worker process, it reaches the build as itself
        return (type(self), (self.path, self.problem))


#: The most bytes read from one file: a larger file is skipped, named with its size.
MAX_FILE_BYTES = 4 * 1024 * 1024
#: The longest article text read (spaCy's `Language.max_length`): a longer one is skipped.
MAX_TEXT_CHARS = 1_000_000


@dataclass
class Article:
    """One input document: its cleaned text, where that text came from, and its metadata."""

    id: str
    path: Path
    raw: str
    text: str
    #: (start in text, start in raw) for each kept run of characters, in order
    segments: list[tuple[int, int]] = field(default_factory=list)
    publisher: str | None = None
    dateline_place: str | None = None
    agencies: list[str] = field(default_factory=list)
    dropped_lines: list[str] = field(default_factory=list)
    #: a date line of the page ("Kompas.com - 13/01/2022, 10:00 WIB"), when the file has one
    published: date | None = None
    #: the line before the dateline, when there is one
    headline: str | None = None
    #: the article's own date: read from its text, or borrowed from a related article
    date: date | None = None
    date_borrowed_from: str | None = None
    #: (start in raw, start in the file) after each character `raw` leaves out of the file
    #: (a byte-order mark, the CR of CRLF, invisible characters); empty when raw is the file
    file_shifts: list[tuple[int, int]] = field(default_factory=list)
    #: SHA-256 of the file's bytes (None for articles made in memory: then of `raw`)
    file_sha256: str | None = None
    #: the page the article was published at, when front matter or a sidecar gives it
    url: str | None = None
    #: the text was released (`release_text`): `opened` reads it again from the file
    released: bool = False

    @property
    def sha256(self) -> str:
        return self.file_sha256 or hashlib.sha256(self.raw.encode("utf-8")).hexdigest()

    def release_text(self) -> None:
        """Forget the text (a build keeps only the metadata of its articles, so its memory does not grow
        by every article's text); the hash stays, and `opened` reads the text again from the file."""
        self.file_sha256 = self.sha256
        self.raw = self.text = ""
        self.segments, self.file_shifts = [], []
        self.released = True

    def loaded(self) -> Article:
        """This article holding its text: itself, or a copy with the text read again from the file, for a
        task sent to another process or machine (which then needs no access to the input files)."""
        if not self.released:
            return self
        with self.opened() as article:
            return replace(article)

    @contextmanager
    def opened(self) -> Iterator[Article]:
        """The article with its text for the length of a block: a released text is read again from its
        file (an ArticleError when the file no longer holds the same bytes) and released after the block."""
        if not self.released:
            yield self
            return
        again = read_article(self.path, self.id)
        if again.sha256 != self.file_sha256:
            raise ArticleError(self.path, "changed while it was being built (its bytes are not the ones read "
                                          "at the start); nothing was switched: build again")
        self.raw, self.text, self.segments, self.file_shifts = again.raw, again.text, again.segments, \
            again.file_shifts
        self.released = False
        try:
            yield self
        finally:
            self.release_text()

    def raw_offset(self, pos: int) -> int:
        """Map an offset in the cleaned text to the same character in the file as written.

        Offsets count the characters of the file's bytes decoded as UTF-8 with nothing
        translated: a byte-order mark is a character, CRLF two, invisible characters count.
        """
        starts = [s for s, _ in self.segments]
        i = max(bisect.bisect_right(starts, pos) - 1, 0)
        text_start, raw_start = self.segments[i]
        return file_offset(self.file_shifts, raw_start + (pos - text_start))


    def file_runs(self) -> list[tuple[int, int]]:
        """(start in the text, start in the file) wherever the text stops running on in the file:
        each kept run, and inside one each character the reading left out (a CR, an invisible one).
        A text offset maps to the file through the last pair at or before it (kg:textOffsets)."""
        out: list[tuple[int, int]] = []
        ends = [s for s, _ in self.segments[1:]] + [len(self.text)]
        for (text_start, raw_start), text_end in zip(self.segments, ends, strict=True):
            out.append((text_start, file_offset(self.file_shifts, raw_start)))
            raw_end = raw_start + (text_end - text_start)
            for norm, file in self.file_shifts:
                if raw_start < norm < raw_end:
                    out.append((text_start + (norm - raw_start), file))
        return out


@dataclass(frozen=True)
class FileText:
    """A file's text for reading (`text`), and how its offsets map back into the file as written."""

    text: str
    shifts: list[tuple[int, int]]
    sha256: str


def file_offset(shifts: list[tuple[int, int]], pos: int) -> int:
    """The file position of position `pos` of the normalised text (see `normalise`)."""
    if not shifts:
        return pos
    i = bisect.bisect_right(shifts, (pos, float("inf"))) - 1
    if i < 0:
        return pos
    norm_start, file_start = shifts[i]
    return file_start + (pos - norm_start)


@lru_cache(maxsize=1)
def _invisible() -> re.Pattern[str]:
    chars = "".join(chr(int(cp.removeprefix("U+"), 16)) for cp, *_ in lexicon.rows("invisible_characters.tsv"))
    return re.compile(f"\r(?=\n)|[{re.escape(chars)}]+")


def normalise(source: str) -> tuple[str, list[tuple[int, int]]]:
    """The text to read (CRLF and CR as LF, no BOM or invisible characters) and its shifts.

    Each shift (start in text, start in source) marks where the two drift apart, so
    `file_offset` maps any text position back to the source's.
    """
    parts: list[str] = []
    shifts: list[tuple[int, int]] = []
    last = removed = 0
    for m in _invisible().finditer(source):
        parts.append(source[last:m.start()])
        removed += m.end() - m.start()
        last = m.end()
        shifts.append((m.end() - removed, m.end()))
    if not shifts:
        return source.replace("\r", "\n"), []
    parts.append(source[last:])
    return "".join(parts).replace("\r", "\n"), shifts


_KINDS = ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder"))


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def link_problem(path: Path) -> str | None:
    """Why a symbolic link leads nowhere (dangling, or a loop), or None when it leads somewhere."""
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "is a symbolic link that loops (it leads back to itself)"
        try:
            target = os.readlink(path)
        except OSError:
            target = "?"
        return f"is a dangling symbolic link (its target {target} does not exist)"
    return None


def read_bytes(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """A regular file's bytes, at most `limit` of them; anything else is an ArticleError saying what it is.

    FIFOs, devices and sockets are refused before they are opened for reading (a FIFO
    would block, /dev/zero never ends), and the size is checked before reading.
    """
    if path.is_symlink() and (problem := link_problem(path)):
        raise ArticleError(path, problem)
    try:
        st = os.stat(path)
    except OSError as exc:
        raise ArticleError(path, f"cannot be read ({exc.strerror or exc})") from exc
    if not stat.S_ISREG(st.st_mode):
        raise ArticleError(path, f"is {_kind(st.st_mode)}, not a regular file; articles are plain .txt files")
    if st.st_size > limit:
        raise ArticleError(path, _too_large(st.st_size, limit))
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
    except OSError as exc:
        raise ArticleError(path, f"cannot be read ({exc.strerror or exc})") from exc
    try:
        st = os.fstat(fd)  # the file opened may not be the one looked at
        if not stat.S_ISREG(st.st_mode):
            raise ArticleError(path, f"is {_kind(st.st_mode)}, not a regular file; articles are plain .txt files")
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise ArticleError(path, f"cannot be read ({exc.strerror or exc})") from exc
    finally:
        os.close(fd)
    if size > limit:
        raise ArticleError(path, _too_large(max(size, st.st_size), limit))
    return b"".join(chunks)


def _too_large(size: int, limit: int) -> str:
    return (f"is {size:,} bytes, more than the {limit:,} an article may have; skipped "
            "(split it, one article per file)")


#: control characters other than the line and page breaks and the tab: many of them mean a binary file
CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


def decode(path: Path) -> FileText:
    """The file's text, or an ArticleError saying exactly why it is not a UTF-8 text article."""
    data = read_bytes(path)
    if not data.strip():
        raise ArticleError(path, "is empty")
    if b"\x00" in data:
        raise ArticleError(path, f"is a binary file (a NUL byte at offset {data.index(0)}), not UTF-8 plain text")
    try:
        source = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ArticleError(
            path,
            f"is not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "convert it first, e.g. `iconv -f latin1 -t utf-8`",
        ) from exc
    controls = len(CONTROLS.findall(source))
    if controls > max(8, len(source) // 100):
        raise ArticleError(path, "looks binary (many control characters), not plain text")
    text, shifts = normalise(source)
    if not re.search(r"\w{2,}", text):
        raise ArticleError(path, "has no words")
    return FileText(text, shifts, hashlib.sha256(data).hexdigest())


@lexicon.loader
def boilerplate_rules(name: str = "boilerplate.tsv") -> tuple[re.Pattern[str], list[tuple[str, re.Pattern[str]]]]:
    """The rules of the data file, compiled once per process, and one pattern matching where any of them does:
    most lines of an article are text that no rule matches, told so by one match instead of one per rule."""
    rules = [(kind, re.compile(rx, re.I)) for kind, rx in lexicon.rows(name)]
    anonymous = (re.sub(r"\(\?P<\w+>", "(?:", rx.pattern) for _, rx in rules)  # group names repeat across rules
    return re.compile("|".join(f"(?:{rx})" for rx in anonymous), re.I), rules


def boilerplate_kind(line: str) -> tuple[str | None, re.Match[str] | None]:
    """The kind of the first rule that matches the whole stripped line, and its match (None, None: text)."""
    any_rule, rules = boilerplate_rules()
    if not any_rule.match(line):
        return None, None
    return next(((k, m) for k, rx in rules if (m := rx.match(line))), (None, None))


#: What front matter and sidecars may say: key -> what the value must be.
METADATA_KEYS = {
    "headline": "the article's headline",
    "title": "the article's headline (another name for headline)",
    "url": "the page's address, http:// or https://",
    "date": "the publication date, YYYY-MM-DD",
    "publisher": "the outlet's name",
}
FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<body>(?:.*\n)*?)---[ \t]*(?:\n|\Z)")


def read_metadata(path: Path, raw: str) -> tuple[dict[str, str], int]:
    """The front matter's and the sidecar's fields (the front matter wins), and where the text starts.

    Raises ArticleError naming the file, field and problem for anything it cannot use.
    """
    fields: dict[str, str] = {}
    origin: dict[str, Path] = {}
    sidecar = path.with_suffix(".json")
    if sidecar.is_file():
        try:
            data = json.loads(sidecar.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ArticleError(sidecar, f"is not a readable JSON sidecar ({exc})") from exc
        if not isinstance(data, dict):
            raise ArticleError(sidecar, "must hold one JSON object of metadata fields")
        for key, value in data.items():
            if not isinstance(value, str):
                raise ArticleError(sidecar, f"field {key!r} must be a string, not {type(value).__name__}")
            k = _metadata_key(sidecar, key)
            fields[k], origin[k] = value.strip(), sidecar
    start = 0
    m = FRONT_MATTER.match(raw)
    if m:
        start = m.end()
        for n, line in enumerate(m.group("body").splitlines(), 2):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            key, sep, value = line.partition(":")
            if not sep:
                raise ArticleError(path, f"front matter line {n} is not 'key: value': {line.strip()!r}")
            k = _metadata_key(path, key.strip(), n)
            fields[k], origin[k] = value.strip().strip("\"'"), path
    for k, value in fields.items():
        _check_field(origin[k], k, value)
    return fields, start


def _metadata_key(path: Path, key: str, line: int | None = None) -> str:
    k = key.lower()
    if k not in METADATA_KEYS:
        where = f"front matter line {line}" if line else "the sidecar"
        raise ArticleError(path, f"{where} has an unknown field {key!r}; known fields: {', '.join(METADATA_KEYS)}")
    return "headline" if k == "title" else k


def _check_field(path: Path, key: str, value: str) -> None:
    if key == "url" and not re.fullmatch(r"https?://[^\s<>\"]+", value):
        raise ArticleError(path, f"url {value!r} is not an http:// or https:// address")
    if key == "date":
        try:
            date.fromisoformat(value)
        except ValueError as exc:
            raise ArticleError(path, f"date {value!r} is not a date in the form YYYY-MM-DD") from exc


def read_article(path: Path, article_id: str | None = None) -> Article:
    """Read one article file: decode, drop wrapping lines, read the dateline."""
    decoded = decode(path)
    raw = decoded.text
    article = Article(id=article_id or path.stem, path=path, raw=raw, text="", file_shifts=decoded.shifts,
                      file_sha256=decoded.sha256)
    meta, text_start = read_metadata(path, raw)
    parts: list[str] = []
    pos = 0
    kept_lines = 0
    seen_dateline = False
    related = False  # inside a list of other articles' headlines under "Baca Juga"
    for line_match in re.finditer(r"[^\n]+", raw):
        if line_match.start() < text_start:
            continue  # the front matter: metadata, read above
        line = line_match.group()
        start = line_match.start() + (len(line) - len(line.lstrip()))
        stripped = line.strip()
        if not stripped:
            continue
        stamp = _date_line(stripped) if kept_lines < HEAD_LINES else None
        kind, match = ("byline", None) if stamp else boilerplate_kind(stripped)
        related = kind == "related" or (related and kind is None and _listed_headline(stripped))
        if related:
            article.dropped_lines.append(stripped)
            continue
        if kind is None and kept_lines < HEAD_LINES and not seen_dateline and (outlet := _author_credit(stripped)):
            kind = "byline"  # "Ahmad Fauzan - detikNews": the author and the outlet, not a dateline
            article.publisher = article.publisher or outlet
        if kind == "byline":
            # "Reporter : X | Sabtu, 16 Desember 2023 08:05", "kumparanNEWS · waktu baca 2 menit": the page's
            # credits and date; among the first lines, what came before them is the headline
            article.published = article.published or stamp or (
                _date_in(stripped) if kept_lines < HEAD_LINES else None)
            article.dropped_lines.append(stripped)
            if kept_lines < HEAD_LINES and not seen_dateline and article.headline is None and _headline_like(parts):
                # a date among the captions dropped with the headline still dates the page
                article.published = article.published or next(
                    (d for p in parts[1:] if p != "\n" and (d := _date_in(p))), None)
                article.headline = parts[0]
                # an outlet's name on a line of its own between headline and byline ("kumparanNEWS") publishes it
                article.publisher = article.publisher or next(
                    (p for p in parts[1:] if p != "\n" and _outlet(p)), None)
                parts, article.segments, pos = [], [], 0
            continue
        if kind == "drop":
            article.dropped_lines.append(stripped)
            continue
        if kind == "agency" and match is not None:
            first, *after = match.group("agency").split("/")
            names = [a.strip() for a in re.split(r"[,;]", first) if a.strip()]
            # "Foto: Katadata/Fauza Syahputra": after the outlet, its photographer, unless an outlet too ("AFP/Reuters")
            names += [n for part in after for a in re.split(r"[,;]", part) if _known_org(n := a.strip())]
            article.agencies.extend(n for n in names if _agency_like(n))
            article.dropped_lines.append(stripped)
            continue
        solo = re.fullmatch(r"(\S{2,30})\s*[-–—]{1,2}", stripped)
        if kept_lines < HEAD_LINES and not seen_dateline and solo:
            if _parse_dateline(article, solo.group(1)):  # "detikNews -" on a line of its own
                article.dropped_lines.append(stripped)
                if parts:  # as below: what came before it is the headline and its captions
                    article.headline = article.headline or parts[0]
                    parts, article.segments, pos = [], [], 0
                continue
        if kept_lines < HEAD_LINES and not seen_dateline:
            dl = DATELINE.match(stripped)
            if dl and _parse_dateline(article, dl.group("dl")):
                seen_dateline = True
                if parts:
                    # the lines before the dateline are the headline: metadata, not article text
                    article.headline = article.headline or parts[0]  # the first; the rest are captions, credits
                    parts, article.segments, pos = [], [], 0
                start += dl.end()
                stripped = stripped[dl.end():]
                if _outlet(stripped):  # "Jakarta - detikNews" on a line of its own: place and outlet, no text
                    article.publisher = article.publisher or stripped
                    article.dropped_lines.append(line.strip())
                    continue
        kept_lines += 1
        if parts:
            parts.append("\n")
            pos += 1
        article.segments.append((pos, start))
        parts.append(stripped)
        pos += len(stripped)
    article.text = "".join(parts)
    _apply_metadata(article, meta)
    if not article.text.strip():
        raise ArticleError(path, "has no article text once navigation and promotion lines are removed")
    if len(article.text) > MAX_TEXT_CHARS:
        raise ArticleError(path, f"has {len(article.text):,} characters of article text, more than the "
                                 f"{MAX_TEXT_CHARS:,} the pipeline reads at once; skipped (split it into "
                                 "several files)")
    return article


def _apply_metadata(article: Article, meta: dict[str, str]) -> None:
    """What the front matter or sidecar says wins over what was read from the text."""
    if meta.get("headline"):
        article.headline = meta["headline"]
    if meta.get("url"):
        article.url = meta["url"]
    if meta.get("date"):
        article.published = date.fromisoformat(meta["date"])
    if meta.get("publisher"):
        article.publisher = meta["publisher"]


DATE_LINE = re.compile(
    r"^(?:[^|\n]{0,60}\|\s*)?(?:[\w. ]{2,30}?\s*[-–—|·•]\s*)?(?:[^\W\d_]+,?\s+)?"
    r"(?P<date>\d{1,2}[/ .-](?:\d{1,2}|\w+)[/ .-]\d{4})"
    r"(?:\s*[,|/·•–—-]?\s*(?:pukul\s*)?\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:WIB|WITA|WIT|GMT|UTC)?)?\s*$", re.I)


DATE_IN = re.compile(r"\b\d{1,2}[/ .-](?:\d{1,2}|[^\W\d_]{3,})[/ .-]\d{4}\b")
#: the lines before a byline are a headline (and its captions) only when they are this few
HEADLINE_LINES = 3


def _listed_headline(line: str) -> bool:
    """A line of a list of headlines: short, and not ending as a sentence or a quotation does."""
    return len(line.split()) <= RELATED_HEADLINE_WORDS and not line.endswith((".", "!", "?", "\"", "”", ":", ";"))


#: the most words of a headline listed under "Baca Juga"
RELATED_HEADLINE_WORDS = 20


def _headline_like(parts: list[str]) -> bool:
    """Whether the kept lines (`parts`, "\n" between them) are a headline and captions, not paragraphs.

    A headline is one short line that does not end as a sentence does ("Isi berita." is text that a
    closing "Editor: X" credits); a caption or two may follow it.
    """
    lines = [p for p in parts if p != "\n"]
    if not lines or len(lines) > HEADLINE_LINES:
        return False
    first = lines[0]
    return (len(first) <= 200 and len(first.split()) >= 2 and not first.endswith((".", ",", ";", ":"))
            and all(len(line) <= 300 for line in lines))


def _date_in(line: str) -> date | None:
    """The first date written in a byline ("Diperbarui 12 Maret 2024, 14:05 WIB"), else None."""
    from kg.nlp.temporal import find_times

    for m in DATE_IN.finditer(line):
        found = [t.date for t in find_times(re.sub(r"[-.]", "/", m.group()), None) if t.date]
        if found:
            return found[0]
    return None


AUTHOR_CREDIT = re.compile(r"(?P<who>[^\W\d_][\w.'’-]*(?:\s+[^\W\d_][\w.'’-]*){1,3})\s*[-–—|,/]\s*"
                           r"(?P<outlet>[\w.]+(?:\s[\w.]+){0,2})")


def _author_credit(line: str) -> str | None:
    """The outlet of a credit line naming an author and the outlet ("Ahmad Fauzan - detikNews"), else None.

    A place before the outlet ("Jakarta - detikNews") is a dateline, not an author.
    """
    m = AUTHOR_CREDIT.fullmatch(line)
    if not m or not _outlet(m.group("outlet")):
        return None
    who = m.group("who")
    if not all(w[:1].isupper() for w in who.split()) or lexicon.countries()[0].get(who) \
            or lexicon.cities().get(lexicon.normkey(who)) or lexicon.regions().get(who):
        return None
    return m.group("outlet")


def _outlet(name: str) -> bool:
    """Whether `name` is a news outlet of kg/data/outlets.tsv ("detikNews", "Kompas.com")."""
    orgs, records = lexicon.organisations()
    key = orgs.get(name) or orgs.get(lexicon.outlet_key(name))
    return bool(key and records[key].outlet)


def _known_org(name: str) -> bool:
    """An organisation of kg/data/organisations.tsv or outlets.tsv, by name or outlet key."""
    orgs, _ = lexicon.organisations()
    return bool(orgs.get(name) or orgs.get(lexicon.outlet_key(name)))


def _agency_like(name: str) -> bool:
    """A credit names an outlet ("Reuters", "Antara Foto"), not a sentence ("Kenya Kirim Polisi ke Haiti")."""
    if _known_org(name):
        return True
    words = name.split()
    return len(words) <= 3 and all(w[:1].isupper() or not w[:1].isalpha() for w in words)


def _date_line(line: str) -> date | None:
    """The date of a line that only dates the page ("Senin, 15 April 2024 10:00 WIB")."""
    m = DATE_LINE.match(line)
    if not m:
        return None
    from kg.nlp.temporal import find_times

    found = [t.date for t in find_times(m.group("date").replace("-", "/").replace(".", "/"), None) if t.date]
    return found[0] if found else None


def _parse_dateline(article: Article, dateline: str) -> bool:
    """Read place and publisher from a dateline; False when the text is not a dateline at all."""
    if len(dateline.split()) > 7 or dateline.rstrip().endswith((".", ":", "?", "!")):
        return False
    paren = re.match(r"^(?P<a>[^()]+?)\s*\((?P<b>[^()]+)\)\s*$", dateline)
    parts = [paren.group("a"), paren.group("b")] if paren else [p.strip() for p in dateline.split(",")]
    orgs, _ = lexicon.organisations()
    place = publisher = None
    for part in parts:
        if not part:
            continue
        known = orgs.get(part) or orgs.get(lexicon.outlet_key(part))
        if publisher is None and (known or DOMAIN.search(part) or (paren and part == parts[1])):
            publisher = part
        elif place is None and re.fullmatch(r"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3}", part):
            place = _proper_case(part)
        else:
            return False
    if place is None and publisher is None:
        return False
    article.dateline_place = place or article.dateline_place
    article.publisher = publisher or article.publisher
    return True


def _proper_case(name: str) -> str:
    """'PORT-AU-PRINCE' -> a known spelling ('Port-au-Prince') or title case."""
    if not name.isupper():
        return name
    spelling = lexicon.city_spellings().get(lexicon.normkey(name))
    if spelling:
        return spelling
    return "-".join(w.capitalize() for w in name.title().split("-"))


def discover(paths: list[Path]) -> tuple[list[Path], list[str]]:
    """The .txt files under the given paths (sorted), and a message naming each path that gives none.

    Folders are walked following links to folders (each folder once, so a link back up
    is reported rather than followed forever); dangling and looping links and folders
    that cannot be read are reported by name, never skipped silently.
    """
    files: list[Path] = []
    problems: list[str] = []
    for p in paths:
        if p.is_symlink() and (problem := link_problem(p)):
            problems.append(f"{p}: {problem}")
        elif not p.exists():
            problems.append(f"{p}: no such file or folder")
        elif p.is_dir():
            found = sorted(_walk(p, problems, set()))
            if not found:
                problems.append(f"{p}: folder has no .txt articles")
            files.extend(found)
        elif p.suffix.lower() != ".txt":
            problems.append(f"{p}: not a .txt article (articles are UTF-8 plain-text .txt files)")
        else:
            files.append(p)  # read_bytes refuses what is not a regular file, naming what it is
    seen: set[Path] = set()
    unique = [f for f in files if not (f.resolve() in seen or seen.add(f.resolve()))]
    return unique, problems


def _walk(folder: Path, problems: list[str], seen: set[tuple[int, int]]) -> list[Path]:
    """The .txt entries under `folder`, reporting into `problems` what cannot be followed."""
    try:
        st = os.stat(folder)
        if (st.st_dev, st.st_ino) in seen:
            problems.append(f"{folder}: leads to a folder already read (a link loop, or a second way in); skipped")
            return []
        seen.add((st.st_dev, st.st_ino))
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        problems.append(f"{folder}: folder cannot be read ({exc.strerror or exc}); skipped")
        return []
    found: list[Path] = []
    for entry in entries:
        path = Path(entry.path)
        if entry.is_symlink() and (problem := link_problem(path)):
            problems.append(f"{path}: {problem}")
            continue
        try:
            is_dir = entry.is_dir()
        except OSError as exc:
            problems.append(f"{path}: cannot be read ({exc.strerror or exc}); skipped")
            continue
        if is_dir:
            found.extend(_walk(path, problems, seen))
        elif entry.name.lower().endswith(".txt"):
            found.append(path)
    return found

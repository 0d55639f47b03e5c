"""Read a CSV file in chunks of text columns, turning unreadable files into clear problems."""

from __future__ import annotations

import queue
import re
import threading
from collections.abc import Callable, Iterable, Iterator

import pandas as pd

from app.ingestion.imports.report import FileProblem

CHUNK_ROWS = 100_000
#: How long a read-ahead worker waits for room before checking whether it was abandoned.
POLL_SECONDS = 0.1


class CountingReader:
    """A binary stream that reports how many bytes were read (for the progress bar)."""

    def __init__(self, stream, on_read: Callable[[int], None] | None):
        self.stream, self.on_read = stream, on_read

    def read(self, size: int = -1) -> bytes:
        """Read like the wrapped stream, reporting the byte count."""
        data = self.stream.read(size)
        if self.on_read is not None:
            self.on_read(len(data))
        return data

    def __iter__(self):
        return iter(self.stream)


def _problem(exc: Exception) -> FileProblem:
    if isinstance(exc, UnicodeDecodeError):
        return FileProblem(
            f"the file is not UTF-8 text (byte 0x{exc.object[exc.start]:02x} cannot be "
            "decoded); save it as CSV UTF-8"
        )
    if isinstance(exc, pd.errors.EmptyDataError):
        return FileProblem("the file is empty; the first line must name the columns")
    text = str(exc).replace("Error tokenizing data. C error: ", "")
    line = re.search(r"line (\d+)|row (\d+)", text)
    row = int(line.group(1) or int(line.group(2)) + 1) if line else None
    return FileProblem(f"the file cannot be parsed: {text} (check quotes and delimiters)", row)


def read_chunks(
    stream, columns: tuple, required: tuple, on_read=None, chunk_rows: int = CHUNK_ROWS
) -> Iterator[pd.DataFrame]:
    """Yield chunks of the file as text (object columns of ``str``); the header is checked
    against ``columns``."""
    try:
        reader = pd.read_csv(
            CountingReader(stream, on_read),
            # Plain object columns of str: pandas' own string dtype would check every cell again.
            dtype=object,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,
            encoding="utf-8-sig",
            chunksize=chunk_rows,
        )
        first = True
        for chunk in reader:
            if first:
                _check_header(list(chunk.columns), columns, required)
                first = False
            # Blank lines are kept while parsing so row numbers match the file; drop them now.
            maybe = chunk.iloc[:, 0] == ""
            if maybe.any():
                blank = maybe & (chunk[maybe.to_numpy()] == "").all(axis=1).reindex(
                    chunk.index, fill_value=False
                )
                chunk = chunk[~blank]
            yield chunk
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise _problem(exc) from exc


def _check_header(header: list[str], columns: tuple, required: tuple) -> None:
    missing = [c for c in required if c not in header]
    if missing:
        raise FileProblem(
            f"missing required column(s): {', '.join(missing)}", 1, ", ".join(missing)
        )
    unknown = [c for c in header if c not in columns]
    if unknown:
        raise FileProblem(
            f"unknown column(s): {', '.join(unknown)}; allowed: {', '.join(columns)}",
            1,
            ", ".join(unknown),
        )


class _Failure:
    def __init__(self, error: BaseException):
        self.error = error


_DONE = object()


def read_ahead(items: Iterable, depth: int = 1) -> Iterator:
    """Iterate ``items`` in a worker thread, at most ``depth`` items ahead of the caller.

    Parsing and checking the next chunk then overlaps with writing this one (pandas' parser
    and SQLite release the GIL for much of their work). An error in the worker is raised in
    the caller; a caller that stops early makes the worker stop too.
    """
    handoff: queue.Queue = queue.Queue(maxsize=depth)
    abandoned = threading.Event()

    def offer(item) -> bool:
        while not abandoned.is_set():
            try:
                handoff.put(item, timeout=POLL_SECONDS)
                return True
            except queue.Full:
                continue
        return False

    def work() -> None:
        try:
            for item in items:
                if not offer(item):
                    return
            offer(_DONE)
        except BaseException as error:  # the caller raises it
            offer(_Failure(error))

    worker = threading.Thread(target=work, name="csv-read-ahead", daemon=True)
    worker.start()
    try:
        while True:
            item = handoff.get()
            if item is _DONE:
                return
            if isinstance(item, _Failure):
                raise item.error
            yield item
    finally:
        abandoned.set()
        worker.join()

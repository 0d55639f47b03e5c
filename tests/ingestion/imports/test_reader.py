"""Reading ahead in a worker thread: items in order, errors raised in the caller, early stops."""

import threading

import pytest

from app.ingestion.imports.reader import read_ahead


def test_items_arrive_in_order():
    assert list(read_ahead(iter(range(50)), depth=2)) == list(range(50))


def test_an_error_in_the_worker_is_raised_in_the_caller_after_the_good_items():
    def items():
        yield 1
        yield 2
        raise ValueError("row 3 is broken")

    seen = []
    with pytest.raises(ValueError, match="row 3"):
        for item in read_ahead(items()):
            seen.append(item)
    assert seen == [1, 2]


def test_a_caller_that_stops_early_stops_the_worker():
    produced = []

    def items():
        for i in range(1000):
            produced.append(i)
            yield i

    ahead = read_ahead(items())
    assert next(ahead) == 0
    ahead.close()
    assert len(produced) <= 3
    assert not any(t.name == "csv-read-ahead" for t in threading.enumerate())

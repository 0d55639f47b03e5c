from app.messaging.ratelimit import RateLimiter


class FakeTime:
    def __init__(self):
        self.now = 0.0
        self.slept = []

    def monotonic(self):
        return self.now

    def sleep(self, seconds):
        self.slept.append(round(seconds, 3))
        self.now += seconds


def test_bucket_paces_to_the_rate_without_real_waiting():
    t = FakeTime()
    limiter = RateLimiter(10, t.monotonic, t.sleep)
    sent = 0
    while sent < 35:
        sent += limiter.take(35 - sent)
    assert sent == 35
    assert 2.4 <= t.now <= 2.6  # 10 in the first burst, then 10 per second


def test_no_rate_means_no_waiting():
    t = FakeTime()
    assert RateLimiter(None, t.monotonic, t.sleep).take(1000) == 1000 and t.slept == []

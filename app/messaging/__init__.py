"""Messages: templates with sandboxed rendering, the outbox, send rules, the dispatcher and
one provider module per channel (``app.messaging.providers``).

The engine calls :func:`app.messaging.outbox.enqueue_messages` inside its own transaction.
"""

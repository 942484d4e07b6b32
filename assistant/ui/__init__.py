"""The Gradio chat UI: a thin adapter over :class:`assistant.Assistant`.

``render`` and ``session`` are plain Python (no Gradio import); ``app`` builds the Blocks,
``api`` registers the named API endpoints, ``server`` launches it and ``cli`` is ``assistant serve``.
"""

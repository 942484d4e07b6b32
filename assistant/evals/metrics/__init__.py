"""Eval metrics: one small unit each, typed input and output, scores computed in plain Python.

Undefined values (a rate over zero questions) are ``None`` and shown as "n/a", never NaN.
"""

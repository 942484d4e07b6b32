"""Is each sentence of an answer supported by the passages it cites? (Used by answers and evals.)"""

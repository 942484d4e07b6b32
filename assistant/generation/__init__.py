"""Answer generators: they turn a question and retrieved passages into a cited Answer."""

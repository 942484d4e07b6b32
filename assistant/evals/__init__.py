"""The eval suite: question sets, metrics, runs, reports (``assistant eval``)."""

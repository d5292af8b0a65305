"""Stage 3, score and aggregate: signals, claims, contrasts, distinctive terms, credibility, provenance, evaluation."""

"""The numeric check: NumPy source for a result, evaluation, finite differences."""

"""The derivation engine: differential, trace tricks, chain rule, Jacobians, simplification."""

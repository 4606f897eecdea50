"""gradplot's tests: a package, so ``tests.packaging`` never shadows the ``packaging`` library."""

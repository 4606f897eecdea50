"""What comes into gradplot and goes out of it: files, the command line, CSV.

No Qt (an import-linter contract and a headless test keep it so); the data it reads
and writes are the plain dataclasses of :mod:`gradplot.model.session`.

- :mod:`~gradplot.io.schema`: the ``.gradplot`` JSON format, its strict reader and writer
- :mod:`~gradplot.io.storage`: reading regular files only, atomic saves and their refusals
- :mod:`~gradplot.io.autosave`: the autosave slot and crash recovery
- :mod:`~gradplot.io.recent`: the recent-files list
- :mod:`~gradplot.io.arguments`: the command line the window, ``eval`` and ``render`` share
- :mod:`~gradplot.io.csv`: a result as CSV
- :mod:`~gradplot.io.errors`: the errors above, and a failed evaluation as terminal text
"""

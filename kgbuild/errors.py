"""The one error family users can cause. Only the CLI turns these into messages and exit codes."""


class KgbuildError(Exception):
    """Base class: a problem with the user's input, not a bug."""

    exit_code = 1


class ReportReadError(KgbuildError):
    """A report file could not be read or decoded."""

    def __init__(self, path, reason):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class ManifestError(KgbuildError):
    """A manifest line is malformed."""

    def __init__(self, path, line, reason):
        self.path = str(path)
        self.line = line
        super().__init__(f"{self.path}:{line}: {reason}")


class LexiconError(KgbuildError):
    """A lexicon or vocabulary data file is malformed."""


class StoreError(KgbuildError):
    """The store cannot be opened or written (busy, missing, corrupt)."""


class QueryError(KgbuildError):
    """A SPARQL query is invalid or failed."""


class QueryTimeout(KgbuildError):
    """A query ran past its time limit and was stopped."""

    exit_code = 5


class Interrupted(KgbuildError):
    """The user pressed Ctrl-C (SIGINT): the work was stopped. 130 is the shells' code for it."""

    exit_code = 130

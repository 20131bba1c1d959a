"""Named exceptions of the summarizer."""


class SummarizerError(ValueError):
    """Base class: input the summarizer cannot turn into a summary."""


class EmptyTextError(SummarizerError):
    """The input holds no readable text."""


class BinaryInputError(SummarizerError):
    """The input looks like binary data, not text."""


class UnknownAlgorithmError(SummarizerError):
    """The requested ranking algorithm does not exist."""

"""Package data of the summarizer: abbreviation and boilerplate phrase lists."""

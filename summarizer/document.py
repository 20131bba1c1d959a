"""The parsed article: sentences with their paragraphs and word tokens, parsed once."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Callable

import summarizer.nltk_lean  # noqa: F401 - first: loads nltk without scipy.stats
from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence

from summarizer.language import stemmer, stop_words
from summarizer.tokenize import SumyTokenizer, split_paragraph, split_paragraphs, words

_CJK_SENTENCE = re.compile(r"[^。！？!?]+[。！？!?]*")


@dataclass
class Document:
    """Sentences in article order, each with its paragraph index, plus title and language."""

    sentences: list[str]
    paragraph_of: list[int]
    title: str | None = None
    language: str = "english"
    _words: dict[int, tuple[str, ...]] = field(default_factory=dict, repr=False)

    def __len__(self) -> int:
        return len(self.sentences)

    def head(self, count: int) -> "Document":
        """The same document cut to its first count sentences (self when it is not longer)."""
        if len(self.sentences) <= count:
            return self
        return Document(self.sentences[:count], self.paragraph_of[:count], self.title, self.language)

    def words(self, index: int) -> tuple[str, ...]:
        """Word tokens of one sentence (cached)."""
        if index not in self._words:
            self._words[index] = words(self.sentences[index])
        return self._words[index]

    @cached_property
    def stemmer(self) -> Callable[[str], str]:
        """sumy's stemmer for the document language."""
        return stemmer(self.language)

    @cached_property
    def stop_words(self) -> frozenset[str]:
        """sumy's stop words for the document language."""
        return stop_words(self.language)

    @cached_property
    def sumy_document(self) -> ObjectDocumentModel:
        """The same document as sumy's model (title as a heading of the first paragraph)."""
        tokenizer = SumyTokenizer(self.language)
        paragraphs: list[list[Sentence]] = []
        if self.title:
            paragraphs.append([Sentence(self.title, tokenizer, is_heading=True)])
        last = None
        for text, para in zip(self.sentences, self.paragraph_of):
            if para != last or not paragraphs:
                paragraphs.append([])
                last = para
            paragraphs[-1].append(Sentence(text, tokenizer))
        return ObjectDocumentModel(Paragraph(p) for p in paragraphs)


def parse_document(text: str, *, title: str | None = None, language: str = "english",
                   max_sentences: int | None = None) -> Document:
    """Split cleaned text into a Document, keeping at most max_sentences sentences."""
    sentences: list[str] = []
    paragraph_of: list[int] = []
    for index, paragraph in enumerate(split_paragraphs(text)):
        parts = _split_cjk(paragraph) if language in ("chinese", "japanese") else split_paragraph(paragraph)
        for sent in parts:
            sentences.append(sent)
            paragraph_of.append(index)
        if max_sentences is not None and len(sentences) >= max_sentences:
            del sentences[max_sentences:], paragraph_of[max_sentences:]
            break
    return Document(sentences, paragraph_of, title=title, language=language)


def _split_cjk(paragraph: str) -> list[str]:
    return [m.group(0).strip() for m in _CJK_SENTENCE.finditer(paragraph) if m.group(0).strip()]

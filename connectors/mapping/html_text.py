"""Mastodon's HTML post bodies as the plain text the classifier reads: the one converter.

The API connector and the archive importer both use it, so the same post gives the
same text. Evidence offsets point into this text, so it must be what a reader sees:
entities decoded, tags gone, a line break for `<br>` and for each list item (line
structure carries meaning: a list of names, a signature line), and a blank line
between paragraphs, quotes and lists. A link keeps all its text, the parts Mastodon
hides with CSS too, so a shortened link reads as the full URL. The standard library
parser is enough for the small, sanitised HTML Mastodon servers emit.
"""

from __future__ import annotations

from html.parser import HTMLParser

_BLOCKS = frozenset({"p", "blockquote", "pre", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6"})


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")
        elif tag == "li":
            self._break(1)
        elif tag in _BLOCKS:
            self._break(2)

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS:
            self._break(2)

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def _break(self, lines: int) -> None:
        text = "".join(self.parts)
        if text and not text.endswith("\n" * lines):
            self.parts.append("\n" * (lines - (len(text) - len(text.rstrip("\n")))))


def html_to_text(html: str) -> str:
    """Plain text of an HTML fragment, paragraphs separated by one blank line."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    return "".join(collector.parts).strip()

"""Mastodon's HTML content as the plain text people read, line breaks kept.

The classifier works on text and its evidence offsets point into it, so tags are dropped
and entities decoded; paragraphs become blank lines and <br> a line break, because
line structure carries meaning (a list of names, a signature line).
"""

from __future__ import annotations

from html.parser import HTMLParser

_BLOCKS = frozenset({"p", "blockquote", "pre", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6"})
_LINES = frozenset({"br", "li"})


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _LINES:
            self.parts.append("\n")
        elif tag in _BLOCKS and self.parts:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_to_text(html: str) -> str:
    """Plain text of an HTML fragment."""
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return "".join(collector.parts).strip()

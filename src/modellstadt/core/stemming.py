"""German word stems for search without PostgreSQL: "Ladesäulen" -> "ladesaul".

Each query word is reduced to its Snowball German stem (snowballstemmer) and turned into an
umlaut-tolerant regular expression, so plural and inflected forms still find each other in text that
keeps its umlauts and ß. Used by the portal search and by the similar-ideas hint.
"""

import re

import snowballstemmer

_stemmer = snowballstemmer.stemmer("german")
_WORD = re.compile(r"\w+", re.UNICODE)
_UMLAUT_CLASSES = {"a": "[aä]", "o": "[oö]", "u": "[uü]"}


def stems(query):
    """The stems of the first ten words of ``query``."""
    return [_stemmer.stemWord(word.lower()) for word in _WORD.findall(query)][:10]


def stem_pattern(stem):
    """A regular expression matching a Snowball stem in text that still has its umlauts and ß."""
    pattern = re.escape(stem).replace("ss", "(?:ss|ß)")
    return "".join(_UMLAUT_CLASSES.get(ch, ch) for ch in pattern)

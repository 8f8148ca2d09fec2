"""German text preparation for the assistant: umlaut folding, word stems, and the mapping back.

Everything here is deterministic and local: the German Snowball stemmer (snowballstemmer) and
a stop-word list in this file. Nothing is downloaded.

Umlauts are folded to their two-letter spelling before stemming ("Ladesäule" and "Ladesaeule"
give the same stem), because people type both. ``analyse`` returns the stems of a text and
remembers, for each stem, the first word it came from, so an explanation can show the words
the person actually wrote.
"""

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

# Long texts are cut here: enough for any real idea, and it keeps one suggestion fast even for
# a 20,000-character paste.
MAX_CHARS = 5000

_WORD = re.compile(r"[^\W\d_]{2,}|\d{3,}", re.UNICODE)
_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "é": "e", "è": "e"})

GERMAN_STOPWORDS = frozenset(
    """
    aber alle allem allen aller alles als also am an ander andere anderen anderer anderes auch auf aus bei
    beim bin bis bisher bitte bzw da dabei dadurch dafuer dagegen daher damit dann darauf darf darum das dass
    dein deine dem den denen denn der deren des deshalb dessen die dies diese diesem diesen dieser dieses doch
    dort du durch eher ein eine einem einen einer eines einfach einige einmal er es etwa etwas euch euer fuer
    gab ganz gar gibt gibts gern gerne ging habe haben hat hatte hier hin ich ihm ihn ihnen ihr ihre ihrem ihren
    ihrer im immer in ins ist ja je jede jedem jeden jeder jedes jetzt kann kein keine keinen koennen koennte
    koennten man mehr mein meine mich mir mit muss muessen nach nicht nichts noch nun nur ob oder ohne oft schon
    sehr sein seine seit sich sie sind so soll sollen sollte sollten sondern statt um und uns unser unsere
    unter viel viele vom von vor waere waeren wann war waren warum was weil welche wenn wer werden wie wieder
    will wir wird wo wuerde wuerden zu zum zur zwar ueber vllt ne nix mal gut neue neuen neuer
    the and for of to in is a be are on with please should city all our it that this as can
    """.split()
)

_stemmer = snowballstemmer.stemmer("german")


def fold(text):
    """Lower-case, umlauts spelled out, accents dropped, cut to ``MAX_CHARS``."""
    text = unicodedata.normalize("NFC", (text or "")[:MAX_CHARS]).lower().translate(_FOLD)
    return text


@lru_cache(maxsize=50_000)
def stem(word):
    return _stemmer.stemWord(word)


def words(text):
    """The folded words of ``text`` without stop words, in order."""
    return [w for w in _WORD.findall(fold(text)) if w not in GERMAN_STOPWORDS]


def stems(text):
    """Word stems of ``text`` (the analyser of the word features)."""
    return [stem(w) for w in words(text)]


def surface_forms(text):
    """stem -> the first word of ``text`` (original spelling) that gives this stem."""
    forms = {}
    for match in re.finditer(r"[^\W\d_]{2,}|\d{3,}", (text or "")[:MAX_CHARS], re.UNICODE):
        original = match.group(0)
        folded = fold(original)
        if folded in GERMAN_STOPWORDS:
            continue
        forms.setdefault(stem(folded), original)
    return forms


def char_text(text):
    """The folded text the character n-gram features read (typos and compounds still match)."""
    return " ".join(words(text))

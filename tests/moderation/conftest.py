"""The fixtures of ideas (a running process, residents, the office) serve these tests too."""

from tests.ideas.conftest import *  # noqa: F403

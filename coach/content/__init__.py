"""Reading and checking case banks, curricula and frameworks (YAML), with line and column on
every problem; the loaded content index; search. No UI here."""

from coach.content.diagnostics import Diagnostic, has_errors
from coach.content.index import ContentIndex
from coach.content.loader import FileCache, discover, load_content

__all__ = ["ContentIndex", "Diagnostic", "FileCache", "discover", "has_errors", "load_content"]

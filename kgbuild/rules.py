"""The extraction rules a build uses: the lexicon (exact phrasings, units, what is not a figure) and
the metric concepts, packaged in kgbuild/data/ or an expert's own copy.

An expert copies the packaged files to a folder, edits them and builds with `--lexicon FOLDER` (or
$KGBUILD_LEXICON): the installed package is never edited. A file the folder does not hold is the
packaged one.
"""

import shutil
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from .concepts import Concept, default_concepts, load_concepts
from .errors import LexiconError
from .lexicon import Lexicon, default_lexicon, load_lexicon

LEXICON_ENV = "KGBUILD_LEXICON"  # read by the command line, as the default of --lexicon
RULE_FILES = ("lexicon.toml", "concepts.toml")


@dataclass(frozen=True)
class Rules:
    lexicon: Lexicon
    concepts: tuple[Concept, ...]
    files: tuple[str, ...]  # where each of RULE_FILES was read from, in that order


def rule_files(folder=None) -> tuple[Path | None, ...]:
    """For each of RULE_FILES, the user's copy in `folder`, or None for the packaged file."""
    if folder is None:
        return (None,) * len(RULE_FILES)
    folder = Path(folder)
    if not folder.is_dir():
        raise LexiconError(f"{folder}: lexicon folder not found (it should hold lexicon.toml and/or concepts.toml)")
    found = tuple(folder / name if (folder / name).is_file() else None for name in RULE_FILES)
    if not any(found):
        raise LexiconError(f"{folder}: holds neither {' nor '.join(RULE_FILES)}")
    return found


def packaged_file(name: str) -> Path:
    return Path(str(resources.files("kgbuild") / "data" / name))


def load_rules(folder=None) -> Rules:
    """The rules in `folder` (None: the packaged ones), compiled and checked for form."""
    if folder is None:
        return default_rules()
    lexicon_file, concepts_file = rule_files(folder)
    return Rules(load_lexicon(lexicon_file), load_concepts(concepts_file),
                 tuple(str(p or packaged_file(n)) for p, n in zip((lexicon_file, concepts_file), RULE_FILES, strict=True)))


@lru_cache(maxsize=1)
def default_rules() -> Rules:
    return Rules(default_lexicon(), default_concepts(), tuple(str(packaged_file(n)) for n in RULE_FILES))


def copy_packaged(folder) -> list[Path]:
    """Copy the packaged rule files into `folder` (created), for an expert to edit; never overwrites."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name in RULE_FILES:
        target = folder / name
        if target.exists():
            raise LexiconError(f"{target}: already exists; not overwritten")
        shutil.copyfile(packaged_file(name), target)
        written.append(target)
    return written

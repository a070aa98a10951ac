"""Pydantic schemas for convocoach's own YAML data files: lexicons, the grammar table and word sets."""

from __future__ import annotations

from typing import Any, Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field, StrictFloat, StrictInt, StrictStr, field_validator

TokenPattern = list[dict[StrictStr, Any]]


class Examples(BaseModel):
    """Sentences the entry must and must not match: they run as tests."""

    model_config = ConfigDict(extra="forbid")

    match: list[StrictStr] = Field(min_length=1)
    no_match: list[StrictStr] = Field(default_factory=list)


class LexiconEntry(BaseModel):
    """One signal: a phrase (string, matched case-insensitively) or a spaCy token pattern."""

    model_config = ConfigDict(extra="forbid")

    id: StrictStr = Field(pattern=r"^[A-Z]{2,5}-\d{3}$")
    pattern: Union[StrictStr, TokenPattern, list[StrictStr]]
    message: Optional[StrictStr] = None
    weight: Union[StrictFloat, StrictInt] = 1.0
    examples: Examples

    @field_validator("pattern")
    @classmethod
    def _pattern_not_empty(cls, value: Any) -> Any:
        if isinstance(value, str) and not value.strip():
            raise ValueError("pattern must not be empty")
        if isinstance(value, list) and not value:
            raise ValueError("pattern must not be an empty list")
        if isinstance(value, list):
            for i, tok in enumerate(value):
                if isinstance(tok, dict):
                    op = tok.get("OP")
                    if "OP" in tok and op not in ("+", "*", "?", "!") and not (
                        isinstance(op, str) and op.startswith("{")
                    ):
                        raise ValueError(
                            f"token {i}: OP must be one of + * ? ! or {{n,m}} (got {op!r}); quote operators in YAML"
                        )
        return value


class LexiconFile(BaseModel):
    """A lexicon: a header (Vale/proselint style) and a list of entries with explicit ids."""

    model_config = ConfigDict(extra="forbid")

    lexicon: StrictStr = Field(pattern=r"^[a-z][a-z0-9_\-]*$")
    version: StrictInt = 1
    label: StrictStr = Field(pattern=r"^[A-Z][A-Z0-9_]*$")
    move: Optional[StrictStr] = None
    valence: Literal["strength", "growth", "neutral"] = "neutral"
    source: StrictStr = ""
    description: StrictStr = ""
    entries: list[LexiconEntry] = Field(min_length=1)


class GrammarGroup(BaseModel):
    model_config = ConfigDict(extra="forbid")

    pos: StrictStr
    tag: StrictStr
    words: list[StrictStr] = Field(min_length=1)


class GrammarVerbs(BaseModel):
    model_config = ConfigDict(extra="forbid")

    regular: list[StrictStr]
    irregular: dict[StrictStr, list[StrictStr]]


class GrammarFile(BaseModel):
    """Closed-class words and common verbs for the AttributeRuler."""

    model_config = ConfigDict(extra="forbid")

    grammar: StrictStr
    version: StrictInt = 1
    groups: list[GrammarGroup]
    verbs: GrammarVerbs


class WordSet(BaseModel):
    """A named set of words a detector reads, with where it comes from."""

    model_config = ConfigDict(extra="forbid")

    note: StrictStr
    words: list[StrictStr] = Field(min_length=1)


class WordList(BaseModel):
    """An ordered list of words or phrases (spaces at a phrase's ends are kept)."""

    model_config = ConfigDict(extra="forbid")

    note: StrictStr
    words: list[StrictStr] = Field(min_length=1)


class WordMap(BaseModel):
    """A word -> word (or word -> kind) table."""

    model_config = ConfigDict(extra="forbid")

    note: StrictStr
    pairs: dict[StrictStr, StrictStr] = Field(min_length=1)


class WordSetFile(BaseModel):
    """Word sets, ordered lists, tables and synonym groups (lexicons/wordsets.yml): signals that are
    not spans, and the closed classes and cue words the code reads."""

    model_config = ConfigDict(extra="forbid")

    wordsets: StrictStr
    version: StrictInt = 1
    sets: dict[StrictStr, WordSet]
    synonyms: list[list[StrictStr]] = Field(default_factory=list)
    lists: dict[StrictStr, WordList] = Field(default_factory=dict)
    maps: dict[StrictStr, WordMap] = Field(default_factory=dict)

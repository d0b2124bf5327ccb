"""The parser of the query language (:mod:`indexer.query` describes the syntax and the tree).

Two steps: :func:`tokens` cuts the text into phrases, words, operators and parentheses,
repairing what cannot be parsed (an unbalanced quote or parenthesis, parentheses nested beyond
MAX_DEPTH); :class:`_Parser` builds the tree by recursive descent. Every repair adds a Russian
notice to the result. OR binds tighter than the implicit AND, as before parentheses existed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.analysis import is_stopword, normalize_word, term_of, words
from indexer.query_tree import (
    EXPAND_MIN_CHARS,
    MAX_CLAUSES,
    MAX_DEPTH,
    PREFIX_MIN_CHARS,
    AllOf,
    AnyOf,
    Clause,
    InField,
    ParsedQuery,
    Phrase,
    Prefix,
    Term,
)
from indexer.russian import plural
from indexer.synonyms import expand

__all__ = ["parse", "tokens"]

_QUOTES = str.maketrans({"«": '"', "»": '"', "“": '"', "”": '"', "„": '"'})
_OR_WORDS = frozenset({"OR", "ИЛИ", "|", "||"})
_NOT_WORDS = frozenset({"NOT", "НЕ"})
_AND_WORDS = frozenset({"AND", "И", "&&"})
#: `field:` names people type -> the text field searched.
FIELDS = {"title": "title", "заголовок": "title"}
_FIELD = re.compile(r"([^\W\d_]+):")
# Everything that is not part of a word, a hyphen inside a word or a trailing star separates.
_SEPARATORS = re.compile(r"[^\w\-\u2010\u2011*\u0300\u0301\u00ad]+|_+")
_OPERATOR_ONLY = re.compile(r"[-+*\u2010\u2011]+")

NOTICE_QUOTE = "Кавычка без пары не учтена"
NOTICE_OPEN = "Открывающая скобка без пары: группа закрыта в конце запроса"
NOTICE_CLOSE = "Закрывающая скобка без пары не учтена"
NOTICE_DEPTH = f"Скобки глубже {MAX_DEPTH} уровней не учтены"
NOTICE_EMPTY_GROUP = "Пустые скобки не учтены"
NOTICE_TOO_LONG = f"Запрос слишком длинный: учтены первые {plural(MAX_CLAUSES, 'слово', 'слова', 'слов')}"
NOTICE_ONLY_EXCLUDED = "В запросе только исключения: показаны все публикации, кроме исключённых"


@dataclass(frozen=True)
class Token:
    """`kind`: ``(``, ``)``, ``or``, ``and``, ``not``, ``field``, ``phrase`` or ``word``."""

    kind: str
    text: str


def tokens(text: str, notices: list[str]) -> list[Token]:
    """The tokens of a query; repairs are reported in `notices`."""
    text = (text or "").translate(_QUOTES)
    if text.count('"') % 2:
        # An unbalanced quote: the last one is a typo, not the start of a phrase.
        cut = text.rfind('"')
        text = text[:cut] + " " + text[cut + 1:]
        notices.append(NOTICE_QUOTE)
    found: list[Token] = []
    position = 0
    while position < len(text):
        char = text[position]
        if char.isspace():
            position += 1
        elif char in "()":
            found.append(Token(char, char))
            position += 1
        elif char == '"':
            end = text.index('"', position + 1)
            found.append(Token("phrase", text[position + 1:end]))
            position = end + 1
        elif char in "-+" and position + 1 < len(text) and not text[position + 1].isspace():
            if char == "-":  # «+word» is an old habit for «must contain»: every word must
                found.append(Token("not", char))
            position += 1
        else:
            end = position
            while end < len(text) and not text[end].isspace() and text[end] not in '()"':
                end += 1
            found.extend(_run_tokens(text[position:end], notices))
            position = end
    return _balance(found, notices)


def _run_tokens(run: str, notices: list[str]) -> list[Token]:
    if run in _OR_WORDS:
        return [Token("or", run)]
    if run in _NOT_WORDS:
        return [Token("not", run)]
    if run in _AND_WORDS:
        return [Token("and", run)]
    found: list[Token] = []
    while (field := _FIELD.match(run)) and not run[field.end():].startswith("//"):  # not a URL
        name = field.group(1)
        if name.lower() not in FIELDS:
            notices.append(f"Поле «{name}:» не поддерживается: искали как обычные слова")
            break
        found.append(Token("field", name))
        run = run[field.end():]
    if found:
        return found + ([Token("word", run)] if run else [])
    if _OPERATOR_ONLY.fullmatch(run):
        notices.append(f"Оператор «{run}» без слова не учтён")
        return []
    return [Token("word", run)]


def _balance(found: list[Token], notices: list[str]) -> list[Token]:
    """Drop unmatched closing parentheses and those nested beyond MAX_DEPTH (with notices)."""
    kept: list[Token] = []
    depth = 0
    for token in found:
        if token.kind == "(":
            depth += 1
            if depth > MAX_DEPTH:
                _note(notices, NOTICE_DEPTH)
                continue
        elif token.kind == ")":
            if depth == 0:
                _note(notices, NOTICE_CLOSE)
                continue
            depth -= 1
            if depth >= MAX_DEPTH:
                continue
        kept.append(token)
    if depth:
        notices.append(NOTICE_OPEN)
    return kept


def _note(notices: list[str], notice: str) -> None:
    if notice not in notices:
        notices.append(notice)


def parse(text: str) -> ParsedQuery:
    """The tree of a query and its notices; never raises."""
    notices: list[str] = []
    parser = _Parser(tokens(text, notices), notices)
    must, must_not = parser.sequence(0)
    if not must and must_not:
        notices.append(NOTICE_ONLY_EXCLUDED)
    return ParsedQuery(tuple(must), tuple(must_not), tuple(dict.fromkeys(notices)))


class _Or:
    """An OR between two items of a sequence."""

    def __init__(self, text: str) -> None:
        self.text = text


_Item = tuple[Clause, bool] | _Or  # (clause, negated) or an OR


class _Parser:
    """Recursive descent over the tokens: sequence → unary (NOT) → primary."""

    def __init__(self, found: list[Token], notices: list[str]) -> None:
        self.tokens = found
        self.notices = notices
        self.position = 0
        self.leaves = 0

    def _peek(self) -> Token | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def sequence(self, depth: int) -> tuple[list[Clause], list[Clause]]:
        """Items up to the closing parenthesis of this depth (or the end), assembled."""
        items: list[_Item] = []
        while (token := self._peek()) is not None:
            if token.kind == ")":
                self.position += 1
                if depth:
                    break
                continue  # _balance leaves none unmatched; kept for safety
            if token.kind in ("or", "and"):
                self.position += 1
                if token.kind == "or":
                    items.append(_Or(token.text))
                continue
            items.extend(self.unary(depth))
        return _assemble(items, self.notices)

    def unary(self, depth: int) -> list[tuple[Clause, bool]]:
        operator = None
        while (token := self._peek()) is not None and token.kind == "not":
            operator = token.text
            self.position += 1
        clauses = self.primary(depth)
        if operator is not None and not clauses:
            self.notices.append(f"Оператор «{operator}» без слова не учтён")
        return [(clause, operator is not None) for clause in clauses]

    def primary(self, depth: int) -> list[Clause]:
        token = self._peek()
        if token is None or token.kind in (")", "or", "and", "not"):
            return []
        self.position += 1
        if token.kind == "(":
            must, must_not = self.sequence(depth + 1)
            if not must and not must_not:
                _note(self.notices, NOTICE_EMPTY_GROUP)
            return _group(must, must_not)
        if token.kind == "field":
            while (following := self._peek()) is not None and following.kind == "field":
                self.position += 1  # «title:title:…» is one field (and no deep recursion)
            inner = self.primary(depth)
            if not inner:
                self.notices.append(f"После «{token.text}:» нет слова: не учтено")
            field = FIELDS[token.text.lower()]
            return [InField(field, clause) for clause in expand(inner, windows=False)]
        pieces = [token.text] if token.kind == "phrase" else _pieces(token.text)
        clauses = [_phrase_clause(token.text)] if token.kind == "phrase" else [
            _piece_clause(piece, self.notices) for piece in pieces]
        return [clause for clause in clauses if clause is not None and self._count()]

    def _count(self) -> bool:
        self.leaves += 1
        if self.leaves > MAX_CLAUSES:
            _note(self.notices, NOTICE_TOO_LONG)
            return False
        return True


def _group(must: list[Clause], must_not: list[Clause]) -> list[Clause]:
    if len(must) == 1 and not must_not:
        return must
    return [AllOf(tuple(must), tuple(must_not))] if must or must_not else []


def _pieces(chunk: str) -> list[str]:
    return [p for p in _SEPARATORS.split(chunk.lstrip("+")) if p.strip("-*\u2010\u2011")]


def _phrase_clause(text: str) -> Term | Phrase | None:
    terms = tuple(t for t in (term_of(w) for w in words(text)) if t)
    if not terms:
        return None
    if len(terms) == 1:
        return Term(terms[0], text.strip())
    return Phrase(terms, text.strip())


def _piece_clause(piece: str, notices: list[str]) -> Term | Phrase | Prefix | None:
    is_prefix = piece.endswith("*")
    found = words(piece.replace("*", " "))
    if len(found) > 1:
        return _phrase_clause(" ".join(found))
    if not found:
        return None
    word = found[0]
    if is_prefix and len(normalize_word(word)) >= PREFIX_MIN_CHARS:
        return Prefix(_prefix_of(word), word)
    if is_prefix:
        notices.append(f"Префикс «{word}*» короче {PREFIX_MIN_CHARS} букв: искали слово «{word}»")
    return _term_clause(word)


def _prefix_of(word: str) -> str:
    normalized = normalize_word(word)
    stem = term_of(word)
    # «практики*» should also find «практикум»: search from the stem when it is a prefix.
    return stem if stem and normalized.startswith(stem) else normalized


def _term_clause(word: str) -> Term | None:
    term = term_of(word)
    if not term:
        return None
    related: tuple[str, ...] = ()
    # An adjective stem ending in -н usually derives from a noun: «молодежн» ← «молодеж»,
    # «районн» ← «район». Matching the noun too costs little precision.
    if term.endswith("н") and len(term) > EXPAND_MIN_CHARS:
        related = (term[:-1],)
    return Term(term, word, expand_prefix=len(term) >= EXPAND_MIN_CHARS, related=related)


def _assemble(items: list[_Item], notices: list[str]) -> tuple[list[Clause], list[Clause]]:
    """(must, must_not) of one sequence: ORs join their neighbours, exclusions set aside."""
    must: list[Clause] = []
    must_not: list[Clause] = []
    pending: _Or | None = None
    last_positive = False  # was the previous item a positive clause that an OR may extend?
    for item in items:
        if isinstance(item, _Or):
            if not last_positive or pending is not None:
                notices.append(f"Оператор «{item.text}» без пары не учтён")
            pending = item if last_positive else None
            continue
        clause, negated = item
        # «(-выборы)» in an AND is an exclusion of the sequence itself.
        excluded = (clause.must_not if isinstance(clause, AllOf) and not clause.must
                    and pending is None and not negated else None)
        if negated or excluded is not None:
            if pending is not None:
                notices.append(f"Оператор «{pending.text}» перед исключением не учтён")
            must_not.extend(excluded if excluded is not None else (clause,))
            last_positive, pending = False, None
            continue
        if pending is not None and must:
            previous = must.pop()
            merged = previous.clauses if isinstance(previous, AnyOf) else (previous,)
            extra = clause.clauses if isinstance(clause, AnyOf) else (clause,)
            must.append(AnyOf(merged + extra))
        else:
            must.append(clause)
        last_positive, pending = True, None
    if pending is not None:
        notices.append(f"Оператор «{pending.text}» без пары не учтён")
    return _dedupe(_drop_stopwords(expand(must))), _dedupe(expand(must_not))


def _drop_stopwords(must: list[Clause]) -> list[Clause]:
    kept = [c for c in must if not (isinstance(c, Term) and is_stopword(c.term))]
    # A query made only of function words («и или») still searches them.
    return kept if kept else must


def _dedupe(clauses: list[Clause]) -> list[Clause]:
    return list(dict.fromkeys(clauses))

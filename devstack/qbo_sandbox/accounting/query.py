"""QBO's query language subset, parsed and run over a company's documents.

``SELECT * | COUNT(*) | fields FROM Entity [WHERE c AND c ...] [ORDERBY f [ASC|DESC], ...]
[STARTPOSITION n] [MAXRESULTS n]`` with ``=, <, >, <=, >=, IN, LIKE`` on the fields QBO lets
you filter. No OR, no joins (parse error 4000); unknown fields are 4001. As in QBO, name lists
return only active objects unless the query filters on Active, and MAXRESULTS tops out at 1000.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from .. import faults
from ..store import Company, Doc
from . import entities

MAX_RESULTS = 1000
DEFAULT_RESULTS = 100
TOKEN = re.compile(r"\s*(?:(?P<str>'(?:\\.|[^'\\])*')|(?P<num>-?\d+(?:\.\d+)?)|"
                   r"(?P<op><=|>=|!=|<>|=|<|>)|(?P<punct>[(),*])|(?P<word>[A-Za-z_][\w.]*))")
COMMON = ["Id", "MetaData.CreateTime", "MetaData.LastUpdatedTime"]
TXN = [*COMMON, "DocNumber", "TxnDate", "TotalAmt"]
FILTERABLE = {
    "Account": [*COMMON, "Name", "SubAccount", "ParentRef", "Description", "Active",
                "Classification", "AccountType", "AccountSubType",
                "FullyQualifiedName", "CurrentBalance", "AcctNum"],
    "Class": [*COMMON, "Name", "Active", "FullyQualifiedName", "SubClass", "ParentRef"],
    "Department": [*COMMON, "Name", "Active", "FullyQualifiedName", "SubDepartment", "ParentRef"],
    "PaymentMethod": [*COMMON, "Name", "Active", "Type"],
    "Customer": [*COMMON, "DisplayName", "GivenName", "FamilyName", "CompanyName", "Active",
                 "Balance", "FullyQualifiedName"],
    "Item": [*COMMON, "Name", "Active", "Type", "Sku", "FullyQualifiedName"],
    "JournalEntry": TXN, "Deposit": TXN, "SalesReceipt": [*TXN, "CustomerRef"],
    "Payment": [*TXN, "CustomerRef"], "CompanyInfo": ["Id"], "Preferences": ["Id"],
}


@dataclass
class Query:
    entity: str
    count: bool = False
    fields: list[str] | None = None
    where: list[tuple[str, str, Any]] = field(default_factory=list)
    order: list[tuple[str, bool]] = field(default_factory=list)
    start: int = 1
    max_results: int = DEFAULT_RESULTS


def _tokens(text: str) -> list[tuple[str, str]]:
    out, pos, text = [], 0, text.strip()
    while pos < len(text):
        match = TOKEN.match(text, pos)
        if not match or match.end() == pos:
            raise faults.query_parse(f"Encountered \"{text[pos:pos + 10]}\" at column {pos + 1}")
        kind = match.lastgroup or ""
        out.append((kind, match.group(kind)))
        pos = match.end()
    return out


class _Parser:
    def __init__(self, text: str) -> None:
        self.toks, self.i = _tokens(text), 0

    def peek(self) -> str:
        return self.toks[self.i][1].upper() if self.i < len(self.toks) else ""

    def take(self, expected: str | None = None) -> tuple[str, str]:
        if self.i >= len(self.toks):
            raise faults.query_parse("Encountered \"<EOF>\"")
        tok = self.toks[self.i]
        if expected and tok[1].upper() != expected:
            raise faults.query_parse(f"Encountered \"{tok[1]}\"; was expecting {expected}")
        self.i += 1
        return tok

    def value(self) -> Any:
        kind, text = self.take()
        if kind == "str":
            return re.sub(r"\\(.)", r"\1", text[1:-1])
        if kind == "num":
            return Decimal(text)
        if text.lower() in ("true", "false"):
            return text.lower() == "true"
        raise faults.query_parse(f"Encountered \"{text}\"; was expecting a value")

    def integer(self) -> int:
        kind, text = self.take()
        if kind != "num" or "." in text:
            raise faults.query_parse(f"Encountered \"{text}\"; was expecting an integer")
        return int(text)

    def parse(self) -> Query:
        self.take("SELECT")
        count, fields = False, None
        if self.peek() == "COUNT":
            self.take(), self.take("("), self.take("*"), self.take(")")
            count = True
        else:
            names = [self.take()[1]]
            while self.peek() == ",":
                self.take()
                names.append(self.take()[1])
            fields = None if "*" in names else names
        self.take("FROM")
        query = Query(self.take()[1], count=count, fields=fields)
        if self.peek() == "WHERE":
            self.take()
            query.where.append(self.condition())
            while self.peek() == "AND":
                self.take()
                query.where.append(self.condition())
        if self.peek() in ("ORDER", "ORDERBY"):
            if self.take()[1].upper() == "ORDER":
                self.take("BY")
            query.order.append(self.order_term())
            while self.peek() == ",":
                self.take()
                query.order.append(self.order_term())
        if self.peek() == "STARTPOSITION":
            self.take()
            query.start = self.integer()
        if self.peek() == "MAXRESULTS":
            self.take()
            query.max_results = self.integer()
        if self.i != len(self.toks):
            raise faults.query_parse(f"Encountered \"{self.toks[self.i][1]}\"")
        return query

    def condition(self) -> tuple[str, str, Any]:
        name = self.take()[1]
        op = self.take()[1].upper()
        if op == "IN":
            self.take("(")
            values = [self.value()]
            while self.peek() == ",":
                self.take()
                values.append(self.value())
            self.take(")")
            return name, "IN", values
        if op not in ("=", "<", ">", "<=", ">=", "LIKE"):
            raise faults.query_parse(f"Encountered \"{op}\"; operator not supported")
        return name, op, self.value()

    def order_term(self) -> tuple[str, bool]:
        name = self.take()[1]
        desc = False
        if self.peek() in ("ASC", "DESC"):
            desc = self.take()[1].upper() == "DESC"
        return name, desc


def _field(entity: str, name: str) -> str:
    for canonical in FILTERABLE[entity]:
        if canonical.lower() == name.lower():
            return canonical
    raise faults.query_invalid(f"property '{name}' is not queryable")


def _get(doc: Doc, path: str) -> Any:
    value: Any = doc
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    if isinstance(value, dict) and "value" in value:
        value = value["value"]
    return value


def _norm(value: Any) -> Any:
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float, Decimal)):
        return Decimal(str(value))
    text = str(value)
    try:
        return Decimal(text)
    except InvalidOperation:
        pass
    if "T" in text:
        try:
            return datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            pass
    return text.lower()


def _matches(doc: Doc, path: str, op: str, wanted: Any) -> bool:
    actual = _norm(_get(doc, path))
    if op == "IN":
        return any(actual == _norm(w) for w in wanted)
    if op == "LIKE":
        pattern = "^" + ".*".join(re.escape(p) for p in str(wanted).lower().split("%")) + "$"
        return actual is not None and re.match(pattern, str(_get(doc, path)).lower()) is not None
    other = _norm(wanted)
    if op == "=":
        return actual == other
    try:
        return {"<": actual < other, ">": actual > other, "<=": actual <= other,
                ">=": actual >= other}[op]
    except TypeError:
        return False


def parse(text: str) -> Query:
    query = _Parser(text).parse()
    spec = next((s for n, s in entities.SPECS.items() if n.lower() == query.entity.lower()), None)
    if spec is None:
        raise faults.query_invalid(f"Invalid entity name '{query.entity}'")
    query.entity = spec.name
    if query.max_results > MAX_RESULTS:
        raise faults.query_invalid(f"MAXRESULTS can't be greater than {MAX_RESULTS}")
    if query.max_results < 1 or query.start < 1:
        raise faults.query_invalid("STARTPOSITION and MAXRESULTS must be positive")
    query.where = [(_field(spec.name, n), op, v) for n, op, v in query.where]
    query.order = [(_field(spec.name, n), d) for n, d in query.order]
    return query


def run(company: Company, text: str) -> dict[str, Any]:
    """Execute a query; returns the inside of QBO's ``QueryResponse``."""
    query = parse(text)
    spec = entities.SPECS[query.entity]
    if spec.kind == "singleton":
        docs = [entities.singleton(company, spec.name)]
    else:
        docs = sorted(company.table(spec.name).values(), key=lambda d: int(d["Id"]))
        if spec.kind == "list" and not any(p == "Active" for p, _, _ in query.where):
            docs = [d for d in docs if d.get("Active", True)]
    docs = [d for d in docs if all(_matches(d, p, op, v) for p, op, v in query.where)]
    if query.count:
        return {"totalCount": len(docs)}
    for path, desc in reversed(query.order):
        docs.sort(key=lambda d: (_get(d, path) is None, _norm(_get(d, path))
                                 if not isinstance(_norm(_get(d, path)), bool)
                                 else str(_get(d, path))), reverse=desc)
    page = docs[query.start - 1: query.start - 1 + query.max_results]
    if not page:
        return {}
    if query.fields:
        keep = {f.lower() for f in query.fields} | {"id", "synctoken"}
        page = [{k: v for k, v in d.items() if k.lower() in keep} for d in page]
    return {spec.name: [dict(d) for d in page], "startPosition": query.start,
            "maxResults": len(page)}

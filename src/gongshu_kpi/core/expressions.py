"""The small expression language of plausibility rules: `常规税收贡献 <= 主营业务收入`.

A rule is two sums compared once: numbers, indicator names (or ids), `+ - * /`, brackets and
one of `<= < >= > == !=`. Names containing spaces or operator characters are quoted in
「」 or "". Nothing else: no function calls, attributes, strings or Python — the text is
tokenized and parsed here and evaluated with exact Decimals, never handed to eval().
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from gongshu_kpi.core.numbers import divide

COMPARISONS = ("<=", ">=", "==", "!=", "<", ">")
_ARITHMETIC = "+-*/()"
_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?")
# A name runs until whitespace or a character with a meaning of its own.
_NAME = re.compile(
    r"[^\s0-9+\-*/()<>=!\"'「」.,;:\[\]{}`\\@#$^&|~?%][^\s+\-*/()<>=!\"'「」,;:\[\]{}`\\@#$^&|~?%]*"
)
_QUOTED = re.compile(r"「([^」]+)」|\"([^\"]+)\"")


class ExpressionError(ValueError):
    """A rule text that is not an expression of the language; `column` is 1-based."""

    def __init__(self, message: str, column: int) -> None:
        super().__init__(f"第{column}个字符处：{message}")
        self.message = message
        self.column = column


@dataclass(frozen=True, slots=True)
class Token:
    kind: str  # number, name, op, cmp, end
    text: str
    column: int  # 1-based position in the rule text


def tokenize(text: str) -> list[Token]:
    """The tokens of a rule, or ExpressionError at the first character that belongs to none."""
    tokens: list[Token] = []
    at = 0
    while at < len(text):
        char = text[at]
        if char.isspace():
            at += 1
            continue
        column = at + 1
        if (number := _NUMBER.match(text, at)) is not None:
            tokens.append(Token("number", number.group(), column))
            at = number.end()
        elif (
            compare := next((c for c in COMPARISONS if text.startswith(c, at)), None)
        ) is not None:
            tokens.append(Token("cmp", compare, column))
            at += len(compare)
        elif char in _ARITHMETIC:
            tokens.append(Token("op", char, column))
            at += 1
        elif (quoted := _QUOTED.match(text, at)) is not None:
            tokens.append(Token("name", quoted.group(1) or quoted.group(2), column))
            at = quoted.end()
        elif (name := _NAME.match(text, at)) is not None:
            tokens.append(Token("name", name.group(), column))
            at = name.end()
        else:
            raise ExpressionError(
                f"不允许的字符“{char}”（规则只能含指标名、数字、+ - * / 括号和一个比较符）",
                column,
            )
    tokens.append(Token("end", "", len(text) + 1))
    return tokens


# The syntax tree: a comparison of two sums of numbers and indicator references.
@dataclass(frozen=True, slots=True)
class Number:
    value: Decimal


@dataclass(frozen=True, slots=True)
class Ref:
    name: str  # as written; resolved to an indicator id against targets.yaml
    column: int


@dataclass(frozen=True, slots=True)
class Negate:
    operand: Node


@dataclass(frozen=True, slots=True)
class Binary:
    op: str
    left: Node
    right: Node


Node = Number | Ref | Negate | Binary


@dataclass(frozen=True, slots=True)
class Comparison:
    op: str
    left: Node
    right: Node
    text: str

    def refs(self) -> list[Ref]:
        return [*_refs(self.left), *_refs(self.right)]


def _refs(node: Node) -> Iterator[Ref]:
    if isinstance(node, Ref):
        yield node
    elif isinstance(node, Negate):
        yield from _refs(node.operand)
    elif isinstance(node, Binary):
        yield from _refs(node.left)
        yield from _refs(node.right)


class _Parser:
    """Recursive descent: comparison := sum CMP sum; sum := term (+|- term)*;
    term := unary (*|/ unary)*; unary := - unary | atom; atom := number | name | ( sum )."""

    def __init__(self, text: str) -> None:
        self.tokens = tokenize(text)
        self.at = 0

    def peek(self) -> Token:
        return self.tokens[self.at]

    def take(self) -> Token:
        token = self.tokens[self.at]
        self.at += 1
        return token

    def comparison(self, text: str) -> Comparison:
        left = self.sum()
        token = self.take()
        if token.kind in ("number", "name"):
            raise self.unexpected(token, "缺少运算符（+ - * / 或比较符）")
        if token.kind != "cmp":
            raise self.unexpected(token, "应为比较符 <= < >= > == != 之一")
        right = self.sum()
        end = self.take()
        if end.kind != "end":
            hint = "一条规则只能有一个比较" if end.kind == "cmp" else "缺少运算符"
            raise self.unexpected(end, hint)
        return Comparison(token.text, left, right, text)

    def sum(self) -> Node:
        node = self.term()
        while self.peek().kind == "op" and self.peek().text in "+-":
            op = self.take().text
            node = Binary(op, node, self.term())
        return node

    def term(self) -> Node:
        node = self.unary()
        while self.peek().kind == "op" and self.peek().text in "*/":
            op = self.take().text
            node = Binary(op, node, self.unary())
        return node

    def unary(self) -> Node:
        if self.peek().kind == "op" and self.peek().text == "-":
            self.take()
            return Negate(self.unary())
        return self.atom()

    def atom(self) -> Node:
        token = self.take()
        if token.kind == "number":
            return Number(Decimal(token.text))
        if token.kind == "name":
            if self.peek().kind == "op" and self.peek().text == "(":
                raise self.unexpected(self.peek(), f"不支持函数调用（“{token.text}(”）")
            return Ref(token.text, token.column)
        if token.kind == "op" and token.text == "(":
            node = self.sum()
            closing = self.take()
            if closing.kind != "op" or closing.text != ")":
                raise self.unexpected(closing, "缺少右括号“)”")
            return node
        raise self.unexpected(token, "应为指标名、数字或“(”")

    @staticmethod
    def unexpected(token: Token, hint: str) -> ExpressionError:
        found = "规则结尾" if token.kind == "end" else f"“{token.text}”"
        return ExpressionError(f"意外的{found}：{hint}", token.column)


def parse_rule(text: str) -> Comparison:
    """A rule text as a syntax tree, or ExpressionError with the column at fault."""
    return _Parser(text).comparison(text)


Lookup = Callable[[Ref], Decimal | None]


_OPERATION: dict[str, Callable[[Decimal, Decimal], Decimal]] = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
}


def evaluate(node: Node, lookup: Lookup) -> Decimal | None:
    """The exact value of a sum; None when a figure is missing or a divisor is 0."""
    if isinstance(node, Number):
        return node.value
    if isinstance(node, Ref):
        return lookup(node)
    if isinstance(node, Negate):
        value = evaluate(node.operand, lookup)
        return None if value is None else -value
    left, right = evaluate(node.left, lookup), evaluate(node.right, lookup)
    if left is None or right is None:
        return None
    if node.op in _OPERATION:
        return _OPERATION[node.op](left, right)
    return None if right == 0 else divide(left, right)  # "/"


def holds(op: str, left: Decimal, right: Decimal) -> bool:
    return {
        "<=": left <= right,
        "<": left < right,
        ">=": left >= right,
        ">": left > right,
        "==": left == right,
        "!=": left != right,
    }[op]

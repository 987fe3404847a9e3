"""Generated documentation: the README's table of prebuilt queries, from the .rq headers.

    python -m kgbuild.docs   # prints the table; tests fail when README.md holds another one
"""

from .query import list_queries

BEGIN, END = "<!-- queries:begin -->", "<!-- queries:end -->"


def queries_table() -> str:
    lines = ["| query | what it answers | parameters | columns |", "|---|---|---|---|"]
    for q in list_queries():
        params = ", ".join(f"`{p.name}` ({p.type}{', default ' + p.default if p.default else ''})" for p in q.params)
        lines.append(f"| `{q.name}` | {q.header.get('summary', '')} | {params or '—'} | {', '.join(q.columns)} |")
    return "\n".join(lines)


if __name__ == "__main__":
    print(queries_table())

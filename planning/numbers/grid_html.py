"""The grid's cell and row markup, built in Python: a 300 × 12 grid is 3,600 inputs, and the
template engine took ~0.7 s for them where string building takes a few milliseconds. The markup
lives only here, for the full page and for the cells an htmx save sends back."""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from salesplan.months import month_label


def cell_td(
    *,
    row: int,
    month: int,
    text: str,
    revision: int,
    label: str,
    editable: bool,
    error: str = "",
    saved: bool = False,
    oob: bool = False,
    theirs: str | None = None,
    column: str | None = None,
) -> str:
    """One cell. `theirs`: someone else saved this cell meanwhile, and this is their value; the
    person chooses between keeping what they typed and taking it (never settled by re-sending)."""
    classes = "num cell-td"
    if theirs is not None:
        classes += " cell-error cell-conflict"
    elif error:
        classes += " cell-error"
    elif saved:
        classes += " cell-saved"
    swap = ' hx-swap-oob="true"' if oob else ""
    if not editable:
        return f'<td class="{classes}" id="cell-{row}-{month}"{swap}>{escape(text)}</td>'
    invalid = " is-invalid" if error else ""
    extra = f' aria-invalid="true" title="{escape(error)}"' if error else ""
    message = f'<div class="cell-msg">{escape(error)}</div>' if error else ""
    if theirs is not None:
        extra += f' data-theirs="{escape(theirs)}"'
        keep, take = escape(_("Keep mine")), escape(_("Take theirs"))
        message = (
            f'<div class="cell-msg">{escape(error)}<span class="cell-choice">'
            f'<button type="button" class="btn btn-light btn-sm" data-keep>{keep}</button>'
            f'<button type="button" class="btn btn-light btn-sm" data-take>{take}</button>'
            "</span></div>"
        )
    return (
        f'<td class="{classes}" id="cell-{row}-{month}"{swap}>'
        f'<input class="cell{invalid}" value="{escape(text)}" data-row="{row}" '
        f'data-month="{month}" data-rev="{revision}" inputmode="decimal" autocomplete="off" '
        f'aria-label="{label} {escape(column if column is not None else month_label(month))}"'
        f"{extra}>{message}</td>"
    )


def totals_tds(line, *, oob: bool = False) -> str:
    swap = ' hx-swap-oob="true"' if oob else ""
    parts = [f'<td class="num total" id="rt-{line.row.id}"{swap}>{escape(line.total)}</td>']
    parts += [
        f'<td class="num extra" id="rx-{line.row.id}-{index}"{swap}>{escape(value)}</td>'
        for index, value in enumerate(line.extra, start=1)
    ]
    return "".join(parts)


def grid_rows(lines, *, editable: bool, column_label=month_label) -> SafeString:
    """The <tbody> rows of a grid page; `column_label(month)` names a cell's column."""
    out = []
    for line in lines:
        label = escape(line.row.label)
        detail = (
            f' <span class="text-muted small">{escape(line.row.detail)}</span>'
            if line.row.detail
            else ""
        )
        cells = "".join(
            cell_td(
                row=line.row.id,
                month=cell.month,
                text=cell.text,
                revision=cell.revision,
                label=label,
                editable=editable,
                column=str(column_label(cell.month)),
            )
            for cell in line.cells
        )
        out.append(
            f'<tr data-row="{line.row.id}"><th scope="row" class="row-head">{label}{detail}</th>'
            f"{cells}{totals_tds(line)}</tr>"
        )
    return mark_safe("\n".join(out))  # noqa: S308 - every value above is escaped


def saved_cells(updates, column_label=month_label) -> SafeString:
    """Out-of-band cells and totals for the rows an htmx save touched."""
    out = []
    for update in updates:
        line = update["line"]
        label = escape(line.row.label)
        for cell, outcome in update["cells"]:
            out.append(
                cell_td(
                    row=line.row.id,
                    month=cell.month,
                    text=outcome.raw if outcome.error else cell.text,
                    revision=outcome.revision,
                    label=label,
                    editable=True,
                    error=outcome.error,
                    saved=not outcome.error,
                    oob=True,
                    theirs=cell.text if outcome.conflict_value is not None else None,
                    column=str(column_label(cell.month)),
                )
            )
        out.append(totals_tds(line, oob=True))
    return mark_safe("".join(out))  # noqa: S308 - every value above is escaped

"""The provisional funding and action table as a spreadsheet: every figure is summed from
the same funding lines as the page, so the file and the page never disagree."""

import io

import xlsxwriter
from flask_babel import gettext as _

from consult.followup.queries import FundingTable
from consult.followup.vocabulary import FUNDER_LABELS
from consult.review.exports import neutralise


def funding_xlsx(table: FundingTable, lines: list) -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    bold = workbook.add_format({"bold": True})
    euros = workbook.add_format({"num_format": "#,##0 €"})
    bold_euros = workbook.add_format({"bold": True, "num_format": "#,##0 €"})
    funder_names = [str(FUNDER_LABELS[funder]) for funder in table.funders]

    sheet = workbook.add_worksheet(_("Actions"))
    header = [_("Orientation"), _("Action"), *funder_names, _("Total")]
    sheet.write_row(0, 0, header, bold)
    row_number = 1
    for row in table.rows:
        sheet.write(
            row_number, 0, neutralise(f"{row['orientation'].number}. {row['orientation'].label}")
        )
        sheet.write(row_number, 1, neutralise(row["action"].label))
        for column, funder in enumerate(table.funders, start=2):
            sheet.write_number(row_number, column, row["amounts"][funder], euros)
        sheet.write_number(row_number, len(header) - 1, row["total"], bold_euros)
        row_number += 1
    sheet.write(row_number, 0, _("Total per funder"), bold)
    for column, funder in enumerate(table.funders, start=2):
        sheet.write_number(row_number, column, table.by_funder[funder], bold_euros)
    sheet.write_number(row_number, len(header) - 1, table.total, bold_euros)
    sheet.set_column(0, 1, 45)
    sheet.set_column(2, len(header), 16)

    per_orientation = workbook.add_worksheet(_("Per orientation"))
    per_orientation.write_row(0, 0, [_("Orientation"), *funder_names, _("Total")], bold)
    for index, row in enumerate(table.by_orientation, start=1):
        per_orientation.write(
            index, 0, neutralise(f"{row['orientation'].number}. {row['orientation'].label}")
        )
        for column, funder in enumerate(table.funders, start=1):
            per_orientation.write_number(index, column, row["amounts"][funder], euros)
        per_orientation.write_number(index, len(table.funders) + 1, row["total"], bold_euros)
    last = len(table.by_orientation) + 1
    per_orientation.write(last, 0, _("Total per funder"), bold)
    for column, funder in enumerate(table.funders, start=1):
        per_orientation.write_number(last, column, table.by_funder[funder], bold_euros)
    per_orientation.write_number(last, len(table.funders) + 1, table.total, bold_euros)
    per_orientation.set_column(0, 0, 45)
    per_orientation.set_column(1, len(table.funders) + 1, 16)

    detail = workbook.add_worksheet(_("Lines"))
    detail.write_row(
        0,
        0,
        [
            _("Orientation"),
            _("Action"),
            _("Funder"),
            _("Which one"),
            _("Year"),
            _("Amount"),
            _("Illustrative"),
        ],
        bold,
    )
    for index, line in enumerate(lines, start=1):
        detail.write(index, 0, line.action.orientation.number)
        detail.write(index, 1, neutralise(line.action.label))
        detail.write(index, 2, str(FUNDER_LABELS[line.funder]))
        detail.write(index, 3, neutralise(line.funder_detail))
        detail.write_number(index, 4, line.year)
        detail.write_number(index, 5, line.amount, euros)
        detail.write(index, 6, _("yes") if line.is_illustrative else "")
    detail.set_column(1, 1, 45)
    workbook.close()
    return buffer.getvalue()

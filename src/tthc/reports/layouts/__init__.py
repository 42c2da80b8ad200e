"""XLSX layouts, one module per report form: `official` (a), `agency` (b), `summary` (c).

Each module has one function, `xlsx(report) -> bytes`. To change a form's columns, edit
its module and the PDF template of the same name (templates/reports/pdf/); the shared
heading, marks and signatures are drawn by `_sheet`.
"""

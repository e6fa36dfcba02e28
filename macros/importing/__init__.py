"""Import of Word (.docx) and LibreOffice (.odt) documents into the base as Markdown documents."""

"""PDF (ReportLab) and DOCX (python-docx) renderings of a dossier's content snapshot."""

"""The forum's documents as PDF, laid out with ReportLab from the minutes model: one module
per document (berita_acara, notulen, matriks, daftar_hadir) on one page frame and letterhead
(layout), tables and long lists through grid and ink."""

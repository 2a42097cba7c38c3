"""The Word documents (Berita Acara, Notulen) and the layout primitives they share."""

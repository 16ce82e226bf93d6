"""Consultations of families: campaigns, questions, channels and QR codes, forms, responses."""

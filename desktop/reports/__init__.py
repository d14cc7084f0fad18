"""Printed documents (decree 30/2020/NĐ-CP layout) and spreadsheets; no Qt here."""

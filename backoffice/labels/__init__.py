"""Shelf labels: a PDF of labels (name, price, comparison price, EAN-13 bars) for chosen
products or for every price that changed since the store's last print."""

"""Stores: the village shops this backoffice serves."""

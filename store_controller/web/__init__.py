"""The controller's local web server: health now; kiosk, door screen and receipts as they come."""
